import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zabota.core.access import allow
from zabota.core.downloads import wants_xlsx, xlsx_export
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.locking import StaleEditError, field_labels
from zabota.organisation.selectors import departments_for, field_staff_for
from zabota.recipients import services
from zabota.recipients.card import sections_for
from zabota.recipients.exports import certificates_table, journal_table, recipients_table
from zabota.recipients.forms import (
    CertificateForm,
    ConsentForm,
    ConsentWithdrawForm,
    DischargeForm,
    EnrolForm,
    PeriodForm,
    RecipientForm,
    RegistrationForm,
    RepresentativeForm,
)
from zabota.recipients.models import Recipient, RecipientStatus, Representative
from zabota.recipients.selectors import (
    categories_of,
    certificates_due,
    current_enrolment,
    get_recipient_for,
    journal,
    search_recipients,
)

LIST_CRUMB = ("Получатели", "/recipients/")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@allow("recipients.view")
def recipient_list(request):
    staff = request.staff
    filters = {
        "text": request.GET.get("q", ""),
        "department_id": _int(request.GET.get("department")),
        "status": request.GET.get("status", RecipientStatus.ACTIVE),
        "worker_id": _int(request.GET.get("worker")),
        "category_id": _int(request.GET.get("category")),
    }
    if filters["status"] == "all":
        filters["status"] = ""
    recipients = search_recipients(staff, **filters)
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
        data.pop("version", None)
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
            messages.success(request, f"{recipient.full_name} поставлен(а) на обслуживание.")
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
        version = data.pop("version", None)
        try:
            services.recipient_update(
                actor=staff,
                recipient=recipient,
                expected_version=version,
                benefit_categories=list(data.pop("benefit_categories")),
                **data,
            )
        except StaleEditError as error:
            stale = error.describe(field_labels(Recipient))
            form.add_error(
                None,
                "Карточку уже изменил другой сотрудник, пока вы её редактировали. "
                "Ваши изменения не сохранены. Откройте карточку заново.",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("recipients:card", pk=recipient.pk)
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
                (recipient.full_name, f"/recipients/{pk}/"),
                ("Изменение", None),
            ],
        },
    )


@allow("recipients.edit")
def recipient_discharge(request, pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    form = DischargeForm(request.POST or None, actor=staff)
    if request.method == "POST" and form.is_valid():
        try:
            services.recipient_discharge(
                actor=staff,
                recipient=recipient,
                discharged_on=form.cleaned_data["discharged_on"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{recipient.full_name} снят(а) с обслуживания.")
            return redirect("recipients:card", pk=pk)
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": "Снятие с обслуживания",
            "recipient": recipient,
            "submit": "Снять с обслуживания",
            "breadcrumbs": [
                LIST_CRUMB,
                (recipient.full_name, f"/recipients/{pk}/"),
                ("Снятие", None),
            ],
        },
    )


@allow("recipients.edit")
def recipient_enrol(request, pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    form = EnrolForm(
        request.POST or None, actor=staff, initial={"department": recipient.department_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.recipient_enrol(actor=staff, recipient=recipient, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{recipient.full_name} снова на обслуживании.")
            return redirect("recipients:card", pk=pk)
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": "Постановка на обслуживание",
            "recipient": recipient,
            "submit": "Поставить на обслуживание",
            "breadcrumbs": [
                LIST_CRUMB,
                (recipient.full_name, f"/recipients/{pk}/"),
                ("Постановка", None),
            ],
        },
    )


@allow("recipients.edit")
def consent_add(request, pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    form = ConsentForm(
        request.POST or None, initial={"given_on": timezone.localdate(), "text_version": "1"}
    )
    if request.method == "POST" and form.is_valid():
        services.consent_record(actor=staff, recipient=recipient, **form.cleaned_data)
        messages.success(request, "Согласие на обработку персональных данных записано.")
        return redirect("recipients:card", pk=pk)
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": "Согласие на обработку персональных данных",
            "recipient": recipient,
            "submit": "Записать",
            "breadcrumbs": [
                LIST_CRUMB,
                (recipient.full_name, f"/recipients/{pk}/"),
                ("Согласие", None),
            ],
        },
    )


@allow("recipients.edit")
def consent_withdraw(request, pk: int, consent_pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    consent = get_object_or_404(recipient.consents, pk=consent_pk)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(actor=staff, consent=consent, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Отзыв согласия записан.")
            return redirect("recipients:card", pk=pk)
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": f"Отзыв согласия от {consent.given_on:%d.%m.%Y}",
            "recipient": recipient,
            "submit": "Записать отзыв",
            "breadcrumbs": [
                LIST_CRUMB,
                (recipient.full_name, f"/recipients/{pk}/"),
                ("Отзыв согласия", None),
            ],
        },
    )


@allow("recipients.edit")
def certificate_add(request, pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.certificate_record(actor=staff, recipient=recipient, **form.cleaned_data)
        messages.success(request, "Медицинское заключение записано.")
        return redirect("recipients:card", pk=pk)
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": "Медицинское заключение",
            "recipient": recipient,
            "submit": "Записать",
            "breadcrumbs": [
                LIST_CRUMB,
                (recipient.full_name, f"/recipients/{pk}/"),
                ("Мед. заключение", None),
            ],
        },
    )


@allow("recipients.edit")
def representative_edit(request, pk: int, representative_pk: int | None = None):
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    instance = (
        get_object_or_404(recipient.representatives, pk=representative_pk)
        if representative_pk
        else Representative(recipient=recipient)
    )
    form = RepresentativeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.representative_save(actor=staff, representative=form.save(commit=False))
        messages.success(request, "Сведения о представителе сохранены.")
        return redirect("recipients:card", pk=pk)
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": "Законный представитель",
            "recipient": recipient,
            "submit": "Сохранить",
            "breadcrumbs": [
                LIST_CRUMB,
                (recipient.full_name, f"/recipients/{pk}/"),
                ("Представитель", None),
            ],
        },
    )


