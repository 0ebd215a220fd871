"""Monthly totals kept equal to the service log, written in the same transaction as each record.

A year's report of a centre with 3 million records reads these few thousand rows instead.
`totals_rebuild` recomputes them from the records (a command exists for a repair).
"""

import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum

from zabota.delivery.models import MonthlyTotal, RecipientMonth, ServiceRecord

logger = logging.getLogger(__name__)


def month_of(record: ServiceRecord):
    return record.performed_on.replace(day=1)


def apply(record: ServiceRecord, sign: int) -> None:
    """Add (sign=1) or take away (sign=-1) one record from both totals tables."""
    month = month_of(record)
    quantity = record.quantity * sign
    norm = record.norm_minutes * sign
    amount = record.amount * sign
    _upsert(
        MonthlyTotal,
        key={
            "month": month,
            "department_id": record.department_id,
            "worker_id": record.worker_id,
            "service_id": record.service_id,
        },
        create={"institution_id": record.institution_id},
        increments={"records": sign, "quantity": quantity, "norm_minutes": norm, "amount": amount},
    )
    guaranteed, additional = (Decimal(0), amount) if record.is_additional else (amount, Decimal(0))
    _upsert(
        RecipientMonth,
        key={"month": month, "recipient_id": record.recipient_id, "worker_id": record.worker_id},
        create={"institution_id": record.institution_id, "department_id": record.department_id},
        increments={
            "records": sign,
            "norm_minutes": norm,
            "amount_guaranteed": guaranteed,
            "amount_additional": additional,
        },
    )


def apply_many(records: list[ServiceRecord]) -> None:
    """Add many new records at once: one update (or insert) per key of each table, not two
    per record — a tablet's batch touches a few keys many times."""
    by_service: dict[tuple, list] = {}
    by_recipient: dict[tuple, list] = {}
    for record in records:
        month = month_of(record)
        key = (month, record.department_id, record.worker_id, record.service_id)
        totals = by_service.setdefault(key, [record.institution_id, 0, 0, 0, 0])
        totals[1] += 1
        totals[2] += record.quantity
        totals[3] += record.norm_minutes
        totals[4] += record.amount
        key = (month, record.recipient_id, record.worker_id)
        sums = by_recipient.setdefault(
            key, [record.institution_id, record.department_id, 0, 0, Decimal(0), Decimal(0)]
        )
        sums[2] += 1
        sums[3] += record.norm_minutes
        sums[4 if not record.is_additional else 5] += record.amount
    for (month, department_id, worker_id, service_id), values in by_service.items():
        institution_id, count, quantity, norm, amount = values
        _upsert(
            MonthlyTotal,
            key={
                "month": month,
                "department_id": department_id,
                "worker_id": worker_id,
                "service_id": service_id,
            },
            create={"institution_id": institution_id},
            increments={
                "records": count,
                "quantity": quantity,
                "norm_minutes": norm,
                "amount": amount,
            },
        )
    for (month, recipient_id, worker_id), values in by_recipient.items():
        institution_id, department_id, count, norm, guaranteed, additional = values
        _upsert(
            RecipientMonth,
            key={"month": month, "recipient_id": recipient_id, "worker_id": worker_id},
            # The first record's department, as `apply` does for a row's first record.
            create={"institution_id": institution_id, "department_id": department_id},
            increments={
                "records": count,
                "norm_minutes": norm,
                "amount_guaranteed": guaranteed,
                "amount_additional": additional,
            },
        )


def _upsert(model, *, key: dict, create: dict, increments: dict) -> None:
    updates = {field: F(field) + value for field, value in increments.items()}
    if model.objects.filter(**key).update(**updates):
        return
    try:
        # A savepoint: on PostgreSQL a concurrent insert of the same key fails only this part.
        with transaction.atomic():
            model.objects.create(**key, **create, **increments)
    except IntegrityError:
        model.objects.filter(**key).update(**updates)


def totals_rebuild(institution_id: int | None = None) -> tuple[int, int]:
    """Recompute both tables from the active records (for a repair, or after a bulk load)."""
    records = ServiceRecord.objects.filter(cancelled_at__isnull=True)
    totals = MonthlyTotal.objects.all()
    per_recipient = RecipientMonth.objects.all()
    if institution_id is not None:
        records = records.filter(institution_id=institution_id)
        totals = totals.filter(institution_id=institution_id)
        per_recipient = per_recipient.filter(institution_id=institution_id)
    from django.db.models.functions import TruncMonth

    with transaction.atomic():
        totals.delete()
        per_recipient.delete()
        rows = (
            records.annotate(month=TruncMonth("performed_on"))
            .values("institution_id", "month", "department_id", "worker_id", "service_id")
            .annotate(n=Count("pk"), q=Sum("quantity"), m=Sum("norm_minutes"), a=Sum("amount"))
            .order_by()
        )
        MonthlyTotal.objects.bulk_create(
            (
                MonthlyTotal(
                    institution_id=r["institution_id"],
                    month=_date(r["month"]),
                    department_id=r["department_id"],
                    worker_id=r["worker_id"],
                    service_id=r["service_id"],
                    records=r["n"],
                    quantity=r["q"],
                    norm_minutes=r["m"],
                    amount=r["a"],
                )
                for r in rows.iterator()
            ),
            batch_size=2000,
        )
        rows = (
            records.annotate(month=TruncMonth("performed_on"))
            .values("institution_id", "month", "recipient_id", "worker_id")
            .annotate(
                n=Count("pk"),
                m=Sum("norm_minutes"),
                g=Sum("amount", filter=Q(is_additional=False), default=Decimal(0)),
                x=Sum("amount", filter=Q(is_additional=True), default=Decimal(0)),
                d=_first_department(),
            )
            .order_by()
        )
        RecipientMonth.objects.bulk_create(
            (
                RecipientMonth(
                    institution_id=r["institution_id"],
                    month=_date(r["month"]),
                    recipient_id=r["recipient_id"],
                    worker_id=r["worker_id"],
                    department_id=r["d"],
                    records=r["n"],
                    norm_minutes=r["m"],
                    amount_guaranteed=r["g"],
                    amount_additional=r["x"],
                )
                for r in rows.iterator()
            ),
            batch_size=2000,
        )
    counts = MonthlyTotal.objects.count(), RecipientMonth.objects.count()
    logger.info(
        "monthly totals rebuilt (institution %s): %d totals, %d recipient months",
        institution_id or "all",
        *counts,
    )
    return counts


def _first_department():
    from django.db.models import Min

    # A recipient-month row carries the department of its records (one in practice).
    return Min("department_id")


def _date(value):
    return value.date() if hasattr(value, "date") else value
