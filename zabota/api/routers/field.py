"""The tablet's endpoints: the plan of visits, the catalog, and syncing records made offline.

Every endpoint needs the capability of recording services (a social worker, a caregiver, a
head); every list is the caller's own recipients (zabota.field.selectors).
"""

import base64
import binascii
import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError

from zabota.api.answers import BODY, FIELDS, KEY, ROLE, TOO_LARGE, answers, no_unknown_query
from zabota.api.auth import require
from zabota.api.inputs import MAX_ID, Day, PathId
from zabota.api.schemas import (
    MAX_RECORDS,
    MAX_SIGNATURES,
    CatalogOut,
    DayPlanOut,
    RecipientOut,
    SignaturesIn,
    SignaturesOut,
    SyncIn,
    SyncOut,
    WeekOut,
)
from zabota.audit.services import audit_read, audit_read_list
from zabota.delivery.selectors import plan_vs_fact
from zabota.field.selectors import catalog_for, get_field_recipient, plan_for
from zabota.field.services import TabletRecord, act_signature_store, tablet_records_sync

router = Router(tags=["Планшет"])
CAPABILITY = "services.record"
# The plan is read for dates around today only: far dates are a client error.
REACH = datetime.timedelta(days=400)
FAR_DATE = f"Дата дальше {REACH.days} дней от сегодняшней: план выдаётся только вокруг сегодня."
READ = {"e401": KEY, "e403": ROLE, "e422": FIELDS}
WRITE = {"e400": BODY, "e401": KEY, "e403": ROLE, "e413": TOO_LARGE, "e422": FIELDS}


def _day(value: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    day = value or today
    if abs(day - today) > REACH:
        raise HttpError(400, "Дата слишком далека от сегодняшней: план выдаётся на год вокруг неё.")
    return day, today


@router.get(
    "/field/visits",
    **answers({200: DayPlanOut}, e400=FAR_DATE, **READ),
    summary="Посещения на день",
    description=(
        "Посещения сотрудника на день `date` (по умолчанию сегодня) по ИППСУ и планам ухода. "
        f"Дата — не дальше {REACH.days} дней от сегодняшней, иначе 400."
    ),
)
def visits(request: HttpRequest, date: Day | None = None):
    no_unknown_query(request, "date")
    staff = require(request, CAPABILITY)
    day, today = _day(date)
    plan = plan_for(staff, day, 1)[0]
    _journal(staff, plan.visits, f"планшет: посещения на {plan.date:%d.%m.%Y}")
    return {"date": plan.date, "today": today, "visits": plan.visits}


@router.get(
    "/field/week",
    **answers({200: WeekOut}, e400=FAR_DATE, **READ),
    summary="Посещения на семь дней",
    description=(
        "Семь дней с `start` (по умолчанию понедельник текущей недели) для работы без сети. "
        f"Дата — не дальше {REACH.days} дней от сегодняшней, иначе 400."
    ),
)
def week(request: HttpRequest, start: Day | None = None):
    no_unknown_query(request, "start")
    staff = require(request, CAPABILITY)
    today = timezone.localdate()
    start, today = _day(start or today - datetime.timedelta(days=today.weekday()))
    days = plan_for(staff, start, 7)
    visits = [visit for day in days for visit in day.visits]
    _journal(staff, visits, f"планшет: посещения на неделю с {start:%d.%m.%Y}")
    return {"start": start, "today": today, "days": days}


@router.get(
    "/field/catalog",
    **answers({200: CatalogOut}, **READ),
    summary="Что можно записать",
    description=(
        "Для каждого своего получателя — услуги действующих ИППСУ и плана ухода; отдельно — "
        "дополнительные платные услуги учреждения."
    ),
)
def catalog(request: HttpRequest):
    no_unknown_query(request)
    staff = require(request, CAPABILITY)
    today = timezone.localdate()
    result = catalog_for(staff, today)
    _journal(staff, result.recipients, "планшет: услуги к записи, адреса")
    return {
        "today": today,
        "recipients": result.recipients,
        "additional_services": result.additional_services,
    }


@router.get(
    "/field/recipients/{recipient_id}",
    **answers(
        {200: RecipientOut}, e404="Получатель не закреплён за сотрудником или его нет.", **READ
    ),
    summary="Получатель: план и факт месяца",
)
def recipient(request: HttpRequest, recipient_id: PathId):
    no_unknown_query(request)
    staff = require(request, CAPABILITY)
    if not 1 <= recipient_id <= MAX_ID:
        raise HttpError(404, "Получатель не найден.")
    person = get_field_recipient(staff, recipient_id)
    if person is None:
        raise HttpError(404, "Получатель не найден.")
    month = timezone.localdate().replace(day=1)
    audit_read(actor=staff, recipient=person, what="планшет: получатель, план и факт месяца")
    return {
        "recipient_id": person.pk,
        "name": person.full_name,
        "address": person.address,
        "phone": person.phone,
        "latitude": person.latitude,
        "longitude": person.longitude,
        "month": month,
        "plan_fact": plan_vs_fact(person, month),
    }


@router.post(
    "/field/sync",
    **answers({200: SyncOut}, **WRITE),
    summary="Отправить записи, сделанные на планшете",
    description=(
        "Каждая запись сохраняется один раз (по uuid) или отклоняется с причиной по-русски в "
        "`rejected`; повторно присланная запись снова попадает в `accepted`. Не больше "
        f"{MAX_RECORDS} записей в пакете, тело не больше 4 МБ. Протокол — docs/api.md."
    ),
)
def sync(request: HttpRequest, payload: SyncIn):
    no_unknown_query(request)
    staff = require(request, CAPABILITY)
    result = tablet_records_sync(
        actor=staff,
        records=[TabletRecord(**record.dict()) for record in payload.records],
    )
    return {
        "accepted": result.accepted,
        "rejected": [{"uuid": u, "reason": r} for u, r in result.rejected],
        "flagged": [{"uuid": u, "reason": r} for u, r in result.flagged],
        "changed": [{"uuid": u, "reason": r} for u, r in result.changed],
    }


@router.post(
    "/field/signatures",
    **answers({200: SignaturesOut}, **WRITE),
    summary="Подписи получателей под актом месяца",
    description=(
        "Получатель расписывается на экране; каждая подпись сохраняется один раз (по uuid). "
        f"Не больше {MAX_SIGNATURES} подписей в запросе; отказ по одной подписи — в `rejected`."
    ),
)
def signatures(request: HttpRequest, payload: SignaturesIn):
    no_unknown_query(request)
    staff = require(request, CAPABILITY)
    accepted, rejected = [], []
    for item in payload.signatures:
        try:
            image = _png(item.image)
            act_signature_store(
                actor=staff,
                uuid=item.uuid,
                recipient_id=item.recipient_id,
                month=item.month,
                image=image,
                signed_at=item.signed_at,
            )
        except ValidationError as error:
            rejected.append({"uuid": item.uuid, "reason": " ".join(error.messages)})
            continue
        accepted.append(item.uuid)
    return {"accepted": accepted, "rejected": rejected}


def _journal(staff, people, what: str) -> None:
    """Each recipient whose address and services the answer carries, once (152-ФЗ)."""
    audit_read_list(actor=staff, what=what, recipients=((p.recipient_id, p.name) for p in people))


def _png(text: str) -> bytes:
    data = text.split(",", 1)[1] if text.startswith("data:") else text
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("Изображение подписи не удалось прочитать.") from None
