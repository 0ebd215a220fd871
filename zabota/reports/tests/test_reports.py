"""Each report, on screen and in XLSX, says what a direct count of the service log says."""

import datetime
from decimal import Decimal

import pytest

from zabota.audit.models import EventKind, SecurityEvent
from zabota.catalog.models import ServiceType
from zabota.delivery.models import ServiceRecord
from zabota.payments.selectors import fee_for
from zabota.reports.periods import month_end
from zabota.reports.tests.conftest import decide, direct, direct_fee_amounts
from zabota.testing import make_department, xlsx_rows

pytestmark = pytest.mark.django_db
OCTOBER = "date_from=2026-10-01&date_to=2026-10-31"
PART = "date_from=2026-09-15&date_to=2026-11-20"
PERIODS = {
    OCTOBER: (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)),
    PART: (datetime.date(2026, 9, 15), datetime.date(2026, 11, 20)),
}


def tables_of(response) -> dict:
    return {t.sheet_name: t for t in response.context["report"].tables}


def as_hours(minutes) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


@pytest.mark.parametrize("query", PERIODS)
def test_a_worker_report_equals_the_log_by_type_and_by_service(personas, log, frozen, query):
    start, end = PERIODS[query]
    client = personas.client_for(personas.head1)
    response = client.get(f"/reports/worker/?worker={personas.worker1.pk}&{query}")
    assert response.status_code == 200
    tables = tables_of(response)
    expected = direct(None, start, end, worker=personas.worker1)[None]
    summary = tables["Итоги"].rows[0]
    assert summary[:4] == [
        expected["recipients"],
        expected["services"],
        expected["hours"],
        expected["rubles"],
    ]
    by_type = direct("service__service_type__code", start, end, worker=personas.worker1)
    for row in tables["По видам услуг"].rows:
        code = int(row[0].split(".")[0])
        found = by_type.get(code, {"services": 0, "hours": Decimal(0), "rubles": Decimal(0)})
        assert row[1:] == [found["services"], found["hours"], found["rubles"]]
    assert tables["По видам услуг"].totals[1:] == [
        expected["services"],
        expected["hours"],
        expected["rubles"],
    ]
    by_service = direct("service__code", start, end, worker=personas.worker1)
    assert {r[0]: [r[3], r[4], r[5], r[6]] for r in tables["По услугам"].rows} == {
        code: [v["services"], v["quantity"], v["hours"], v["rubles"]]
        for code, v in by_service.items()
    }


def test_a_worker_report_shows_the_fee_of_each_recipient_as_payments_computes_it(
    personas, log, frozen
):
    """Bulk fees equal payments.selectors.fee_for person by person (442-ФЗ ст. 31–32)."""
    decide(personas.recipient_of_worker1, income="100000.00")  # cap 40 000: the whole cost
    decide(personas.recipient_of_worker2, income="20200.00")  # cap 100: partial
    client = personas.client_for(personas.director)
    response = client.get(f"/reports/worker/?worker={personas.worker1.pk}&{OCTOBER}")
    lines = tables_of(response)["Плата получателей"].rows
    amounts = direct_fee_amounts(*PERIODS[OCTOBER])
    october = datetime.date(2026, 10, 1)
    guaranteed, additional = amounts[(personas.recipient_of_worker1.pk, october)]
    fee = fee_for(personas.recipient_of_worker1, guaranteed, month_end(october))
    assert lines == [
        [
            "октябрь 2026",
            "Иванова Мария Петровна",
            guaranteed,
            "полная оплата",
            fee.amount,
            additional,
            fee.amount + additional,
        ]
    ]
    assert fee.kind == "full" and additional > 0
    response = client.get(f"/reports/worker/?worker={personas.worker2.pk}&{OCTOBER}")
    [line] = tables_of(response)["Плата получателей"].rows
    assert line[3:5] == ["частичная оплата", Decimal("100.00")]


def test_a_free_category_pays_nothing_and_a_missing_decision_is_shown_as_such(
    personas, log, frozen
):
    personas.recipient_of_worker1.benefit_categories.add(personas.free_category)
    client = personas.client_for(personas.director)
    lines = tables_of(
        client.get(f"/reports/department/?department={personas.department1.pk}&{OCTOBER}")
    )["Плата получателей"].rows
    by_name = {line[1]: line for line in lines}
    assert by_name["Иванова Мария Петровна"][3:5] == [
        "бесплатно: льготная категория (ст. 31 ч. 1)",
        Decimal("0.00"),
    ]
    assert by_name["Сидоров Пётр Ильич"][3:5] == ["условие оплаты не рассчитано", None]
    assert (
        ">—<"
        in client.get(
            f"/reports/department/?department={personas.department1.pk}&{OCTOBER}"
        ).content.decode()
    )


