"""Names and order of the values of each dimension: one query per dimension at most."""

from zabota.catalog.models import Service, ServiceType
from zabota.organisation.models import Department, Staff
from zabota.reports import attributes
from zabota.reports.periods import month_label


def dimension_labels(dimension: str, keys, institution_id: int) -> dict:
    """{key: (sort key, label)} for the keys that occur in a report's rows."""
    keys = set(keys)
    if dimension == "month":
        return {k: (k, month_label(k)) for k in keys}
    if dimension == "department":
        rows = Department.objects.filter(pk__in=keys).values_list("pk", "number", "name")
        return {pk: ((number, pk), name) for pk, number, name in rows}
    if dimension == "worker":
        rows = Staff.objects.filter(pk__in=keys).values_list(
            "pk", "last_name", "first_name", "middle_name"
        )
        return {
            pk: ((last, first, middle, pk), " ".join(p for p in (last, first, middle) if p))
            for pk, last, first, middle in rows
        }
    if dimension == "service_type":
        rows = ServiceType.objects.filter(pk__in=keys).values_list("pk", "code", "name")
        return {pk: (code, f"{code}. {name}") for pk, code, name in rows}
    if dimension == "service":
        rows = Service.objects.filter(pk__in=keys).values_list(
            "pk", "service_type__code", "code", "name"
        )
        return {pk: ((type_code, code, pk), f"{code} {name}") for pk, type_code, code, name in rows}
    if dimension in (attributes.BENEFIT_CATEGORY, attributes.PAYMENT_CONDITION):
        names = attributes.labels(dimension, institution_id)
        order = {key: index for index, key in enumerate(names)}
        # "None" goes last; categories by name, conditions in the law's order.
        return {
            k: (
                (1, "") if k == attributes.NONE else (0, order.get(k, 999), names.get(k, str(k))),
                names.get(k, str(k)),
            )
            for k in keys
        }
    if dimension == attributes.CARE_LEVEL:
        names = attributes.labels(dimension, institution_id)
        return {
            k: ((1, "") if k == attributes.NONE else (0, str(k)), names.get(k, str(k)))
            for k in keys
        }
    raise ValueError(dimension)


def sort_key(value):
    """Sort keys of different shapes (tuples of str/int/date) without comparing across types."""
    return value if isinstance(value, tuple) else (value,)
