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

from zabota.api.auth import require
from zabota.api.schemas import (
    MAX_ID,
    CatalogOut,
    DayPlanOut,
    ErrorOut,
    RecipientOut,
    SignaturesIn,
    SignaturesOut,
    SyncIn,
    SyncOut,
    ValidationErrorOut,
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
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}


def _day(value: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    day = value or today
    if abs(day - today) > REACH:
        raise HttpError(400, "Дата слишком далека от сегодняшней: план выдаётся на год вокруг неё.")
    return day, today


@router.get(
    "/field/visits",
    response={200: DayPlanOut, **ERRORS},
    summary="Посещения на день",
)
def visits(request: HttpRequest, date: datetime.date | None = None):
    """The caller's visits of the day (today by default) from the ИППСУ and care plans."""
    staff = require(request, CAPABILITY)
    day, today = _day(date)
    plan = plan_for(staff, day, 1)[0]
    _journal(staff, plan.visits, f"планшет: посещения на {plan.date:%d.%m.%Y}")
    return {"date": plan.date, "today": today, "visits": plan.visits}


@router.get(
    "/field/week",
    response={200: WeekOut, **ERRORS},
    summary="Посещения на семь дней",
)
def week(request: HttpRequest, start: datetime.date | None = None):
    """Seven days from `start` (Monday of this week by default), for a week of offline work."""
    staff = require(request, CAPABILITY)
    today = timezone.localdate()
    start, today = _day(start or today - datetime.timedelta(days=today.weekday()))
    days = plan_for(staff, start, 7)
    visits = [visit for day in days for visit in day.visits]
    _journal(staff, visits, f"планшет: посещения на неделю с {start:%d.%m.%Y}")
    return {"start": start, "today": today, "days": days}


@router.get("/field/catalog", response={200: CatalogOut, **ERRORS}, summary="Что можно записать")
def catalog(request: HttpRequest):
    """For each of the caller's recipients the services of the ИППСУ and care plan in force,
    and the additional paid services of the institution."""
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
    response={200: RecipientOut, 404: ErrorOut, **ERRORS},
    summary="Получатель: план и факт месяца",
)
def recipient(request: HttpRequest, recipient_id: int):
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
    response={200: SyncOut, 413: ErrorOut, **ERRORS},
    summary="Отправить записи, сделанные на планшете",
)
def sync(request: HttpRequest, payload: SyncIn):
    """Each record is stored once (by its uuid) or rejected with a reason in Russian; a record
    sent again is accepted again. See docs/api.md for the protocol."""
    staff = require(request, CAPABILITY)
    result = tablet_records_sync(
        actor=staff,
        records=[TabletRecord(**record.dict()) for record in payload.records],
    )
    return {
        "accepted": result.accepted,
        "rejected": [{"uuid": u, "reason": r} for u, r in result.rejected],
        "flagged": [{"uuid": u, "reason": r} for u, r in result.flagged],
    }


@router.post(
    "/field/signatures",
    response={200: SignaturesOut, 413: ErrorOut, **ERRORS},
    summary="Подписи получателей под актом месяца",
)
def signatures(request: HttpRequest, payload: SignaturesIn):
    """The recipient signs the month's act on the screen; each signature is stored once."""
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
