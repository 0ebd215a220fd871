"""The eight types of social services of 442-ФЗ ст. 20, in the law's order.

They are law, not data a centre enters: every database has them. The migration creates them,
and so does every post_migrate (a `flush` — the demo's reset, a transactional test — empties
the table, and the catalog cannot live without them).
Row = the line of form 6-собес, раздел 1, that counts services of the type (regulations.md §5).
"""

from zabota.catalog.models import ServiceType

SERVICE_TYPES = [
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


def ensure_service_types(using: str = "default", **kwargs) -> None:
    """Create the types that are missing (a post_migrate receiver, hence **kwargs)."""
    present = set(ServiceType.objects.using(using).values_list("code", flat=True))
    missing = [
        ServiceType(code=code, name=name, sobes_row=row)
        for code, name, row in SERVICE_TYPES
        if code not in present
    ]
    if missing:
        ServiceType.objects.using(using).bulk_create(missing)
