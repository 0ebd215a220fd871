"""Pages of what left for ЕГИССО: the packages (download, the result of loading) and the facts
(their history, errors to correct, an administrator's deletion)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import choice_param
from zabota.core.tables import Column, Table
from zabota.core.xlsx import download_response
from zabota.exchange.egisso import receipts, selectors, services
from zabota.exchange.egisso.forms import InvalidationForm, ReceiptForm
from zabota.exchange.egisso.models import FactStatus, PackageState, RecordStatus
from zabota.rules.egisso_changes import RECORD_TITLES
from zabota.rules.identifiers import snils_format

INDEX_CRUMB = ("Обмен данными", reverse_lazy("exchange:index"))
EGISSO_CRUMB = ("Выгрузка в ЕГИССО", reverse_lazy("exchange:egisso"))
PACKAGES_CRUMB = ("Пакеты", reverse_lazy("exchange:egisso_packages"))
FACTS_CRUMB = ("Факты", reverse_lazy("exchange:egisso_facts"))


@allow("exchange.run")
def packages(request):
    return render(
        request,
        "exchange/egisso_packages.html",
        {
            "page": paginate(request, selectors.packages_for(request.staff)),
            "breadcrumbs": [INDEX_CRUMB, EGISSO_CRUMB, ("Пакеты", None)],
        },
    )


@allow("exchange.run")
def package(request, pk: int):
    found = selectors.get_package_for(request.staff, pk)
    records = selectors.records_of_package(found)
    return render(
        request,
        "exchange/egisso_package.html",
        _package_context(request, found, records, ReceiptForm()),
    )


def _package_context(request, found, records, form) -> dict:
    return {
        "package": found,
        "counts": [(RECORD_TITLES[kind], count) for kind, count in found.counts.items()],
        "page": paginate(request, records),
        "titles": RECORD_TITLES,
        "form": form,
        "can_receipt": found.state in (PackageState.FORMED, PackageState.LOADED),
        "breadcrumbs": [INDEX_CRUMB, EGISSO_CRUMB, PACKAGES_CRUMB, (found.file_name, None)],
    }


@allow("exchange.run")
def package_file(request, pk: int):
    found = selectors.get_package_for(request.staff, pk)
    name, content, content_type = services.package_download(actor=request.staff, package=found)
    return download_response(content, name, content_type)


@allow("exchange.run")
@require_POST
def package_receipt(request, pk: int):
    """The result of loading: loaded, loaded with errors (the protocol), not taken."""
    found = selectors.get_package_for(request.staff, pk)
    form = ReceiptForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["outcome"] == ReceiptForm.LOADED:
                receipts.egisso_package_loaded(
                    actor=request.staff, package=found, note=data["note"]
                )
                messages.success(request, "Пакет отмечен как загруженный.")
            elif data["outcome"] == ReceiptForm.ERRORS:
                count = receipts.egisso_package_errors(
                    actor=request.staff, package=found, protocol=data["text"], note=data["note"]
                )
                messages.success(
                    request,
                    f"Отмечено записей с ошибками: {count}. Исправьте данные — исправленные "
                    "факты уйдут в следующей выгрузке.",
                )
            else:
                count = receipts.egisso_package_rejected(
                    actor=request.staff, package=found, note=data["note"]
                )
                messages.success(
                    request, f"Пакет отмечен как не принятый: {count} записей уйдут снова."
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("exchange:egisso_package", pk=found.pk)
    records = selectors.records_of_package(found)
    return render(
        request,
        "exchange/egisso_package.html",
        _package_context(request, found, records, form),
        status=400,
    )


@allow("exchange.run")
def facts(request):
    """Every fact exported, searchable; `?status=load_error` is the list to correct."""
    staff = request.staff
    text = request.GET.get("q", "")
    status = choice_param(request, "status", FactStatus.values)
    found = selectors.search_facts(staff, text=text, status=status)
    if wants_xlsx(request):
        return xlsx_export(request, "Факты ЕГИССО.xlsx", _facts_table(found))
    return render(
        request,
        "exchange/egisso_facts.html",
        {
            "page": paginate(request, found),
            "query": querystring_without_page(request),
            "text": text,
            "status": status,
            "statuses": FactStatus.choices,
            "breadcrumbs": [INDEX_CRUMB, EGISSO_CRUMB, ("Факты", None)],
        },
    )


def _facts_table(found) -> Table:
    return Table(
        title="Факты, выгруженные в ЕГИССО",
        sheet_name="Факты",
        columns=[
            Column("Получатель", 36),
            Column("СНИЛС", 16),
            Column("ИППСУ", 16),
            Column("Идентификатор факта", 38),
            Column("Состояние", 20),
            Column("Ошибка загрузки", 60),
        ],
        rows=(
            [
                f.recipient.full_name,
                snils_format(f.recipient.snils),
                f.program.number,
                str(f.uuid),
                f.get_status_display(),
                f.error,
            ]
            for f in found
        ),
    )


@allow("exchange.run")
def fact(request, pk: int):
    found = selectors.get_fact_for(request.staff, pk)
    audit_read(
        actor=request.staff,
        recipient=found.recipient,
        what="История факта назначения в ЕГИССО",
    )
    return render(request, "exchange/egisso_fact.html", _fact_context(request, found))


def _fact_context(request, found, form=None) -> dict:
    records = list(found.records.select_related("package", "created_by").order_by("pk"))
    return {
        "fact": found,
        "records": records,
        "titles": RECORD_TITLES,
        "sent": found.sent,
        "queued": next((r for r in records if r.status == RecordStatus.QUEUED), None),
        "can_invalidate": request.staff.can("egisso.invalidate")
        and found.status not in (FactStatus.INVALIDATED, FactStatus.RETURNED),
        "form": form or InvalidationForm(),
        "breadcrumbs": [INDEX_CRUMB, EGISSO_CRUMB, FACTS_CRUMB, (found.recipient.full_name, None)],
    }


@allow("egisso.invalidate")
@require_POST
def fact_invalidate(request, pk: int):
    found = selectors.get_fact_for(request.staff, pk)
    form = InvalidationForm(request.POST)
    if form.is_valid():
        try:
            receipts.egisso_invalidation_queue(
                actor=request.staff,
                fact=found,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Удаление факта уйдёт в ЕГИССО со следующей выгрузкой.")
            return redirect("exchange:egisso_fact", pk=found.pk)
    return render(
        request, "exchange/egisso_fact.html", _fact_context(request, found, form), status=400
    )


@allow("egisso.invalidate")
@require_POST
def record_withdraw(request, pk: int):
    record = selectors.get_queued_record_for(request.staff, pk)
    try:
        receipts.egisso_invalidation_withdraw(actor=request.staff, record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Удаление отозвано: в ЕГИССО оно не уйдёт.")
    return redirect("exchange:egisso_fact", pk=record.fact_id)
