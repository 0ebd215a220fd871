"""Bearer authentication of the API by device token, and the role check of each endpoint."""

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from zabota.accounts.models import DeviceToken, RevokeReason
from zabota.accounts.services import revoke_device_token
from zabota.api.errors import TokenRefused
from zabota.api.services import device_token_touch
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.organisation.models import Staff

# A generated key is 43 characters; anything much longer is not worth hashing.
MAX_TOKEN_LENGTH = 200


class DeviceTokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`: an active key of an active member of staff, used within
    ZABOTA_TOKEN_IDLE_DAYS. A key that was revoked or ran out gets 401 with the reason and a
    code the tablet reads (zabota.api.errors.TokenRefused)."""

    def authenticate(self, request: HttpRequest, token: str) -> Staff | None:
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        row = (
            DeviceToken.objects.select_related(
                "user", "user__staff", "user__staff__institution", "user__staff__department"
            )
            .filter(token_hash=DeviceToken.hash(token))
            .first()
        )
        if row is None:
            return None
        if row.revoked_at is None:
            if row.is_idle():
                revoke_device_token(actor=None, token=row, reason=RevokeReason.IDLE)
            elif not row.user.is_active:
                # Switched off elsewhere than on the staff page (Django's admin, the shell).
                revoke_device_token(actor=None, token=row, reason=RevokeReason.DEACTIVATED)
        if row.revoked_at is not None:
            raise TokenRefused.for_token(row)
        try:
            staff = row.user.staff
        except Staff.DoesNotExist:
            return None
        device_token_touch(row)
        request.staff = staff
        request.device_token = row
        return staff


def require(request: HttpRequest, capability: str) -> Staff:
    """The caller if their role has `capability` (zabota.organisation.roles); 403 otherwise,
    written to the audit journal like a refused page."""
    staff: Staff = request.auth
    if not staff.can(capability):
        audit_event(
            kind=EventKind.ACCESS_DENIED,
            actor=staff,
            success=False,
            details=f"API {request.method} {request.path} ({capability})",
        )
        raise HttpError(403, "Эта функция недоступна для вашей роли.")
    return staff
