"""Reading the ledger: balances, a recipient's rows, the monthly turnover statement and arrears
by age. Everything is a sum of charges and payments (never a stored balance), scoped by
`billing_scope`: the accountant and the director see the institution, a head the department."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404

from zabota.billing.models import Charge, LedgerClosing, PayeeDetails, Payment, PaymentKind
from zabota.core.lists import words_query
from zabota.organisation.access import billing_scope
from zabota.organisation.models import Department, Staff
from zabota.recipients.models import Recipient

ZERO = Decimal("0.00")
KOPECK = Decimal("0.01")
# Arrears by age: the month of the charge counts as the first (issue 20: 1, 2–3, > 3 months).
AGE_BUCKETS = (("1", "до 1 месяца"), ("2-3", "2–3 месяца"), ("4+", "более 3 месяцев"))


def money(value) -> Decimal:
    """A sum from the database to kopecks: SQLite adds decimals as floats (840.0000000001)."""
    return Decimal(value or 0).quantize(KOPECK, rounding=ROUND_HALF_UP)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def personal_account(recipient_id: int) -> str:
    """The recipient's лицевой счёт as receipts print it and statements are matched by."""
    return f"{recipient_id:08d}"


def payee_details(institution_id: int) -> PayeeDetails | None:
    return PayeeDetails.objects.filter(institution_id=institution_id).first()


def closed_ledger_months(institution_id: int) -> set[datetime.date]:
    return set(
        LedgerClosing.objects.filter(
            institution_id=institution_id, reopened_at__isnull=True
        ).values_list("month", flat=True)
    )


def is_open(institution_id: int, month: datetime.date) -> bool:
    return month_start(month) not in closed_ledger_months(institution_id)


def first_open_month(institution_id: int, month: datetime.date) -> datetime.date:
    """The month itself when open, else the first open one after it: where a late row goes."""
    closed = closed_ledger_months(institution_id)
    month = month_start(month)
    while month in closed:
        month = next_month(month)
    return month


def charges_for(staff: Staff) -> QuerySet[Charge]:
    return Charge.objects.filter(billing_scope(staff, "recipient__"))


def payments_for(staff: Staff) -> QuerySet[Payment]:
    return Payment.objects.filter(billing_scope(staff, "recipient__"))


def get_charge_for(staff: Staff, pk: int) -> Charge:
    return get_object_or_404(charges_for(staff).select_related("recipient", "department"), pk=pk)


def get_payment_for(staff: Staff, pk: int) -> Payment:
    return get_object_or_404(payments_for(staff).select_related("recipient"), pk=pk)


