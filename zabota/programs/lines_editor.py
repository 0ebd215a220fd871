"""The ИППСУ's rows editor (`programs/_lines_editor.html`), shared by the program's page and the
guided intake of issue 24.

A page that shows the editor:

1. builds the rows with `line_formset(data, services=catalogue_of(institution), initial=…)`;
2. on a POST, asks `editor_action(request.POST, staff=…, services=…, initial=…)` first: when
   the person pressed «Добавить услугу» or «Добавить набор» (no JavaScript, or a typical set)
   it returns the formset to show again — every row as typed plus the new ones, no errors —
   and the page re-renders instead of saving; None means a plain save;
3. renders the partial inside its own `<form method="post">` with
   `lines_editor_context(staff=…, recipient=…, formset=…)` merged into the template context.

The editor then finds services in the catalogue (`programs:service_search`), adds rows from a
typical set, and shows the monthly cost and the recipient's fee, recomputed by the server from
the posted rows (`programs:lines_sum`) whenever a row changes.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from zabota.catalog.models import Service
from zabota.catalog.selectors import tariffs_on
from zabota.organisation.models import Staff
from zabota.payments.selectors import fee_for
from zabota.programs.forms import BaseLineFormSet, line_formset
from zabota.programs.models import FeeKind, TypicalSet
from zabota.programs.selectors import typical_sets_of
from zabota.recipients.models import Recipient
from zabota.rules.payment import Fee
from zabota.rules.volumes import monthly_cost
from zabota.rules.words import count_text

ACTION = "lines_action"
ADD_ROW = "add_row"
ADD_SET = "add_set"
PREFIX = "services"
NO_DECISION = "Плата будет рассчитана после решения об условиях оплаты."
NO_RECIPIENT = (
    "Плата получателя считается из этой суммы по условию оплаты и будет показана на шаге «Договор»."
)


def catalogue_of(institution_id: int) -> QuerySet[Service]:
    """The services an ИППСУ may hold: the institution's guaranteed services in use."""
    return Service.objects.filter(
        institution_id=institution_id, is_active=True, is_additional=False
    )


@dataclass(frozen=True)
class SumRow:
    service: Service
    quantity: Decimal
    times: int | None  # the volume was computed from «N раз в неделю»
    price: Decimal | None
    amount: Decimal | None


@dataclass(frozen=True)
class LinesSummary:
    """What the editor shows under the rows: each service's volume and amount, the monthly
    cost, and the fee (None: no payment decision yet)."""

    rows: list[SumRow]
    total: Decimal
    unpriced: int
    on_date: datetime.date
    fee: Fee | None
    known_recipient: bool
    errors: list[str] = field(default_factory=list)

    @property
    def fee_label(self) -> str:
        return FeeKind(self.fee.kind).label if self.fee else ""

    @property
    def no_fee_text(self) -> str:
        # No recipient yet: the guided intake, whose own block above states the decision its
        # figures allow; the fee follows from this sum when the intake is confirmed.
        return NO_DECISION if self.known_recipient else NO_RECIPIENT


def _rows_of(formset: BaseLineFormSet) -> list[tuple[int, Decimal, int | None]]:
    """(service id, volume a month, times a week it came from) of the rows that read well."""
    rows = []
    for form in formset.forms:
        if formset.is_bound:
            if not form.is_valid() or not form.cleaned_data.get("service"):
                continue
            data = form.cleaned_data
            typed = form.data.get(form.add_prefix("quantity_per_month"), "").strip()
            times = None
            if not typed:
                times = data.get("times_per_week") or len(data.get("weekdays") or []) or None
            rows.append((data["service"].pk, data["quantity_per_month"], times))
        elif form.initial.get("service") and form.initial.get("quantity_per_month"):
            rows.append((int(form.initial["service"]), form.initial["quantity_per_month"], None))
    return rows


def lines_summary(
    *,
    institution_id: int,
    recipient: Recipient | None,
    formset: BaseLineFormSet,
    on_date: datetime.date | None = None,
) -> LinesSummary:
    """The monthly cost at the tariffs of `on_date` (today) and the fee from the recipient's
    payment decision, as the contract will compute them (zabota.programs.services.contracts)."""
    on_date = on_date or timezone.localdate()
    rows = _rows_of(formset)
    services = catalogue_of(institution_id).in_bulk([service_id for service_id, _q, _t in rows])
    rows = [row for row in rows if row[0] in services]
    prices = tariffs_on([service_id for service_id, _q, _t in rows], on_date)
    cost = monthly_cost([(quantity, prices.get(service_id)) for service_id, quantity, _t in rows])
    fee = fee_for(recipient, cost.total, on_date) if recipient is not None and rows else None
    return LinesSummary(
        rows=[
            SumRow(services[service_id], quantity, times, prices.get(service_id), amount)
            for (service_id, quantity, times), amount in zip(rows, cost.amounts, strict=True)
        ],
        total=cost.total,
        unpriced=cost.unpriced,
        on_date=on_date,
        fee=fee,
        known_recipient=recipient is not None,
    )


