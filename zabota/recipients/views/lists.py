import datetime

from django.shortcuts import render
from django.utils import timezone

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.core.forms import PeriodForm
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import choice_param, int_param
from zabota.organisation.selectors import departments_for
from zabota.recipients.exports import certificates_table, journal_table, recipients_table
from zabota.recipients.lists import CERTIFICATE_STATES, CERTIFICATES, certificate_filters
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.recipients.selectors import (
    CERTIFICATE_EXPIRED,
    CERTIFICATE_EXPIRING,
    categories_of,
    journal,
    search_recipients,
)
from zabota.recipients.views.common import LIST_CRUMB


@allow("journals.view")
def journal_view(request):
    staff = request.staff
    kind = choice_param(request, "kind", ("enrolled", "discharged"), "enrolled")
    period = PeriodForm(request.GET or None)
    date_from, date_to = period.dates()
    department_id = int_param(request, "department")
    entries = journal(
        staff, kind=kind, date_from=date_from, date_to=date_to, department_id=department_id
    )
    title = (
        "Журнал снятых с обслуживания"
        if kind == "discharged"
        else "Журнал поставленных на обслуживание"
    )
    subtitle = f"за период с {date_from:%d.%m.%Y} по {date_to:%d.%m.%Y}"
    if wants_xlsx(request):
        return xlsx_export(
            request,
            f"{title}.xlsx",
            journal_table(entries, kind=kind, title=title, subtitle=subtitle),
        )
    return render(
        request,
        "recipients/journal.html",
        {
            "page": paginate(request, entries),
            "query": querystring_without_page(request),
            "kind": kind,
            "title": title,
            "subtitle": subtitle,
            "period": period,
            "departments": departments_for(staff),
            "department_id": department_id,
            "breadcrumbs": [LIST_CRUMB, ("Журналы", None)],
        },
    )


@allow("journals.view")
def by_category(request):
    staff = request.staff
    categories = categories_of(staff)
    category_id = int_param(request, "category")
    department_id = int_param(request, "department")
    category = categories.filter(pk=category_id).first() if category_id else None
    recipients = (
        search_recipients(
            staff,
            category_id=category_id,
            department_id=department_id,
            status=RecipientStatus.ACTIVE,
        )
        if category
        else Recipient.objects.none()
    )
    counts = _category_counts(staff, department_id)
    if category and wants_xlsx(request):
        return xlsx_export(
            request,
            f"{category.name}.xlsx",
            recipients_table(recipients, f"Получатели: {category.name}"),
        )
    return render(
        request,
        "recipients/by_category.html",
        {
            "categories": categories,
            "category": category,
            "counts": counts,
            "page": paginate(request, recipients),
            "query": querystring_without_page(request),
            "departments": departments_for(staff),
            "department_id": department_id,
            "breadcrumbs": [LIST_CRUMB, ("По льготным категориям", None)],
        },
    )


def _category_counts(staff, department_id) -> list:
    """Each category with `active`: the rows its link (?category=) lists, counted in one
    grouped query over the same selector."""
    from django.db.models import Count

    rows = search_recipients(
        staff, department_id=department_id, status=RecipientStatus.ACTIVE
    ).order_by()
    counts = dict(rows.values_list("benefit_categories").annotate(n=Count("pk")))
    categories = list(categories_of(staff).order_by("name"))
    for category in categories:
        category.active = counts.get(category.pk, 0)
    return categories


@allow("journals.view")
def certificates(request):
    staff = request.staff
    filters = certificate_filters(request.GET)
    today = timezone.localdate()
    recipients = CERTIFICATES.rows(staff, request.GET, today)
    days = filters["days"]
    title = {
        CERTIFICATE_EXPIRED: "Медицинские заключения: истёкшие и отсутствующие",
        CERTIFICATE_EXPIRING: f"Медицинские заключения, истекающие в ближайшие {days} дн.",
    }.get(filters["state"], "Медицинские заключения: истёкшие и истекающие")
    if wants_xlsx(request):
        return xlsx_export(
            request,
            "Медицинские заключения.xlsx",
            certificates_table(recipients, f"{title} на {today:%d.%m.%Y}"),
        )
    return render(
        request,
        "recipients/certificates.html",
        {
            "page": paginate(request, recipients),
            "query": querystring_without_page(request),
            "title": title,
            "filters": filters,
            "states": CERTIFICATE_STATES,
            "today": today,
            "soon": today + datetime.timedelta(days=days),
            "departments": departments_for(staff),
            "breadcrumbs": [LIST_CRUMB, ("Медицинские заключения", None)],
        },
    )
