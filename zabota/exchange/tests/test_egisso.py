"""The ЕГИССО export: the facts as the XSD wants them, errors named per recipient, no invalid file,
stable fact ids, the settings, the journal, and who may do what."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from lxml import etree

from zabota.audit.models import EventKind, SecurityEvent
from zabota.catalog.models import Tariff
from zabota.exchange.egisso import services
from zabota.exchange.egisso.facts import fact_drafts
from zabota.exchange.egisso.writer import NS
from zabota.exchange.models import (
    DecisionDateRule,
    EgissoCategory,
    EgissoPackage,
    EgissoSettings,
)
from zabota.exchange.tests.egisso_helpers import (
    CATEGORY,
    JANUARY,
    LMSZ,
    egisso_settings,
    export_period,
    facts_of,
    give_passport,
    last_run,
    programs_in_january,
    shipped_schema,
    value,
)
from zabota.jobs.models import Job
from zabota.programs.models import Contract
from zabota.programs.tests.factories import in_force, stored_program
from zabota.recipients.models import Enrolment
from zabota.rules.egisso import fact_uuid
from zabota.testing import make_recipient, xlsx_rows

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def ready(personas):
    """Settings filled, two programs in force in January, passports in the cards."""
    egisso_settings(personas.institution)
    return programs_in_january(personas)


def check(personas, **period):
    period = period or {"date_from": D(2026, 1, 1), "date_to": D(2026, 1, 31)}
    return services.egisso_check(actor=personas.director, **period)


def test_the_file_of_a_period_validates_against_the_shipped_xsd_and_says_what_we_know(
    personas, ready
):
    client = personas.client_for(personas.director)
    page = client.get("/exchange/egisso/", JANUARY)
    assert page.status_code == 200
    assert page.context["check"].is_valid
    assert "Сформировать пакет для ЕГИССО" in page.content.decode()
    formed = export_period(client)
    assert formed.status_code == 302 and formed["Location"] == "/exchange/egisso/packages/"
    [package] = last_run()
    response = client.get(f"/exchange/egisso/packages/{package.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert "egisso-10.06.S-20260101-20260131.xml" in response["Content-Disposition"]
    schema = shipped_schema()
    assert schema.validate(etree.fromstring(response.content)), schema.error_log
    facts = facts_of(response.content)
    assert len(facts) == 2
    ivanova = personas.recipient_of_worker1
    fact = next(f for f in facts if value(f, "af:mszReceiver/prsn:SNILS") == ivanova.snils)
    assert value(fact, "af:oszCode") == "4200.000123"
    assert value(fact, "af:mszReceiver/smev:FamilyName") == "Иванова"
    assert value(fact, "af:mszReceiver/smev:FirstName") == "Мария"
    assert value(fact, "af:mszReceiver/smev:Patronymic") == "Петровна"
    assert value(fact, "af:mszReceiver/prsn:Gender") == "Female"
    assert value(fact, "af:mszReceiver/prsn:BirthDate") == "1940-05-17"
    passport = "af:mszReceiver/prsn:IdentityDoc/egisso:PassportRF/egisso:"
    assert value(fact, passport + "Series") == "3204"
    assert value(fact, passport + "Number") == "123456"
    # The em dash of the card becomes a hyphen: the schema's pattern refuses typographic dashes.
    assert value(fact, passport + "Issuer") == "ГУ МВД России по Кемеровской области - Кузбассу"
    assert value(fact, "af:lmszId") == str(LMSZ)
    assert value(fact, "af:categoryId") == str(CATEGORY)
    assert value(fact, "af:decisionDate") == "2026-01-10"
    assert value(fact, "af:dateStart") == "2026-01-12"
    assert value(fact, "af:dateFinish") == "2027-01-11"
    assert value(fact, "af:documents/af:document/af:number") == "1/2026"
    assert value(fact, "af:needsCriteria/af:usingSign") == "false"
    service = "af:assignmentInfo/af:serviceForm/af:"
    # A year of (8 + 120) units a month; (8 × 55 + 120 × 10) ₽ = 1 640 ₽ a month × 12.
    assert value(fact, service + "amount") == "1536.00"
    assert value(fact, service + "OKEICode") == "876"
    assert value(fact, service + "equivalentAmount") == "19680.00"
    program = ready[ivanova.pk]
    assert value(fact, "pac:uuid") == str(
        fact_uuid(f"{personas.institution.inn}:{personas.institution.pk}", program.pk)
    )


def test_an_export_run_twice_without_new_events_makes_no_second_package(personas, ready):
    client = personas.client_for(personas.specialist)
    export_period(client)
    [package] = last_run()
    assert etree.fromstring(bytes(package.content)).find(
        ".//pac:packageId", namespaces=NS
    ).text == str(package.package_id)
    page = client.get("/exchange/egisso/", JANUARY)
    assert page.context["check"].nothing_new
    assert "Нет ни новых фактов, ни изменений с прошлой выгрузки" in page.content.decode()
    again = export_period(client)
    assert again.status_code == 302
    assert again["Location"] == "/exchange/egisso/?date_from=2026-01-01&date_to=2026-01-31"
    assert EgissoPackage.objects.count() == 1
    assert "Нет ни новых фактов" in client.get(again["Location"]).content.decode()


def test_the_export_is_in_the_journal_with_its_period_and_size(personas, ready):
    export_period(personas.client_for(personas.director))
    event = SecurityEvent.objects.get(kind=EventKind.EXPORT, user=personas.director.user)
    assert event.object_type == "egisso_export"
    assert event.object_repr == "egisso-10.06.S-20260101-20260131.xml"
    assert "за 01.01.2026–31.01.2026: фактов назначения 2, изменений 0, файлов 1" in event.details


def test_a_recipient_without_a_passport_is_named_with_a_link_and_no_file_is_offered(
    personas, ready
):
    sidorov = personas.recipient_of_worker2
    sidorov.document_series = sidorov.document_number = sidorov.document_issued_by = ""
    sidorov.document_issued_on = None
    sidorov.save()
    client = personas.client_for(personas.director)
    page = client.get("/exchange/egisso/", JANUARY)
    text = page.content.decode()
    assert not page.context["check"].is_valid
    assert "Сформировать пакет" not in text
    assert f'href="/recipients/{sidorov.pk}/"' in text
    assert "Сидоров Пётр Ильич" in text
    assert "Документ, удостоверяющий личность: не заполнен" in text
    assert "Иванова" not in text.split("Что исправить")[1]
    response = export_period(client)
    assert response.status_code == 302
    assert response["Location"] == "/exchange/egisso/?date_from=2026-01-01&date_to=2026-01-31"
    assert not SecurityEvent.objects.filter(kind=EventKind.EXPORT).exists()
    assert not EgissoPackage.objects.exists()


def test_without_the_document_requirement_a_fact_goes_without_the_identity_document(
    personas, ready
):
    EgissoSettings.objects.update(require_identity_document=False)
    sidorov = personas.recipient_of_worker2
    sidorov.document_series = sidorov.document_number = sidorov.document_issued_by = ""
    sidorov.document_issued_on = None
    sidorov.save()
    result = check(personas)
    assert result.is_valid
    export_period(personas.client_for(personas.director))
    [package] = last_run()
    fact = next(
        f
        for f in facts_of(bytes(package.content))
        if value(f, "af:mszReceiver/prsn:SNILS") == sidorov.snils
    )
    assert fact.find("af:mszReceiver/prsn:IdentityDoc", namespaces=NS) is None


def test_a_value_the_xsd_refuses_is_reported_in_russian_for_its_recipient_only(personas, ready):
    ivanova = personas.recipient_of_worker1
    # A Latin «a» typed in the surname and a passport series of two digits.
    ivanova.last_name = "Ивaнова"
    ivanova.document_series = "32"
    ivanova.save()
    result = check(personas)
    assert not result.is_valid
    assert result.facts and len(result.facts) == 1
    [entry] = result.recipients
    assert entry.recipient == ivanova
    problems = {problem.field: problem for _label, problem in entry.items}
    assert problems["Фамилия"].message.startswith("значение «Ивaнова» не подходит: нужно только")
    assert "pattern" in problems["Фамилия"].technical
    assert problems["Паспорт РФ: серия"].message == "значение «32» не подходит: нужно 4 цифры"
    assert {label for label, _problem in entry.items} == {"Карточка получателя"}


def test_the_card_s_problem_is_said_once_for_a_person_with_two_programs_in_the_period(
    personas, ready
):
    ivanova = personas.recipient_of_worker1
    stored_program(
        ivanova,
        valid_from=D(2025, 1, 12),
        valid_until=D(2026, 1, 11),
        status="expired",
        service=ready["catalog"].shopping,
        number="0/2025",
    )
    ivanova.document_series = "32"
    ivanova.save()
    result = check(personas)
    assert result.programs == 3
    [entry] = result.recipients
    assert [(label, p.field) for label, p in entry.items] == [
        ("Карточка получателя", "Паспорт РФ: серия")
    ]


def test_a_missing_tariff_is_said_once_for_the_export_with_the_service_named(personas, ready):
    Tariff.objects.filter(service=ready["catalog"].floor).delete()
    result = check(personas)
    assert not result.is_valid and not result.facts
    assert result.general == [
        "У услуги «1.11 Мытьё пола» нет тарифа на 12.01.2026 (её нет в ИППСУ 2 получателей — "
        "сумму-эквивалент не рассчитать): введите тариф в каталоге услуг."
    ]
    assert result.recipients == []


def test_without_settings_nothing_is_built_and_the_page_says_who_fills_them(personas):
    programs_in_january(personas)
    page = personas.client_for(personas.specialist).get("/exchange/egisso/", JANUARY)
    text = page.content.decode()
    assert "Не заполнены настройки выгрузки в ЕГИССО" in text
    assert "Настройки заполняет администратор или директор" in text
    assert "Сформировать пакет" not in text


def test_a_program_without_services_is_named_with_a_link_to_the_program(personas, ready):
    ivanova = personas.recipient_of_worker1
    program = ready[ivanova.pk]
    program.services.all().delete()
    text = personas.client_for(personas.director).get("/exchange/egisso/", JANUARY).content.decode()
    assert f'<a href="/programs/{program.pk}/">ИППСУ № 1/2026 от 10.01.2026</a>' in text
    assert "в программе нет ни одной услуги" in text


def test_a_period_without_programs_offers_no_file(personas, ready):
    result = check(personas, date_from=D(2025, 6, 1), date_to=D(2025, 6, 30))
    assert not result.is_valid
    assert result.general == [
        "В периоде 01.06.2025–30.06.2025 не действовала ни одна ИППСУ: выгружать нечего."
    ]


def test_a_program_counts_from_its_first_day_to_the_discharge(personas, ready):
    ivanova = personas.recipient_of_worker1
    Enrolment.objects.filter(recipient=ivanova).update(discharged_on=D(2026, 3, 31))
    [draft] = [d for d in _drafts(personas) if d.recipient == ivanova]
    assert draft.fact.date_finish == D(2026, 3, 31)
    # 20/31 of January, February and March: (20/31 + 2) × 1 640 ₽.
    assert draft.fact.equivalent_amount == Decimal("4338.06")


def _drafts(personas):
    return fact_drafts(
        staff=personas.director,
        settings=EgissoSettings.objects.get(),
        date_from=D(2026, 1, 1),
        date_to=D(2026, 1, 31),
    )


def test_the_decision_date_follows_the_settings_rule(personas, ready):
    ivanova = personas.recipient_of_worker1
    program = ready[ivanova.pk]
    EgissoSettings.objects.update(decision_date_rule=DecisionDateRule.VALID_FROM)
    assert _fact_of(personas, ivanova).decision_date == program.valid_from
    EgissoSettings.objects.update(decision_date_rule=DecisionDateRule.CONTRACT)
    assert _fact_of(personas, ivanova).decision_date == program.drawn_up_on
    Contract.objects.create(
        institution=personas.institution,
        recipient=ivanova,
        program=program,
        year=2026,
        sequence=1,
        number="1/2026",
        concluded_on=D(2026, 1, 11),
        valid_from=program.valid_from,
        valid_until=program.valid_until,
        fee_kind="free",
    )
    assert _fact_of(personas, ivanova).decision_date == D(2026, 1, 11)


def _fact_of(personas, recipient):
    return next(d.fact for d in _drafts(personas) if d.recipient == recipient)


def test_a_benefit_category_with_its_own_id_gives_the_fact_that_category(personas, ready):
    ivanova = personas.recipient_of_worker1
    ivanova.benefit_categories.set([personas.category])
    own = "0b0b0b0b-1111-4222-8333-444444444444"
    EgissoCategory.objects.create(
        settings=EgissoSettings.objects.get(), benefit_category=personas.category, category_id=own
    )
    assert str(_fact_of(personas, ivanova).category_id) == own
    assert _fact_of(personas, personas.recipient_of_worker2).category_id == CATEGORY


def test_over_the_cap_of_a_group_the_facts_go_in_several_packages(personas, ready, monkeypatch):
    monkeypatch.setattr(services, "GROUP_CAP", 1)
    client = personas.client_for(personas.director)
    export_period(client)
    packages = last_run()
    assert [p.file_name for p in packages] == [
        "egisso-10.06.S-20260101-20260131-01.xml",
        "egisso-10.06.S-20260101-20260131-02.xml",
    ]
    schema = shipped_schema()
    for package in packages:
        content = client.get(f"/exchange/egisso/packages/{package.pk}/file/").content
        assert schema.validate(etree.fromstring(content)), schema.error_log
        assert len(facts_of(content)) == 1


def test_the_check_reads_a_fixed_number_of_queries(personas, ready, django_assert_max_num_queries):
    for n in range(5):
        recipient = make_recipient(
            personas.institution, personas.department1, last_name=f"Орлова{n}"
        )
        in_force(personas.head1, recipient, ready["catalog"], number=f"{n + 3}/2026")
    client = personas.client_for(personas.director)
    with django_assert_max_num_queries(20):
        page = client.get("/exchange/egisso/", JANUARY)
    assert page.context["check"].programs == 7


def test_the_errors_are_searchable_and_download_as_xlsx(personas, ready):
    for recipient in (personas.recipient_of_worker1, personas.recipient_of_worker2):
        recipient.document_series = "1"
        recipient.save()
    client = personas.client_for(personas.director)
    found = client.get("/exchange/egisso/", {**JANUARY, "q": "сидоров"}).context["page"]
    assert [e.recipient for e in found.object_list] == [personas.recipient_of_worker2]
    rows = xlsx_rows(client.get("/exchange/egisso/", {**JANUARY, "format": "xlsx"}).content)
    assert any(r[0] == "Иванова Мария Петровна" and r[3] == "Паспорт РФ: серия" for r in rows)
    assert SecurityEvent.objects.filter(kind=EventKind.EXPORT, object_type="xlsx").exists()


def test_a_period_that_ends_before_it_starts_is_refused_in_russian(personas, ready):
    page = personas.client_for(personas.director).get(
        "/exchange/egisso/", {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert "Начало периода позже его конца." in page.content.decode()
    assert page.context["check"] is None


@pytest.mark.parametrize("persona", ["worker1", "caregiver1", "head1", "accountant"])
def test_only_the_exchange_roles_check_and_export(personas, ready, persona):
    client = personas.client_for(getattr(personas, persona))
    assert client.get("/exchange/egisso/", JANUARY).status_code == 403
    assert export_period(client).status_code == 403
    assert not SecurityEvent.objects.filter(kind=EventKind.EXPORT).exists()
    assert not EgissoPackage.objects.exists()


@pytest.mark.parametrize("persona", ["admin", "director", "specialist"])
def test_the_exchange_roles_form_the_package(personas, ready, persona):
    client = personas.client_for(getattr(personas, persona))
    assert export_period(client).status_code == 302
    assert len(last_run()) == 1


def test_the_facts_are_those_of_the_person_s_own_institution(personas, ready):
    egisso_settings(personas.outsider_director.institution, onmsz_code="4200.000999")
    result = services.egisso_check(
        actor=personas.outsider_director, date_from=D(2026, 1, 1), date_to=D(2026, 1, 31)
    )
    assert result.programs == 0


def test_the_check_of_followed_facts_and_the_log_pages_read_a_fixed_number_of_queries(
    personas, ready, django_assert_max_num_queries
):
    for n, name in enumerate(["Орлова", "Белова", "Зуева", "Котова", "Лисова"]):
        recipient = make_recipient(personas.institution, personas.department1, last_name=name)
        give_passport(recipient)
        in_force(personas.head1, recipient, ready["catalog"], number=f"{n + 3}/2026")
    client = personas.client_for(personas.director)
    export_period(client)
    EgissoSettings.objects.update(okei_code="877")
    with django_assert_max_num_queries(24):
        page = client.get("/exchange/egisso/", JANUARY)
    assert len(page.context["check"].changes) == 7
    [package] = last_run()
    with django_assert_max_num_queries(12):
        assert client.get("/exchange/egisso/packages/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/exchange/egisso/packages/{package.pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/exchange/egisso/facts/").status_code == 200


def test_a_large_period_forms_its_packages_as_a_job_by_the_same_service(personas, ready, settings):
    settings.ZABOTA_EGISSO_INLINE_PROGRAMS = 1
    client = personas.client_for(personas.director)
    page = client.get("/exchange/egisso/", JANUARY).content.decode()
    assert 'action="/exchange/egisso/job/"' in page and "/exchange/egisso/export/" not in page
    settings.ZABOTA_JOBS_INLINE = True
    response = client.post("/exchange/egisso/job/", JANUARY)
    job = Job.objects.get(kind="egisso")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "done", job.message
    assert job.link == "/exchange/egisso/packages/"
    [package] = last_run()
    file = job.files.get()
    assert file.name == package.file_name == "egisso-10.06.S-20260101-20260131.xml"
    assert bytes(file.content) == bytes(package.content)
    assert len(facts_of(bytes(file.content))) == 2
    assert SecurityEvent.objects.filter(object_type="egisso_export").count() == 1
    download = client.get(f"/jobs/{job.pk}/files/{file.pk}/")
    assert download["Content-Type"] == "application/xml"


def test_a_job_with_nothing_new_forms_no_package_and_says_so(personas, ready, settings):
    client = personas.client_for(personas.director)
    export_period(client)
    settings.ZABOTA_JOBS_INLINE = True
    client.post("/exchange/egisso/job/", JANUARY)
    job = Job.objects.get(kind="egisso")
    assert job.status == "done"
    assert job.message == services.NOTHING_MESSAGE
    assert not job.files.exists()
    assert EgissoPackage.objects.count() == 1


def test_a_job_refused_by_the_check_forms_nothing_and_counts_the_problems(
    personas, ready, settings
):
    ivanova = personas.recipient_of_worker1
    ivanova.document_series = "32"
    ivanova.save()
    settings.ZABOTA_JOBS_INLINE = True
    personas.client_for(personas.director).post("/exchange/egisso/job/", JANUARY)
    job = Job.objects.get(kind="egisso")
    assert job.status == "failed"
    assert job.message.startswith("Пакет не сформирован: найдено ошибок")
    assert not EgissoPackage.objects.exists() and not job.files.exists()
