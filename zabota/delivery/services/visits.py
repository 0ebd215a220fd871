import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.delivery.models import Visit
from zabota.organisation.models import Staff

logger = logging.getLogger(__name__)


@transaction.atomic
def visit_review(*, actor: Staff, visit: Visit, note: str) -> Visit:
    """A head confirms a visit marked far from the address (never rejected automatically)."""
    if not note.strip():
        raise ValidationError({"note": "Напишите заключение проверки."})
    visit.needs_review = False
    visit.reviewed_by = actor
    visit.reviewed_at = timezone.now()
    visit.review_note = note.strip()
    visit.save(update_fields=["needs_review", "reviewed_by", "reviewed_at", "review_note"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=visit,
        recipient_id=visit.recipient_id,
        details=f"проверка посещения: {visit.review_note}",
    )
    logger.debug("visit %s reviewed by staff %s", visit.pk, actor.pk)
    return visit
