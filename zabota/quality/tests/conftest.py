"""Builders of quality data for the tests: answers to the default questionnaire, appeals,
inspections, all through the services (as the pages make them)."""

import datetime
import uuid

import pytest
import time_machine

from zabota.quality import services
from zabota.quality.models import Finding

# A Tuesday in the fourth quarter; the personas were enrolled on 15.01.2025.
TODAY = datetime.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 10, 0), tick=False):
        yield


def answers(institution, *grades: int) -> dict[str, int]:
    """Answers to every question of the questionnaire in use: the grades given, the last one
    repeated to the end."""
    questions = services.questionnaire_in_use(institution).questions
    values = list(grades) + [grades[-1]] * (len(questions) - len(grades))
    return {q["code"]: v for q, v in zip(questions, values, strict=True)}


def survey(actor, recipient, *grades: int, on=TODAY, anonymous=False, refused=False):
    return services.survey_record(
        actor=actor,
        recipient=recipient,
        form_uuid=uuid.uuid4(),
        taken_on=on,
        channel="visit",
        refused=refused,
        answers={} if refused else answers(actor.institution, *grades),
        anonymous=anonymous,
        note="",
        today=TODAY,
    )


def complaint(actor, recipient, *, worker=None, responsible=None, on=TODAY, department=None):
    return services.complaint_register(
        actor=actor,
        form_uuid=uuid.uuid4(),
        received_on=on,
        channel="letter",
        applicant=recipient.full_name if recipient else "Заявителев Иван Петрович",
        applicant_address="г. Кемерово, ул. Весенняя, д. 5",
        recipient=recipient,
        department=department,
        worker=worker,
        content="Социальный работник опоздал на два часа.",
        responsible=responsible or actor,
        today=TODAY,
    )


def close(actor, appeal, outcome="justified", on=TODAY):
    return services.complaint_close(
        actor=actor,
        complaint=appeal,
        expected_version=appeal.version,
        outcome=outcome,
        measures="Беседа с работником." if outcome != "unjustified" else "",
        answer_text="Ваше обращение рассмотрено.",
        answered_on=on,
        today=TODAY,
    )


def inspect(actor, recipient, worker, *, on=TODAY, violations=0, correct_by=None):
    """An inspection with the first `violations` items of the checklist breached."""
    items = services.checklist_in_use(actor.institution).items
    findings = {
        item["code"]: (Finding.VIOLATION, f"Нарушение {n}") if n < violations else (Finding.OK, "")
        for n, item in enumerate(items)
    }
    return services.inspection_record(
        actor=actor,
        form_uuid=uuid.uuid4(),
        recipient=recipient,
        worker=worker,
        inspected_on=on,
        findings=findings,
        remarks="",
        correct_by=correct_by or (on + datetime.timedelta(days=14) if violations else None),
        today=TODAY,
    )
