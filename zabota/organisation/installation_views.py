"""The installation administrator's pages: the institutions of the installation, a new one with
its first administrator, and the supervisors attached to each (docs/security.md)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from zabota.accounts.forms import SetPasswordForm
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.organisation import services
from zabota.organisation.forms import NewInstitutionForm, SupervisorForm
from zabota.organisation.models import Staff
from zabota.organisation.roles import Role
from zabota.organisation.selectors import (
    get_installation_institution,
    installation_institutions,
    supervisors_for,
)

CRUMB = ("Учреждения установки", reverse_lazy("organisation:installation"))


@allow("installation.manage")
def institutions(request):
    found = installation_institutions(request.staff).annotate(
        department_count=Count("departments", distinct=True),
        staff_count=Count("staff", distinct=True),
        supervisor_count=Count("supervisions", distinct=True),
    )
    return render(
        request,
        "organisation/installation.html",
        {"institutions": found, "breadcrumbs": [(CRUMB[0], None)]},
    )


@allow("installation.manage")
def institution_new(request):
    form = NewInstitutionForm(request.POST or None)
    password_form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and password_form.is_valid():
        try:
            institution, admin = services.institution_create(
                actor=request.staff,
                institution=form.save(commit=False),
                admin=form.admin(),
                password=password_form.cleaned_data["password1"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Учреждение «{institution}» создано; его администратор — "
                f"{admin.user.get_username()}.",
            )
            return redirect("organisation:installation_institution", pk=institution.pk)
    return render(
        request,
        "organisation/installation_new.html",
        {
            "form": form,
            "password_form": password_form,
            "breadcrumbs": [CRUMB, ("Новое учреждение", None)],
        },
    )


@allow("installation.manage")
def institution_detail(request, pk: int):
    actor = request.staff
    institution = get_installation_institution(actor, pk)
    form = SupervisorForm(request.POST or None, supervisors=supervisors_for(actor))
    if request.method == "POST" and form.is_valid():
        supervisor = form.cleaned_data["supervisor"]
        if form.cleaned_data["action"] == SupervisorForm.ATTACH:
            done = services.supervision_attach(
                actor=actor, supervisor=supervisor, institution=institution
            )
            messages.success(
                request,
                f"Куратор {supervisor.short_name} закреплён за учреждением."
                if done
                else f"Куратор {supervisor.short_name} уже закреплён за учреждением.",
            )
        else:
            services.supervision_detach(actor=actor, supervisor=supervisor, institution=institution)
            messages.success(request, f"Куратор {supervisor.short_name} откреплён.")
        return redirect("organisation:installation_institution", pk=institution.pk)
    return render(
        request,
        "organisation/installation_institution.html",
        {
            "institution": institution,
            "form": form,
            "attached": supervisors_for(actor).filter(supervisions__institution=institution),
            "admins": Staff.objects.filter(institution=institution, role=Role.ADMIN)
            .select_related("user")
            .order_by("last_name", "pk"),
            "breadcrumbs": [CRUMB, (str(institution), None)],
        },
    )
