"""The eight types of social services of 442-ФЗ ст. 20, in the law's order.

They are law, not demo data: every database gets them. Row = the line of form 6-собес,
раздел 1, that counts services of the type (rows 3–10; regulations.md §5).
"""

from django.db import migrations

TYPES = [
    (1, "Социально-бытовые услуги", 3),
    (2, "Социально-медицинские услуги", 4),
    (3, "Социально-психологические услуги", 5),
    (4, "Социально-педагогические услуги", 6),
    (5, "Социально-трудовые услуги", 7),
    (6, "Социально-правовые услуги", 8),
    (
        7,
        "Услуги в целях повышения коммуникативного потенциала получателей социальных услуг, "
        "имеющих ограничения жизнедеятельности, в том числе детей-инвалидов",
        9,
    ),
    (8, "Срочные социальные услуги", 10),
]


def create_types(apps, schema_editor):
    ServiceType = apps.get_model("catalog", "ServiceType")
    for code, name, row in TYPES:
        ServiceType.objects.update_or_create(code=code, defaults={"name": name, "sobes_row": row})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
