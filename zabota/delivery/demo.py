"""The demo's service log: the last `ctx.months` months of visits along each person's ИППСУ.

Rows go in with executemany and explicit ids (no model instances), and the monthly totals are
rebuilt once at the end, so the same code fills 10 000 recipients × 12 months (about 3 million
records) in minutes.
"""

import datetime
import uuid
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from zabota.catalog.selectors import tariff_book
from zabota.core.demo import (
    DemoContext,
    fast_insert,
    foreign_keys_drop,
    foreign_keys_restore,
    next_id,
    reset_sequences,
)
from zabota.delivery.models import Basis, RecordSource, ServiceRecord, Visit
from zabota.delivery.services.totals import totals_rebuild
from zabota.programs.models import ProgramService, ProgramStatus
from zabota.recipients.models import Recipient
from zabota.rules.schedule import CareSchedule

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KOPECK = Decimal("0.01")
ONE = Decimal(1)
ZERO = Decimal("0.00")

VISIT_COLUMNS = [
    "id",
    "institution",
    "recipient",
    "worker",
    "visited_on",
    "arrived_at",
    "left_at",
    "needs_review",
    "review_note",
    "source",
    "created_at",
]
RECORD_COLUMNS = [
    "id",
    "uuid",
    "institution",
    "department",
    "recipient",
    "service",
    "worker",
    "visit",
    "performed_on",
    "quantity",
    "note",
    "price",
    "amount",
    "norm_minutes",
    "is_additional",
    "basis",
    "over_volume_reason",
    "source",
    "cancel_reason",
    "created_by",
    "created_at",
]


def populate(ctx: DemoContext) -> None:
    # Per recipient and weekday: the program lines planned that day.
    plan = defaultdict(lambda: [[] for _ in DAYS])
    service_ids = set()
    rows = ProgramService.objects.filter(
        program__status=ProgramStatus.IN_FORCE, program__recipient__institution=ctx.institution
    ).values_list(
        "program__recipient_id",
        "service_id",
        "quantity_per_month",
        "weekdays",
        "service__time_norm_minutes",
        "service__is_care",
        "program__valid_from",
        "program__valid_until",
    )
    for recipient_id, service_id, planned, weekdays, norm, is_care, start, end in rows:
        line = (service_id, planned, Decimal(norm), is_care, start, end)
        for code in weekdays.split(","):
            if code in DAYS:
                plan[recipient_id][DAYS.index(code)].append(line)
        service_ids.add(service_id)
    # Per recipient: the care plan's services (zabota.ltc's demo ran before and left them).
    care = defaultdict(list)
    for recipient_id, service_id, periodicity, times, minutes, start, end in ctx.extra.get(
        "care_lines", []
    ):
        schedule = CareSchedule(periodicity, times)
        care[recipient_id].append((service_id, schedule, Decimal(minutes), start, end))
    if not plan and not care:
        return
    prices = tariff_book(service_ids)
    people = list(
        Recipient.objects.filter(pk__in=list(set(plan) | set(care))).values_list(
            "pk", "department_id", "social_worker_id", "caregiver_id"
        )
    )
    visits, records = [], []
    first_visit_id, first_record_id = next_id(Visit), next_id(ServiceRecord)
    visit_id, record_id = first_visit_id, first_record_id
    rng, today, institution = ctx.rng, ctx.today, ctx.institution.pk
    creator = ctx.staff["worker1"].pk if "worker1" in ctx.staff else None
    zone = timezone.get_current_timezone()
    now = timezone.now()
    keys = foreign_keys_drop(Visit, ServiceRecord)
    for month_start in ctx.month_starts():
        month_end = min(
            (month_start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1),
            today,
        )
        days = [
            month_start + datetime.timedelta(days=n)
            for n in range((month_end - month_start).days + 1)
        ]
        for recipient_id, department_id, worker_id, caregiver_id in people:
            used = defaultdict(int)
            cared = defaultdict(Decimal)
            weekly = plan[recipient_id] if recipient_id in plan else [[] for _ in DAYS]
            for day in days:
                by_worker = {}
                care_worker = caregiver_id or worker_id
                # The care plan's services due today, free: the plan details the ИППСУ's care
                # services day by day, so those are not recorded twice.
                covered = set()
                for service_id, schedule, norm, start, end in care.get(recipient_id, ()):
                    due = schedule.due_on(day, cared[service_id])
                    if not due or not (start or day) <= day <= (end or day):
                        continue
                    covered.add(service_id)
                    if rng.random() < 0.08:
                        continue
                    cared[service_id] += due
                    line = (service_id, ZERO, norm, due, Basis.CARE_PLAN)
                    by_worker.setdefault(care_worker, []).append(line)
                for service_id, planned, norm, is_care, start, end in weekly[day.weekday()]:
                    # Now and then a visit is missed or a service not needed that day.
                    if (
                        service_id in covered
                        or not start <= day <= end
                        or used[service_id] + 1 > planned
                        or rng.random() < 0.08
                    ):
                        continue
                    price = prices.price(service_id, day)
                    if price is None:
                        continue
                    used[service_id] += 1
                    worker = caregiver_id if is_care and caregiver_id else worker_id
                    line = (service_id, price, norm, ONE, Basis.PROGRAM)
                    by_worker.setdefault(worker, []).append(line)
                for worker, lines in by_worker.items():
                    arrival = datetime.datetime.combine(
                        day,
                        datetime.time(9 + rng.randint(0, 7), rng.choice((0, 15, 30, 45))),
                        tzinfo=zone,
                    )
                    minutes = int(sum(norm * quantity for _s, _p, norm, quantity, _b in lines))
                    visits.append(
                        (
                            visit_id,
                            institution,
                            recipient_id,
                            worker,
                            day,
                            arrival,
                            arrival + datetime.timedelta(minutes=minutes + 10),
                            False,
                            "",
                            RecordSource.DEMO,
                            now,
                        )
                    )
                    for service_id, price, norm, quantity, basis in lines:
                        records.append(
                            (
                                record_id,
                                uuid.UUID(int=rng.getrandbits(128), version=4),
                                institution,
                                department_id,
                                recipient_id,
                                service_id,
                                worker,
                                visit_id,
                                day,
                                quantity,
                                "",
                                price,
                                (price * quantity).quantize(KOPECK, rounding=ROUND_HALF_UP),
                                norm * quantity,
                                False,
                                basis,
                                "",
                                RecordSource.DEMO,
                                "",
                                creator,
                                now,
                            )
                        )
                        record_id += 1
                    visit_id += 1
            if len(records) > 50_000:
                _flush(visits, records)
    _flush(visits, records)
    foreign_keys_restore(keys)
    reset_sequences(Visit, ServiceRecord)
    totals_rebuild(ctx.institution.pk)
    visits_made, records_made = visit_id - first_visit_id, record_id - first_record_id
    ctx.log(f"    посещений: {visits_made}, записей журнала: {records_made}")


def _flush(visits: list, records: list) -> None:
    fast_insert(Visit, VISIT_COLUMNS, visits)
    fast_insert(ServiceRecord, RECORD_COLUMNS, records)
    visits.clear()
    records.clear()
