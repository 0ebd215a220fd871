"""Every error of the API is JSON `{"detail": "<Russian text>"}` with a 4xx status, never a 500:
a broken body, a wrong type, a missing field, a huge body, an unknown or revoked key."""

import json

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest
from django.http.request import RawPostDataException
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from zabota.accounts.models import RevokeReason

# The largest body the schema allows stays below this, however the client spells its JSON:
# 500 records with 500-character notes, every character escaped as a \uXXXX\uXXXX pair, is
# about 3.2 MB; five signatures of 420 000 base64 characters are 2.1 MB. A body the schema
# accepts must never be refused for its size (tests/hostile/test_api_schema.py).
MAX_BODY_BYTES = 4 * 1024 * 1024

MESSAGES = {
    "missing": "обязательное поле",
    "int_parsing": "нужно целое число",
    "int_type": "нужно целое число",
    "int_from_float": "нужно целое число",
    "float_parsing": "нужно число",
    "float_type": "нужно число",
    "finite_number": "нужно конечное число",
    "decimal_parsing": "нужно число",
    "decimal_type": "нужно число",
    "decimal_max_digits": "слишком много цифр (не больше {max_digits})",
    "decimal_max_places": "не больше {decimal_places} знаков после запятой",
    "decimal_whole_digits": "слишком большое число",
    "string_type": "нужна строка",
    "string_too_short": "не может быть пустым",
    "string_too_long": "не длиннее {max_length} символов",
    "string_unicode": "нужна строка в кодировке UTF-8",
    "date_parsing": "нужна дата в формате ГГГГ-ММ-ДД",
    "date_from_datetime_parsing": "нужна дата в формате ГГГГ-ММ-ДД",
    "date_from_datetime_inexact": "нужна дата без времени",
    "date_type": "нужна дата в формате ГГГГ-ММ-ДД",
    "datetime_parsing": "нужны дата и время в формате ГГГГ-ММ-ДДTчч:мм:сс",
    "datetime_from_date_parsing": "нужны дата и время в формате ГГГГ-ММ-ДДTчч:мм:сс",
    "datetime_type": "нужны дата и время в формате ГГГГ-ММ-ДДTчч:мм:сс",
    "uuid_parsing": "нужен идентификатор UUID",
    "uuid_type": "нужен идентификатор UUID",
    "uuid_version": "нужен идентификатор UUID",
    "list_type": "нужен список",
    "too_long": "не больше {max_length} элементов: отправьте записи частями",
    "too_short": "нужен хотя бы {min_length} элемент",
    "model_type": "нужен объект JSON",
    "model_attributes_type": "нужен объект JSON",
    "dict_type": "нужен объект JSON",
    "greater_than": "должно быть больше {gt}",
    "greater_than_equal": "должно быть не меньше {ge}",
    "less_than": "должно быть меньше {lt}",
    "less_than_equal": "должно быть не больше {le}",
    "bool_type": "нужно true или false",
    "bool_parsing": "нужно true или false",
    "extra_forbidden": "лишнее поле",
    "json_invalid": "неверный JSON",
    "value_error": "{error}",
    # The patterns of strings: zabota.api.inputs.TEXT_PATTERN and the image's base64.
    "string_pattern_mismatch": "недопустимые символы (управляющие символы, NUL; в подписи — "
    "только base64)",
}
SOURCES = {"body", "query", "path", "header", "cookie", "form"}


class BodyTooLarge(Exception):
    pass


# The `code` of a 401: the tablet tells a key that ran out from one that was revoked.
TOKEN_INVALID = "token_invalid"
TOKEN_REVOKED = "token_revoked"
TOKEN_EXPIRED = "token_expired"
NEED_TOKEN = "Нужен действующий ключ устройства: войдите снова."


class TokenRefused(AuthenticationError):
    """A key the server knows but no longer accepts."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(401, detail)
        self.code = code

    @classmethod
    def for_token(cls, token) -> "TokenRefused":
        from django.conf import settings

        if token.revoked_reason == RevokeReason.IDLE:
            days = settings.ZABOTA_TOKEN_IDLE_DAYS
            return cls(
                TOKEN_EXPIRED,
                f"Ключ устройства не использовался больше {days} дн. и перестал действовать: "
                "войдите снова.",
            )
        reason = token.get_revoked_reason_display() or RevokeReason.MANUAL.label
        return cls(TOKEN_REVOKED, f"Ключ устройства отозван ({reason}): войдите снова.")


class LimitedJSONParser(Parser):
    """The default JSON parser with a size limit checked before the body is read."""

    def parse_body(self, request: HttpRequest):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            raise BodyTooLarge
        try:
            body = request.body
        except (RequestDataTooBig, RawPostDataException):
            raise BodyTooLarge from None
        return json.loads(body)


def _field_name(loc) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in SOURCES:
        parts = parts[1:]
    # The single body argument of an endpoint ("payload") is not a field the client sends.
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or "тело запроса"


def _message(error: dict) -> str:
    if error.get("type") == "zabota_input":
        return error.get("msg", "неверное значение")  # zabota.api.inputs: already Russian
    template = MESSAGES.get(error.get("type", ""), "неверное значение")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return template.split(" (")[0]


def validation_errors(errors: list[dict]) -> dict:
    items = [{"field": _field_name(e.get("loc", ())), "message": _message(e)} for e in errors]
    shown = "; ".join(f"{i['field']}: {i['message']}" for i in items[:5])
    more = f" (и ещё {len(items) - 5})" if len(items) > 5 else ""
    return {"detail": f"Неверные данные запроса. {shown}{more}.", "errors": items}


def install(api: NinjaAPI) -> None:
    """Russian handlers for the errors django-ninja answers in English by default."""

    @api.exception_handler(ValidationError)
    def on_validation(request, exc: ValidationError):
        return api.create_response(request, validation_errors(exc.errors), status=422)

    @api.exception_handler(AuthenticationError)
    def on_authentication(request, exc):
        if isinstance(exc, TokenRefused):
            body = {"detail": str(exc), "code": exc.code}
        else:
            body = {"detail": NEED_TOKEN, "code": TOKEN_INVALID}
        return api.create_response(request, body, status=401)

    def too_large(request):
        detail = f"Запрос больше {MAX_BODY_BYTES // 1024 // 1024} МБ: отправьте записи частями."
        return api.create_response(request, {"detail": detail}, status=413)

    @api.exception_handler(RequestDataTooBig)
    def on_request_too_big(request, exc):
        # Past Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE) the body is never read at all.
        return too_large(request)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        if isinstance(exc.__cause__, BodyTooLarge):
            return too_large(request)
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            detail = "Тело запроса не удалось прочитать: нужен JSON в кодировке UTF-8."
            return api.create_response(request, {"detail": detail}, status=400)
        detail = str(exc)
        if not any("а" <= ch <= "я" or ch in "ёЁ" or "А" <= ch <= "Я" for ch in detail):
            detail = {
                401: "Нужен действующий ключ устройства: войдите снова.",
                403: "Доступ запрещён.",
                405: "Метод не поддерживается.",
                429: "Слишком много запросов: повторите позже.",
            }.get(exc.status_code, "Запрос не может быть выполнен.")
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return api.create_response(request, {"detail": "Не найдено."}, status=404)
