"""Device tokens: issued after a login that respects the lockout, used, revoked."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from zabota.accounts.models import DeviceToken, RevokeReason
from zabota.accounts.services import revoke_device_token
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.organisation.models import Staff

logger = logging.getLogger(__name__)

# last_used_at is written at most this often per token: no database write on every request.
TOUCH_EVERY = datetime.timedelta(minutes=1)


@transaction.atomic
def device_token_issue(*, staff: Staff, device: str) -> tuple[DeviceToken, str]:
    """A new key for a device; returns the row and the raw key (shown once, stored hashed)."""
    raw = DeviceToken.generate()
    token = DeviceToken.objects.create(
        user=staff.user,
        device=device.strip()[:100] or "Устройство",
        token_hash=DeviceToken.hash(raw),
        prefix=raw[:8],
    )
    audit_event(
        kind=EventKind.TOKEN_ISSUED,
        actor=staff,
        obj=token,
        details=f"{staff.user.get_username()}: {token.device}",
    )
    logger.info("device key %s issued to user id %s", token.pk, staff.user_id)
    return token, raw


def device_token_touch(token: DeviceToken, now: datetime.datetime | None = None) -> None:
    """Note that the key was used, unless that was noted less than a minute ago."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    # A conditional update: two requests in the same second write once.
    DeviceToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=now - TOUCH_EVERY).update(
        last_used_at=now
    )
    token.last_used_at = now


def device_token_revoke(*, staff: Staff, token: DeviceToken) -> None:
    """The device gives its own key back (the tablet's «Выйти»); the same service as the profile
    page's «Отозвать»."""
    revoke_device_token(actor=staff, token=token, reason=RevokeReason.DEVICE)
