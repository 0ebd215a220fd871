"""Demo data of the exchange: a layout of the regional export, as a ministry might ask for it."""

from zabota.core.demo import DemoContext
from zabota.exchange.models import CsvDelimiter, CsvEncoding, ExportFormat, ExportMapping

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
