"""Form and model validators that wrap the pure rules with Russian messages."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from zabota.core.text import refusal_message
from zabota.rules.identifiers import inn_is_valid, snils_digits, snils_is_valid

EARLIEST_DATE = datetime.date(1900, 1, 1)


def validate_snils(value: str) -> None:
    digits = snils_digits(value)
    if len(digits) != 11 or not digits.isdigit():
        raise ValidationError(
            "СНИЛС должен состоять из 11 цифр, например 112-233-445 95.", code="snils_format"
        )
    if not snils_is_valid(digits):
        raise ValidationError(
            "Контрольное число СНИЛС не сходится: проверьте цифры.", code="snils_check"
        )


def validate_inn(value: str) -> None:
    value = (value or "").strip()
    if not value.isdigit() or len(value) not in (10, 12):
        raise ValidationError(
            "ИНН состоит из 10 цифр (организация) или 12 цифр (физическое лицо).",
            code="inn_format",
        )
    if not inn_is_valid(value):
        raise ValidationError(
            "Контрольные цифры ИНН не сходятся: проверьте номер.", code="inn_check"
        )


def validate_not_future(value: datetime.date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError("Дата не может быть в будущем.", code="future")


def validate_plausible_date(value: datetime.date) -> None:
    if value and value < EARLIEST_DATE:
        raise ValidationError("Слишком ранняя дата: проверьте год.", code="too_early")


class TextHygieneValidator:
    """Refuses control characters (zabota.core.text) with a message naming the field; strings
    inside a list or a dict (a JSON field) are checked too."""

    code = "control_character"

    def __init__(self, label: str = "", *, multiline: bool = False):
        self.label = label
        self.multiline = multiline

    def __call__(self, value) -> None:
        for text in _strings(value):
            message = refusal_message(str(self.label), text, multiline=self.multiline)
            if message:
                raise ValidationError(message, code=self.code)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _strings(item)
