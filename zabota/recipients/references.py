"""Pages of the editable reference lists: benefit categories and reasons of discharge."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from zabota.core.access import allow
from zabota.recipients.forms import BenefitCategoryForm, DischargeReasonForm
from zabota.recipients.models import BenefitCategory, DischargeReason
from zabota.recipients.services import reference_save

KINDS = {
    "categories": (BenefitCategory, BenefitCategoryForm, "Льготные категории"),
    "reasons": (DischargeReason, DischargeReasonForm, "Причины снятия с обслуживания"),
}


@allow("references.manage")
def references(request):
    institution = request.staff.institution
    return render(
        request,
        "recipients/references.html",
        {
            "categories": BenefitCategory.objects.filter(institution=institution),
            "reasons": DischargeReason.objects.filter(institution=institution),
            "breadcrumbs": [("Справочники", None)],
        },
    )


@allow("references.manage")
def reference_edit(request, kind: str, pk: int | None = None):
    if kind not in KINDS:
        from django.http import Http404

        raise Http404
    model, form_class, title = KINDS[kind]
    instance = (
        get_object_or_404(model, pk=pk, institution=request.staff.institution)
        if pk
        else model(institution=request.staff.institution)
    )
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        duplicate = (
            model.objects.filter(institution=request.staff.institution, name__iexact=item.name)
            .exclude(pk=item.pk)
            .exists()
        )
        if duplicate:
            form.add_error("name", "Такая запись в справочнике уже есть.")
        else:
            reference_save(actor=request.staff, item=item)
            messages.success(request, "Справочник сохранён.")
            return redirect("recipients:references")
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": title,
            "submit": "Сохранить",
            "back_url": reverse("recipients:references"),
            "breadcrumbs": [("Справочники", reverse("recipients:references")), (title, None)],
        },
    )
