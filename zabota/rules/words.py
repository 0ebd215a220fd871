"""Money, dates and months written out in words, as Russian documents require.

Acts and contracts repeat the sum in words ("одна тысяча двести рублей 50 копеек") so that
the figure cannot be altered; the kopecks stay in digits, always two of them, as in
accounting practice. Pure Python: no Django import here.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

_KOPECK = Decimal("0.01")

# Months are a closed set: a table is exact and needs no morphological analyser.
_MONTHS: dict[str, tuple[str, ...]] = {
    "nomn": (
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ),
    "gent": (
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ),
    "datv": (
        "январю", "февралю", "марту", "апрелю", "маю", "июню",
        "июлю", "августу", "сентябрю", "октябрю", "ноябрю", "декабрю",
    ),
    # Month names are inanimate: the accusative equals the nominative ("за октябрь").
    "accs": (
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ),
    "ablt": (
        "январём", "февралём", "мартом", "апрелем", "маем", "июнем",
        "июлем", "августом", "сентябрём", "октябрём", "ноябрём", "декабрём",
    ),
    "loct": (
        "январе", "феврале", "марте", "апреле", "мае", "июне",
        "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
    ),
}  # fmt: skip


def plural_form(n: int, one: str, few: str, many: str) -> str:
    """Pick the noun form that agrees with n: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль."""
    n = abs(n)
    # 11–14 take the "many" form although they end in 1–4.
    if 11 <= n % 100 <= 14:
        return many
    if n % 10 == 1:
        return one
    if 2 <= n % 10 <= 4:
        return few
    return many


Forms = tuple[str, str, str] | str


def split_forms(forms: Forms) -> tuple[str, str, str]:
    # "услуга,услуги,услуг" is how a template passes them; a tuple is how Python does.
    parts = [p.strip() for p in forms.split(",")] if isinstance(forms, str) else list(forms)
    if len(parts) != 3:
        raise ValueError(f"Three forms are needed (1, 2, 5 of a noun), got {forms!r}")
    return parts[0], parts[1], parts[2]


def _number(n: int | float | Decimal | str) -> Decimal:
    if isinstance(n, bool):
        raise TypeError("a count cannot be a yes/no value")
    if isinstance(n, str):
        value = Decimal(n.replace(",", ".").replace(" ", ""))
    else:
        # str() of a float is its shortest exact-looking form: 1.1, not 1.100000000000000088…
        value = Decimal(str(n)) if isinstance(n, float) else Decimal(n)
    if not value.is_finite():
        raise ValueError(f"A count must be a finite number, got {n!r}")
    return value


def plural(n: int | float | Decimal | str, one: str, few: str, many: str) -> str:
    """The noun form that agrees with any number: 1 услуга, 2 услуги, 5 услуг, 0 услуг;
    a fraction takes the genitive singular whatever its digits (1,5 услуги, 0,25 часа)."""
    value = _number(n)
    if value != value.to_integral_value():
        return few
    return plural_form(int(value), one, few, many)


def number_text(n: int | float | Decimal | str) -> str:
    """12 → «12», Decimal("1.50") → «1,5», 3.0 → «3»: a count as a Russian reader writes it."""
    value = _number(n)
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}".replace(".", ",")


# Nouns several messages count: «у 1 получателя», «у 2 получателей», «у 5 получателей».
RECIPIENTS_GENITIVE = ("получателя", "получателей", "получателей")


def count_text(n: int | float | Decimal | str, forms: Forms) -> str:
    """count_text(3, ("услуга", "услуги", "услуг")) → «3 услуги»; forms may be "a,b,c"."""
    return f"{number_text(n)} {plural(n, *split_forms(forms))}"


# Units of a service that change with the number (the catalog's list and what the tablet
# counts in pieces). Any other unit is an abbreviation or a region's own (м², кг, шт.): it is
# printed as written, which is right for abbreviations and never a wrong ending.
UNIT_FORMS: dict[str, tuple[str, str, str]] = {
    "услуга": ("услуга", "услуги", "услуг"),
    "посещение": ("посещение", "посещения", "посещений"),
    "час": ("час", "часа", "часов"),
    "комплект": ("комплект", "комплекта", "комплектов"),
    "поездка": ("поездка", "поездки", "поездок"),
    "раз": ("раз", "раза", "раз"),
    "штука": ("штука", "штуки", "штук"),
    "минута": ("минута", "минуты", "минут"),
    "день": ("день", "дня", "дней"),
    "консультация": ("консультация", "консультации", "консультаций"),
}


def unit_form(n: int | float | Decimal | str, unit: str) -> str:
    """The unit that agrees with n: (3, "услуга") → «услуги»; an unknown unit as written."""
    forms = UNIT_FORMS.get((unit or "").strip().lower())
    return plural(n, *forms) if forms else (unit or "")


def quantity_text(n: int | float | Decimal | str, unit: str) -> str:
    """(3, "услуга") → «3 услуги», (Decimal("1.5"), "час") → «1,5 часа», (2, "м²") → «2 м²»."""
    return f"{number_text(n)} {unit_form(n, unit)}".strip()


def rubles_in_words(amount: Decimal | int) -> str:
    """1234.56 → "одна тысяча двести тридцать четыре рубля 56 копеек".

    Money is Decimal (or a whole int): a float has already lost kopecks to binary
    rounding (2.675 is 2.67499…), so it is refused rather than silently misprinted.
    """
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(
            f"Money amount must be Decimal or int, not {type(amount).__name__}; "
            "convert floats with Decimal(str(value)) at the boundary"
        )
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"Money amount must be a finite number, got {amount!r}")
    if value < 0:
        raise ValueError(f"Money amount must not be negative, got {amount!r}")
    # Half-up to the kopeck, as cash and accounting do (0.005 → 0.01), not banker's rounding.
    value = value.quantize(_KOPECK, rounding=ROUND_HALF_UP)
    rubles = int(value)
    kopecks = int((value - rubles) * 100)
    # num2words already makes thousands feminine ("одна тысяча", "две тысячи").
    rubles_words = num2words(rubles, lang="ru")
    return (
        f"{rubles_words} {plural_form(rubles, 'рубль', 'рубля', 'рублей')} "
        f"{kopecks:02d} {plural_form(kopecks, 'копейка', 'копейки', 'копеек')}"
    )


def capitalize_first(text: str) -> str:
    """Upper-case only the first letter: str.capitalize() would lower-case the rest."""
    return text[:1].upper() + text[1:]


def month_name(month: int, case: str = "nomn") -> str:
    """Month 1–12 in an OpenCorpora case: "январь", gent "января", loct "январе"."""
    if case not in _MONTHS:
        raise ValueError(f"Unknown grammatical case {case!r}; expected one of {', '.join(_MONTHS)}")
    if not 1 <= month <= 12:
        raise ValueError(f"Month must be between 1 and 12, got {month!r}")
    return _MONTHS[case][month - 1]


def date_in_words(d: date) -> str:
    """1 October 2026 → «01» октября 2026 г., the form used in the heading of contracts."""
    return f"«{d.day:02d}» {month_name(d.month, 'gent')} {d.year} г."


def month_year_title(year: int, month: int) -> str:
    """(2026, 10) → "октябрь 2026 г.", as in an act "за октябрь 2026 г."."""
    return f"{month_name(month)} {year} г."
