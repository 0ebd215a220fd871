"""Documents about the recipient alone: the consent to processing of personal data, the
application for social services and the notice of discharge. Their data come from the card."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from zabota.documents.contexts.common import active_representative
from zabota.documents.kinds import IssueRequest
from zabota.recipients.models import DischargeReason

# 442-ФЗ ст. 15 ч. 1 п. 1: the circumstance that makes a person need home services.
DEFAULT_CIRCUMSTANCES = (
    "полная или частичная утрата способности либо возможности осуществлять самообслуживание, "
    "самостоятельно передвигаться, обеспечивать основные жизненные потребности в силу "
    "заболевания, травмы, возраста или наличия инвалидности"
)
DEFAULT_SERVICE_TYPES = (
    "социально-бытовые, социально-медицинские, социально-психологические, социально-правовые"
)
HAND_LINE = "_" * 60

CONSENT_FIELDS = [
    ("consent.date", "дата согласия"),
    ("consent.by_representative", "согласие даёт законный представитель"),
]

APPLICATION_FIELDS = [
    ("application.date", "дата заявления"),
    ("application.form", "форма социального обслуживания"),
    ("application.service_types", "виды социальных услуг, в которых нуждается"),
    ("application.circumstances", "обстоятельства, ухудшающие условия жизнедеятельности (ст. 15 442-ФЗ)"),  # noqa: E501
    ("application.living_conditions", "условия проживания (или строка для заполнения от руки)"),
    ("application.family", "состав семьи (или строка для заполнения от руки)"),
    ("application.income", "сведения о доходе (или строка для заполнения от руки)"),
]  # fmt: skip

DISCHARGE_FIELDS = [
    ("discharge.date", "дата снятия с обслуживания"),
    ("discharge.reason", "причина снятия"),
    ("discharge.note", "пояснение к причине (может быть пустым: {% if discharge.note %})"),
    ("discharge.is_planned", "снятие ещё предстоит (уведомление заранее)"),
    ("discharge.enrolled_on", "дата постановки на обслуживание"),
]


def _param_date(value, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: "Дата указана неверно."}) from None


def consent_context(request: IssueRequest) -> dict:
    representative = active_representative(request.recipient) is not None
    return {
        "consent": {
            "date": _param_date(request.params.get("date"), "date") or _today(),
            "by_representative": representative,
        }
    }


def application_context(request: IssueRequest) -> dict:
    params = request.params
    return {
        "application": {
            "date": _param_date(params.get("date"), "date") or _today(),
            "form": "социальное обслуживание на дому",
            "service_types": params.get("service_types") or DEFAULT_SERVICE_TYPES,
            "circumstances": params.get("circumstances") or DEFAULT_CIRCUMSTANCES,
            "living_conditions": params.get("living_conditions") or HAND_LINE,
            "family": params.get("family") or HAND_LINE,
            "income": params.get("income") or HAND_LINE,
        }
    }


def discharge_notice_context(request: IssueRequest) -> dict:
    """The discharge recorded on the card, or a coming one named in the params."""
    recipient = request.recipient
    params = request.params
    last = recipient.enrolments.select_related("discharge_reason").order_by("-enrolled_on").first()
    date = _param_date(params.get("date"), "date")
    reason_id = params.get("reason")
    if date or reason_id:
        if not (date and reason_id):
            raise ValidationError("Укажите и дату, и причину снятия с обслуживания.")
        reason = DischargeReason.objects.filter(
            institution_id=recipient.institution_id, pk=str(reason_id).strip() or 0
        ).first()
        if reason is None:
            raise ValidationError({"reason": "Выберите причину снятия из списка."})
        return {
            "discharge": {
                "date": date,
                "reason": reason.name,
                "note": params.get("note", ""),
                "is_planned": last is None or last.discharged_on is None,
                "enrolled_on": last.enrolled_on if last else None,
            }
        }
    if last is None or last.discharged_on is None:
        raise ValidationError(
            "Получатель на обслуживании: укажите дату и причину предстоящего снятия."
        )
    return {
        "discharge": {
            "date": last.discharged_on,
            "reason": str(last.discharge_reason or "не указана"),
            "note": last.discharge_note,
            "is_planned": False,
            "enrolled_on": last.enrolled_on,
        }
    }


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def consent_sample() -> dict:
    return {"consent": {"date": datetime.date(2026, 10, 1), "by_representative": True}}


def application_sample() -> dict:
    return {
        "application": {
            "date": datetime.date(2026, 10, 1),
            "form": "социальное обслуживание на дому",
            "service_types": DEFAULT_SERVICE_TYPES,
            "circumstances": DEFAULT_CIRCUMSTANCES,
            "living_conditions": "проживает одна в благоустроенной квартире на 4 этаже без лифта",
            "family": "одиноко проживающая, дочь проживает в г. Новосибирске",
            "income": "пенсия по старости 24 300,00 ₽ в месяц",
        }
    }


def discharge_notice_sample() -> dict:
    return {
        "discharge": {
            "date": datetime.date(2026, 10, 15),
            "reason": "Переезд в другой населённый пункт",
            "note": "к дочери в г. Новосибирск",
            "is_planned": True,
            "enrolled_on": datetime.date(2023, 2, 1),
        }
    }
