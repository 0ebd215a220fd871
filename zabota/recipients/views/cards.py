from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.locking import StaleEditError
from zabota.audit.presentation import present
from zabota.audit.selectors import events_of_recipient
from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.organisation.selectors import departments_for, field_staff_for
from zabota.recipients import services
from zabota.recipients.card import sections_for
from zabota.recipients.exports import recipients_table
from zabota.recipients.forms import (
    RecipientForm,
    RegistrationForm,
)
from zabota.recipients.lists import RECIPIENTS, recipient_filters
from zabota.recipients.models import RecipientStatus
from zabota.recipients.selectors import (
    categories_of,
    current_enrolment,
    get_recipient_for,
)
from zabota.recipients.views.common import LIST_CRUMB, STALE_CARD


@allow("recipients.view")
def recipient_list(request):
    staff = request.staff
    filters = recipient_filters(request.GET)
    recipients = RECIPIENTS.rows(staff, request.GET, timezone.localdate())
    if wants_xlsx(request):
        return xlsx_export(
            request, "Получатели.xlsx", recipients_table(recipients, "Получатели социальных услуг")
        )
    return render(
        request,
        "recipients/list.html",
        {
            "page": paginate(request, recipients),
            "query": querystring_without_page(request),
            "filters": filters,
            "status_value": request.GET.get("status", RecipientStatus.ACTIVE),
            "statuses": RecipientStatus.choices,
            "departments": departments_for(staff),
            "workers": field_staff_for(staff),
            "categories": categories_of(staff).filter(is_active=True),
            "can_edit": staff.can("recipients.edit"),
            "breadcrumbs": [("Получатели", None)],
        },
    )


@allow("recipients.view")
def recipient_card(request, pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    services.recipient_open(actor=staff, recipient=recipient)
    return render(
        request,
        "recipients/card.html",
        {
            "recipient": recipient,
            "categories": recipient.benefit_categories.all(),
            "enrolments": recipient.enrolments.select_related("department", "discharge_reason"),
            "consents": recipient.consents.all(),
            "certificates": recipient.medical_certificates.all(),
            "representatives": recipient.representatives.all(),
            "current_enrolment": current_enrolment(recipient),
            "sections": sections_for(request, recipient),
            "today": timezone.localdate(),
            "can_edit": staff.can("recipients.edit"),
            "breadcrumbs": [LIST_CRUMB, (recipient.full_name, None)],
        },
    )


@allow("recipients.edit")
def recipient_register(request):
    staff = request.staff
    form = RegistrationForm(request.POST or None, actor=staff)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            recipient = services.recipient_register(
                actor=staff,
                enrolled_on=data.pop("enrolled_on"),
                basis=data.pop("basis"),
                benefit_categories=list(data.pop("benefit_categories")),
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            ending = "а" if recipient.gender == "female" else ""
            messages.success(request, f"{recipient.full_name} поставлен{ending} на обслуживание.")
            return redirect("recipients:card", pk=recipient.pk)
    return render(
        request,
        "recipients/form.html",
        {
            "form": form,
            "title": "Новый получатель",
            "breadcrumbs": [LIST_CRUMB, ("Новый получатель", None)],
        },
    )


@allow("recipients.edit")
def recipient_edit(request, pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    form = RecipientForm(request.POST or None, instance=recipient, actor=staff)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.recipient_update(
                actor=staff,
                recipient=recipient,
                expected_version=version,
                benefit_categories=list(data.pop("benefit_categories")),
                **data,
            )
        except StaleEditError as error:
            stale = error.describe()
            form.add_error(None, STALE_CARD)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("recipients:card", pk=recipient.pk)
    if request.method != "POST":
        audit_read(actor=staff, recipient=recipient, what="форма изменения карточки")
    return render(
        request,
        "recipients/form.html",
        {
            "form": form,
            "title": f"Изменение карточки: {recipient.full_name}",
            "stale": stale,
            "recipient": recipient,
            "breadcrumbs": [
                LIST_CRUMB,
                (recipient.full_name, reverse("recipients:card", args=[pk])),
                ("Изменение", None),
            ],
        },
    )


@allow("recipients.edit")
def recipient_history(request, pk: int):

    recipient = get_recipient_for(request.staff, pk)
    page = paginate(request, events_of_recipient(recipient))
    page.object_list = present(page.object_list)
    audit_read(actor=request.staff, recipient=recipient, what="история изменений карточки")
    return render(
        request,
        "recipients/history.html",
        {
            "recipient": recipient,
            "page": page,
            "query": querystring_without_page(request),
            "breadcrumbs": [
                LIST_CRUMB,
                (recipient.full_name, reverse("recipients:card", args=[pk])),
                ("История", None),
            ],
        },
    )