def _signed_payment() -> Case:
    """What a payment row does to the debt: a payment takes from it, a refund adds back."""
    return Case(
        When(kind=PaymentKind.REFUND, then=-F("amount")),
        default=F("amount"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def _live_payments(queryset: QuerySet[Payment]) -> QuerySet[Payment]:
    return queryset.filter(cancelled_at__isnull=True)


def balance_of(recipient: Recipient, *, before: datetime.date | None = None) -> Decimal:
    """The debt (above zero) or the overpayment (below) of a person: on the first day of the
    ledger month `before`, or now."""
    charges = Charge.objects.filter(recipient=recipient)
    payments = _live_payments(Payment.objects.filter(recipient=recipient))
    if before is not None:
        charges, payments = charges.filter(month__lt=before), payments.filter(month__lt=before)
    charged = money(charges.aggregate(s=Sum("amount"))["s"])
    paid = money(payments.aggregate(s=Sum(_signed_payment()))["s"])
    return charged - paid


def balances_before(recipient_ids: list[int], before: datetime.date) -> dict[int, Decimal]:
    """The balance on the first day of the ledger month `before` of each of these people who
    has ever been charged, in two grouped queries (a batch of acts prints it)."""
    charged = {
        row["recipient_id"]: (money(row["s"]) if row["s"] is not None else None)
        for row in Charge.objects.filter(recipient_id__in=recipient_ids)
        .values("recipient_id")
        .annotate(s=Sum("amount", filter=Q(month__lt=before)))
    }
    paid = {
        row["recipient_id"]: money(row["s"])
        for row in _live_payments(
            Payment.objects.filter(recipient_id__in=list(charged), month__lt=before)
        )
        .values("recipient_id")
        .annotate(s=Sum(_signed_payment()))
    }
    return {pk: (total or ZERO) - paid.get(pk, ZERO) for pk, total in charged.items()}


def balance_before(charge: Charge) -> Decimal:
    """The debt (or, below zero, the overpayment) just before a charge: the charges booked
    before it and every payment of its ledger month or earlier — what its receipt adds to."""
    earlier_charges = Charge.objects.filter(recipient_id=charge.recipient_id).filter(
        Q(month__lt=charge.month) | Q(month=charge.month, pk__lt=charge.pk)
    )
    charged = money(earlier_charges.aggregate(s=Sum("amount"))["s"])
    payments = _live_payments(
        Payment.objects.filter(recipient_id=charge.recipient_id, month__lte=charge.month)
    )
    paid = money(payments.aggregate(s=Sum(_signed_payment()))["s"])
    return charged - paid


def charge_due(charge: Charge) -> Decimal:
    """What the receipt of a charge asks for: the charge with the debt (or less the
    overpayment) before it, never below zero."""
    return max(ZERO, balance_before(charge) + charge.amount)


@dataclass(frozen=True)
class LedgerRow:
    day: datetime.date
    month: datetime.date
    what: str
    number: str
    charged: Decimal | None
    paid: Decimal | None
    note: str
    obj: object
    cancelled: bool = False


def ledger_rows(recipient: Recipient) -> list[LedgerRow]:
    """Every charge and payment of the person, oldest first, cancelled payments shown struck."""
    rows = [
        LedgerRow(
            day=charge.created_at.date(),
            month=charge.month,
            what=f"Начислено за {charge.service_month:%m.%Y}"
            if charge.kind == "monthly"
            else f"Корректировка за {charge.service_month:%m.%Y}",
            number=charge.number,
            charged=charge.amount,
            paid=None,
            note=charge.reason,
            obj=charge,
        )
        for charge in Charge.objects.filter(recipient=recipient).order_by("month", "pk")
    ]
    for payment in Payment.objects.filter(recipient=recipient).select_related("charge", "worker"):
        signed = -payment.amount if payment.kind == PaymentKind.REFUND else payment.amount
        rows.append(
            LedgerRow(
                day=payment.paid_on,
                month=payment.month,
                what=f"{payment.get_kind_display().capitalize()}: {payment.get_channel_display()}",
                number=payment.charge.number if payment.charge else "",
                charged=None,
                paid=signed,
                note=payment.cancel_reason or payment.note,
                obj=payment,
                cancelled=payment.is_cancelled,
            )
        )
    return sorted(rows, key=lambda r: (r.month, r.day, r.charged is None))


# ---- the turnover statement ------------------------------------------------------------------


@dataclass
class TurnoverRow:
    recipient: Recipient
    department: Department
    opening: Decimal = ZERO
    charged: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def closing(self) -> Decimal:
        return self.opening + self.charged - self.paid


@dataclass
class Turnover:
    month: datetime.date
    rows: list[TurnoverRow] = field(default_factory=list)

    def totals(self, rows: list[TurnoverRow] | None = None) -> dict[str, Decimal]:
        rows = self.rows if rows is None else rows
        return {
            key: sum((getattr(r, key) for r in rows), ZERO)
            for key in ("opening", "charged", "paid", "closing")
        }

    def by_department(self) -> list[tuple[Department, list[TurnoverRow], dict[str, Decimal]]]:
        groups: dict[int, list[TurnoverRow]] = defaultdict(list)
        for row in self.rows:
            groups[row.department.pk].append(row)
        departments = sorted(
            {r.department.pk: r.department for r in self.rows}.values(), key=lambda d: d.number
        )
        return [(d, groups[d.pk], self.totals(groups[d.pk])) for d in departments]


def turnover(staff: Staff, month: datetime.date, *, department_id: int | None = None) -> Turnover:
    """The оборотная ведомость of a ledger month: per recipient and department, the balance on
    its first day, what was charged and paid (net of refunds) in it, and the closing balance —
    in three queries whatever the number of people."""
    month = month_start(month)
    charges = charges_for(staff).filter(month__lte=month)
    payments = _live_payments(payments_for(staff)).filter(month__lte=month)
    if department_id:
        charges = charges.filter(department_id=department_id)
        payments = payments.filter(department_id=department_id)
    sums: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for row in charges.values("recipient_id", "department_id").annotate(
        before=Sum("amount", filter=Q(month__lt=month)), during=Sum("amount", filter=Q(month=month))
    ):
        entry = sums[row["recipient_id"], row["department_id"]]
        entry[0] += money(row["before"])
        entry[1] += money(row["during"])
    signed = _signed_payment()
    for row in payments.values("recipient_id", "department_id").annotate(
        before=Sum(signed, filter=Q(month__lt=month)), during=Sum(signed, filter=Q(month=month))
    ):
        entry = sums[row["recipient_id"], row["department_id"]]
        entry[0] -= money(row["before"])
        entry[2] += money(row["during"])
    recipients = Recipient.objects.in_bulk({r for r, _ in sums})
    departments = Department.objects.in_bulk({d for _, d in sums})
    rows = [
        TurnoverRow(recipients[r], departments[d], opening, charged, paid)
        for (r, d), (opening, charged, paid) in sums.items()
        if opening or charged or paid
    ]
    rows.sort(
        key=lambda t: (
            t.department.number,
            t.recipient.last_name,
            t.recipient.first_name,
            t.recipient.middle_name,
            t.recipient.pk,
        )
    )
    return Turnover(month=month, rows=rows)


# ---- arrears by age ---------------------------------------------------------------------------


@dataclass
class ArrearsRow:
    recipient: Recipient
    buckets: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.buckets.values(), ZERO)

    @property
    def oldest_month_age(self) -> str:
        return next((key for key, _ in reversed(AGE_BUCKETS) if self.buckets[key]), "")


def age_bucket(charge_month: datetime.date, report_month: datetime.date) -> str:
    age = months_between(charge_month, report_month) + 1
    return "1" if age <= 1 else "2-3" if age <= 3 else "4+"


def age_debt(
    charged_by_month: dict[datetime.date, Decimal], paid: Decimal, report_month: datetime.date
) -> dict[str, Decimal]:
    """Split a debt by age: payments (and negative corrections) settle the oldest charges
    first; what is left of each month's charges falls in its age bucket."""
    credit = paid + sum((-a for a in charged_by_month.values() if a < 0), ZERO)
    buckets = {key: ZERO for key, _ in AGE_BUCKETS}
    for month in sorted(charged_by_month):
        amount = charged_by_month[month]
        if amount <= 0:
            continue
        settled = min(amount, max(credit, ZERO))
        credit -= settled
        if amount - settled:
            buckets[age_bucket(month, report_month)] += amount - settled
    return buckets


def arrears(
    staff: Staff, month: datetime.date, *, department_id: int | None = None
) -> list[ArrearsRow]:
    """Everyone who owes at the end of the ledger month, the debt split by its age."""
    month = month_start(month)
    charges = charges_for(staff).filter(month__lte=month)
    payments = _live_payments(payments_for(staff)).filter(month__lte=month)
    if department_id:
        charges = charges.filter(recipient__department_id=department_id)
        payments = payments.filter(recipient__department_id=department_id)
    by_month: dict[int, dict[datetime.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in charges.values("recipient_id", "month").annotate(s=Sum("amount")):
        by_month[row["recipient_id"]][row["month"]] += money(row["s"])
    paid = {
        row["recipient_id"]: money(row["s"])
        for row in payments.values("recipient_id").annotate(s=Sum(_signed_payment()))
    }
    rows = []
    for recipient_id, months in by_month.items():
        buckets = age_debt(months, paid.get(recipient_id, ZERO), month)
        if any(buckets.values()):
            rows.append((recipient_id, buckets))
    recipients = Recipient.objects.select_related("department").in_bulk([r for r, _ in rows])
    result = [ArrearsRow(recipients[r], buckets) for r, buckets in rows]
    result.sort(key=lambda a: (-a.total, a.recipient.last_name, a.recipient.pk))
    return result


def arrears_totals(rows: list[ArrearsRow]) -> dict[str, Decimal]:
    totals = {key: sum((r.buckets[key] for r in rows), ZERO) for key, _ in AGE_BUCKETS}
    totals["total"] = sum(totals.values(), ZERO)
    return totals


def month_charges(
    staff: Staff, month: datetime.date, *, department_id: int | None = None, text: str = ""
) -> QuerySet[Charge]:
    charges = charges_for(staff).filter(month=month_start(month))
    if department_id:
        charges = charges.filter(department_id=department_id)
    if text.strip():
        charges = charges.filter(
            words_query(text, ["recipient__last_name", "recipient__first_name", "number"])
        )
    return charges.select_related("recipient", "department").order_by(
        "recipient__last_name", "recipient__first_name", "recipient__pk", "pk"
    )


def month_payments(
    staff: Staff, month: datetime.date, *, department_id: int | None = None
) -> QuerySet[Payment]:
    payments = _live_payments(payments_for(staff)).filter(month=month_start(month))
    if department_id:
        payments = payments.filter(department_id=department_id)
    return payments.select_related("recipient", "department", "charge", "worker").order_by(
        "paid_on", "pk"
    )


def month_sum(queryset: QuerySet, signed: bool = False) -> Decimal:
    expression = _signed_payment() if signed else F("amount")
    return money(queryset.aggregate(s=Sum(expression, default=Value(ZERO)))["s"])