def sum_url(recipient: Recipient | None) -> str:
    url = reverse("programs:lines_sum")
    return f"{url}?recipient={recipient.pk}" if recipient is not None else url


def lines_editor_context(
    *, staff: Staff, recipient: Recipient | None, formset: BaseLineFormSet
) -> dict:
    """The context `programs/_lines_editor.html` needs, beside the page's own.

    `staff`: who edits (their institution's typical sets and catalogue); `recipient`: whose
    fee is shown (None when the person is not registered yet: the fee then reads «будет
    рассчитана…»); `formset`: from `line_formset` (or `editor_action`). Returns `formset`,
    `typical_sets` (active, with their lines), `search_url`, `sum_url`, `summary`
    (a LinesSummary of the rows as they stand) and `max_lines`.
    """
    return {
        "formset": formset,
        "typical_sets": list(typical_sets_of(staff.institution)),
        "search_url": reverse("programs:service_search"),
        "sum_url": sum_url(recipient),
        "summary": lines_summary(
            institution_id=staff.institution_id, recipient=recipient, formset=formset
        ),
        "max_lines": settings.ZABOTA_PROGRAM_MAX_LINES,
    }


def _key(index: int, name: str) -> str:
    return f"{PREFIX}-{index}-{name}"


def _blank(rows: QueryDict, index: int) -> bool:
    return not any(
        (rows.get(_key(index, name)) or "").strip()
        for name in ("service", "quantity_per_month", "times_per_week")
    ) and not rows.getlist(_key(index, "weekdays"))


def _number(value: Decimal) -> str:
    # As the form shows a decimal (localized): «9», «120», «1,5».
    return f"{value.normalize():f}".replace(".", ",")


def _fill(rows: QueryDict, index: int, line) -> None:
    # «N раз в неделю» stays as it is, the volume empty: the form computes it on saving and the
    # sum shows it, so changing N changes the volume (a typed volume would not follow).
    quantity = line.quantity_per_month
    rows[_key(index, "service")] = str(line.service_id)
    rows[_key(index, "quantity_per_month")] = _number(quantity) if quantity is not None else ""
    rows[_key(index, "times_per_week")] = str(line.times_per_week or "")
    rows[_key(index, "periodicity")] = ""
    rows.setlist(_key(index, "weekdays"), [])
    rows[_key(index, "term")] = ""


def _add_set(rows: QueryDict, total: int, typical_set: TypicalSet) -> tuple[int, str]:
    limit = settings.ZABOTA_PROGRAM_MAX_LINES
    present = {(rows.get(_key(i, "service")) or "").strip() for i in range(total)}
    free = [i for i in range(total) if _blank(rows, i)]
    added, already, full = 0, 0, False
    for line in typical_set.lines.all():
        service = line.service
        if not service.is_active or service.is_additional:
            continue  # switched off in the catalogue since the set was written
        if str(service.pk) in present:
            already += 1
            continue
        if free:
            index = free.pop(0)
        elif total < limit:
            index, total = total, total + 1
        else:
            full = True
            break
        _fill(rows, index, line)
        added += 1
    message = (
        f"Из набора «{typical_set.name}» добавлено: {count_text(added, 'услуга,услуги,услуг')}."
    )
    if already:
        message += f" Уже были в программе: {count_text(already, 'услуга,услуги,услуг')}."
    if full:
        message += f" Остальные не поместились: в программе не больше {limit} услуг."
    return total, message


def editor_action(
    data: QueryDict,
    *,
    staff: Staff,
    services: QuerySet[Service],
    initial: list[dict] | None = None,
) -> BaseLineFormSet | None:
    """The formset to show again when the POST pressed one of the editor's own buttons
    («Добавить услугу», «Добавить набор»); None for a save. Nothing is saved either way."""
    action = data.get(ACTION)
    if action not in (ADD_ROW, ADD_SET):
        return None
    rows = data.copy()
    limit = settings.ZABOTA_PROGRAM_MAX_LINES
    raw_total = (rows.get(f"{PREFIX}-TOTAL_FORMS") or "").strip()
    if not raw_total.isascii() or not raw_total.isdigit() or int(raw_total) > limit:
        # A damaged or oversized form: shown with its own error, as a save would be.
        return line_formset(data, services=services, initial=initial)
    total = int(raw_total)
    message = ""
    if action == ADD_ROW:
        if total >= limit:
            message = f"В программе может быть не больше {limit} услуг."
        else:
            total += 1
    else:
        chosen = (rows.get("typical_set") or "").strip()
        found = None
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 19:
            found = typical_sets_of(staff.institution).filter(pk=int(chosen)).first()
        if found is None:
            message = "Выберите типовой набор из списка, затем нажмите «Добавить набор»."
        else:
            total, message = _add_set(rows, total, found)
    rows[f"{PREFIX}-TOTAL_FORMS"] = str(total)
    formset = line_formset(rows, services=services, initial=initial)
    formset.quiet = True
    formset.editor_message = message
    return formset
