"""Input and output schemas of the API (they make /api/v1/openapi.json).

Input schemas accept exactly what they publish: strict scalar types (zabota.api.inputs), no
unknown fields, every bound in the document."""

import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict

from zabota.api.inputs import (
    CleanText,
    Day,
    Id,
    Latitude,
    Longitude,
    Moment,
    Quantity,
    Text,
    Uuid,
)

MAX_RECORDS = 500
MAX_SIGNATURES = 5
# A signature of up to 300 KB (zabota.field.services.MAX_SIGNATURE_BYTES) in base64 with its
# data: prefix. Base64 only: its characters take one byte each in any JSON, so five signatures
# stay under the body limit (zabota.api.errors.MAX_BODY_BYTES).
MAX_IMAGE_CHARS = 420_000
BASE64_PNG_PATTERN = r"^(data:image/png;base64,)?[A-Za-z0-9+/]*={0,2}$"


class InputSchema(Schema):
    """A request body: an unknown field is refused (a misspelt «arived_at» would otherwise be
    dropped without a word)."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    detail: str
    code: str | None = Field(
        None,
        description="У ответа 401: token_invalid (нет ключа или он неизвестен), "
        "token_revoked (ключ отозван), token_expired (ключ долго не использовался)",
    )


class FieldErrorOut(Schema):
    field: str
    message: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class TokenIn(InputSchema):
    username: CleanText = Text(min_length=1, max_length=150, description="Имя пользователя")
    password: CleanText = Text(min_length=1, max_length=256, description="Пароль")
    device: CleanText = Text(
        min_length=1, max_length=100, description="Название устройства, например «Планшет 3»"
    )


class TokenOut(Schema):
    token: str = Field(..., description="Ключ устройства; показывается один раз")


class MeOut(Schema):
    username: str
    name: str
    short_name: str
    role: str
    role_display: str
    institution: str
    department: str | None
    can_record: bool


class PlannedServiceOut(Schema):
    service_id: int
    code: str
    name: str
    unit: str
    quantity: float = Field(..., description="Предлагаемое количество за посещение")
    source: str = Field(
        ...,
        description="Основание: program — ИППСУ, care_plan — план ухода (бесплатно)",
    )
    month_planned: float | None = Field(None, description="Объём в месяц по этому основанию")
    month_done: float | None = Field(None, description="Уже оказано в этом месяце")
    free: bool = Field(False, description="Бесплатно: социальный пакет долговременного ухода")


class RecordedServiceOut(Schema):
    uuid: UUID
    service_id: int
    quantity: float
    note: str


class VisitOut(Schema):
    recipient_id: int
    name: str
    short_name: str
    address: str
    phone: str
    latitude: float | None
    longitude: float | None
    services: list[PlannedServiceOut]
    recorded: list[RecordedServiceOut] = Field(..., description="Уже записано за этот день")
    arrived_at: datetime.datetime | None
    left_at: datetime.datetime | None
    leg_m: int | None = Field(
        None, description="Расстояние от предыдущего адреса маршрута дня, м (по прямой)"
    )


class DayOut(Schema):
    date: datetime.date
    visits: list[VisitOut]


class DayPlanOut(DayOut):
    today: datetime.date = Field(..., description="Сегодняшняя дата на сервере")


class WeekOut(Schema):
    start: datetime.date
    today: datetime.date
    days: list[DayOut]


class CatalogServiceOut(Schema):
    service_id: int
    code: str
    name: str
    unit: str
    is_additional: bool
    quantity_per_month: float | None
    source: str = Field(
        ...,
        description="Основание: program — ИППСУ, care_plan — план ухода, additional — платная",
    )
    free: bool = Field(False, description="Бесплатно: социальный пакет долговременного ухода")


class CatalogRecipientOut(Schema):
    recipient_id: int
    name: str
    short_name: str
    address: str
    phone: str
    latitude: float | None
    longitude: float | None
    services: list[CatalogServiceOut]


class CatalogOut(Schema):
    today: datetime.date
    recipients: list[CatalogRecipientOut]
    additional_services: list[CatalogServiceOut] = Field(
        ..., description="Дополнительные платные услуги: их можно записать любому получателю"
    )


class PlanFactOut(Schema):
    service_id: int
    code: str
    name: str
    unit: str
    planned: float
    done: float


class RecipientOut(Schema):
    recipient_id: int
    name: str
    address: str
    phone: str
    latitude: float | None
    longitude: float | None
    month: datetime.date
    plan_fact: list[PlanFactOut]


class SyncRecordIn(InputSchema):
    uuid: Uuid = Field(..., description="Идентификатор записи, созданный планшетом")
    recipient_id: Id
    service_id: Id
    date: Day = Field(..., description="День оказания услуги")
    quantity: Quantity
    note: CleanText = Text(default="", max_length=500)
    arrived_at: Moment | None = None
    left_at: Moment | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    basis: Literal["program", "care_plan", "additional"] | None = Field(
        None,
        description=(
            "Основание записи; без него сервер выбирает сам: план ухода (бесплатно), пока в "
            "нём есть объём месяца, затем ИППСУ"
        ),
    )
    visit_uuid: Uuid | None = Field(
        None,
        description=(
            "Идентификатор посещения, созданный планшетом: записи одного посещения — одно "
            "посещение, второе посещение в тот же день — другое"
        ),
    )


class SyncIn(InputSchema):
    records: list[SyncRecordIn] = Field(..., max_length=MAX_RECORDS)


class RejectedOut(Schema):
    uuid: UUID
    reason: str


class SyncOut(Schema):
    accepted: list[UUID]
    rejected: list[RejectedOut]
    flagged: list[RejectedOut] = Field(
        ..., description="Принятые записи с пометкой (сверх объёма ИППСУ): их проверит заведующий"
    )
    changed: list[RejectedOut] = Field(
        default_factory=list,
        description=(
            "Записи, отправленные повторно с другим количеством или примечанием и исправленные "
            "(они есть и в accepted). Исправление в закрытом месяце или чужой записи отклоняется"
        ),
    )


class SignatureIn(InputSchema):
    uuid: Uuid = Field(..., description="Идентификатор подписи, созданный планшетом")
    recipient_id: Id
    month: Day = Field(..., description="Любой день месяца, за который подписан акт")
    # Base64 that does not decode, or not a PNG: that signature alone is rejected, with its
    # reason.
    image: CleanText = Field(
        ...,
        max_length=MAX_IMAGE_CHARS,
        pattern=BASE64_PNG_PATTERN,
        description="PNG в base64 (можно data:image/png;base64,…), не больше 300 КБ",
    )
    signed_at: Moment | None = Field(
        None,
        description="Время подписи на планшете; не в будущем и не старше года, иначе берётся "
        "время сервера",
    )


class SignaturesIn(InputSchema):
    signatures: list[SignatureIn] = Field(..., max_length=MAX_SIGNATURES)


class SignaturesOut(Schema):
    accepted: list[UUID]
    rejected: list[RejectedOut]
