"""The installation administrator's pages: the institutions of the installation, a new one with
its first administrator, and the supervisors attached to each (docs/security.md)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from zabota.accounts.forms import SetPasswordForm
from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.tables import Column, Table
from zabota.organisation import services
from zabota.organisation.forms import NewInstitutionForm, NewSupervisorForm, SupervisorForm
from zabota.organisation.models import Staff
from zabota.organisation.roles import Role
from zabota.organisation.selectors import (
    get_installation_institution,
    get_supervisor_account,
    installation_institutions,
    supervisor_accounts,
    supervisors_for,
)

CRUMB = ("Учреждения установки", reverse_lazy("organisation:installation"))
SUPERVISORS = ("Кураторы", reverse_lazy("organisation:installation_supervisors"))


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


@allow("installation.manage")
def supervisors(request):
    """Every supervisor's account: who they are, how many institutions they read, whether the
    login works; searchable, paginated, exportable."""
    text = request.GET.get("q", "").strip()
    found = supervisor_accounts(request.staff, text=text)
    if wants_xlsx(request):
        return xlsx_export(request, "Кураторы.xlsx", _supervisors_table(found))
    return render(
        request,
        "organisation/installation_supervisors.html",
        {
            "page": paginate(request, found),
            "query": querystring_without_page(request),
            "text": text,
            "breadcrumbs": [CRUMB, (SUPERVISORS[0], None)],
        },
    )


def _supervisors_table(found) -> Table:
    return Table(
        title="Кураторы",
        columns=[
            Column("ФИО", 36),
            Column("Логин", 20),
            Column("Должность", 40),
            Column("Учреждений", 12, "number"),
            Column("Вход", 12),
        ],
        rows=(
            [
                s.full_name,
                s.user.get_username(),
                s.position,
                s.institution_count,
                "работает" if s.user.is_active else "отключён",
            ]
            for s in found
        ),
    )


@allow("installation.manage")
def supervisor_new(request):
    form = NewSupervisorForm(request.POST or None)
    password_form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and password_form.is_valid():
        try:
            supervisor = services.supervisor_create(
                actor=request.staff,
                password=password_form.cleaned_data["password1"],
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Учётная запись куратора {supervisor.short_name} "
                f"({supervisor.user.get_username()}) создана. Закрепите за ним учреждения на "
                "их страницах.",
            )
            return redirect("organisation:installation_supervisors")
    return render(
        request,
        "organisation/installation_supervisor_new.html",
        {
            "form": form,
            "password_form": password_form,
            "breadcrumbs": [CRUMB, SUPERVISORS, ("Новый куратор", None)],
        },
    )


@allow("installation.manage")
@require_POST
def supervisor_active(request, pk: int):
    """«Отключить» / «Включить» beside a supervisor in the list."""
    supervisor = get_supervisor_account(request.staff, pk)
    switch_on = request.POST.get("active") == "1"
    changed = services.supervisor_set_active(
        actor=request.staff, supervisor=supervisor, is_active=switch_on
    )
    if not changed:
        messages.info(request, "Уже сделано.")
    elif switch_on:
        messages.success(request, f"Вход куратора {supervisor.short_name} включён.")
    else:
        messages.success(
            request,
            f"Вход куратора {supervisor.short_name} отключён; его сеансы и ключи устройств "
            "закрыты.",
        )
    return redirect("organisation:installation_supervisors")
