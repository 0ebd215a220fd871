from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.catalog import services
from zabota.catalog.forms import ImportForm, ServiceForm, TariffForm
from zabota.catalog.models import UNITS
from zabota.catalog.selectors import (
    KIND_ADDITIONAL,
    KIND_CARE,
    KIND_GUARANTEED,
    get_service_of,
    search_services,
    service_types,
    tariff_history,
)
from zabota.catalog.transfer import catalog_table
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import choice_param, date_param, int_param

LIST_CRUMB = ("Каталог услуг", reverse_lazy("catalog:services"))
KINDS = [
    (KIND_GUARANTEED, "гарантированные (по ИППСУ)"),
    (KIND_ADDITIONAL, "дополнительные платные"),
    (KIND_CARE, "услуги по уходу (СДУ)"),
]
ACTIVE_CHOICES = [("1", "используются"), ("0", "не используются"), ("all", "все")]


@allow("recipients.view")
def service_list(request):
    staff = request.staff
    today = timezone.localdate()
    on_date = date_param(request, "on") or today
    active_value = choice_param(request, "active", dict(ACTIVE_CHOICES), "1")
    active = {"1": True, "0": False}.get(active_value)
    filters = {
        "text": request.GET.get("q", ""),
        "type_code": int_param(request, "type"),
        "kind": choice_param(request, "kind", dict(KINDS)),
    }
    catalog = search_services(staff.institution, active=active, on_date=on_date, **filters)
    if wants_xlsx(request):
        prices = {s.pk: (s.price, s.price_from) for s in catalog}
        title = f"Каталог социальных услуг, тарифы на {on_date:%d.%m.%Y}"
        return xlsx_export(
            request,
            "Каталог услуг.xlsx",
            catalog_table(catalog, prices, title),
            personal_data=False,
        )
    return render(
        request,
        "catalog/list.html",
        {
            "page": paginate(request, catalog),
            "query": querystring_without_page(request),
            "filters": filters,
            "on_date": on_date,
            "is_today": on_date == today,
            "active_value": active_value,
            "active_choices": ACTIVE_CHOICES,
            "kinds": KINDS,
            "types": service_types(),
            "can_manage": staff.can("catalog.manage"),
            "breadcrumbs": [("Каталог услуг", None)],
        },
    )


@allow("recipients.view")
def service_detail(request, pk: int):
    staff = request.staff
    service = get_service_of(staff.institution, pk)
    today = timezone.localdate()
    history = list(tariff_history(service))
    current = next((t for t in history if t.effective_from <= today), None)
    return render(
        request,
        "catalog/detail.html",
        {
            "service": service,
            "tariffs": history,
            "current_tariff": current,
            "today": today,
            "can_manage": staff.can("catalog.manage"),
            "breadcrumbs": [LIST_CRUMB, (service.code, None)],
        },
    )


@allow("catalog.manage")
def service_new(request):
    staff = request.staff
    form = ServiceForm(request.POST or None, institution=staff.institution)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            service = services.service_create(actor=staff, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Услуга {service.code} добавлена в каталог.")
            return redirect("catalog:service", pk=service.pk)
    return _form_page(request, form, "Новая услуга", [LIST_CRUMB, ("Новая услуга", None)])


@allow("catalog.manage")
def service_edit(request, pk: int):
    staff = request.staff
    service = get_service_of(staff.institution, pk)
    form = ServiceForm(request.POST or None, instance=service, institution=staff.institution)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(actor=staff, service=service, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("catalog:service", pk=pk)
    return _form_page(
        request,
        form,
        f"Изменение услуги {service.code}",
        [LIST_CRUMB, (service.code, reverse("catalog:service", args=[pk])), ("Изменение", None)],
        back_url=reverse("catalog:service", args=[pk]),
    )


@allow("catalog.manage")
def tariff_add(request, pk: int):
    staff = request.staff
    service = get_service_of(staff.institution, pk)
    form = TariffForm(request.POST or None, initial={"effective_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.tariff_set(actor=staff, service=service, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Тариф записан.")
            return redirect("catalog:service", pk=pk)
    return _form_page(
        request,
        form,
        f"Новый тариф: {service.name}",
        [LIST_CRUMB, (service.code, reverse("catalog:service", args=[pk])), ("Тариф", None)],
        back_url=reverse("catalog:service", args=[pk]),
        intro="Прежние тарифы сохраняются: прошлые месяцы считаются по тарифу, "
        "действовавшему в день оказания услуги.",
    )


@allow("catalog.manage")
def catalog_import(request):
    staff = request.staff
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = services.catalog_import(actor=staff, content=upload.read(), filename=upload.name)
        if report.ok:
            messages.success(request, f"Каталог загружен: {report.summary()}.")
            return redirect("catalog:services")
    return render(
        request,
        "catalog/import.html",
        {
            "form": form,
            "report": report,
            "breadcrumbs": [LIST_CRUMB, ("Загрузка из Excel", None)],
        },
    )


def _form_page(request, form, title, breadcrumbs, back_url="", intro=""):
    return render(
        request,
        "catalog/form.html",
        {
            "form": form,
            "title": title,
            "intro": intro,
            "units": UNITS,
            "back_url": back_url or reverse("catalog:services"),
            "breadcrumbs": breadcrumbs,
        },
    )
