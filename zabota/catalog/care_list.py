"""The 50 care services of the social package of long-term care with their recommended
standards (приложения № 6 и 7 к типовой модели СДУ), shipped as data in
data/sdu_care_services.json with its source and edition; docs/long-term-care.md,
«50 услуг по уходу»."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "sdu_care_services.json"
# What Service.care_source says of every loaded service (max 300 characters).
SOURCE_TEXT = (
    "Перечень и рекомендуемые стандарты услуг по уходу (приложения № 6 и 7 к типовой модели "
    "СДУ), лист 1 шаблона «Таблица СДУ.xltx» (github.com/Ratilife/ExcelAddInUSZN); год "
    "типовой модели в источнике не указан"
)


@dataclass(frozen=True)
class CareStandard:
    """One of the 50: its number, slot of alternatives, name, periodicity «не более», minutes."""

    number: int
    slot: int
    name: str
    gloss: str
    periodicity: str
    times: int
    per: str  # day | week | month
    minutes: int
    list2: str = ""  # how the other edition of the template differs


@cache
def care_list() -> dict:
    """The file as shipped: title, act, source, edition, notes, services."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def care_standards() -> tuple[CareStandard, ...]:
    return tuple(
        CareStandard(
            number=row["n"],
            slot=row["slot"],
            name=row["name"],
            gloss=row["gloss"],
            periodicity=row["periodicity"],
            times=row["periodicity_max"]["times"],
            per=row["periodicity_max"]["per"],
            minutes=row["minutes"],
            list2=row.get("list2", ""),
        )
        for row in care_list()["services"]
    )
