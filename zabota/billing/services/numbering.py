"""Charge numbers: «ГГГГММ-NNNNN», counted per institution and ledger month, so a number read
from a bank's purpose line («квитанция № 202611-00042») finds its charge."""

import datetime
import re

from django.db.models import Max

from zabota.billing.models import Charge
from zabota.organisation.models import Institution

NUMBER = re.compile(r"(?<!\d)(20\d{2}(?:0[1-9]|1[0-2]))-(\d{5})(?!\d)")


def lock_institution(institution_id: int) -> None:
    """Serialise the writers of one institution's ledger (numbers, statement imports): on
    PostgreSQL a row lock, on SQLite writes are serial anyway."""
    Institution.objects.select_for_update().filter(pk=institution_id).first()


def next_number(institution_id: int, month: datetime.date) -> tuple[int, str]:
    last = Charge.objects.filter(institution_id=institution_id, month=month).aggregate(
        m=Max("sequence")
    )["m"]
    sequence = (last or 0) + 1
    return sequence, f"{month:%Y%m}-{sequence:05d}"


def numbers_in(text: str) -> list[str]:
    """Charge numbers written in a text (a payment's purpose), in order."""
    return [f"{month}-{seq}" for month, seq in NUMBER.findall(text or "")]
