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
from zabota.field.models import ActSignature
from zabota.organisation.access import billing_scope
from zabota.organisation.models import Staff
from zabota.organisation.roles import Role
from zabota.payments.selectors import DecisionBook
from zabota.programs.models import Contract, Program
from zabota.programs.selectors import covering_on, governing_on
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


def _month_records(recipient_ids: Collection[int], month: datetime.date):
    start, end = month_bounds(month)
    return ServiceRecord.objects.filter(
        recipient_id__in=list(recipient_ids),
        cancelled_at__isnull=True,
        performed_on__range=(start, end),
    )


def paid_rows(recipient_ids: Collection[int], month: datetime.date) -> dict[int, list[ActRow]]:
    """The month's paid services of each person grouped by service and tariff (a tariff changed
    within the month gives two lines), ИППСУ services first, then the additional ones; one
    query for all the people."""
    rows = (
        _month_records(recipient_ids, month)
        .exclude(basis=Basis.CARE_PLAN)
        .values(
            "recipient_id",
            "service_id",
            "service__code",
            "service__name",
            "service__unit",
            "service__service_type__code",
            "is_additional",
            "price",
        )
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"))
        .order_by(
            "recipient_id", "is_additional", "service__service_type__code", "service__code", "price"
        )
    )
    result: dict[int, list[ActRow]] = defaultdict(list)
    for r in rows:
        result[r["recipient_id"]].append(
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
        )
    return result


def care_rows_of(recipient_ids: Collection[int], month: datetime.date) -> dict[int, list[CareRow]]:
    """The month's care services of the care plan of each person, one line per service."""
    rows = (
        _month_records(recipient_ids, month)
        .filter(basis=Basis.CARE_PLAN)
        .values("recipient_id", "service_id", "service__code", "service__name", "service__unit")
        .annotate(quantity=Sum("quantity"))
        .order_by("recipient_id", "service__code")
    )
    result: dict[int, list[CareRow]] = defaultdict(list)
    for r in rows:
        result[r["recipient_id"]].append(
            CareRow(
                r["service_id"],
                r["service__code"],
                r["service__name"],
                r["service__unit"],
                r["quantity"],
            )
        )
    return result


def act_rows(recipient: Recipient, month: datetime.date) -> list[ActRow]:
    return paid_rows([recipient.pk], month).get(recipient.pk, [])


def care_rows(recipient: Recipient, month: datetime.date) -> list[CareRow]:
    return care_rows_of([recipient.pk], month).get(recipient.pk, [])


def acts_data(recipients: Collection[Recipient], month: datetime.date) -> dict[int, ActData]:
    """The act data of many people of one month in four queries (rows, care rows, the payment
    decisions and free categories of `DecisionBook`)."""
    ids = [r.pk for r in recipients]
    paid, care = paid_rows(ids, month), care_rows_of(ids, month)
    book = DecisionBook(ids)
    end = month_bounds(month)[1]
    result = {}
    for recipient in recipients:
        data = ActData(
            recipient=recipient,
            month=month.replace(day=1),
            rows=paid.get(recipient.pk, []),
            care_rows=care.get(recipient.pk, []),
        )
        data.fee = book.fee(recipient.pk, data.guaranteed, end)
        result[recipient.pk] = data
    return result


def act_data(recipient: Recipient, month: datetime.date) -> ActData:
    return acts_data([recipient], month)[recipient.pk]


def _first_of_each(queryset, key: str = "recipient_id") -> dict:
    """The first object of each person in the queryset's order (it is ordered by `key` first)."""
    found: dict = {}
    for obj in queryset:
        found.setdefault(getattr(obj, key), obj)
    return found


def programs_in_force(recipient_ids: Collection[int], on_date: datetime.date) -> dict[int, Program]:
    """`program_in_force` of many people in one query."""
    return _first_of_each(
        Program.objects.filter(
            governing_on(on_date), recipient_id__in=list(recipient_ids)
        ).order_by("recipient_id", "-valid_from", "-pk")
    )


def contracts_in_force(
    recipient_ids: Collection[int], on_date: datetime.date
) -> dict[int, Contract]:
    """`contract_in_force` of many people in one query."""
    return _first_of_each(
        Contract.objects.filter(
            covering_on(on_date), recipient_id__in=list(recipient_ids)
        ).order_by("recipient_id", "-valid_from", "-pk")
    )


def heads_of(department_ids: Collection[int]) -> dict[int, Staff]:
    """The head who signs the acts of each department (the first active one)."""
    return _first_of_each(
        Staff.objects.filter(
            department_id__in=list(department_ids), role=Role.HEAD, user__is_active=True
        ).order_by("department_id", "pk"),
        key="department_id",
    )


def act_signatures(recipient_ids: Collection[int], month: datetime.date) -> dict:
    """`act_signature_for` of many people in one query: the newest signature of the month."""
    return _first_of_each(
        ActSignature.objects.filter(
            recipient_id__in=list(recipient_ids), month=month.replace(day=1)
        ).order_by("recipient_id", "-signed_at", "-pk")
    )


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
