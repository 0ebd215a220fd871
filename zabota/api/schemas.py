"""Input and output schemas of the API (they make /api/v1/openapi.json)."""

import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema
from pydantic import AfterValidator

# Ids are database keys: bounded so a huge number is a 4xx, never a database overflow.
MAX_ID = 2**63 - 1
MAX_RECORDS = 500
MAX_SIGNATURES = 5


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL; a browser never sends it, so it is a broken client.
    if "\x00" in value:
        raise ValueError("символ NUL недопустим")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


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


class TokenIn(Schema):
    username: Text = Field(..., min_length=1, max_length=150, description="Имя пользователя")
    password: Text = Field(..., min_length=1, max_length=256, description="Пароль")
    device: Text = Field(
        ..., min_length=1, max_length=100, description="Название устройства, например «Планшет 3»"
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
    source: str = Field(..., description="program — ИППСУ, care_plan — план ухода")
    month_planned: float | None = Field(None, description="Объём в месяц по ИППСУ")
    month_done: float | None = Field(None, description="Уже оказано в этом месяце")


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


class SyncRecordIn(Schema):
    uuid: UUID = Field(..., description="Идентификатор записи, созданный планшетом")
    recipient_id: int = Field(..., ge=1, le=MAX_ID)
    service_id: int = Field(..., ge=1, le=MAX_ID)
    date: datetime.date
    quantity: Decimal = Field(..., max_digits=10, decimal_places=2, allow_inf_nan=False)
    note: Text = Field("", max_length=500)
    arrived_at: datetime.datetime | None = None
    left_at: datetime.datetime | None = None
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)


class SyncIn(Schema):
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


class SignatureIn(Schema):
    uuid: UUID = Field(..., description="Идентификатор подписи, созданный планшетом")
    recipient_id: int = Field(..., ge=1, le=MAX_ID)
    month: datetime.date = Field(..., description="Любой день месяца, за который подписан акт")
    image: Text = Field(
        ..., max_length=420_000, description="PNG в base64 (можно data:image/png;base64,…)"
    )
    signed_at: datetime.datetime | None = None


class SignaturesIn(Schema):
    signatures: list[SignatureIn] = Field(..., max_length=MAX_SIGNATURES)


class SignaturesOut(Schema):
    accepted: list[UUID]
    rejected: list[RejectedOut]
