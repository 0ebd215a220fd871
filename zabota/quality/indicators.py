"""The quarterly indicators of quality per worker, department and institution for any period.

Every figure is a count or a sum in the database over the period, grouped by department and by
worker (docs/quality.md says how each is computed); the institution's row is counted on its own,
not added up from the rows (a survey about two workers counts once for the institution).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from zabota.delivery.entitlements import Entitlements
from zabota.delivery.models import Visit
from zabota.organisation.models import Department, Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.quality.models import (
    Complaint,
    Outcome,
    PlannedInspection,
    Survey,
    SurveyStatus,
    Violation,
)
from zabota.recipients.models import Recipient
from zabota.reports.periods import Period, month_end
from zabota.reports.queries import HOURS, Scope, aggregate, on_service_filter
from zabota.rules import quality as rules

INSTITUTION = "institution"
ZERO = Decimal(0)
TENTH = Decimal("0.1")


@dataclass
class Figures:
    surveys: int = 0
    refusals: int = 0
    tally: rules.Tally = field(default_factory=rules.Tally)
    complaints: int = 0
    justified: int = 0
    partly: int = 0
    planned_inspections: int = 0
    done_inspections: int = 0
    violations: int = 0
    corrected: int = 0
    planned_minutes: Decimal = ZERO
    done_hours: Decimal = ZERO
    visits: int = 0
    confirmed_visits: int = 0

    @property
    def satisfaction(self) -> Decimal | None:
        return self.tally.percent

    @property
    def mean(self) -> Decimal | None:
        return self.tally.mean

    @property
    def planned_hours(self) -> Decimal:
        return (self.planned_minutes / 60).quantize(TENTH)

    @property
    def plan_percent(self) -> Decimal | None:
        if not self.planned_minutes:
            return None
        return (Decimal(100) * self.done_hours * 60 / self.planned_minutes).quantize(TENTH)

    @property
    def confirmed_percent(self) -> Decimal | None:
        return rules.percent(self.confirmed_visits, self.visits)


@dataclass
class Indicators:
    """Figures of the institution (or of the departments in scope), per department, per worker."""

    total: Figures
    departments: dict[int, Figures]
    workers: dict[int, Figures]


def _scoped(queryset, department_ids, field_name: str):
    if department_ids is None:
        return queryset
    return queryset.filter(**{f"{field_name}__in": department_ids})


def compute(scope: Scope, period: Period, *, light: bool = False) -> Indicators:
    """All figures of the period for the institution and departments of `scope`; `light`:
    only surveys, appeals and inspections (the trend by quarter)."""
    result = Indicators(Figures(), defaultdict(Figures), defaultdict(Figures))
    ids, start, end = scope.department_ids, period.start, period.end
    institution = scope.institution_id
    _surveys(result, institution, ids, start, end)
    _complaints(result, institution, ids, start, end)
    _inspections(result, institution, ids, start, end)
    if not light:
        _services(result, scope, period)
        _planned(result, institution, ids, start, end)
        _visits(result, institution, ids, start, end)
    return result


def _surveys(result: Indicators, institution: int, ids, start, end) -> None:
    surveys = _scoped(
        Survey.objects.filter(institution_id=institution, taken_on__range=(start, end)),
        ids,
        "department_id",
    )
    sums = {
        "n": Count("pk"),
        "answers": Sum("answer_count"),
        "satisfied": Sum("satisfied_count"),
        "total": Sum("grade_total"),
    }

    def add(target: Figures, row: dict, n: int) -> None:
        if row["status"] == SurveyStatus.REFUSED:
            target.refusals += n
            return
        target.surveys += n
        target.tally += rules.Tally(row["answers"] or 0, row["satisfied"] or 0, row["total"] or 0)

    for row in surveys.values("department_id", "status").annotate(**sums).order_by():
        add(result.departments[row["department_id"]], row, row["n"])
        add(result.total, row, row["n"])
    through = Survey.workers.through.objects.filter(survey__in=surveys.values("pk"))
    worker_sums = {
        "n": Count("pk"),
        "answers": Sum("survey__answer_count"),
        "satisfied": Sum("survey__satisfied_count"),
        "total": Sum("survey__grade_total"),
    }
    rows = through.values("staff_id", "survey__status").annotate(**worker_sums).order_by()
    for row in rows:
        add(result.workers[row["staff_id"]], {**row, "status": row["survey__status"]}, row["n"])


def _complaints(result: Indicators, institution: int, ids, start, end) -> None:
    complaints = _scoped(
        Complaint.objects.filter(institution_id=institution, received_on__range=(start, end)),
        ids,
        "department_id",
    )
    rows = complaints.values("department_id", "worker_id", "outcome").annotate(n=Count("pk"))
    for row in rows.order_by():
        targets = [result.total, result.departments[row["department_id"]]]
        if row["worker_id"]:
            targets.append(result.workers[row["worker_id"]])
        for target in targets:
            target.complaints += row["n"]
            if row["outcome"] == Outcome.JUSTIFIED:
                target.justified += row["n"]
            elif row["outcome"] == Outcome.PARTLY:
                target.partly += row["n"]


def _inspections(result: Indicators, institution: int, ids, start, end) -> None:
    lines = _scoped(
        PlannedInspection.objects.filter(
            institution_id=institution, planned_on__range=(start, end)
        ),
        ids,
        "department_id",
    )
    for row in (
        lines.values("department_id", "worker_id")
        .annotate(n=Count("pk"), done=Count("inspection_id"))
        .order_by()
    ):
        for target in (
            result.total,
            result.departments[row["department_id"]],
            result.workers[row["worker_id"]],
        ):
            target.planned_inspections += row["n"]
            target.done_inspections += row["done"]
    violations = _scoped(
        Violation.objects.filter(
            inspection__institution_id=institution,
            inspection__inspected_on__range=(start, end),
        ),
        ids,
        "inspection__department_id",
    )
    for row in (
        violations.values("inspection__department_id", "inspection__worker_id")
        .annotate(n=Count("pk"), corrected=Count("corrected_on"))
        .order_by()
    ):
        for target in (
            result.total,
            result.departments[row["inspection__department_id"]],
            result.workers[row["inspection__worker_id"]],
        ):
            target.violations += row["n"]
            target.corrected += row["corrected"]


def _services(result: Indicators, scope: Scope, period: Period) -> None:
    """Hours done by the norms of the catalog: the service log's own figures (reports)."""
    for row in aggregate(scope, period, ["department", "worker"], [HOURS]):
        for target in (
            result.total,
            result.departments[row["department"]],
            result.workers[row["worker"]],
        ):
            target.done_hours += row[HOURS]


