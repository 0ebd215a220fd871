"""Pages of the ИППСУ: the list, one program, drawing up, editing a draft, approval, versions."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.locking import StaleEditError
from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.forms import STALE_FORM, add_errors
from zabota.core.lists import paginate, querystring_without_page
from zabota.organisation.selectors import departments_for
from zabota.payments.selectors import fee_for
from zabota.programs import services
from zabota.programs.agreements import contracts_behind
from zabota.programs.exports import programs_table
from zabota.programs.forms import ProgramForm, VersionForm, line_formset
from zabota.programs.lines_editor import catalogue_of, editor_action, lines_editor_context
from zabota.programs.lists import PROGRAM_STATUSES, PROGRAMS, filters_of
from zabota.programs.models import ContractStatus, Program, ProgramStatus, ServiceForm
from zabota.programs.printing import issue_url, issued_for
from zabota.programs.selectors import (
    EXPIRED_LIST,
    EXPIRING,
    get_program_for,
    latest_program,
    priced_lines,
)
from zabota.programs.views.common import recipient_crumbs
from zabota.recipients.selectors import get_recipient_for

LIST_CRUMB = ("Программы (ИППСУ)", reverse_lazy("programs:programs"))


@allow("recipients.view")
def program_list(request):
    staff = request.staff
    today = timezone.localdate()
    filters = filters_of(request.GET, PROGRAM_STATUSES)
    programs = PROGRAMS.rows(staff, request.GET, today)
    title = "Индивидуальные программы (ИППСУ)"
    if filters.status == EXPIRING:
        title = f"ИППСУ, истекающие в ближайшие {filters.days} дн."
    elif filters.status == EXPIRED_LIST:
        title = "ИППСУ с истёкшим сроком, новой программы нет"
    if wants_xlsx(request):
        return xlsx_export(
            request, "ИППСУ.xlsx", programs_table(programs, f"{title} на {today:%d.%m.%Y}")
        )
    return render(
        request,
        "programs/list.html",
        {
            "page": paginate(request, programs),
            "query": querystring_without_page(request),
            "title": title,
            "filters": filters,
            "statuses": PROGRAM_STATUSES,
            "today": today,
            "departments": departments_for(staff),
            "breadcrumbs": [("Программы (ИППСУ)", None)],
        },
    )


@allow("recipients.view")
def program_detail(request, pk: int):
    staff = request.staff
    program = get_program_for(staff, pk)
    recipient = program.recipient
    today = timezone.localdate()
    audit_read(actor=staff, recipient=recipient, obj=program, what="ИППСУ")
    price_date = (
        max(today, program.valid_from) if program.valid_until >= today else program.valid_from
    )
    lines = priced_lines(program, price_date)
    cost = sum((line.amount for line in lines), start=_zero())
    contracts = list(program.contracts.order_by("-concluded_on"))
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "recipient": recipient,
            "lines": lines,
            "cost": cost,
            "price_date": price_date,
            "fee": fee_for(recipient, cost, price_date),
            "contracts": contracts,
            "has_active_contract": any(c.status == ContractStatus.ACTIVE for c in contracts)
            or recipient.contracts.filter(
                status=ContractStatus.ACTIVE, valid_until__gte=today
            ).exists(),
            "successors": program.replaced_by.order_by("-pk"),
            # Contracts in force still on this program (replaced) or on the one it replaced.
            "behind": [
                b
                for b in contracts_behind(recipient, today)
                if program.pk in (b.contract.program_id, b.successor.pk)
            ],
            "today": today,
            "can_edit": staff.can("recipients.edit"),
            "version_form": VersionForm(initial={"version": program.version}),
            "print_url": issue_url("program", program, request.path),
            "issued": issued_for(staff, "program", program),
            "breadcrumbs": recipient_crumbs(recipient, (str(program), None)),
        },
    )


def _initial_lines(program: Program | None) -> list[dict]:
    if program is None:
        return []
    return [
        {
            "service": line.service_id,
            "quantity_per_month": line.quantity_per_month,
            "periodicity": line.periodicity,
            "weekdays": line.weekday_list,
            "term": line.term,
        }
        for line in program.services.filter(
            service__is_active=True, service__is_additional=False
        ).order_by("service__service_type__code", "service__code")
    ]


def suggested_program(recipient, today: datetime.date) -> dict:
    """What a head would type: the number and dates, the provider, the previous services."""
    previous = latest_program(recipient)
    months = 12
    valid_from = today
    if previous is not None:
        months = services.term_months(previous.valid_from, previous.valid_until)
        if previous.status == ProgramStatus.IN_FORCE and previous.valid_until >= today:
            valid_from = previous.valid_until + datetime.timedelta(days=1)
    return {
        "number": services.suggest_program_number(recipient, today.year),
        "drawn_up_on": today,
        "is_repeat": previous is not None,
        "valid_from": valid_from,
        "valid_until": services.add_months(valid_from, months) - datetime.timedelta(days=1),
        "form": ServiceForm.HOME,
        "provider": recipient.institution.name,
        "previous": previous,
    }


@allow("recipients.edit")
def program_new(request, recipient_pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, recipient_pk)
    if not recipient.is_active:
        messages.error(request, "Получатель снят с обслуживания: программа не составляется.")
        return redirect("recipients:card", pk=recipient.pk)
    draft = recipient.programs.filter(status=ProgramStatus.DRAFT).order_by("-pk").first()
    if draft is not None and request.method != "POST":
        messages.info(request, "У получателя уже есть проект программы: продолжите его.")
        return redirect("programs:program_edit", pk=draft.pk)
    today = timezone.localdate()
    suggestion = suggested_program(recipient, today)
    previous = suggestion.pop("previous")
    form = ProgramForm(request.POST or None, initial=suggestion)
    catalogue, initial = catalogue_of(recipient.institution_id), _initial_lines(previous)
    shown_again = editor_action(request.POST, staff=staff, services=catalogue, initial=initial)
    if shown_again is None:
        formset = line_formset(request.POST or None, services=catalogue, initial=initial)
    else:
        formset = shown_again
    if request.method == "POST" and shown_again is None and form.is_valid() & formset.is_valid():
        data = dict(form.cleaned_data)
        try:
            program = services.program_draft(
                actor=staff,
                recipient=recipient,
                services=formset.lines(),
                replaces=previous
                if previous and previous.status == ProgramStatus.IN_FORCE
                else None,
                **data,
            )
        except ValidationError as error:
            _errors_to(form, formset, error)
        else:
            messages.success(request, "Проект программы сохранён. Проверьте его и утвердите.")
            return redirect("programs:program", pk=program.pk)
    return _program_form(
        request,
        form,
        formset,
        recipient,
        title="Новая индивидуальная программа",
        previous=previous,
    )


@allow("recipients.edit")
def program_edit(request, pk: int):
    staff = request.staff
    program = get_program_for(staff, pk)
    recipient = program.recipient
    if program.status != ProgramStatus.DRAFT:
        messages.error(request, "Утверждённую программу изменить нельзя: составьте новую версию.")
        return redirect("programs:program", pk=pk)
    form = ProgramForm(request.POST or None, instance=program)
    catalogue, initial = catalogue_of(recipient.institution_id), _initial_lines(program)
    shown_again = editor_action(request.POST, staff=staff, services=catalogue, initial=initial)
    if shown_again is None:
        formset = line_formset(request.POST or None, services=catalogue, initial=initial)
    else:
        formset = shown_again
    stale = None
    if request.method == "POST" and shown_again is None and form.is_valid() & formset.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.program_update(
                actor=staff,
                program=program,
                expected_version=version,
                services=formset.lines(),
                **data,
            )
        except StaleEditError as error:
            stale = error.describe()
            form.add_error(
                None,
                "Программу уже изменил другой сотрудник, пока вы её редактировали. "
                "Ваши изменения не сохранены. Откройте программу заново.",
            )
        except ValidationError as error:
            _errors_to(form, formset, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("programs:program", pk=pk)
    return _program_form(
        request,
        form,
        formset,
        recipient,
        title=f"Изменение проекта: {program}",
        program=program,
        stale=stale,
    )


def _errors_to(form, formset, error: ValidationError) -> None:
    if hasattr(error, "error_dict") and "services" in error.error_dict:
        lines = error.error_dict.pop("services")
        formset._non_form_errors = formset.error_class(
            [m for e in lines for m in e.messages], renderer=formset.renderer
        )
        if not error.error_dict:
            return
    add_errors(form, error)


def _program_form(
    request, form, formset, recipient, *, title, program=None, previous=None, stale=None
):
    crumbs = [(str(program), reverse("programs:program", args=[program.pk]))] if program else []
    if request.method != "POST":
        # The form shows the program's services (or the previous program's, for a new one).
        audit_read(actor=request.staff, recipient=recipient, obj=program, what="форма ИППСУ")
    return render(
        request,
        "programs/form.html",
        {
            **lines_editor_context(staff=request.staff, recipient=recipient, formset=formset),
            "form": form,
            "recipient": recipient,
            "program": program,
            "previous": previous,
            "title": title,
            "stale": stale,
            "breadcrumbs": recipient_crumbs(recipient, *crumbs, (title, None)),
        },
    )


@allow("recipients.edit")
@require_POST
def program_approve(request, pk: int):
    staff = request.staff
    program = get_program_for(staff, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(STALE_FORM))
        return redirect("programs:program", pk=pk)
    try:
        services.program_approve(
            actor=staff, program=program, expected_version=form.cleaned_data["version"]
        )
    except StaleEditError:
        messages.error(
            request, "Программу изменил другой сотрудник. Проверьте её и утвердите снова."
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Программа утверждена и действует.")
    return redirect("programs:program", pk=pk)


@allow("recipients.edit")
@require_POST
def program_new_version(request, pk: int):
    staff = request.staff
    program = get_program_for(staff, pk)
    renew = request.POST.get("renew") == "1"
    try:
        draft = services.program_new_version(actor=staff, program=program, renew=renew)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programs:program", pk=pk)
    messages.success(
        request,
        "Создан проект повторной программы на новый срок. Проверьте услуги и сроки."
        if renew
        else "Создан проект новой версии программы. Измените услуги и утвердите.",
    )
    return redirect("programs:program_edit", pk=draft.pk)


def _zero():
    return Decimal("0.00")
