"""The head's moves of planned visits: each checked, audited, and undone by moving back."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.organisation.models import Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.rota.models import RotaMove
from zabota.rota.plan import computed_visits
from zabota.rota.selectors import active_move, monday_of
from zabota.rules.rota import works_on
from zabota.rules.schedule import parse_weekdays

WEEKDAY_NAMES = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")


@transaction.atomic
def rota_move(
    *,
    actor: Staff,
    recipient: Recipient,
    planned_worker: Staff,
    planned_on: datetime.date,
    new_worker: Staff,
    new_on: datetime.date,
    expected_move: int | None,
    today: datetime.date | None = None,
) -> RotaMove | None:
    """Move the visit the plan puts on (planned_worker, planned_on) to (new_worker, new_on);
    moving it back to where the plan puts it undoes the move (returns None).

    `expected_move`: the move the head saw on the page (None: the visit was where the plan put
    it). Anything else now means the week changed meanwhile — a second click of the same
    button, another head's move — and nothing is done."""
    today = today or timezone.localdate()
    # One move of a recipient's visits at a time: the second of two parallel requests waits
    # here and then sees the first one's move.
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    current = active_move(recipient.pk, planned_worker.pk, planned_on)
    if (current.pk if current else None) != expected_move:
        raise ValidationError(
            "График изменился, пока страница была открыта: обновите её и перенесите снова."
        )
    back = (new_worker.pk, new_on) == (planned_worker.pk, planned_on)
    if back and current is None:
        raise ValidationError("Посещение и так стоит в графике на этот день у этого работника.")
    # Back to where the plan puts it is always allowed (the plan may put it on a day off).
    if not back:
        _check(recipient, planned_worker, planned_on, new_worker, new_on, today)
    if current is not None:
        current.cancelled_at = timezone.now()
        current.cancelled_by = actor
        current.save(update_fields=["cancelled_at", "cancelled_by"])
    if back:
        audit_event(
            kind=EventKind.UPDATE,
            actor=actor,
            obj=current,
            details=f"перенос отменён: посещение снова {planned_on:%d.%m.%Y}, "
            f"{planned_worker.short_name}",
        )
        return None
    move = RotaMove(
        recipient=recipient,
        planned_worker=planned_worker,
        planned_on=planned_on,
        new_worker=new_worker,
        new_on=new_on,
        created_by=actor,
    )
    move.full_clean()
    move.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=move,
        changes={
            "день": [f"{planned_on:%d.%m.%Y}", f"{new_on:%d.%m.%Y}"],
            "работник": [planned_worker.short_name, new_worker.short_name],
        },
    )
    return move


def _check(
    recipient: Recipient,
    planned_worker: Staff,
    planned_on: datetime.date,
    new_worker: Staff,
    new_on: datetime.date,
    today: datetime.date,
) -> None:
    if recipient.status != RecipientStatus.ACTIVE:
        raise ValidationError("Получатель снят с обслуживания: его посещения не планируются.")
    # The view fetches the worker within the head's department; said again here, as the rule.
    if (
        new_worker.department_id != recipient.department_id
        or new_worker.institution_id != recipient.institution_id
        or new_worker.role not in FIELD_ROLES
        or not new_worker.user.is_active
    ):
        raise ValidationError(
            "Перенести можно только социальному работнику или сиделке отделения получателя."
        )
    if monday_of(new_on) != monday_of(planned_on):
        raise ValidationError("Посещение переносится только в пределах своей недели.")
    if not works_on(parse_weekdays(new_worker.working_days), new_on):
        raise ValidationError(
            f"{new_on:%d.%m.%Y} ({WEEKDAY_NAMES[new_on.weekday()]}) — выходной день работника "
            f"{new_worker.short_name}: перенос не сделан. Выберите его рабочий день."
        )
    planned = computed_visits([recipient], [planned_on], today)
    if (recipient.pk, planned_worker.pk, planned_on) not in planned:
        raise ValidationError(
            "Такого посещения в графике нет (программа или план ухода могли измениться): "
            "обновите страницу."
        )
