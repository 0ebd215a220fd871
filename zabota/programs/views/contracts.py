"""Pages of contracts: the list, one contract, conclusion, signing, amendments, termination."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.locking import StaleEditError
from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.lists import paginate, querystring_without_page
from zabota.organisation.selectors import departments_for
from zabota.payments.selectors import fee_for
from zabota.programs import services
from zabota.programs.agreements import agreement_proposal, stored_changes
from zabota.programs.exports import contracts_table
from zabota.programs.forms import AmendmentForm, ContractForm, SignForm, TerminateForm
from zabota.programs.lists import CONTRACT_STATUSES, CONTRACTS, filters_of
from zabota.programs.models import ContractStatus, ProgramStatus
from zabota.programs.printing import (
    agreement_print_url,
    issue_url,
    issued_agreements,
    issued_for,
)
from zabota.programs.selectors import (
    EXPIRED_LIST,
    EXPIRING,
    get_contract_for,
    planned_monthly_cost,
    priced_lines,
)
from zabota.programs.views.common import recipient_crumbs
from zabota.recipients.models import Representative
from zabota.recipients.selectors import get_recipient_for

STALE_MESSAGE = (
    "Договор уже изменил другой сотрудник, пока вы работали с ним. Ваши изменения не "
    "сохранены. Откройте договор заново."
)


@allow("recipients.view")
def contract_list(request):
    staff = request.staff
    today = timezone.localdate()
    filters = filters_of(request.GET, CONTRACT_STATUSES)
    contracts = CONTRACTS.rows(staff, request.GET, today)
    title = "Договоры о предоставлении социальных услуг"
    if filters.status == EXPIRING:
        title = f"Договоры, истекающие в ближайшие {filters.days} дн."
    elif filters.status == EXPIRED_LIST:
        title = "Договоры с истёкшим сроком, нового нет"
    if wants_xlsx(request):
        return xlsx_export(
            request, "Договоры.xlsx", contracts_table(contracts, f"{title} на {today:%d.%m.%Y}")
        )
    return render(
        request,
        "programs/contracts.html",
        {
            "page": paginate(request, contracts),
            "query": querystring_without_page(request),
            "title": title,
            "filters": filters,
            "statuses": CONTRACT_STATUSES,
            "departments": departments_for(staff),
            "breadcrumbs": [("Договоры", None)],
        },
    )


@allow("recipients.view")
def contract_detail(request, pk: int):
    staff = request.staff
    contract = get_contract_for(staff, pk)
    today = timezone.localdate()
    audit_read(actor=staff, recipient=contract.recipient, obj=contract, what="договор")
    price_date = min(max(today, contract.valid_from), contract.valid_until)
    lines = priced_lines(contract.program, price_date)
    editable = contract.effective_status == ContractStatus.ACTIVE
    amendments = list(
        contract.amendments.select_related("new_program", "old_program").order_by("number")
    )
    return render(
        request,
        "programs/contract.html",
        {
            "contract": contract,
            "proposal": agreement_proposal(contract, today) if editable else None,
            "recipient": contract.recipient,
            "lines": lines,
            "cost": sum((line.amount for line in lines), start=Decimal("0.00")),
            "price_date": price_date,
            "amendments": [
                (a, stored_changes(a), agreement_print_url(a, request.path)) for a in amendments
            ],
            "can_edit": staff.can("recipients.edit"),
            "can_amend": editable,
            "can_terminate": contract.status in (ContractStatus.ACTIVE, ContractStatus.DRAFT),
            "is_draft": contract.status == ContractStatus.DRAFT,
            "print_url": issue_url("contract", contract, request.path),
            "issued": issued_for(staff, "contract", contract) + issued_agreements(staff, contract),
            "breadcrumbs": recipient_crumbs(contract.recipient, (str(contract), None)),
        },
    )


def suggested_contract(recipient, today: datetime.date) -> dict:
    """The program in force, the dates of its term and the guardian as the customer."""
    program = (
        recipient.programs.filter(status=ProgramStatus.IN_FORCE, valid_until__gte=today)
        .order_by("-valid_from", "-pk")
        .first()
    )
    guardian = (
        recipient.representatives.filter(is_active=True)
        .exclude(kind=Representative.Kind.PROXY)
        .first()
    )
    initial = {"concluded_on": today, "representative": guardian}
    if program is not None:
        initial |= {
            "program": program,
            "valid_from": max(today, program.valid_from),
            "valid_until": program.valid_until,
        }
    return initial


@allow("recipients.edit")
def contract_new(request, recipient_pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, recipient_pk)
    today = timezone.localdate()
    if not recipient.is_active:
        messages.error(request, "Получатель снят с обслуживания: договор не заключается.")
        return redirect("recipients:card", pk=recipient.pk)
    initial = suggested_contract(recipient, today)
    if "program" not in initial:
        messages.error(request, "Нет действующей ИППСУ: сначала составьте и утвердите программу.")
        return redirect("recipients:card", pk=recipient.pk)
    form = ContractForm(request.POST or None, recipient=recipient, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = services.contract_conclude(
                actor=staff,
                program=data["program"],
                concluded_on=data["concluded_on"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                representative=data["representative"],
                draft=data["draft"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{contract} сохранён.")
            return redirect("programs:contract", pk=contract.pk)
    program = initial["program"]
    cost = planned_monthly_cost(program, today)
    if request.method != "POST":
        # The form shows the fee, which follows from the family's income.
        audit_read(actor=staff, recipient=recipient, what="форма договора (плата)")
    return render(
        request,
        "programs/contract_form.html",
        {
            "form": form,
            "recipient": recipient,
            "program": program,
            "cost": cost,
            "fee": fee_for(recipient, cost, today),
            "title": "Новый договор",
            "breadcrumbs": recipient_crumbs(recipient, ("Новый договор", None)),
        },
    )


def _contract_action(
    request,
    pk,
    form_class,
    action,
    *,
    title,
    submit,
    success,
    form_kwargs=lambda c: {},
    proposal=lambda c: None,
):
    """A form on a contract guarded by the version it was opened with; `proposal` gives the
    values the form starts from and the page shows (an agreement after a new ИППСУ)."""
    staff = request.staff
    contract = get_contract_for(staff, pk)
    proposed = proposal(contract)
    initial = {"version": contract.version}
    if proposed is not None:
        initial |= {
            "new_program": proposed.behind.successor,
            "description": proposed.description,
            "recompute_fee": proposed.fee_after is not None,
            "new_valid_until": proposed.new_valid_until,
        }
    form = form_class(request.POST or None, initial=initial, **form_kwargs(contract))
    stale = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            action(actor=staff, contract=contract, expected_version=version, **data)
        except StaleEditError as error:
            stale = error.describe()
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("programs:contract", pk=pk)
    return render(
        request,
        "programs/contract_action.html",
        {
            "form": form,
            "contract": contract,
            "recipient": contract.recipient,
            "title": title,
            "submit": submit,
            "stale": stale,
            "proposal": proposed,
            "breadcrumbs": recipient_crumbs(
                contract.recipient,
                (str(contract), reverse("programs:contract", args=[pk])),
                (title, None),
            ),
        },
    )


@allow("recipients.edit")
def contract_sign(request, pk: int):
    return _contract_action(
        request,
        pk,
        SignForm,
        services.contract_sign,
        title="Подписание договора",
        submit="Договор подписан",
        success="Договор подписан и действует.",
    )


@allow("recipients.edit")
def contract_amend(request, pk: int):
    return _contract_action(
        request,
        pk,
        AmendmentForm,
        services.contract_amend,
        title="Дополнительное соглашение",
        submit="Заключить соглашение",
        success="Дополнительное соглашение записано.",
        form_kwargs=lambda c: {"contract": c},
        proposal=lambda c: agreement_proposal(c, timezone.localdate()),
    )


@allow("recipients.edit")
def contract_terminate(request, pk: int):
    return _contract_action(
        request,
        pk,
        TerminateForm,
        services.contract_terminate,
        title="Расторжение договора",
        submit="Расторгнуть договор",
        success="Договор расторгнут.",
    )
