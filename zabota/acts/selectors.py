"""The data of monthly acts (акт сдачи-приёмки оказанных социальных услуг), read from the
service log; the fee follows the payment rules (442-ФЗ ст. 32) on the ИППСУ services,
additional paid services are paid in full by their price list, and the care services of the
care plan (social package of long-term care) are listed in a section of their own, free."""

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404

from zabota.core.lists import words_query
from zabota.delivery.models import Basis, RecipientMonth, ServiceRecord
from zabota.delivery.selectors import month_bounds
from zabota.organisation.access import billing_scope
from zabota.organisation.models import Staff
from zabota.payments.selectors import DecisionBook, fee_for
from zabota.recipients.models import Recipient
from zabota.rules.payment import Fee

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ActRow:
    service_id: int
    code: str
    name: str
    unit: str
    is_additional: bool
    quantity: Decimal
    price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class CareRow:
    """A care service of the care plan done in the month: quantity only, it is free."""

    service_id: int
    code: str
    name: str
    unit: str
    quantity: Decimal


@dataclass
class ActData:
    recipient: Recipient
    month: datetime.date
    rows: list[ActRow] = field(default_factory=list)
    fee: Fee | None = None
    care_rows: list[CareRow] = field(default_factory=list)

    @property
    def has_services(self) -> bool:
        return bool(self.rows or self.care_rows)

    @property
    def guaranteed(self) -> Decimal:
        return sum((r.amount for r in self.rows if not r.is_additional), ZERO)

    @property
    def additional(self) -> Decimal:
        return sum((r.amount for r in self.rows if r.is_additional), ZERO)

    @property
    def total(self) -> Decimal:
        return self.guaranteed + self.additional

    @property
    def to_pay(self) -> Decimal | None:
        """The fee on the ИППСУ services plus the additional ones in full; None when the
        payment condition was never computed for the person."""
        if self.fee is None:
            return None
        return self.fee.amount + self.additional


def recipients_for_billing(staff: Staff) -> QuerySet[Recipient]:
    return Recipient.objects.filter(billing_scope(staff))


def get_recipient_for_billing(staff: Staff, pk: int) -> Recipient:
    return get_object_or_404(recipients_for_billing(staff).select_related("department"), pk=pk)


def _month_records(recipient: Recipient, month: datetime.date):
    start, end = month_bounds(month)
    return ServiceRecord.objects.filter(
        recipient=recipient, cancelled_at__isnull=True, performed_on__range=(start, end)
    )


def act_rows(recipient: Recipient, month: datetime.date) -> list[ActRow]:
    """The month's paid services of the person grouped by service and tariff (a tariff changed
    within the month gives two lines), ИППСУ services first, then the additional ones."""
    rows = (
        _month_records(recipient, month)
        .exclude(basis=Basis.CARE_PLAN)
        .values(
            "service_id",
            "service__code",
            "service__name",
            "service__unit",
            "service__service_type__code",
            "is_additional",
            "price",
        )
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"))
        .order_by("is_additional", "service__service_type__code", "service__code", "price")
    )
    return [
        ActRow(
            r["service_id"],
            r["service__code"],
            r["service__name"],
            r["service__unit"],
            r["is_additional"],
            r["quantity"],
            r["price"],
            r["amount"],
        )
        for r in rows
    ]


def care_rows(recipient: Recipient, month: datetime.date) -> list[CareRow]:
    """The month's care services of the care plan, one line per service."""
    rows = (
        _month_records(recipient, month)
        .filter(basis=Basis.CARE_PLAN)
        .values("service_id", "service__code", "service__name", "service__unit")
        .annotate(quantity=Sum("quantity"))
        .order_by("service__code")
    )
    return [
        CareRow(
            r["service_id"],
            r["service__code"],
            r["service__name"],
            r["service__unit"],
            r["quantity"],
        )
        for r in rows
    ]


def act_data(recipient: Recipient, month: datetime.date) -> ActData:
    data = ActData(
        recipient=recipient,
        month=month.replace(day=1),
        rows=act_rows(recipient, month),
        care_rows=care_rows(recipient, month),
    )
    data.fee = fee_for(recipient, data.guaranteed, month_bounds(month)[1])
    return data


@dataclass(frozen=True)
class ActSummary:
    recipient: Recipient
    guaranteed: Decimal
    additional: Decimal
    fee: Fee | None

    @property
    def total(self) -> Decimal:
        return self.guaranteed + self.additional

    @property
    def to_pay(self) -> Decimal | None:
        return None if self.fee is None else self.fee.amount + self.additional


def month_summaries(
    staff: Staff,
    month: datetime.date,
    *,
    department_id: int | None = None,
    text: str = "",
    recipient_ids: Collection[int] | None = None,
) -> list[ActSummary]:
    """Every person with services in the month (in the person's billing scope) with the sums
    of the act and the fee — in four queries whatever the number of people (DecisionBook
    applies payments' rule of which decision is in force)."""
    start, end = month_bounds(month)
    totals = RecipientMonth.objects.filter(billing_scope(staff, "recipient__"), month=start)
    if department_id:
        totals = totals.filter(department_id=department_id)
    if recipient_ids is not None:
        totals = totals.filter(recipient_id__in=list(recipient_ids))
    sums = {
        r["recipient_id"]: (r["g"], r["a"])
        for r in totals.values("recipient_id").annotate(
            g=Sum("amount_guaranteed"), a=Sum("amount_additional")
        )
    }
    recipients = Recipient.objects.filter(pk__in=list(sums)).select_related("department")
    if text.strip():
        recipients = recipients.filter(
            words_query(text, ["last_name", "first_name", "middle_name"])
        )
    recipients = list(recipients.order_by("last_name", "first_name", "middle_name", "pk"))
    book = DecisionBook(r.pk for r in recipients)
    return [
        ActSummary(
            recipient, *sums[recipient.pk], fee=book.fee(recipient.pk, sums[recipient.pk][0], end)
        )
        for recipient in recipients
    ]


def totals_of(summaries: list[ActSummary]) -> dict[str, Decimal]:
    result = defaultdict(lambda: ZERO)
    for s in summaries:
        result["guaranteed"] += s.guaranteed
        result["additional"] += s.additional
        result["total"] += s.total
        result["to_pay"] += s.to_pay or ZERO
    return dict(result)
