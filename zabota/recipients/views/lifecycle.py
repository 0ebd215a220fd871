from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from zabota.audit.locking import StaleEditError
from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.recipients import services
from zabota.recipients.forms import (
    CertificateForm,
    ConsentForm,
    ConsentWithdrawForm,
    DischargeForm,
    EnrolForm,
    RepresentativeForm,
)
from zabota.recipients.models import Representative
from zabota.recipients.selectors import (
    acting_representative,
    get_recipient_for,
)
from zabota.recipients.views.common import LIST_CRUMB, add_stale


@allow("recipients.edit")
def recipient_discharge(request, pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    form = DischargeForm(request.POST or None, actor=staff, initial={"version": recipient.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.recipient_discharge(
                actor=staff,
                recipient=recipient,
                expected_version=form.cleaned_data["version"],
                discharged_on=form.cleaned_data["discharged_on"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except StaleEditError as error:
            add_stale(form, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            ending = "а" if recipient.gender == "female" else ""
            messages.success(request, f"{recipient.full_name} снят{ending} с обслуживания.")
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
                (recipient.full_name, reverse("recipients:card", args=[pk])),
                ("Снятие", None),
            ],
        },
    )


@allow("recipients.edit")
def recipient_enrol(request, pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    form = EnrolForm(
        request.POST or None,
        actor=staff,
        initial={"department": recipient.department_id, "version": recipient.version},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.recipient_enrol(
                actor=staff, recipient=recipient, expected_version=data.pop("version"), **data
            )
        except StaleEditError as error:
            add_stale(form, error)
        except ValidationError as error:
            add_errors(form, error)
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
                (recipient.full_name, reverse("recipients:card", args=[pk])),
                ("Постановка", None),
            ],
        },
    )


@allow("recipients.edit")
def consent_add(request, pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    today = timezone.localdate()
    # A person with a guardian or another representative signs through them: ticked already.
    by_representative = acting_representative(recipient, today) is not None
    form = ConsentForm(
        request.POST or None,
        initial={
            "given_on": today,
            "text_version": "1",
            "signed_by_representative": by_representative,
        },
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
                (recipient.full_name, reverse("recipients:card", args=[pk])),
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
            add_errors(form, error)
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
                (recipient.full_name, reverse("recipients:card", args=[pk])),
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
                (recipient.full_name, reverse("recipients:card", args=[pk])),
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
    if representative_pk and request.method != "POST":
        audit_read(actor=staff, recipient=recipient, obj=instance, what="сведения о представителе")
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
                (recipient.full_name, reverse("recipients:card", args=[pk])),
                ("Представитель", None),
            ],
        },
    )
