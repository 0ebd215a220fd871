"""Satisfaction surveys: the list, one survey, taking one (on a visit or by phone, a page usable
on a tablet's browser), and the quarter's proposed sample."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import choice_param, date_param, int_param
from zabota.organisation.selectors import departments_for
from zabota.quality import services
from zabota.quality.exports import surveys_table
from zabota.quality.forms import QuarterForm, SurveyForm, fresh_id
from zabota.quality.lists import SURVEYS, survey_filters
from zabota.quality.models import SampleState
from zabota.quality.selectors import get_survey_for, samples_for
from zabota.quality.views.common import SURVEYS_CRUMB
from zabota.recipients.selectors import get_recipient_for
from zabota.reports.selectors import workers_for
from zabota.rules import quality as rules


@allow("quality.surveys")
def survey_list(request):
    staff, today = request.staff, timezone.localdate()
    rows = SURVEYS.rows(staff, request.GET, today)
    if wants_xlsx(request):
        return xlsx_export(request, "Опросы удовлетворённости.xlsx", surveys_table(rows))
    return render(
        request,
        "quality/survey_list.html",
        {
            "page": paginate(request, rows),
            "query": querystring_without_page(request),
            "filters": survey_filters(request.GET),
            "departments": departments_for(staff),
            "workers": workers_for(staff).filter(user__is_active=True),
            "breadcrumbs": [(SURVEYS_CRUMB[0], None)],
        },
    )


@allow("quality.surveys")
def survey_detail(request, pk: int):
    survey = get_survey_for(request.staff, pk)
    if survey.recipient is not None:
        audit_read(
            actor=request.staff,
            recipient=survey.recipient,
            obj=survey,
            what="опрос удовлетворённости",
        )
    grades = {g.value: g.label for g in survey.questionnaire.grades}
    answers = [
        (q["text"], survey.answers.get(q["code"]), grades.get(survey.answers.get(q["code"])))
        for q in survey.questionnaire.questions
    ]
    return render(
        request,
        "quality/survey_detail.html",
        {
            "survey": survey,
            "answers": answers,
            "workers": list(survey.workers.all()),
            "breadcrumbs": [SURVEYS_CRUMB, (str(survey), None)],
        },
    )


@allow("quality.surveys")
def survey_new(request, recipient_pk: int):
    """The questionnaire of one recipient, taken on a visit or by phone. A refusal is recorded
    too; on request, anonymously (no link to the recipient is kept)."""
    staff, today = request.staff, timezone.localdate()
    recipient = get_recipient_for(staff, recipient_pk)
    questionnaire = services.questionnaire_in_use(staff.institution_id)
    form = SurveyForm(
        request.POST or None,
        questionnaire=questionnaire,
        today=today,
        initial={**fresh_id(), "taken_on": today, "channel": "visit"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_record(
                actor=staff,
                recipient=recipient,
                form_uuid=data["form_uuid"],
                taken_on=data["taken_on"],
                channel=data["channel"],
                refused=data["refused"],
                answers=form.answers(),
                anonymous=data["anonymous"],
                note=data["note"],
                today=today,
            )
        except services.SurveyAlreadyRecorded as done:
            messages.info(request, "Эта анкета уже сохранена: повторная отправка не записана.")
            return redirect("quality:survey", pk=done.survey.pk)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                "Отказ от опроса записан." if survey.status == "refused" else "Анкета сохранена.",
            )
            return redirect("quality:survey", pk=survey.pk)
    return render(
        request,
        "quality/survey_form.html",
        {
            "form": form,
            "recipient": recipient,
            "questionnaire": questionnaire,
            "breadcrumbs": [
                SURVEYS_CRUMB,
                (recipient.full_name, reverse("recipients:card", args=[recipient.pk])),
                ("Анкета", None),
            ],
        },
    )


SAMPLE_STATES = [("", "все"), *SampleState.choices]


@allow("quality.surveys")
def sample_list(request):
    """The quarter's sample: whom to survey, per worker, and who has been asked already."""
    staff, today = request.staff, timezone.localdate()
    quarter = rules.quarter_start(date_param(request, "quarter") or today)
    worker_id = int_param(request, "worker")
    state = choice_param(request, "state", dict(SAMPLE_STATES))
    rows = samples_for(staff).filter(quarter=quarter)
    if worker_id:
        rows = rows.filter(worker_id=worker_id)
    if state:
        rows = rows.filter(state=state)
    rows = rows.select_related("recipient", "worker", "recipient__department").order_by(
        "worker__last_name", "worker_id", "recipient__last_name", "pk"
    )
    return render(
        request,
        "quality/sample_list.html",
        {
            "page": paginate(request, rows),
            "query": querystring_without_page(request),
            "quarter": quarter,
            "quarter_label": rules.quarter_label(quarter),
            "quarters": rules.quarters_back(today, 4),
            "worker_id": worker_id,
            "state": state,
            "states": SAMPLE_STATES,
            "workers": workers_for(staff).filter(user__is_active=True),
            "build_form": QuarterForm(initial={"quarter": quarter}),
            "breadcrumbs": [SURVEYS_CRUMB, ("Выборка для опроса", None)],
        },
    )


@allow("quality.surveys")
@require_POST
def sample_build(request):
    form = QuarterForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите квартал.")
        return redirect("quality:samples")
    quarter = form.cleaned_data["quarter"]
    added = services.survey_sample_build(
        actor=request.staff, institution=request.staff.institution, quarter=quarter
    )
    messages.success(
        request,
        f"Выборка на {rules.quarter_label(quarter)}: добавлено получателей — {added}."
        if added
        else "Выборка на этот квартал уже составлена для всех сотрудников.",
    )
    return redirect(f"{reverse('quality:samples')}?quarter={quarter.isoformat()}")
