"""The demo's service log: the last `ctx.months` months of visits along each person's ИППСУ.

Bulk inserts only (and the monthly totals rebuilt once at the end), so the same code fills
10 000 recipients × 12 months (about 3 million records) in minutes.
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from zabota.catalog.selectors import tariff_book
from zabota.core.demo import DemoContext
from zabota.delivery.models import RecordSource, ServiceRecord, Visit
from zabota.delivery.services.totals import totals_rebuild
from zabota.programs.models import ProgramService, ProgramStatus
from zabota.recipients.models import Recipient

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KOPECK = Decimal("0.01")
BATCH = 5000


def populate(ctx: DemoContext) -> None:
    lines_by_recipient = defaultdict(list)
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
    for recipient_id, *line in rows:
        lines_by_recipient[recipient_id].append(line)
        service_ids.add(line[0])
    if not lines_by_recipient:
        return
    prices = tariff_book(service_ids)
    recipients = Recipient.objects.filter(pk__in=list(lines_by_recipient)).values_list(
        "pk", "department_id", "social_worker_id", "caregiver_id"
    )
    rng, today = ctx.rng, ctx.today
    demo_worker = ctx.staff.get("worker1")
    visits, records = [], []

    def flush():
        created = Visit.objects.bulk_create(visits, batch_size=BATCH)
        for visit, visit_records in zip(created, pending, strict=True):
            for record in visit_records:
                record.visit_id = visit.pk
                records.append(record)
        ServiceRecord.objects.bulk_create(records, batch_size=BATCH)
        visits.clear()
        pending.clear()
        records.clear()

    pending: list[list[ServiceRecord]] = []
    for month_start in ctx.month_starts():
        month_end = min(
            (month_start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1),
            today,
        )
        days = [
            month_start + datetime.timedelta(days=n)
            for n in range((month_end - month_start).days + 1)
        ]
        for recipient_id, department_id, worker_id, caregiver_id in recipients:
            used = defaultdict(Decimal)
            for day in days:
                day_code = DAYS[day.weekday()]
                by_worker = defaultdict(list)
                for (
                    service_id,
                    planned,
                    weekdays,
                    norm,
                    is_care,
                    valid_from,
                    valid_until,
                ) in lines_by_recipient[recipient_id]:
                    if day_code not in weekdays.split(",") or not valid_from <= day <= valid_until:
                        continue
                    # Now and then a visit is missed or a service not needed that day.
                    if rng.random() < 0.08 or used[service_id] + 1 > planned:
                        continue
                    price = prices.price(service_id, day)
                    if price is None:
                        continue
                    used[service_id] += 1
                    worker = caregiver_id if is_care and caregiver_id else worker_id
                    by_worker[worker].append(
                        ServiceRecord(
                            institution_id=ctx.institution.pk,
                            department_id=department_id,
                            recipient_id=recipient_id,
                            service_id=service_id,
                            worker_id=worker,
                            performed_on=day,
                            quantity=Decimal(1),
                            price=price,
                            amount=price.quantize(KOPECK, rounding=ROUND_HALF_UP),
                            norm_minutes=Decimal(norm),
                            source=RecordSource.DEMO,
                            created_by_id=demo_worker.pk if demo_worker else None,
                        )
                    )
                for worker, visit_records in by_worker.items():
                    arrival = datetime.datetime.combine(
                        day,
                        datetime.time(9 + rng.randint(0, 7), rng.choice((0, 15, 30, 45))),
                        tzinfo=timezone.get_current_timezone(),
                    )
                    minutes = sum(int(r.norm_minutes) for r in visit_records)
                    visits.append(
                        Visit(
                            institution_id=ctx.institution.pk,
                            recipient_id=recipient_id,
                            worker_id=worker,
                            visited_on=day,
                            arrived_at=arrival,
                            left_at=arrival + datetime.timedelta(minutes=minutes + 10),
                            source=RecordSource.DEMO,
                        )
                    )
                    pending.append(visit_records)
            if len(visits) >= BATCH:
                flush()
    flush()
    totals_rebuild(ctx.institution.pk)
