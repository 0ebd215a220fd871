"""Typical sets of services: the director's list, a new set, editing or switching one off."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from zabota.audit.locking import StaleEditError
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import choice_param
from zabota.programs import services
from zabota.programs.lines_editor import catalogue_of
from zabota.programs.selectors import get_typical_set_of, typical_sets_of
from zabota.programs.set_forms import TypicalSetForm, set_initial, set_line_formset

LIST_CRUMB = ("Типовые наборы услуг", reverse_lazy("programs:typical_sets"))
ACTIVE_CHOICES = [("1", "предлагаются"), ("0", "отключены"), ("all", "все")]


@allow("catalog.manage")
def typical_set_list(request):
    staff = request.staff
    active_value = choice_param(request, "active", dict(ACTIVE_CHOICES), "1")
    text = request.GET.get("q", "")
    sets = typical_sets_of(
        staff.institution, text=text, active={"1": True, "0": False}.get(active_value)
    )
    return render(
        request,
        "programs/typical_sets.html",
        {
            "page": paginate(request, sets),
            "query": querystring_without_page(request),
            "text": text,
            "active_value": active_value,
            "active_choices": ACTIVE_CHOICES,
            "breadcrumbs": [("Типовые наборы услуг", None)],
        },
    )


def _with_one_more_row(data):
    # «Добавить строку» without scripts: the form again with every row as typed and one blank.
    rows = data.copy()
    total = (rows.get("lines-TOTAL_FORMS") or "").strip()
    if total.isascii() and total.isdigit() and len(total) < 6:
        rows["lines-TOTAL_FORMS"] = str(int(total) + 1)
    return rows


def _formset(request, staff, initial):
    catalogue = catalogue_of(staff.institution_id)
    if request.method != "POST":
        return set_line_formset(services=catalogue, initial=initial), False
    if request.POST.get("set_action") == "add_row":
        data = _with_one_more_row(request.POST)
        return set_line_formset(data, services=catalogue, initial=initial), True
    return set_line_formset(request.POST, services=catalogue, initial=initial), False


@allow("catalog.manage")
def typical_set_new(request):
    staff = request.staff
    form = TypicalSetForm(request.POST or None)
    formset, adding = _formset(request, staff, [])
    if request.method == "POST" and not adding and form.is_valid() & formset.is_valid():
        try:
            typical_set = services.typical_set_create(
                actor=staff,
                institution=staff.institution,
                name=form.cleaned_data["name"],
                note=form.cleaned_data["note"],
                lines=formset.lines(),
            )
        except ValidationError as error:
            _errors_to(form, formset, error)
        else:
            messages.success(
                request, f"Набор «{typical_set.name}» сохранён и предлагается в ИППСУ."
            )
            return redirect("programs:typical_sets")
    return _page(request, form, formset, "Новый типовой набор", adding=adding)


@allow("catalog.manage")
def typical_set_edit(request, pk: int):
    staff = request.staff
    typical_set = get_typical_set_of(staff.institution, pk)
    form = TypicalSetForm(request.POST or None, instance=typical_set)
    formset, adding = _formset(request, staff, set_initial(typical_set))
    stale = None
    if request.method == "POST" and not adding and form.is_valid() & formset.is_valid():
        data = form.cleaned_data
        try:
            services.typical_set_update(
                actor=staff,
                typical_set=typical_set,
                expected_version=data["version"],
                name=data["name"],
                note=data["note"],
                is_active=data["is_active"],
                lines=formset.lines(),
            )
        except StaleEditError as error:
            stale = error.describe()
            form.add_error(
                None,
                "Набор уже изменил другой сотрудник, пока вы его редактировали. "
                "Ваши изменения не сохранены. Откройте набор заново.",
            )
        except ValidationError as error:
            _errors_to(form, formset, error)
        else:
            messages.success(request, "Изменения набора сохранены.")
            return redirect("programs:typical_sets")
    return _page(request, form, formset, f"Набор «{typical_set.name}»", adding=adding, stale=stale)


def _errors_to(form, formset, error: ValidationError) -> None:
    if hasattr(error, "error_dict") and "lines" in error.error_dict:
        lines = error.error_dict.pop("lines")
        formset._non_form_errors = formset.error_class(
            [m for e in lines for m in e.messages], renderer=formset.renderer
        )
        if not error.error_dict:
            return
    add_errors(form, error)


def _page(request, form, formset, title, *, adding=False, stale=None):
    return render(
        request,
        "programs/typical_set_form.html",
        {
            "form": form,
            "formset": formset,
            "adding": adding,
            "stale": stale,
            "title": title,
            "breadcrumbs": [LIST_CRUMB, (title, None)],
        },
    )