@pytest.mark.parametrize("query", PERIODS)
def test_a_department_report_lists_each_worker_with_totals_equal_to_the_log(
    personas, log, frozen, query
):
    start, end = PERIODS[query]
    client = personas.client_for(personas.head1)
    response = client.get(f"/reports/department/?department={personas.department1.pk}&{query}")
    table = tables_of(response)["По сотрудникам"]
    by_worker = direct("worker__last_name", start, end, department=personas.department1)
    found = {row[0].split()[0]: row[2:] for row in table.rows}
    for name, values in by_worker.items():
        assert found[name] == [
            values["recipients"],
            values["services"],
            values["hours"],
            values["rubles"],
        ]
    expected = direct(None, start, end, department=personas.department1)[None]
    assert table.totals[2:] == [
        expected["recipients"],
        expected["services"],
        expected["hours"],
        expected["rubles"],
    ]
    amounts = direct_fee_amounts(start, end, department=personas.department1)
    fees = tables_of(response)["Плата получателей"]
    assert len(fees.rows) == len(amounts)
    assert fees.totals[2] == sum(g for g, _x in amounts.values())
    assert fees.totals[5] == sum(x for _g, x in amounts.values())


def test_a_department_report_counts_enrolments_and_discharges_of_the_period(personas, log, frozen):
    from zabota.recipients.services import recipient_discharge
    from zabota.testing import make_recipient

    make_recipient(
        personas.institution, personas.department1, enrolled_on=datetime.date(2026, 10, 5)
    )
    make_recipient(
        personas.institution, personas.department2, enrolled_on=datetime.date(2026, 10, 6)
    )
    recipient_discharge(
        actor=personas.head1,
        recipient=personas.recipient_of_worker2,
        expected_version=personas.recipient_of_worker2.version,
        discharged_on=datetime.date(2026, 10, 30),
        reason=personas.reason,
    )
    client = personas.client_for(personas.head1)
    summary = tables_of(
        client.get(f"/reports/department/?department={personas.department1.pk}&{OCTOBER}")
    )["Итоги"]
    assert summary.rows[0][5:] == [1, 1]


@pytest.mark.parametrize("query", PERIODS)
def test_an_institution_report_lists_each_department_with_totals_equal_to_the_log(
    personas, log, frozen, query
):
    start, end = PERIODS[query]
    client = personas.client_for(personas.accountant)
    response = client.get(f"/reports/institution/?{query}")
    table = tables_of(response)["По отделениям"]
    by_department = direct("department__name", start, end)
    assert {row[0]: row[1:5] for row in table.rows} == {
        name: [v["recipients"], v["services"], v["hours"], v["rubles"]]
        for name, v in by_department.items()
    }
    expected = direct(None, start, end)[None]
    assert table.totals[1:5] == [
        expected["recipients"],
        expected["services"],
        expected["hours"],
        expected["rubles"],
    ]


def test_an_institution_report_counts_payment_conditions_per_department(personas, log, frozen):
    personas.recipient_of_worker1.benefit_categories.add(personas.free_category)
    decide(personas.recipient_of_worker2, income="10000.00")
    client = personas.client_for(personas.director)
    table = tables_of(client.get(f"/reports/institution/?{OCTOBER}"))["Условия оплаты"]
    rows = {row[0]: row[1:] for row in table.rows}
    from zabota.recipients.models import Recipient

    on_service = Recipient.objects.filter(
        institution=personas.institution, department=personas.department1
    ).count()
    assert rows[personas.department1.name] == [1, 1, 0, 0, on_service - 2, on_service]
    assert table.totals[-1] == Recipient.objects.filter(institution=personas.institution).count()


@pytest.mark.parametrize("query", PERIODS)
def test_form_6_sobes_counts_services_by_the_eight_types_and_row_2_is_their_sum(
    personas, log, frozen, query
):
    start, end = PERIODS[query]
    client = personas.client_for(personas.director)
    response = client.get(f"/reports/6-sobes/?{query}")
    [table] = response.context["report"].tables
    by_row = {row[1]: row[2] for row in table.rows}
    expected = direct("service__service_type__sobes_row", start, end)
    for service_type in ServiceType.objects.all():
        assert (
            by_row[str(service_type.sobes_row)]
            == expected.get(service_type.sobes_row, {"services": 0})["services"]
        )
    assert by_row["2"] == sum(by_row[str(row)] for row in range(3, 11))
    assert (
        by_row["2"]
        == ServiceRecord.objects.filter(
            cancelled_at__isnull=True, performed_on__range=(start, end)
        ).count()
    )
    assert by_row["1"] == 1
    assert by_row["доп."] == direct(None, start, end)[None]["recipients"]
    page = response.content.decode()
    assert "№ строки" in page and "номер строки в форме не подтверждён" in page


