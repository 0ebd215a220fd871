from django.db.models import QuerySet

from zabota.audit.models import SecurityEvent


def events_of_recipient(recipient) -> QuerySet[SecurityEvent]:
    return SecurityEvent.objects.filter(recipient_id=recipient.pk).select_related("user")


def events_for(
    staff,
    *,
    kind: str = "",
    username: str = "",
    date_from=None,
    date_to=None,
    recipient_id: int | None = None,
    success: bool | None = None,
    text: str = "",
) -> QuerySet[SecurityEvent]:
    """The journal of the person's institution (failed logins of unknown users included)."""
    from django.db.models import Q

    events = SecurityEvent.objects.filter(
        Q(institution_id=staff.institution_id) | Q(institution__isnull=True)
    ).select_related("user")
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username__icontains=username)
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    if recipient_id:
        events = events.filter(recipient_id=recipient_id)
    if success is not None:
        events = events.filter(success=success)
    if text:
        events = events.filter(Q(object_repr__icontains=text) | Q(details__icontains=text))
    return events
