from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zabota.accounts.lockout import normalise
from zabota.accounts.models import DeviceToken, LoginLock


def tokens_for(staff):
    """Device keys a person may see: their own; the administrator sees all of the institution."""
    own = Q(user=staff.user)
    if staff.can("staff.manage"):
        return DeviceToken.objects.filter(own | Q(user__staff__institution=staff.institution))
    return DeviceToken.objects.filter(own)


def get_token_for(staff, pk: int) -> DeviceToken:
    return get_object_or_404(tokens_for(staff).select_related("user"), pk=pk)


def locked_logins(staff) -> list:
    """Locks in force now on the logins of the person's institution — of a login everywhere
    (`user:<login>`) or from one address (`pair:<login>|<address>`, zabota.accounts.lockout) —
    not on bare addresses, which belong to no institution, nor on other institutions' logins."""
    own = {
        normalise(name)
        for name in get_user_model()
        .objects.filter(staff__institution_id=staff.institution_id)
        .values_list("username", flat=True)
    }
    locks = LoginLock.objects.filter(locked_until__gt=timezone.now()).filter(
        Q(key__startswith="user:") | Q(key__startswith="pair:")
    )
    return [lock for lock in locks if lock.key.split(":", 1)[1].rsplit("|", 1)[0].lower() in own]
