"""Demo data of the exchange: a layout of the regional export as a ministry might ask for it, and
ЕГИССО settings with example identifiers (so the demo's ЕГИССО export validates)."""

import uuid

from zabota.core.demo import DemoContext
from zabota.exchange.models import (
    CsvDelimiter,
    CsvEncoding,
    DecisionDateRule,
    EgissoCategory,
    EgissoSettings,
    ExportFormat,
    ExportMapping,
)
from zabota.recipients.models import BenefitCategory

# An illustration only: the real layout comes from the regional ministry (regulations.md § 8.1).
EXAMPLE_COLUMNS = [
    ["SNILS", "snils_digits"],
    ["FAM", "last_name"],
    ["IM", "first_name"],
    ["OT", "middle_name"],
    ["DR", "birth_date"],
    ["POL", "gender_letter"],
    ["ADRES", "address"],
    ["LGOTA", "benefit_categories"],
    ["DATA_NACH", "enrolment.enrolled_on"],
    ["DATA_OKON", "enrolment.discharged_on"],
]
# Invented identifiers in the formats of the XSD; a real centre gets its own from ЕГИССО (ЕЦП).
_DEMO = uuid.UUID("6f1c2d4e-0000-4000-8000-000000000000")
EXAMPLE_ONMSZ_CODE = "4200.000123"
EXAMPLE_LMSZ_ID = uuid.uuid5(_DEMO, "lmsz/home-services")
EXAMPLE_CATEGORY_ID = uuid.uuid5(_DEMO, "category/elderly-and-disabled")
# Benefit categories with their own (example) ЕГИССО category.
OWN_CATEGORIES = ["Инвалид Великой Отечественной войны", "Участник Великой Отечественной войны"]


def populate(ctx: DemoContext) -> None:
    ExportMapping.objects.create(
        institution=ctx.institution,
        name="АС АСП (пример)",
        source="recipients",
        columns=EXAMPLE_COLUMNS,
        file_format=ExportFormat.CSV,
        encoding=CsvEncoding.CP1251,
        delimiter=CsvDelimiter.SEMICOLON,
    )
    settings = EgissoSettings.objects.create(
        institution=ctx.institution,
        onmsz_code=EXAMPLE_ONMSZ_CODE,
        lmsz_id=EXAMPLE_LMSZ_ID,
        category_id=EXAMPLE_CATEGORY_ID,
        decision_date_rule=DecisionDateRule.DRAWN_UP,
        updated_by=ctx.staff.get("admin"),
    )
    EgissoCategory.objects.bulk_create(
        EgissoCategory(
            settings=settings,
            benefit_category=category,
            category_id=uuid.uuid5(_DEMO, f"category/{category.name}"),
        )
        for category in BenefitCategory.objects.filter(
            institution=ctx.institution, name__in=OWN_CATEGORIES
        )
    )
