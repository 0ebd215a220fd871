"""The questionnaire and the checklist as data: the centre writes its own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.quality import services
from zabota.quality.forms import ChecklistForm, QuestionnaireForm


@allow("quality.manage")
def questionnaire_edit(request):
    staff = request.staff
    current = services.questionnaire_in_use(staff.institution_id)
    form = QuestionnaireForm(
        request.POST or None,
        initial={
            "title": current.title,
            "questions": "\n".join(q["text"] for q in current.questions),
            "scale": "\n".join(f"{g.value} — {g.label}" for g in current.grades),
            "satisfied_from": current.satisfied_from,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.questionnaire_save(actor=staff, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Анкета сохранена, версия {saved.version} используется.")
            return redirect("quality:questionnaire")
    return render(
        request,
        "quality/setup_form.html",
        {
            "form": form,
            "title": "Анкета удовлетворённости",
            "current": current,
            "intro": "Новые опросы проводятся по последней версии; проведённые раньше сохраняют "
            "свою. Вопросы, текст которых не изменился, остаются сопоставимыми между версиями.",
            "breadcrumbs": [("Анкета удовлетворённости", None)],
        },
    )


@allow("quality.manage")
def checklist_edit(request):
    staff = request.staff
    current = services.checklist_in_use(staff.institution_id)
    form = ChecklistForm(
        request.POST or None,
        initial={"title": current.title, "items": "\n".join(i["text"] for i in current.items)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.checklist_save(actor=staff, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Перечень сохранён, версия {saved.version} используется.")
            return redirect("quality:checklist")
    return render(
        request,
        "quality/setup_form.html",
        {
            "form": form,
            "title": "Перечень контрольного посещения",
            "current": current,
            "intro": "По каждому пункту заведующий отмечает: соответствует, нарушение или не "
            "проверялось. Новые посещения проводятся по последней версии.",
            "breadcrumbs": [("Перечень контрольного посещения", None)],
        },
    )
