"""Attributes of recipients that reports group by: benefit category, payment condition, care
level. Each is looked up for every recipient of a report at once (a bounded number of
queries whatever the number of people) and folded into the rows by `queries.aggregate`."""

import datetime

from django.db.models import QuerySet

from zabota.ltc.models import Assessment, AssessmentStatus
from zabota.payments.statistics import CONDITIONS, recipient_conditions
from zabota.recipients.models import BenefitCategory, Recipient

# The key of "none": no category, no assessment, no payment decision.
NONE = ""

BENEFIT_CATEGORY = "benefit_category"
PAYMENT_CONDITION = "payment_condition"
CARE_LEVEL = "care_level"


def lookup(
    dimensions: list[str], people: QuerySet[Recipient], on_date: datetime.date
) -> dict[str, dict[int, list]]:
    """{dimension: {recipient id: [key, …]}} for the recipients of `people`."""
    found = {}
    for dimension in dimensions:
        if dimension == BENEFIT_CATEGORY:
            found[dimension] = benefit_categories(people)
        elif dimension == PAYMENT_CONDITION:
            found[dimension] = payment_conditions(people, on_date)
        elif dimension == CARE_LEVEL:
            found[dimension] = care_levels(people, on_date)
    return found


def benefit_categories(people: QuerySet[Recipient]) -> dict[int, list]:
    through = Recipient.benefit_categories.through
    result: dict[int, list] = {}
    rows = through.objects.filter(recipient_id__in=people.values("pk")).values_list(
        "recipient_id", "benefitcategory_id"
    )
    for recipient_id, category_id in rows.order_by("recipient_id", "benefitcategory_id"):
        result.setdefault(recipient_id, []).append(category_id)
    return result


def payment_conditions(people: QuerySet[Recipient], on_date: datetime.date) -> dict[int, list]:
    """The condition the payments app shows for each person on the date (442-ФЗ ст. 31–32):
    the current decision against the planned cost of the program in force."""
    return {
        rid: [condition] for rid, (condition, _fee) in recipient_conditions(people, on_date).items()
    }


def care_levels(people: QuerySet[Recipient], on_date: datetime.date) -> dict[int, list]:
    """The outcome code of each person's latest submitted assessment on or before the date."""
    rows = (
        Assessment.objects.filter(
            recipient_id__in=people.values("pk"),
            status=AssessmentStatus.SUBMITTED,
            assessed_on__lte=on_date,
        )
        .exclude(outcome_code="")
        .order_by("recipient_id", "-assessed_on", "-pk")
        .values_list("recipient_id", "outcome_code")
    )
    result: dict[int, list] = {}
    for recipient_id, code in rows:
        result.setdefault(recipient_id, [code])
    return result


def labels(dimension: str, institution_id: int) -> dict:
    """{key: label} of a recipient attribute (one query at most)."""
    if dimension == BENEFIT_CATEGORY:
        names = dict(
            BenefitCategory.objects.filter(institution_id=institution_id).values_list("pk", "name")
        )
        return {NONE: "без льготной категории", **names}
    if dimension == PAYMENT_CONDITION:
        return {NONE: "нет сведений", **dict(CONDITIONS)}
    if dimension == CARE_LEVEL:
        titles = (
            Assessment.objects.filter(
                recipient__institution_id=institution_id, status=AssessmentStatus.SUBMITTED
            )
            .exclude(outcome_code="")
            .values_list("outcome_code", "outcome_title")
            .distinct()
        )
        found = {NONE: "оценка не проводилась"}
        for code, title in titles.order_by("outcome_code"):
            found.setdefault(code, f"{title} ({code})" if title and title != code else code)
        return found
    raise ValueError(dimension)
