"""The interview, one question a screen, and its result with the explanation of the points."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.ltc import services
from zabota.ltc.forms import AssessmentSubmitForm, BringForwardForm
from zabota.ltc.selectors import (
    care_plans_of,
    draft_of,
    get_assessment_for,
    latest_submitted,
    methodology_in_force,
)
from zabota.ltc.views.common import recipient_crumbs
from zabota.recipients.selectors import get_recipient_for
from zabota.rules import ltc as rules


def _crumbs(assessment, label: str) -> list:
    return [*recipient_crumbs(assessment.recipient), (label, None)]


@allow("assessments.edit")
def assessment_start(request, pk: int):
    """The start screen: which methodology, an open draft; POST begins or resumes it."""
    staff = request.staff
    recipient = get_recipient_for(staff, pk)
    error = None
    if request.method == "POST":
        try:
            assessment = services.assessment_start(actor=staff, recipient=recipient)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(_resume_url(assessment))
    audit_read(actor=staff, recipient=recipient, what="оценка нуждаемости: начало")
    methodology = methodology_in_force(recipient.institution_id, timezone.localdate())
    return render(
        request,
        "ltc/assessment_start.html",
        {
            "recipient": recipient,
            "draft": draft_of(recipient),
            "methodology": methodology,
            "conditional": methodology is not None
            and any(q.show_if for q in methodology.rules.questions),
            "latest": latest_submitted(recipient),
            "error": error,
            "breadcrumbs": [*recipient_crumbs(recipient), ("Оценка нуждаемости", None)],
        },
    )


def _asked(assessment) -> tuple[rules.Question, ...]:
    """The questions the answers so far call for: step N is the N-th of them."""
    return rules.asked_questions(assessment.methodology.rules, assessment.answers)


def _resume_url(assessment) -> str:
    for number, question in enumerate(_asked(assessment), start=1):
        if question.code not in assessment.answers:
            return reverse("ltc:assessment_step", args=[assessment.pk, number])
    return reverse("ltc:assessment_review", args=[assessment.pk])


@allow("assessments.edit")
def assessment_step(request, pk: int, number: int):
    """One question of the draft; the answer is saved on every step, forward or back."""
    staff = request.staff
    assessment = get_assessment_for(staff, pk)
    if not assessment.is_draft:
        return redirect("ltc:assessment", pk=pk)
    questions = _asked(assessment)
    if not 1 <= number <= len(questions):
        return redirect(_resume_url(assessment))
    question = questions[number - 1]
    block = assessment.methodology.rules.block_questions()
    error = None
    if request.method == "POST":
        going_back = request.POST.get("go") == "back"
        option = request.POST.get("option", "")
        if option:
            try:
                assessment = services.assessment_save_draft(
                    actor=staff, assessment=assessment, answers={question.code: option}
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
        elif not going_back:
            error = "Выберите один из вариантов ответа."
        if error is None:
            if going_back:
                target = max(number - 1, 1)
                return redirect("ltc:assessment_step", pk=pk, number=target)
            # The answer may have asked or hidden later questions: count them again.
            if number < len(_asked(assessment)):
                return redirect("ltc:assessment_step", pk=pk, number=number + 1)
            return redirect("ltc:assessment_review", pk=pk)
    audit_read(
        actor=staff,
        recipient=assessment.recipient,
        obj=assessment,
        what=f"оценка нуждаемости: вопрос {number}",
    )
    return render(
        request,
        "ltc/assessment_step.html",
        {
            "assessment": assessment,
            "recipient": assessment.recipient,
            "methodology": assessment.methodology,
            "question": question,
            "block": next((b for b, qs in block if question in qs and b.title), None),
            "chosen": assessment.answers.get(question.code),
            "number": number,
            "count": len(questions),
            "error": error,
            "breadcrumbs": _crumbs(assessment, "Оценка нуждаемости"),
        },
        status=400 if error else 200,
    )


def _answered(methodology: rules.Methodology, answers: dict) -> list[dict]:
    rows = []
    for number, question in enumerate(rules.asked_questions(methodology, answers), start=1):
        option = question.option(answers.get(question.code, ""))
        rows.append({"number": number, "question": question, "option": option})
    return rows


def _preview(methodology: rules.Methodology, answers: dict) -> rules.Assessment | None:
    """What the answers give: the outcome by points, or for an expert methodology the sum only
    (shown when every option has points) — the expert chooses the outcome."""
    if not methodology.is_expert:
        return rules.score(methodology, answers)
    if not methodology.has_points:
        return None
    return rules.expert_result(methodology, answers, methodology.outcomes[0].code)


@allow("assessments.edit")
def assessment_review(request, pk: int):
    """The answers with their points and the level they give; submitting assigns it."""
    staff = request.staff
    assessment = get_assessment_for(staff, pk)
    if not assessment.is_draft:
        return redirect("ltc:assessment", pk=pk)
    methodology = assessment.methodology.rules
    rows = _answered(methodology, assessment.answers)
    missing = [row for row in rows if row["option"] is None]
    preview = None if missing else _preview(methodology, assessment.answers)
    form = AssessmentSubmitForm(
        request.POST or None,
        initial={"assessed_on": timezone.localdate()},
        methodology=methodology,
    )
    if request.method == "POST" and not missing and form.is_valid():
        try:
            services.assessment_submit(
                actor=staff,
                assessment=assessment,
                assessed_on=form.cleaned_data["assessed_on"],
                outcome=form.cleaned_data.get("outcome"),
                justification=form.cleaned_data.get("justification", ""),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Оценка завершена, уровень нуждаемости установлен.")
            return redirect("ltc:assessment", pk=pk)
    audit_read(
        actor=staff,
        recipient=assessment.recipient,
        obj=assessment,
        what="оценка нуждаемости: ответы",
    )
    return render(
        request,
        "ltc/assessment_review.html",
        {
            "assessment": assessment,
            "recipient": assessment.recipient,
            "methodology": assessment.methodology,
            "rules": methodology,
            "rows": rows,
            "missing": missing,
            "preview": preview,
            "form": form,
            "breadcrumbs": _crumbs(assessment, "Оценка нуждаемости"),
        },
    )


@allow("recipients.view")
def assessment_detail(request, pk: int):
    staff = request.staff
    assessment = get_assessment_for(staff, pk)
    if assessment.is_draft:
        if staff.can("assessments.edit"):
            return redirect(_resume_url(assessment))
        messages.info(request, "Оценка ещё не завершена.")
        return redirect("recipients:card", pk=assessment.recipient_id)
    latest = latest_submitted(assessment.recipient_id)
    is_latest = latest is not None and latest.pk == assessment.pk
    can_edit = staff.can("assessments.edit") and assessment.recipient.is_active
    audit_read(
        actor=staff, recipient=assessment.recipient, obj=assessment, what="оценка нуждаемости"
    )
    return render(
        request,
        "ltc/assessment_detail.html",
        {
            "assessment": assessment,
            "recipient": assessment.recipient,
            "methodology": assessment.methodology,
            "points": [
                {**line, "points": None if line["points"] is None else Decimal(line["points"])}
                for line in assessment.points
            ],
            "plans": care_plans_of(assessment.recipient).filter(assessment=assessment),
            "is_latest": is_latest,
            "can_plan": can_edit and is_latest and assessment.needs_care,
            "can_bring_forward": can_edit and is_latest,
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs(assessment, str(assessment)),
        },
    )


@allow("assessments.edit")
def reassessment_bring_forward(request, pk: int):
    staff = request.staff
    assessment = get_assessment_for(staff, pk)
    form = BringForwardForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.reassessment_bring_forward(
                actor=staff,
                assessment=assessment,
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                f"Повторная оценка назначена на {form.cleaned_data['date']:%d.%m.%Y}.",
            )
            return redirect("ltc:assessment", pk=pk)
    audit_read(
        actor=staff,
        recipient=assessment.recipient,
        obj=assessment,
        what="оценка нуждаемости: перенос повторной",
    )
    return render(
        request,
        "ltc/simple_form.html",
        {
            "form": form,
            "title": "Перенос повторной оценки на более ранний срок",
            "intro": f"Назначена на {assessment.next_assessment_on:%d.%m.%Y}."
            if assessment.next_assessment_on
            else "",
            "recipient": assessment.recipient,
            "submit": "Перенести",
            "back_url": reverse("ltc:assessment", args=[pk]),
            "breadcrumbs": [
                *recipient_crumbs(assessment.recipient),
                (str(assessment), reverse("ltc:assessment", args=[pk])),
                ("Перенос повторной оценки", None),
            ],
        },
    )
