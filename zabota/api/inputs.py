"""Strict scalar types of the API's input: each accepts exactly what its OpenAPI schema says.

pydantic's lax mode reads far more than the schema promises (`false` as the number 0, `0` as
1 January 1970, "1700000000" as a moment, "5" as an integer), so a broken client would get its
garbage stored instead of a 422. Each type here checks the JSON type and the spelling first and
publishes the same rule in the schema (pattern, bounds), so that the document and the server
never disagree (tests/hostile/test_api_schema.py holds them to it).
"""

import datetime
import re
import uuid
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from zabota.core.text import refused_description

# Ids are database keys: bounded so a huge number is a 4xx, never a database overflow.
MAX_ID = 2**63 - 1

# C0 control characters, DEL and C1, except tab and line feed, and the two non-characters XML
# cannot hold (zabota.core.text refuses the same in forms and imports; a browser's CR+LF is
# made LF by the forms, an API client sends LF).
# PostgreSQL text cannot hold NUL at all; the others are never typed and only hide text.
TEXT_PATTERN = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]*$"

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# RFC 3339 (the `date-time` format of JSON Schema): seconds and the offset are required.
MOMENT_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})"
)
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
MAX_QUANTITY = 99_999_999
# Whole part up to eight digits, up to two places, no sign, no exponent, no leading zeros.
QUANTITY_PATTERN = r"^(0|[1-9][0-9]{0,7})(\.[0-9]{1,2})?$"


def _refuse(message: str) -> PydanticCustomError:
    # One kind for all: zabota.api.errors shows the Russian message itself.
    return PydanticCustomError("zabota_input", message)


def _whole(value: Any) -> int:
    # bool is an int to Python but not an integer to JSON Schema; 5.0 is an integer to both.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refuse("нужно целое число")
    if isinstance(value, float):
        if not value.is_integer():
            raise _refuse("нужно целое число")
        return int(value)
    return value


def _path_whole(value: Any) -> int:
    # Only a path parameter may arrive as text (an address is text); a body field may not.
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,19}", value):
        return int(value)
    return _whole(value)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refuse("нужно число")
    return float(value)


def _bounded(value: int | float, low: int, high: int) -> int | float:
    # NaN fails both comparisons, so it is refused too.
    if not low <= value <= high:
        raise _refuse(f"от {low} до {high}")
    return value


def _day(value: Any) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if not isinstance(value, str) or not DATE_RE.fullmatch(value):
        raise _refuse("нужна дата в формате ГГГГ-ММ-ДД")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _refuse("нужна дата в формате ГГГГ-ММ-ДД") from None


def _moment(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    match = MOMENT_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise _refuse("нужны дата, время и часовой пояс: ГГГГ-ММ-ДДTчч:мм:сс+03:00 или …Z")
    day, time, fraction, offset = match.groups()
    # Python reads up to microseconds; RFC 3339 allows any number of digits.
    fraction = f".{(fraction or '')[:6]:0<6}"
    offset = "+00:00" if offset in "Zz" else offset
    try:
        return datetime.datetime.fromisoformat(f"{day}T{time}{fraction}{offset}")
    except ValueError:
        raise _refuse("такой даты или времени не бывает") from None


def _uuid(value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str) or not UUID_RE.fullmatch(value):
        raise _refuse("нужен идентификатор UUID (8-4-4-4-12 шестнадцатеричных цифр)")
    return uuid.UUID(value)


def _quantity(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise _refuse("нужно число")
    if isinstance(value, int):
        if not 0 <= value <= MAX_QUANTITY:
            raise _refuse(f"количество — от 0 до {MAX_QUANTITY}")
        return Decimal(value)
    if isinstance(value, float):
        # A binary fraction cannot promise two places: fractions travel as text ("1.5").
        if not value.is_integer():
            raise _refuse('дробное количество передаётся строкой, например "1.5"')
        return _quantity(int(value))
    if isinstance(value, str) and re.fullmatch(QUANTITY_PATTERN, value):
        return Decimal(value)
    raise _refuse('нужно количество: целое число или строка вида "12.5"')


def _clean(value: str) -> str:
    # zabota.core.text names the character and its place («недопустимый управляющий символ
    # U+0007, знак № 6»); tab and line breaks are allowed in the API's texts.
    message = refused_description(value, multiline=True)
    if message:
        raise _refuse(message)
    return value


# A string of an input schema: refused with the Russian reason when it holds a control
# character (the same check as every form and import); TEXT_PATTERN states it in the schema.
CleanText = Annotated[str, AfterValidator(_clean)]


def Text(*, max_length: int, min_length: int = 0, default: Any = ..., description: str = ""):
    """The bounds of a CleanText field, and its pattern in the schema (checked by CleanText
    with a message that names the character, not by pydantic's pattern)."""
    return Field(
        default,
        min_length=min_length or None,
        max_length=max_length,
        description=description or None,
        json_schema_extra={"pattern": TEXT_PATTERN},
    )


# Bounds are checked by the validators and stated by WithJsonSchema: pydantic's own Field(ge=…)
# next to a BeforeValidator lands in the schema as unknown words ("ge") inside an Optional.
Id = Annotated[
    int,
    BeforeValidator(lambda value: _bounded(_whole(value), 1, MAX_ID)),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_ID}),
]
PathId = Annotated[
    int,
    BeforeValidator(_path_whole),
    WithJsonSchema({"type": "integer", "format": "int64"}),
]
Latitude = Annotated[
    float,
    BeforeValidator(lambda value: _bounded(_number(value), -90, 90)),
    WithJsonSchema({"type": "number", "minimum": -90, "maximum": 90}),
]
Longitude = Annotated[
    float,
    BeforeValidator(lambda value: _bounded(_number(value), -180, 180)),
    WithJsonSchema({"type": "number", "minimum": -180, "maximum": 180}),
]
Day = Annotated[
    datetime.date,
    BeforeValidator(_day),
    WithJsonSchema({"type": "string", "format": "date"}),
]
Moment = Annotated[
    datetime.datetime,
    BeforeValidator(_moment),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339, с часовым поясом: 2026-11-18T09:30:00+03:00 или …Z",
        }
    ),
]
Uuid = Annotated[
    uuid.UUID,
    BeforeValidator(_uuid),
    WithJsonSchema({"type": "string", "format": "uuid"}),
]
Quantity = Annotated[
    Decimal,
    BeforeValidator(_quantity),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": MAX_QUANTITY},
                {"type": "string", "pattern": QUANTITY_PATTERN},
            ],
            "description": (
                "Количество: целое число или строка с точкой, не больше двух знаков после "
                'запятой ("1", "12.5", "0.25"). Запись с количеством 0 отклоняется по одной '
                "(в rejected), а не всем пакетом."
            ),
        }
    ),
]
