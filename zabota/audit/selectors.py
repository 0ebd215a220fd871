from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from zabota.audit.models import SecurityEvent


def events_of_recipient(recipient) -> QuerySet[SecurityEvent]:
    return SecurityEvent.objects.filter(recipient_id=recipient.pk).select_related("user")


def own_logins(staff) -> QuerySet:
    """The logins of the person's institution's staff, lowercased as the lockout counts them
    (zabota.accounts.services._keys): «Worker1» and «worker1» are attempts on one account."""
    return (
        get_user_model()
        .objects.filter(staff__institution_id=staff.institution_id)
        .annotate(login=Lower("username"))
        .values("login")
    )


def visible_events(staff) -> QuerySet[SecurityEvent]:
    """The journal a person may read: the one place of that rule (docs/security.md).

    An entry of the person's institution is theirs. An entry with no institution (a failed or
    locked login, a command run on the server) names whatever login was typed and the address
    it came from: it is shown only when that login belongs to the institution's own staff (an
    attempt on one of its accounts), never for an unknown or another institution's login, so
    neither another centre's staff nor their addresses leak. A superuser and the installation
    administrator (capability «audit.everything», zabota.organisation.roles) administer the
    whole installation and read every entry.
    """
    events = SecurityEvent.objects.all()
    if staff.user.is_superuser or staff.can("audit.everything"):
        return events
    return events.alias(login=Lower("username")).filter(
        Q(institution_id=staff.institution_id)
        | Q(institution__isnull=True, login__in=own_logins(staff))
    )


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
    """The journal page's entries: `visible_events` narrowed by the page's filters."""
    events = visible_events(staff).select_related("user")
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
