"""Device tokens: log in from a device, who am I, give the key back."""

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from zabota.accounts.services import login_attempt, login_refusal
from zabota.api.schemas import ErrorOut, MeOut, TokenIn, TokenOut, ValidationErrorOut
from zabota.api.services import device_token_issue, device_token_revoke
from zabota.core.addresses import client_ip

router = Router(tags=["Ключи устройств"])


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut},
    summary="Получить ключ устройства по имени и паролю",
)
def token_issue(request: HttpRequest, payload: TokenIn):
    """The same check as the login page: failed attempts count towards the lockout, and the
    right password is refused while the login is locked (zabota.accounts.services)."""
    result = login_attempt(
        request=request,
        username=payload.username,
        password=payload.password,
        ip_address=client_ip(request),
    )
    if result.user is None:
        limited = result.locked_until is not None or result.slowed_until is not None
        raise HttpError(429 if limited else 401, login_refusal(result))
    _token, raw = device_token_issue(staff=result.user.staff, device=payload.device)
    return {"token": raw}


@router.post(
    "/token/revoke",
    response={204: None, 401: ErrorOut},
    summary="Отозвать ключ, которым подписан запрос (выход на устройстве)",
)
def token_revoke(request: HttpRequest):
    device_token_revoke(staff=request.auth, token=request.device_token)
    return Status(204, None)


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="Кто вошёл")
def me(request: HttpRequest):
    staff = request.auth
    return {
        "username": staff.user.get_username(),
        "name": staff.full_name,
        "short_name": staff.short_name,
        "role": staff.role,
        "role_display": staff.get_role_display(),
        "institution": str(staff.institution),
        "department": str(staff.department) if staff.department_id else None,
        "can_record": staff.can("services.record"),
    }