def _planned(result: Indicators, institution: int, ids, start, end) -> None:
    """The hours planned: each month of the period, what the recipients on service on its
    first day in the period may receive in a month (the ИППСУ and the care plan, as the
    service log reads them) by the time norms, in proportion to the days of the month in the
    period. A service on both bases counts once. By the worker serving the person now."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        first, last = max(month, start), min(month_end(month), end)
        share = Decimal((last - first).days + 1) / Decimal(month_end(month).day)
        people = _scoped(
            Recipient.objects.filter(on_service_filter(first), institution_id=institution),
            ids,
            "department_id",
        ).values_list("pk", "department_id", "social_worker_id", "caregiver_id")
        months.append((first, share, list(people)))
        month = (month_end(month) + datetime.timedelta(days=1)).replace(day=1)
    # Read at once for every month: the programs and care plans of a year are mostly the same.
    entitlements = Entitlements(
        {p[0] for _first, _share, people in months for p in people},
        [first for first, _share, _people in months],
    )
    for first, share, people in months:
        for pk, department, social, care in people:
            seen = set()
            for e in entitlements.on(pk, first):
                if e.service.pk in seen:
                    continue
                seen.add(e.service.pk)
                minutes = e.per_month * e.service.time_norm_minutes * share
                worker = care if e.is_care and care else social
                targets = [result.total, result.departments[department]]
                if worker:
                    targets.append(result.workers[worker])
                for target in targets:
                    target.planned_minutes += minutes


def _visits(result: Indicators, institution: int, ids, start, end) -> None:
    """Visits of the period, and those confirmed on site: the position was taken and was near
    the home, or the head's review accepted it (needs_review is then cleared)."""
    visits = _scoped(
        Visit.objects.filter(institution_id=institution, visited_on__range=(start, end)),
        ids,
        "recipient__department_id",
    )
    confirmed = Q(distance_m__isnull=False, needs_review=False)
    for row in (
        visits.values("recipient__department_id", "worker_id")
        .annotate(n=Count("pk"), ok=Count("pk", filter=confirmed))
        .order_by()
    ):
        for target in (
            result.total,
            result.departments[row["recipient__department_id"]],
            result.workers[row["worker_id"]],
        ):
            target.visits += row["n"]
            target.confirmed_visits += row["ok"]


def departments_of(scope: Scope) -> list[Department]:
    departments = Department.objects.filter(institution_id=scope.institution_id)
    if scope.department_ids is not None:
        departments = departments.filter(pk__in=scope.department_ids)
    return list(departments.order_by("number"))


def workers_of(scope: Scope, found: dict[int, Figures]) -> list[Staff]:
    """Every active field worker of the departments, and anyone else with a figure."""
    people = Staff.objects.filter(
        institution_id=scope.institution_id, role__in=FIELD_ROLES, user__is_active=True
    )
    if scope.department_ids is not None:
        people = people.filter(department_id__in=scope.department_ids)
    people = people | Staff.objects.filter(
        pk__in=[pk for pk in found if pk], institution_id=scope.institution_id
    )
    return list(
        people.select_related("department").order_by(
            "department__number", "last_name", "first_name", "pk"
        )
    )
