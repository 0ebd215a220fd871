from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from zabota.accounts.forms import SetPasswordForm
from zabota.accounts.selectors import tokens_for
from zabota.accounts.services import staff_set_password
from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.tables import Column, Table
from zabota.organisation import services
from zabota.organisation.forms import DepartmentForm, InstitutionForm, StaffForm
from zabota.organisation.lists import ACTIVE_CHOICES, STAFF
from zabota.organisation.models import Department, Staff
from zabota.organisation.roles import Role

STAFF_CRUMB = ("Сотрудники", reverse_lazy("organisation:staff_list"))


def _staff_of_institution(request):
    return Staff.objects.filter(institution=request.staff.institution).select_related(
        "user", "department"
    )


@allow("staff.manage")
def staff_list(request):
    people = STAFF.rows(request.staff, request.GET, timezone.localdate())
    if wants_xlsx(request):
        return xlsx_export(
            request,
            "Сотрудники.xlsx",
            Table(
                title="Сотрудники",
                sheet_name="Сотрудники",
                columns=[
                    Column("ФИО", 34),
                    Column("Логин", 16),
                    Column("Роль", 30),
                    Column("Отделение", 28),
                    Column("Должность", 30),
                    Column("Действует", 10),
                ],
                rows=(
                    [
                        s.full_name,
                        s.user.username,
                        s.get_role_display(),
                        str(s.department or ""),
                        s.position,
                        s.user.is_active,
                    ]
                    for s in people
                ),
            ),
        )
    return render(
        request,
        "organisation/staff_list.html",
        {
            "page": paginate(request, people),
            "query": querystring_without_page(request),
            "text": request.GET.get("q", ""),
            "role": request.GET.get("role", ""),
            "roles": Role.choices,
            "active": request.GET.get("active", ""),
            "active_choices": ACTIVE_CHOICES,
            "breadcrumbs": [("Сотрудники", None)],
        },
    )


@allow("staff.manage")
def staff_edit(request, pk: int | None = None):
    actor = request.staff
    instance = get_object_or_404(_staff_of_institution(request), pk=pk) if pk else None
    form = StaffForm(request.POST or None, instance=instance, institution=actor.institution)
    password_form = (
        SetPasswordForm(request.POST or None, user=instance.user if instance else None)
        if not instance
        else None
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (password_form is None or password_form.is_valid())
    ):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if instance:
            services.staff_update(
                actor=actor,
                staff=instance,
                username=form.cleaned_data["username"],
                is_active=form.cleaned_data["is_active"],
                email=form.cleaned_data["email"],
                **fields,
            )
            messages.success(request, "Сведения о сотруднике сохранены.")
        else:
            instance = services.staff_create(
                actor=actor,
                institution=actor.institution,
                username=form.cleaned_data["username"],
                password=password_form.cleaned_data["password1"],
                is_active=form.cleaned_data["is_active"],
                email=form.cleaned_data["email"],
                **fields,
            )
            messages.success(request, "Сотрудник добавлен.")
        return redirect("organisation:staff_edit", pk=instance.pk)
    return render(
        request,
        "organisation/staff_form.html",
        {
            "form": form,
            "password_form": password_form,
            "person": instance,
            "tokens": tokens_for(actor).filter(user=instance.user) if instance else [],
            "breadcrumbs": [
                STAFF_CRUMB,
                (instance.full_name if instance else "Новый сотрудник", None),
            ],
        },
    )


@allow("staff.manage")
def staff_password(request, pk: int):
    person = get_object_or_404(_staff_of_institution(request), pk=pk)
    form = SetPasswordForm(request.POST or None, user=person.user)
    if request.method == "POST" and form.is_valid():
        staff_set_password(
            actor=request.staff, staff=person, password=form.cleaned_data["password1"]
        )
        messages.success(request, f"Пароль для {person.short_name} задан.")
        return redirect("organisation:staff_edit", pk=pk)
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": f"Новый пароль: {person.full_name}",
            "submit": "Задать пароль",
            "back_url": reverse("organisation:staff_edit", args=[pk]),
            "breadcrumbs": [
                STAFF_CRUMB,
                (person.full_name, reverse("organisation:staff_edit", args=[pk])),
                ("Пароль", None),
            ],
        },
    )


@allow("staff.manage")
def institution(request):
    actor = request.staff
    form = InstitutionForm(request.POST or None, instance=actor.institution)
    if request.method == "POST" and form.is_valid():
        services.institution_update(
            actor=actor,
            institution=actor.institution,
            **{f: form.cleaned_data[f] for f in form.Meta.fields},
        )
        messages.success(request, "Сведения об учреждении сохранены.")
        return redirect("organisation:institution")
    return render(
        request,
        "organisation/institution.html",
        {
            "form": form,
            "departments": Department.objects.filter(institution=actor.institution),
            "breadcrumbs": [("Учреждение", None)],
        },
    )


@allow("staff.manage")
def department_edit(request, pk: int | None = None):
    actor = request.staff
    instance = (
        get_object_or_404(Department, pk=pk, institution=actor.institution)
        if pk
        else Department(institution=actor.institution)
    )
    form = DepartmentForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.department_save(actor=actor, department=form.save(commit=False))
        messages.success(request, "Отделение сохранено.")
        return redirect("organisation:institution")
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": str(instance) if pk else "Новое отделение",
            "submit": "Сохранить",
            "back_url": reverse("organisation:institution"),
            "breadcrumbs": [
                ("Учреждение", reverse("organisation:institution")),
                ("Отделение", None),
            ],
        },
    )