@allow("recipients.edit")
def recipient_history(request, pk: int):
    from zabota.audit.selectors import events_of_recipient

    recipient = get_recipient_for(request.staff, pk)
    page = paginate(request, events_of_recipient(recipient))
    return render(
        request,
        "recipients/history.html",
        {
            "recipient": recipient,
            "page": page,
            "query": querystring_without_page(request),
            "labels": field_labels(Recipient),
            "breadcrumbs": [
                LIST_CRUMB,
                (recipient.full_name, f"/recipients/{pk}/"),
                ("История", None),
            ],
        },
    )


@allow("journals.view")
def journal_view(request):
    staff = request.staff
    kind = "discharged" if request.GET.get("kind") == "discharged" else "enrolled"
    period = PeriodForm(request.GET or None)
    date_from, date_to = period.period()
    department_id = _int(request.GET.get("department"))
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
    category_id = _int(request.GET.get("category"))
    department_id = _int(request.GET.get("department"))
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


def _category_counts(staff, department_id):
    from django.db.models import Count, Q

    from zabota.organisation.access import recipient_scope

    scope = recipient_scope(staff, "recipients__") & Q(recipients__status=RecipientStatus.ACTIVE)
    if department_id:
        scope &= Q(recipients__department_id=department_id)
    return categories_of(staff).annotate(active=Count("recipients", filter=scope)).order_by("name")


@allow("journals.view")
def certificates(request):
    staff = request.staff
    days = _int(request.GET.get("days"))
    days = 30 if days is None or not 0 <= days <= 366 else days
    department_id = _int(request.GET.get("department"))
    today = timezone.localdate()
    recipients = certificates_due(staff, today=today, days=days, department_id=department_id)
    if wants_xlsx(request):
        return xlsx_export(
            request,
            "Медицинские заключения.xlsx",
            certificates_table(
                recipients,
                f"Медицинские заключения: истёкшие и истекающие в {days} дн. на {today:%d.%m.%Y}",
            ),
        )
    return render(
        request,
        "recipients/certificates.html",
        {
            "page": paginate(request, recipients),
            "query": querystring_without_page(request),
            "days": days,
            "today": today,
            "soon": today + datetime.timedelta(days=days),
            "departments": departments_for(staff),
            "department_id": department_id,
            "breadcrumbs": [LIST_CRUMB, ("Медицинские заключения", None)],
        },
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
