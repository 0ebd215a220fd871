"""What each operation may answer, said once: the status codes with their schemas and a Russian
description of when each comes, for the decorators of the routers (`**answers(...)`).

Every status an operation can send is listed here, so /api/v1/openapi.json never surprises a
client (tests/hostile/test_api_schema.py checks each answer against it)."""

from typing import Any

from django.http import HttpRequest
from ninja.errors import ValidationError

from zabota.api.schemas import ErrorOut, ValidationErrorOut

BODY = "Тело запроса не удалось прочитать: не JSON или не в кодировке UTF-8."
KEY = "Нет ключа устройства, ключ неверный, отозван или сотрудник заблокирован."
ROLE = "Роли сотрудника не положена запись оказанных услуг."
TOO_LARGE = "Тело запроса больше 4 МБ: отправьте записи частями."
FIELDS = (
    "Неверные данные: поле не того типа, вне допустимых границ, лишнее поле или параметр "
    "адреса; в `errors` — каждое поле с причиной."
)


def answers(ok: dict[int, Any], **errors: str) -> dict[str, dict]:
    """The `response` and `openapi_extra` of an operation: `ok` its successful answers, each
    keyword `e400=«when»` an error with the `{"detail": …}` body (422 has its own schema)."""
    response: dict[int, Any] = dict(ok)
    described: dict[str, dict] = {}
    for name, when in errors.items():
        code = int(name.removeprefix("e"))
        response[code] = ValidationErrorOut if code == 422 else ErrorOut
        described[str(code)] = {"description": when}
    return {"response": response, "openapi_extra": {"responses": described}}


def no_unknown_query(request: HttpRequest, *known: str) -> None:
    """422 for a query parameter the operation does not have: a misspelt `?data=` must not
    silently return today's plan."""
    unknown = [name for name in request.GET if name not in known]
    if unknown:
        raise ValidationError(
            [
                {"loc": ("query", name), "type": "zabota_input", "msg": "лишний параметр"}
                for name in unknown
            ]
        )
