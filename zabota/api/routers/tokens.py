"""Device tokens: log in from a device, who am I, give the key back."""

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from zabota.accounts.services import login_attempt, login_refusal
from zabota.api.answers import BODY, FIELDS, KEY, TOO_LARGE, answers, no_unknown_query
from zabota.api.schemas import MeOut, TokenIn, TokenOut
from zabota.api.services import device_token_issue, device_token_revoke
from zabota.core.addresses import client_ip

router = Router(tags=["Ключи устройств"])


@router.post(
    "/token",
    auth=None,
    **answers(
        {200: TokenOut},
        e400=BODY,
        e401="Неверное имя пользователя или пароль.",
        e413=TOO_LARGE,
        e422=FIELDS,
        e429="Вход заблокирован после неудачных попыток (как на странице входа).",
    ),
    summary="Получить ключ устройства по имени и паролю",
    description=(
        "Проверка та же, что на странице входа: неудачные попытки считаются, во время "
        "блокировки не принимается и верный пароль (429). Ключ показывается один раз."
    ),
)
def token_issue(request: HttpRequest, payload: TokenIn):
    # The same check as the login page (zabota.accounts.services): failures count towards
    # the lockout.
    no_unknown_query(request)
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
    **answers({204: None}, e401=KEY, e422=FIELDS),
    summary="Отозвать ключ, которым подписан запрос (выход на устройстве)",
)
def token_revoke(request: HttpRequest):
    no_unknown_query(request)
    device_token_revoke(staff=request.auth, token=request.device_token)
    return Status(204, None)


@router.get("/me", **answers({200: MeOut}, e401=KEY, e422=FIELDS), summary="Кто вошёл")
def me(request: HttpRequest):
    no_unknown_query(request)
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
