"""Pages of the ЕГИССО export: the check and preview of a period, forming the packages, the
settings. The packages and facts exported are in log_views."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.tables import Column, Table
from zabota.exchange.egisso import services
from zabota.exchange.egisso.forms import EgissoSettingsForm, PeriodForm
from zabota.exchange.egisso.jobs import egisso_job_start, runs_in_background
from zabota.exchange.models import EgissoSettings
from zabota.rules.egisso_changes import RECORD_TITLES
from zabota.rules.identifiers import snils_digits, snils_format

INDEX_CRUMB = ("Обмен данными", reverse_lazy("exchange:index"))
PAGE_CRUMB = ("Выгрузка в ЕГИССО", reverse_lazy("exchange:egisso"))


@allow("exchange.run")
def egisso(request):
    """Check a period: every new fact and change built and validated, and listed with why it
    goes; the package is offered only when all pass."""
    staff = request.staff
    form = PeriodForm(request.GET if "date_from" in request.GET else None)
    check = None
    if form.is_bound and form.is_valid():
        check = services.egisso_check(actor=staff, **_period(form))
        if wants_xlsx(request):
            name = "Ошибки выгрузки в ЕГИССО.xlsx"
            if check.is_valid or check.nothing_new:
                name = "Что уйдёт в ЕГИССО.xlsx"
            return xlsx_export(request, name, _problems_table(check))
    # The problems when there are any, otherwise what would go.
    shown = (check.recipients or check.records) if check else []
    text = request.GET.get("q", "").strip()
    if text:
        shown = [entry for entry in shown if _matches(entry.recipient, text)]
    settings = services.settings_of(staff.institution)
    return render(
        request,
        "exchange/egisso.html",
        {
            "form": form,
            "check": check,
            "settings": settings,
            "overrides": settings.categories.count() if settings else 0,
            "can_edit_settings": staff.can("references.manage"),
            "period": _period(form) if check else {},
            "nothing_message": services.NOTHING_MESSAGE,
            "in_background": bool(check)
            and runs_in_background(max(check.programs, len(check.records))),
            "page": paginate(request, shown),
            "query": querystring_without_page(request),
            "text": text,
            "breadcrumbs": [INDEX_CRUMB, ("Выгрузка в ЕГИССО", None)],
        },
    )


@allow("exchange.run")
@require_POST
def egisso_export(request):
    """Form the packages, built and validated again at this moment; never a file that fails
    the XSD, never a fact sent twice as new."""
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите период выгрузки.")
        return redirect("exchange:egisso")
    period = _period(form)
    back = f"{reverse('exchange:egisso')}?{urlencode(period)}"
    try:
        export = services.egisso_export(actor=request.staff, **period)
    except services.EgissoInvalid as invalid:
        messages.error(
            request,
            f"Пакет не сформирован: найдено ошибок — {invalid.check.problem_count}. "
            "Исправьте их и проверьте период ещё раз.",
        )
        return redirect(back)
    except services.NothingToExport:
        messages.info(request, services.NOTHING_MESSAGE)
        return redirect(back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("exchange:egisso")
    messages.success(
        request,
        f"Сформировано пакетов: {len(export.packages)} (новых фактов {export.facts}, изменений "
        f"{export.changes}). Скачайте каждый, загрузите в ЕГИССО и отметьте результат.",
    )
    return redirect("exchange:egisso_packages")


@allow("exchange.run")
@require_POST
def egisso_job(request):
    """The packages of a large period, formed by the worker; followed in «Мои задания»."""
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите период выгрузки.")
        return redirect("exchange:egisso")
    job, started = egisso_job_start(actor=request.staff, **_period(form))
    if not started:
        messages.info(request, "Пакет за этот период уже формируется: показываем задание.")
    return redirect("jobs:detail", pk=job.pk)


@allow("references.manage")
def egisso_settings(request):
    staff = request.staff
    current = services.settings_of(staff.institution)
    settings = current or EgissoSettings(institution=staff.institution)
    categories = list(staff.institution.benefit_categories.filter(is_active=True).order_by("name"))
    overrides = (
        {c.benefit_category_id: c.category_id for c in current.categories.all()} if current else {}
    )
    reasons = list(staff.institution.discharge_reasons.filter(is_active=True).order_by("name"))
    causes = (
        {c.discharge_reason_id: c.cause for c in current.discharge_causes.all()} if current else {}
    )
    # A category switched off keeps its id but is not offered any more.
    form = EgissoSettingsForm(
        request.POST or None,
        instance=settings,
        categories=categories,
        overrides=overrides,
        reasons=reasons,
        causes=causes,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.egisso_settings_save(
                actor=staff,
                settings=form.save(commit=False),
                category_ids=form.category_ids(),
                discharge_causes=form.discharge_causes(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Настройки выгрузки в ЕГИССО сохранены.")
            return redirect("exchange:egisso")
    return render(
        request,
        "exchange/egisso_settings.html",
        {
            "form": form,
            "breadcrumbs": [INDEX_CRUMB, PAGE_CRUMB, ("Настройки", None)],
        },
    )


def _period(form) -> dict:
    return {"date_from": form.cleaned_data["date_from"], "date_to": form.cleaned_data["date_to"]}


def _matches(recipient, text: str) -> bool:
    digits = snils_digits(text)
    if digits.isdigit() and len(digits) >= 3:
        return digits in recipient.snils
    name = recipient.full_name.lower()
    return all(word in name for word in text.lower().split())


def _problems_table(check) -> Table:
    if check.is_valid or check.nothing_new:
        return _records_table(check)
    rows = [["", "", "", "Выгрузка в целом", message, ""] for message in check.general]
    for entry in check.recipients:
        for label, problem in entry.items:
            rows.append(
                [
                    entry.recipient.full_name,
                    snils_format(entry.recipient.snils),
                    label,
                    problem.field,
                    problem.message,
                    problem.technical,
                ]
            )
    return Table(
        title="Ошибки выгрузки в ЕГИССО",
        subtitle=f"период {check.date_from:%d.%m.%Y}–{check.date_to:%d.%m.%Y}",
        sheet_name="Ошибки",
        columns=[
            Column("Получатель", 36),
            Column("СНИЛС", 16),
            Column("ИППСУ", 28),
            Column("Поле", 30),
            Column("Что не так", 60),
            Column("Сообщение проверки схемы", 60),
        ],
        rows=rows,
    )


def _records_table(check) -> Table:
    rows = [
        [
            p.recipient.full_name,
            snils_format(p.recipient.snils),
            p.label,
            RECORD_TITLES[p.kind],
            p.reason,
        ]
        for p in check.records
    ]
    return Table(
        title="Что уйдёт в ЕГИССО",
        subtitle=f"период {check.date_from:%d.%m.%Y}–{check.date_to:%d.%m.%Y}",
        sheet_name="Записи",
        columns=[
            Column("Получатель", 36),
            Column("СНИЛС", 16),
            Column("ИППСУ", 28),
            Column("Запись", 40),
            Column("Почему", 60),
        ],
        rows=rows,
    )
