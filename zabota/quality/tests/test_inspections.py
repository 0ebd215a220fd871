import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from zabota.quality import services
from zabota.quality.models import Inspection, PlannedInspection, Violation
from zabota.quality.tests.conftest import TODAY, inspect

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_quarters_plan_visits_each_field_worker_once_on_working_days(personas, settings):
    settings.ZABOTA_INSPECTIONS_PER_QUARTER = 1
    added = services.inspection_plan_build(
        actor=personas.head1, department=personas.department1, quarter=TODAY
    )
    lines = list(PlannedInspection.objects.filter(department=personas.department1))
    assert added == 3
    assert {line.worker for line in lines} == {
        personas.worker1,
        personas.worker2,
        personas.caregiver1,
    }
    assert all(D(2026, 10, 1) <= line.planned_on <= D(2026, 12, 31) for line in lines)
    assert all(line.planned_on.weekday() < 5 for line in lines)
    assert (
        services.inspection_plan_build(actor=None, department=personas.department1, quarter=TODAY)
        == 0
    )
    settings.ZABOTA_INSPECTIONS_PER_QUARTER = 2
    assert (
        services.inspection_plan_build(actor=None, department=personas.department1, quarter=TODAY)
        == 3
    )


def test_an_inspection_fulfils_the_workers_plan_line_of_its_quarter(personas):
    services.inspection_plan_build(
        actor=personas.head1, department=personas.department1, quarter=TODAY
    )
    done = inspect(personas.head1, personas.recipient_of_worker1, personas.worker1, violations=2)
    line = PlannedInspection.objects.get(worker=personas.worker1)
    assert line.inspection == done
    violations = list(done.violations.order_by("pk"))
    assert [v.description for v in violations] == ["Нарушение 0", "Нарушение 1"]
    assert all(v.correct_by == D(2026, 12, 8) for v in violations)
    todo = personas.client_for(personas.head1).get("/quality/inspections/plan/?state=todo")
    assert {line.worker for line in todo.context["page"].object_list} == {
        personas.worker2,
        personas.caregiver1,
    }


def test_it_refuses_a_violation_without_description_or_deadline_and_a_stranger_worker(personas):
    items = services.checklist_in_use(personas.institution).items
    findings = {i["code"]: ("ok", "") for i in items}
    base = {
        "actor": personas.head1,
        "recipient": personas.recipient_of_worker1,
        "inspected_on": TODAY,
        "remarks": "",
        "today": TODAY,
    }
    with pytest.raises(ValidationError, match="Пункт 1: опишите нарушение"):
        services.inspection_record(
            **base,
            form_uuid=uuid.uuid4(),
            worker=personas.worker1,
            findings={**findings, items[0]["code"]: ("violation", "")},
            correct_by=TODAY + datetime.timedelta(days=5),
        )
    with pytest.raises(ValidationError) as no_deadline:
        services.inspection_record(
            **base,
            form_uuid=uuid.uuid4(),
            worker=personas.worker1,
            findings={**findings, items[0]["code"]: ("violation", "Нет чеков")},
            correct_by=None,
        )
    assert "correct_by" in no_deadline.value.message_dict
    with pytest.raises(ValidationError) as stranger:
        services.inspection_record(
            **base,
            form_uuid=uuid.uuid4(),
            worker=personas.worker2,
            findings=findings,
            correct_by=None,
        )
    assert "не обслуживает" in stranger.value.message_dict["worker"][0]
    assert not Inspection.objects.exists()


def test_a_violation_is_corrected_once_between_the_visit_and_today(personas):
    done = inspect(personas.head1, personas.recipient_of_worker1, personas.worker1, violations=1)
    violation = done.violations.get()
    with pytest.raises(ValidationError):
        services.violation_correct(
            actor=personas.head1,
            violation=violation,
            corrected_on=TODAY + datetime.timedelta(days=1),
            correction="Сделано",
            today=TODAY,
        )
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/quality/violations/{violation.pk}/correct/",
        {"corrected_on": "2026-11-24", "correction": "График посещений оставлен у получателя."},
    )
    assert response.status_code == 302
    violation.refresh_from_db()
    assert violation.corrected_on == TODAY and violation.corrected_by == personas.head1
    with pytest.raises(ValidationError, match="уже записано"):
        services.violation_correct(
            actor=personas.head1,
            violation=violation,
            corrected_on=TODAY,
            correction="Ещё раз",
            today=TODAY,
        )


def test_the_inspection_form_says_what_is_missing_in_russian_and_records_once(personas):
    client = personas.client_for(personas.head1)
    url = f"/quality/recipients/{personas.recipient_of_worker1.pk}/inspection/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    items = services.checklist_in_use(personas.institution).items
    data = {
        "form_uuid": str(form["form_uuid"].value()),
        "worker": str(personas.worker1.pk),
        "inspected_on": "2026-11-24",
        **{f"r_{i['code']}": "ok" for i in items},
        f"r_{items[0]['code']}": "violation",
    }
    refused = client.post(url, data)
    errors = refused.context["form"].errors
    assert errors[f"c_{items[0]['code']}"] == ["Опишите нарушение."]
    assert errors["correct_by"] == ["Укажите срок устранения нарушений."]
    data |= {f"c_{items[0]['code']}": "Нет графика посещений", "correct_by": "2026-12-01"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Inspection.objects.count() == 1 and Violation.objects.count() == 1


def test_inspections_of_another_department_are_not_found(personas):
    theirs = inspect(
        personas.head2,
        personas.recipient_in_department2,
        personas.worker_other_department,
        violations=1,
    )
    client = personas.client_for(personas.head1)
    assert client.get(f"/quality/inspections/{theirs.pk}/").status_code == 404
    violation = theirs.violations.get()
    assert client.get(f"/quality/violations/{violation.pk}/correct/").status_code == 404
    assert client.get("/quality/violations/").context["page"].paginator.count == 0
