"""The analytics builder: any grouping, the numbers of the log, a chart, a link that repeats it."""

import datetime
import json

import pytest

from zabota.ltc.models import Assessment, AssessmentStatus, Methodology
from zabota.reports.tests.conftest import decide, direct
from zabota.testing import xlsx_rows

pytestmark = pytest.mark.django_db
PERIOD = "date_from=2026-09-15&date_to=2026-11-20"
START, END = datetime.date(2026, 9, 15), datetime.date(2026, 11, 20)


def rows_of(response) -> list[list]:
    return response.context["result"].rows


def test_services_and_rubles_by_month_and_department_equal_the_log(personas, log, frozen):
    client = personas.client_for(personas.director)
    response = client.get(
        f"/reports/analytics/?{PERIOD}&dimension1=month&dimension2=department"
        "&measures=services&measures=rubles"
    )
    found = {(r[0], r[1]): (r[2], r[3]) for r in rows_of(response)}
    records = direct("month", START, END)
    expected = {}
    from zabota.delivery.models import ServiceRecord
    from zabota.reports.periods import month_label

    for department in (personas.department1, personas.department2):
        for month, values in direct("month", START, END, department=department).items():
            expected[(month_label(month), department.name)] = (values["services"], values["rubles"])
    assert found == expected
    assert response.context["result"].table.totals[2] == sum(
        v["services"] for v in records.values()
    )
    assert (
        response.context["result"].table.totals[2]
        == ServiceRecord.objects.filter(
            cancelled_at__isnull=True, performed_on__range=(START, END)
        ).count()
    )
    chart = json.loads(
        response.content.decode()
        .split('id="chart-data" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert chart["labels"] == ["сентябрь 2026", "октябрь 2026", "ноябрь 2026"]
    assert {d["label"] for d in chart["datasets"]} == {
        personas.department1.name,
        personas.department2.name,
    }


def test_people_by_benefit_category_count_a_person_in_each_of_their_categories(
    personas, log, frozen
):
    personas.recipient_of_worker1.benefit_categories.add(personas.category, personas.free_category)
    personas.recipient_of_worker2.benefit_categories.add(personas.category)
    client = personas.client_for(personas.head1)
    response = client.get(
        f"/reports/analytics/?{PERIOD}&dimension1=benefit_category&measures=recipients&measures=services"
    )
    found = {r[0]: r[1:] for r in rows_of(response)}
    served = direct(None, START, END, department=personas.department1)[None]["recipients"]
    worker1 = direct(None, START, END, recipient=personas.recipient_of_worker1)[None]
    worker2 = direct(None, START, END, recipient=personas.recipient_of_worker2)[None]
    assert found["Ветеран труда"] == [2, worker1["services"] + worker2["services"]]
    assert found["Участник ВОВ"] == [1, worker1["services"]]
    assert found["без льготной категории"][0] == served - 2
    assert response.context["result"].table.totals[1] == served
    assert "учитывается в каждой из них" in response.content.decode()


def test_care_level_and_payment_condition_group_people_by_their_latest_state(personas, log, frozen):
    methodology = Methodology.objects.create(
        institution=personas.institution, code="m", version="1", title="М", data={}
    )
    for assessed_on, code, title in [
        (datetime.date(2026, 1, 10), "1", "Первый уровень"),
        (datetime.date(2026, 10, 1), "3", "Третий уровень"),
    ]:
        Assessment.objects.create(
            recipient=personas.recipient_of_worker1,
            methodology=methodology,
            assessor=personas.head1,
            status=AssessmentStatus.SUBMITTED,
            outcome_code=code,
            outcome_title=title,
            assessed_on=assessed_on,
        )
    # A level assessed after the period does not count yet.
    Assessment.objects.create(
        recipient=personas.recipient_of_worker2,
        methodology=methodology,
        assessor=personas.head1,
        status=AssessmentStatus.SUBMITTED,
        outcome_code="2",
        outcome_title="Второй уровень",
        assessed_on=datetime.date(2026, 11, 23),
    )
    decide(personas.recipient_of_worker1, income="10000.00")
    client = personas.client_for(personas.director)
    response = client.get(
        f"/reports/analytics/?{PERIOD}&dimension1=care_level&dimension2=payment_condition"
        "&measures=recipients&measures=hours"
    )
    found = {(r[0], r[1]): r[2:] for r in rows_of(response)}
    hours = direct(None, START, END, recipient=personas.recipient_of_worker1)[None]["hours"]
    assert found[
        ("Третий уровень (3)", "бесплатно: доход не выше предельной величины (ст. 31 ч. 2)")
    ] == [1, hours]
    everyone = direct(None, START, END)[None]["recipients"]
    assert found[("оценка не проводилась", "условие оплаты не рассчитано")][0] == everyone - 1
    assert response.context["result"].table.totals[2:] == [
        everyone,
        direct(None, START, END)[None]["hours"],
    ]


def test_a_head_analyses_only_their_department_and_the_excel_has_the_same_rows(
    personas, log, frozen
):
    client = personas.client_for(personas.head2)
    url = (
        f"/reports/analytics/?{PERIOD}&dimension1=worker&dimension2=service_type&measures=services"
    )
    response = client.get(url)
    from zabota.delivery.models import ServiceRecord
    from zabota.organisation.models import Staff

    worked = ServiceRecord.objects.filter(
        department=personas.department2, performed_on__range=(START, END)
    )
    expected = {s.full_name for s in Staff.objects.filter(pk__in=worked.values("worker_id"))}
    assert {r[0] for r in rows_of(response)} == expected
    assert personas.worker_other_department.full_name in expected
    assert personas.worker1.full_name not in expected
    sheet = xlsx_rows(client.get(url + "&format=xlsx").content)
    assert sheet[0][0] == "Аналитика"
    data = [list(r[:3]) for r in sheet[4 : 4 + len(rows_of(response))]]
    assert data == rows_of(response)
    assert client.get(f"{url}&department={personas.department1.pk}").status_code == 404


def test_the_same_dimension_twice_or_no_measure_is_explained(personas, log, frozen):
    client = personas.client_for(personas.director)
    response = client.get(
        f"/reports/analytics/?{PERIOD}&dimension1=worker&dimension2=worker&measures=services"
    )
    assert response.context["result"] is None
    assert "Группировка «Сотрудник» выбрана дважды" in response.content.decode()
    response = client.get(f"/reports/analytics/?{PERIOD}&dimension1=worker")
    assert "Выберите хотя бы один показатель" in response.content.decode()
    response = client.get(
        "/reports/analytics/?date_from=2027-01-01&date_to=2027-01-31&dimension1=worker&measures=services"
    )
    assert "ещё не наступил" in response.content.decode()


def test_the_page_opens_with_services_by_month_and_a_chart_script_from_static_files(
    personas, log, frozen
):
    response = personas.client_for(personas.specialist).get("/reports/analytics/")
    page = response.content.decode()
    assert rows_of(response)[0][0] == "ноябрь 2026"
    assert "reports/vendor/chart.umd.min.js" in page and "reports/analytics.js" in page
    assert "<script>" not in page  # the content security policy forbids inline scripts
    assert isinstance(rows_of(response)[0][1], int)
