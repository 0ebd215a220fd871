"""Reading the service log, scoped by role through the recipient."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404

from zabota.catalog.models import Service
from zabota.core.lists import words_query
from zabota.delivery.models import MonthClosing, ServiceRecord, Visit
from zabota.organisation.access import may_change_record, recipient_scope
from zabota.organisation.models import Staff
from zabota.programs.selectors import program_in_force
from zabota.rules.volumes import fulfilment_percent


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the month that holds `month`."""
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return start, end


def is_month_closed(department_id: int, day: datetime.date) -> bool:
    return MonthClosing.objects.filter(
        department_id=department_id, month=day.replace(day=1), reopened_at__isnull=True
    ).exists()


def closed_months(department_ids) -> set[tuple[int, datetime.date]]:
    return set(
        MonthClosing.objects.filter(
            department_id__in=list(department_ids), reopened_at__isnull=True
        ).values_list("department_id", "month")
    )


def records_for(staff: Staff) -> QuerySet[ServiceRecord]:
    return ServiceRecord.objects.filter(recipient_scope(staff, "recipient__"))


def get_record_for(staff: Staff, pk: int) -> ServiceRecord:
    return get_object_or_404(
        records_for(staff).select_related("recipient", "service", "worker"), pk=pk
    )


def search_records(
    staff: Staff,
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    recipient_id: int | None = None,
    worker_id: int | None = None,
    department_id: int | None = None,
    include_cancelled: bool = False,
    text: str = "",
) -> QuerySet[ServiceRecord]:
    records = records_for(staff).filter(performed_on__range=(date_from, date_to))
    if recipient_id:
        records = records.filter(recipient_id=recipient_id)
    if worker_id:
        records = records.filter(worker_id=worker_id)
    if department_id:
        records = records.filter(department_id=department_id)
    if not include_cancelled:
        records = records.filter(cancelled_at__isnull=True)
    if text.strip():
        records = records.filter(words_query(text, ["recipient__last_name", "service__name"]))
    return records.select_related("recipient", "service", "worker").order_by("-performed_on", "-pk")


def changeable(staff: Staff, records) -> set[int]:
    """Which of these records the person may still cancel or correct: not cancelled, in a
    month still open, and — for a field worker — their own (one query for the closings)."""
    records = list(records)
    closed = closed_months({r.department_id for r in records})
    return {
        r.pk
        for r in records
        if r.cancelled_at is None
        and (r.department_id, r.performed_on.replace(day=1)) not in closed
        and may_change_record(staff, r)
    }


def visits_for(staff: Staff) -> QuerySet[Visit]:
    return Visit.objects.filter(recipient_scope(staff, "recipient__"))


def visits_to_review(staff: Staff) -> QuerySet[Visit]:
    return visits_for(staff).filter(needs_review=True).select_related("recipient", "worker")


def last_visit_lines(recipient, worker: Staff | None) -> list[ServiceRecord]:
    """The services of the person's most recent visit, to repeat it in one tap."""
    visits = Visit.objects.filter(recipient=recipient)
    if worker is not None:
        visits = visits.filter(worker=worker)
    last = visits.order_by("-visited_on", "-pk").first()
    if last is None:
        return []
    return list(last.records.filter(cancelled_at__isnull=True).select_related("service"))


@dataclass(frozen=True)
class PlanFactLine:
    service_id: int
    code: str
    name: str
    unit: str
    planned: Decimal
    done: Decimal

    @property
    def percent(self) -> Decimal | None:
        return fulfilment_percent(self.planned, self.done)

    @property
    def exceeded(self) -> bool:
        return self.done > self.planned


def plan_vs_fact(recipient, month: datetime.date) -> list[PlanFactLine]:
    """Each service of the ИППСУ in force in the month (and anything else done), plan and fact."""
    start, end = month_bounds(month)
    program = program_in_force(recipient, end) or program_in_force(recipient, start)
    planned = {}
    if program is not None:
        for line in program.services.select_related("service"):
            planned[line.service_id] = (line.service, line.quantity_per_month)
    done = dict(
        ServiceRecord.objects.filter(
            recipient=recipient, cancelled_at__isnull=True, performed_on__range=(start, end)
        )
        .values("service_id")
        .annotate(total=Sum("quantity"))
        .values_list("service_id", "total")
    )
    services = {sid: s for sid, (s, _q) in planned.items()}
    missing = set(done) - set(planned)
    if missing:
        services.update(Service.objects.in_bulk(missing))
    lines = [
        PlanFactLine(
            sid,
            services[sid].code,
            services[sid].name,
            services[sid].unit,
            planned.get(sid, (None, Decimal(0)))[1],
            done.get(sid, Decimal(0)),
        )
        for sid in services
    ]
    return sorted(lines, key=lambda line: line.code)


def month_closings(staff: Staff, department_ids) -> QuerySet[MonthClosing]:
    return (
        MonthClosing.objects.filter(department_id__in=list(department_ids))
        .select_related("department", "closed_by", "reopened_by")
        .order_by("-month", "department__number", "-pk")
    )


def recipient_ids_with_records(staff: Staff, start, end) -> QuerySet:
    return records_for(staff).filter(performed_on__range=(start, end)).values("recipient_id")


def done_by_month(
    recipient_ids, days, service_ids=None
) -> dict[tuple[int, int, datetime.date, str], Decimal]:
    """Σ quantity of active records per (recipient, service, first day of month, basis) for
    the months of `days` (of `service_ids` only, if given). A service may rest on the ИППСУ and
    on the care plan: each basis has its own monthly volume.

    One query per month (a day's or a week's work touches one or two): grouping by the month of
    each record costs two date functions per row on SQLite."""
    done: dict[tuple[int, int, datetime.date, str], Decimal] = defaultdict(Decimal)
    for month in sorted({day.replace(day=1) for day in days}):
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        records = ServiceRecord.objects.filter(
            recipient_id__in=recipient_ids,
            cancelled_at__isnull=True,
            performed_on__gte=month,
            performed_on__lt=following,
        )
        if service_ids is not None:
            records = records.filter(service_id__in=service_ids)
        rows = (
            records.values("recipient_id", "service_id", "basis")
            .annotate(total=Sum("quantity"))
            .order_by()
        )
        for row in rows:
            key = (row["recipient_id"], row["service_id"], month, row["basis"])
            done[key] += row["total"]
    return done