def test_form_6_sobes_puts_the_numbers_in_the_chosen_column(personas, log, frozen):
    client = personas.client_for(personas.director)
    [table] = client.get(f"/reports/6-sobes/?{OCTOBER}&column=6").context["report"].tables
    row2 = next(row for row in table.rows if row[1] == "2")
    assert row2[2] > 0 and row2[3:] == ["", "", row2[2], ""]
    response = client.get(f"/reports/6-sobes/?{OCTOBER}&column=6&format=xlsx")
    rows = xlsx_rows(response.content)
    assert any(r[1] == "2" and r[2] == row2[2] and r[5] == row2[2] for r in rows)


def test_the_excel_of_a_report_has_the_numbers_of_the_screen_and_is_journalled(
    personas, log, frozen
):
    client = personas.client_for(personas.head1)
    url = f"/reports/department/?department={personas.department1.pk}&{OCTOBER}"
    screen = tables_of(client.get(url))["Итоги"].rows[0]
    response = client.get(url + "&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response.content)
    assert rows[0][0] == "Итоги"
    data = rows[4]
    assert list(data[:4]) == [screen[0], screen[1], float(screen[2]), float(screen[3])]
    event = SecurityEvent.objects.get(kind=EventKind.EXPORT)
    assert event.user == personas.head1.user and "Отчёт отделения" in event.object_repr


def test_an_excel_without_names_is_not_journalled_as_personal_data(personas, log, frozen):
    client = personas.client_for(personas.director)
    assert client.get(f"/reports/institution/?{OCTOBER}&format=xlsx").status_code == 200
    assert client.get(f"/reports/6-sobes/?{OCTOBER}&format=xlsx").status_code == 200
    assert not SecurityEvent.objects.filter(kind=EventKind.EXPORT).exists()


# Bad input: a clear Russian message, no report.


def test_a_period_whose_start_is_after_its_end_is_explained(personas, log, frozen):
    client = personas.client_for(personas.director)
    response = client.get("/reports/institution/?date_from=2026-10-31&date_to=2026-10-01")
    assert response.context["report"] is None
    assert "Начало периода (31.10.2026) позже его конца (01.10.2026)" in response.content.decode()


def test_a_month_in_the_future_is_explained(personas, log, frozen):
    client = personas.client_for(personas.director)
    response = client.get("/reports/6-sobes/?date_from=2026-12-01&date_to=2026-12-31")
    assert response.context["report"] is None
    assert "ещё не наступил" in response.content.decode()
    response = client.get("/reports/institution/?date_from=2026-13-01&date_to=2026-12-31")
    assert "Такой даты нет: 01.13.2026." in response.content.decode()


def test_an_empty_department_is_reported_as_empty(personas, log, frozen):
    empty = make_department(personas.institution, 3)
    client = personas.client_for(personas.director)
    response = client.get(f"/reports/department/?department={empty.pk}&{OCTOBER}")
    assert response.status_code == 200
    assert "не записано ни одной оказанной услуги" in response.content.decode()
    assert tables_of(response)["Итоги"].rows[0][:4] == [0, 0, Decimal("0.00"), Decimal("0.00")]


def test_a_report_opened_without_a_period_shows_the_current_month(personas, log, frozen):
    client = personas.client_for(personas.director)
    response = client.get(f"/reports/worker/?worker={personas.worker1.pk}")
    assert response.context["report"].subtitle.endswith(
        "за ноябрь 2026 (по состоянию на 24.11.2026)"
    )
    assert client.get("/reports/worker/").context["report"] is None
    assert "Выберите сотрудника" in client.get("/reports/worker/").content.decode()


def test_the_index_offers_every_report_and_the_months(personas, frozen):
    client = personas.client_for(personas.accountant)
    page = client.get("/reports/").content.decode()
    for text in (
        "Отчёт сотрудника",
        "Отчёт отделения",
        "Отчёт учреждения",
        "Форма 6-собес",
        "октябрь 2026",
    ):
        assert text in page
    assert "Аналитика" not in page.split("<main")[1]
