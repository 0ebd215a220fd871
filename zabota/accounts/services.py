"""Logging in and out: lockout after failed attempts, idle sessions, "log out everywhere"."""

import datetime
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from zabota.accounts import lockout
from zabota.accounts.models import DeviceToken, RevokeReason
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AccountKind:
    """Who may log in on the login page: staff, and the kinds an app above adds in its
    extensions module (a recipient's relative, zabota.family), so that everyone passes the
    same lockout and the same journal."""

    name: str
    admits: Callable[[Any], bool]
    institution_of: Callable[[Any], Any]
    home: str  # the URL name of the kind's start page


STAFF = AccountKind(
    name="staff",
    admits=lambda user: hasattr(user, "staff"),
    institution_of=lambda user: user.staff.institution,
    home="dashboard:home",
)
_KINDS: list[AccountKind] = []


def register_account_kind(kind: AccountKind) -> None:
    if kind.name not in {k.name for k in _KINDS}:
        _KINDS.append(kind)


def account_kinds() -> tuple[AccountKind, ...]:
    """Staff first, then the registered kinds (a user is of the first kind that admits them)."""
    return (STAFF, *_KINDS)


@dataclass(frozen=True)
class LoginResult:
    user: object | None
    # The login is locked (from this address or everywhere) until then.
    locked_until: datetime.datetime | None = None
    # The address has failed too often: its next attempt may come then.
    slowed_until: datetime.datetime | None = None
    kind: AccountKind | None = None


def login_attempt(
    *,
    request,
    username: str,
    password: str,
    ip_address: str | None,
    kinds: Sequence[AccountKind] = (STAFF,),
) -> LoginResult:
    """Check a login and password under the limits of zabota/accounts/lockout.py: the attempt is
    counted before the password is checked, and the right password is refused while locked.
    Only a user of one of `kinds` gets in (the API: staff only; the login page: every kind)."""
    gate = lockout.enter(username, ip_address)
    if not gate.open:
        if gate.locked_until is not None:
            details = f"заблокирован до {timezone.localtime(gate.locked_until):%H:%M}"
        else:
            details = (
                f"адрес {ip_address}: слишком много неудачных попыток, следующая не раньше "
                f"{timezone.localtime(gate.slowed_until):%H:%M:%S}"
            )
        audit_event(kind=EventKind.LOGIN_LOCKED, username=username, success=False, details=details)
        # The login typed may be anything (a name, a password in the wrong field): the log
        # names the account by its id only, the journal keeps the rest.
        logger.warning(
            "login refused: %s until %s (user id %s)",
            "locked" if gate.locked_until is not None else "address slowed down",
            (gate.locked_until or gate.slowed_until).isoformat(timespec="seconds"),
            _account_id(username),
        )
        return LoginResult(
            user=None, locked_until=gate.locked_until, slowed_until=gate.slowed_until
        )
    try:
        user = authenticate(request, username=username, password=password)
    except BaseException:
        lockout.leave_unjudged(gate)
        raise
    kind = _kind_of(user, kinds)
    if kind is None:
        until = lockout.leave_failed(gate)
        audit_event(kind=EventKind.LOGIN_FAILED, username=username, success=False)
        if until is not None:
            logger.warning(
                "login locked until %s after failed attempts (user id %s)",
                until.isoformat(timespec="seconds"),
                _account_id(username),
            )
        return LoginResult(user=None, locked_until=until)
    lockout.leave_succeeded(gate)
    audit_event(kind=EventKind.LOGIN, user=user, institution=kind.institution_of(user))
    return LoginResult(user=user, kind=kind)


def _kind_of(user, kinds: Sequence[AccountKind]) -> AccountKind | None:
    if user is None or not user.is_active:
        return None
    return next((kind for kind in kinds if kind.admits(user)), None)


def _account_id(username: str) -> int | None:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__iexact=username.strip())
    return users.values_list("pk", flat=True).first()


def login_refusal(result: LoginResult) -> str:
    """Why a login was refused, in the words the page and the API show."""
    if result.locked_until is not None:
        until = timezone.localtime(result.locked_until)
        return f"Слишком много неудачных попыток. Вход заблокирован до {until:%H:%M}."
    if result.slowed_until is not None:
        seconds = max(math.ceil((result.slowed_until - timezone.now()).total_seconds()), 1)
        return (
            f"Слишком много неудачных попыток входа с вашего адреса. Повторите через {seconds} с."
        )
    return "Неверное имя пользователя или пароль."


@transaction.atomic
def staff_set_password(*, actor, staff, password: str) -> None:
    staff.user.set_password(password)
    staff.user.save(update_fields=["password"])
    logger.info("password of staff %s set by staff %s", staff.pk, actor.pk)
    audit_event(
        kind=EventKind.PASSWORD_CHANGED,
        actor=actor,
        obj=staff,
        details="пароль задан администратором" if actor != staff else "пароль изменён",
    )
    # The web sessions end by themselves (Django checks the password hash in each session);
    # a tablet's key does not depend on the password, so it is revoked here.
    device_tokens_revoke_all(actor=actor, user=staff.user, reason=RevokeReason.PASSWORD)


def logout_everywhere(*, staff) -> None:
    """End every session of the person, and revoke every device token."""
    staff.sessions_revoked_at = timezone.now()
    staff.save(update_fields=["sessions_revoked_at"])
    device_tokens_revoke_all(actor=staff, user=staff.user, reason=RevokeReason.LOGOUT_EVERYWHERE)
    audit_event(kind=EventKind.LOGOUT_EVERYWHERE, actor=staff)


def revoke_device_token(*, actor, token: DeviceToken, reason: str = RevokeReason.MANUAL) -> None:
    """Revoke one key: the profile's «Отозвать», the tablet's «Выйти», a key that ran out."""
    now = timezone.now()
    # Conditional: two revocations at once (a page and the tablet) write and audit once.
    revoked = DeviceToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=reason
    )
    if not revoked:
        return
    token.revoked_at, token.revoked_reason = now, reason
    owner = token.user
    logger.info("device key %s of user id %s revoked (%s)", token.pk, owner.pk, reason)
    audit_event(
        kind=EventKind.TOKEN_REVOKED,
        actor=actor,
        user=None if actor else owner,
        institution=None if actor else getattr(getattr(owner, "staff", None), "institution", None),
        obj=token,
        details=f"{owner.get_username()}: {token.device} — {token.get_revoked_reason_display()}",
    )


def device_tokens_revoke_all(*, actor, user, reason: str) -> int:
    """Revoke every key of a person: the password changed or was reset, the account was switched
    off, or the person logged out everywhere. Returns how many keys were still working."""
    tokens = list(
        DeviceToken.objects.filter(user=user, revoked_at__isnull=True).select_related("user")
    )
    for token in tokens:
        revoke_device_token(actor=actor, token=token, reason=reason)
    return len(tokens)
