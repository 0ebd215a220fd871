"""Logging in and out: lockout after failed attempts, idle sessions, "log out everywhere"."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from zabota.accounts.models import LoginLock
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event


@dataclass(frozen=True)
class LoginResult:
    user: object | None
    locked_until: datetime.datetime | None = None


def _keys(username: str, ip_address: str | None) -> list[str]:
    keys = [f"user:{username.strip().lower()}"]
    if ip_address:
        keys.append(f"ip:{ip_address}")
    return keys


def locked_until(username: str, ip_address: str | None) -> datetime.datetime | None:
    now = timezone.now()
    locks = LoginLock.objects.filter(key__in=_keys(username, ip_address), locked_until__gt=now)
    return max((lock.locked_until for lock in locks), default=None)


def login_attempt(*, request, username: str, password: str, ip_address: str | None) -> LoginResult:
    """Check a login and password, counting failures; the right password is refused while locked."""
    until = locked_until(username, ip_address)
    if until is not None:
        audit_event(
            kind=EventKind.LOGIN_LOCKED,
            username=username,
            success=False,
            details=f"заблокирован до {timezone.localtime(until):%H:%M}",
        )
        return LoginResult(user=None, locked_until=until)
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active or not hasattr(user, "staff"):
        until = _count_failure(username, ip_address)
        audit_event(kind=EventKind.LOGIN_FAILED, username=username, success=False)
        return LoginResult(user=None, locked_until=until)
    LoginLock.objects.filter(key__in=_keys(username, ip_address)).delete()
    audit_event(kind=EventKind.LOGIN, user=user, institution=user.staff.institution)
    return LoginResult(user=user)


@transaction.atomic
def _count_failure(username: str, ip_address: str | None) -> datetime.datetime | None:
    now = timezone.now()
    window = datetime.timedelta(minutes=settings.ZABOTA_LOCKOUT_MINUTES)
    result = None
    for key in _keys(username, ip_address):
        lock, _ = LoginLock.objects.select_for_update().get_or_create(
            key=key, defaults={"window_started_at": now}
        )
        if now - lock.window_started_at > window:
            lock.failures = 0
            lock.window_started_at = now
        lock.failures += 1
        if lock.failures >= settings.ZABOTA_LOCKOUT_ATTEMPTS:
            lock.locked_until = now + window
            result = lock.locked_until
        lock.save()
    return result


def logout_everywhere(*, staff) -> None:
    """End every session of the person, and revoke every device token."""
    staff.sessions_revoked_at = timezone.now()
    staff.save(update_fields=["sessions_revoked_at"])
    from zabota.api.models import DeviceToken

    DeviceToken.objects.filter(user=staff.user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    audit_event(kind=EventKind.LOGOUT_EVERYWHERE, actor=staff)


def revoke_device_token(*, actor, token) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_event(
            kind=EventKind.TOKEN_REVOKED,
            actor=actor,
            obj=token,
            details=f"{token.user.get_username()}: {token.device}",
        )
