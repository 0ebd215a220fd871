"""Regional parameters, the family and incomes of a recipient, the decision, the statistics."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.params import date_param, flag_param
from zabota.core.tables import Column, Table
from zabota.payments import services
from zabota.payments.card import payment_condition
from zabota.payments.forms import (
    DecisionForm,
    FamilyMemberForm,
    IncomeForm,
    SubsistenceMinimumForm,
    ThresholdCoefficientForm,
)
from zabota.payments.models import (
    INCOME_KINDS,
    FamilyMember,
    PopulationGroup,
    SubsistenceMinimum,
    ThresholdCoefficient,
)
from zabota.payments.selectors import (
    ParametersMissing,
    coefficient_on,
    incomes_of,
    subsistence_minimum_on,
)
from zabota.payments.statistics import CONDITIONS, SHORT_LABELS, payment_statistics
from zabota.recipients.models import BenefitCategory
from zabota.recipients.selectors import get_recipient_for
from zabota.rules.payment import format_rubles, income_period, income_threshold

PARAMETERS_CRUMB = ("Региональные параметры", reverse_lazy("payments:parameters"))
RELATIONS = ["супруг", "супруга", "сын", "дочь", "внук", "внучка"]


def _card_crumbs(recipient, *tail):
    return [
        ("Получатели", reverse("recipients:list")),
        (recipient.full_name, reverse("recipients:card", args=[recipient.pk])),
        *tail,
    ]


@allow("parameters.view")
def parameters(request):
    staff = request.staff
    institution = staff.institution
    today = timezone.localdate()
    current = []
    coefficient = coefficient_on(institution, today)
    for group, label in PopulationGroup.choices:
        minimum = subsistence_minimum_on(institution, today, group)
        current.append(
            {
                "label": label,
                "minimum": minimum,
                "threshold": income_threshold(minimum.amount, coefficient) if minimum else None,
            }
        )
    return render(
        request,
        "payments/parameters.html",
        {
            "current": current,
            "coefficient": coefficient,
            "today": today,
            "minimums": SubsistenceMinimum.objects.filter(institution=institution).order_by(
                "-effective_from", "group"
            ),
            "coefficients": ThresholdCoefficient.objects.filter(institution=institution),
            "free_categories": BenefitCategory.objects.filter(
                institution=institution, free_of_charge=True
            ),
            "can_manage": staff.can("catalog.manage"),
            "can_edit_references": staff.can("references.manage"),
            "breadcrumbs": [("Региональные параметры", None)],
        },
    )


@allow("catalog.manage")
def minimum_add(request):
    form = SubsistenceMinimumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subsistence_minimum_set(actor=request.staff, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Прожиточный минимум записан.")
            return redirect("payments:parameters")
    return _simple_form(request, form, "Прожиточный минимум", "Записать")


@allow("catalog.manage")
def coefficient_add(request):
    form = ThresholdCoefficientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.threshold_coefficient_set(actor=request.staff, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Коэффициент записан.")
            return redirect("payments:parameters")
    return _simple_form(request, form, "Коэффициент предельной величины", "Записать")


def _simple_form(request, form, title, submit):
    return render(
        request,
        "payments/simple_form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "back_url": reverse("payments:parameters"),
            "breadcrumbs": [PARAMETERS_CRUMB, (title, None)],
        },
    )


@allow("recipients.edit")
def incomes(request, recipient_pk: int):
    """The family and the incomes of the 12 months of the income period, with the entry form."""
    staff = request.staff
    recipient = get_recipient_for(staff, recipient_pk)
    today = timezone.localdate()
    start, end = income_period(today)
    members = list(recipient.family_members.filter(is_active=True))
    form = IncomeForm(
        request.POST or None,
        recipient=recipient,
        members=members,
        initial={"month_from": start, "month_to": end},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.income_record(
                actor=staff,
                recipient=recipient,
                family_member=data["family_member"],
                month_from=data["month_from"],
                month_to=data["month_to"],
                kind=data["kind"],
                amount=data["amount"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Доходы записаны.")
            return redirect("payments:incomes", recipient_pk=recipient.pk)
    show_all = flag_param(request, "all")
    entries = incomes_of(recipient) if show_all else incomes_of(recipient, start, end)
    audit_read(actor=staff, recipient=recipient, what="доходы и состав семьи")
    return render(
        request,
        "payments/incomes.html",
        {
            "recipient": recipient,
            "form": form,
            "entries": entries,
            "show_all": show_all,
            "period": (start, end),
            "family": recipient.family_members.all(),
            "kinds": INCOME_KINDS,
            "breadcrumbs": _card_crumbs(recipient, ("Доходы и состав семьи", None)),
        },
    )


@allow("recipients.edit")
def family_member_edit(request, recipient_pk: int, pk: int | None = None):
    staff = request.staff
    recipient = get_recipient_for(staff, recipient_pk)
    member = (
        get_object_or_404(recipient.family_members, pk=pk)
        if pk
        else FamilyMember(recipient=recipient)
    )
    form = FamilyMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        services.family_member_save(actor=staff, member=form.save(commit=False))
        messages.success(request, "Сведения о члене семьи сохранены.")
        return redirect("payments:incomes", recipient_pk=recipient.pk)
    if pk and request.method != "POST":
        audit_read(actor=staff, recipient=recipient, obj=member, what="сведения о члене семьи")
    return render(
        request,
        "payments/simple_form.html",
        {
            "form": form,
            "title": "Член семьи",
            "submit": "Сохранить",
            "recipient": recipient,
            "relations": RELATIONS,
            "back_url": reverse("payments:incomes", args=[recipient.pk]),
            "breadcrumbs": _card_crumbs(
                recipient,
                ("Доходы и состав семьи", reverse("payments:incomes", args=[recipient.pk])),
                ("Член семьи", None),
            ),
        },
    )


@allow("recipients.edit")
def decide(request, recipient_pk: int):
    """Compute the per-capita income for an application and show the payment condition."""
    staff = request.staff
    recipient = get_recipient_for(staff, recipient_pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.payment_decision_compute(
                actor=staff, recipient=recipient, **form.cleaned_data
            )
        except ParametersMissing as error:
            form.add_error(None, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Среднедушевой доход {format_rubles(decision.income_per_capita)} рассчитан "
                f"(семья {decision.family_size} чел.).",
            )
            return redirect(reverse("recipients:card", args=[recipient.pk]) + "#payment")
    today = timezone.localdate()
    start, end = income_period(today)
    audit_read(actor=staff, recipient=recipient, what="расчёт условия оплаты (доходы)")
    return render(
        request,
        "payments/decide.html",
        {
            "form": form,
            "recipient": recipient,
            "period": (start, end),
            "family_size": 1 + recipient.family_members.filter(is_active=True).count(),
            "months_entered": recipient.incomes.filter(month__range=(start, end))
            .values("month")
            .distinct()
            .count(),
            "condition": payment_condition(recipient, today),
            "breadcrumbs": _card_crumbs(recipient, ("Расчёт условия оплаты", None)),
        },
    )


@allow("reports.view")
def statistics(request):
    staff = request.staff
    on_date = date_param(request, "on") or timezone.localdate()
    rows, total = payment_statistics(staff, on_date)
    title = f"Получатели по условиям оплаты на {on_date:%d.%m.%Y}"
    if wants_xlsx(request):
        table = Table(
            title=title,
            subtitle=str(staff.institution),
            sheet_name="Условия оплаты",
            columns=[Column("Отделение", 40)]
            + [Column(label, 16, "int") for _key, label in CONDITIONS]
            + [Column("Всего", 10, "int"), Column("Плата в месяц, ₽", 16, "money")],
            rows=([r.name, *r.cells(), r.total, r.fees] for r in rows),
            totals=[total.name, *total.cells(), total.total, total.fees],
        )
        return xlsx_export(request, "Условия оплаты.xlsx", table, personal_data=False)
    return render(
        request,
        "payments/statistics.html",
        {
            "rows": rows,
            "total": total,
            "conditions": [(SHORT_LABELS[key], label) for key, label in CONDITIONS],
            "on_date": on_date,
            "title": title,
            "breadcrumbs": [("Получатели по условиям оплаты", None)],
        },
    )
