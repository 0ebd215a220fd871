"""The 50 care services of the social package: the shipped list and its load into a catalog."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from zabota.audit.models import EventKind, SecurityEvent
from zabota.catalog.care_list import care_list, care_standards
from zabota.catalog.models import Service, Tariff
from zabota.catalog.services import care_services_load, service_update, tariff_set
from zabota.catalog.tests.factories import make_service
from zabota.rules.careplan import parse_frequency

pytestmark = pytest.mark.django_db


def test_the_list_holds_50_services_in_33_slots_with_their_source():
    standards = care_standards()
    assert [s.number for s in standards] == list(range(1, 51))
    assert sorted({s.slot for s in standards}) == list(range(1, 34))
    data = care_list()
    assert data["source"]["file"] == "pattern/Таблица СДУ.xltx"
    assert "не указаны" in data["edition"]
    feeding = standards[4]
    assert (feeding.name, feeding.slot, feeding.minutes, feeding.periodicity) == (
        "Кормление",
        3,
        30,
        "До 3 раз день",
    )
    assert "5 мин" in standards[39].list2  # list 2 gives «Помощь при передвижении» 5 minutes


def test_every_periodicity_is_read_as_its_parsed_cap():
    for standard in care_standards():
        frequency = parse_frequency(standard.periodicity)
        assert (frequency.times, frequency.per) == (standard.times, standard.per)


def test_loading_creates_the_50_as_care_services_without_tariffs(personas):
    report = care_services_load(actor=personas.director, institution=personas.institution)
    assert (report.created, report.updated, report.unchanged) == (50, 0, 0)
    services = Service.objects.filter(institution=personas.institution, care_number__isnull=False)
    assert services.count() == 50 and services.filter(is_care=True).count() == 50
    bath = services.get(care_number=10)
    assert (bath.code, bath.care_slot, bath.time_norm_minutes) == ("СДУ.10", 6, 50)
    assert bath.periodicity_hint == "1 раз в неделю" and "приложения № 6 и 7" in bath.care_source
    assert services.get(care_number=43).service_type.code == 2
    assert not Tariff.objects.filter(service__in=services).exists()
    assert SecurityEvent.objects.filter(
        kind=EventKind.IMPORT, object_repr="перечень услуг по уходу СДУ"
    ).exists()


def test_loading_twice_changes_nothing_and_keeps_a_tariff_and_the_centres_code(personas):
    care_services_load(actor=personas.director, institution=personas.institution)
    feeding = Service.objects.get(institution=personas.institution, care_number=5)
    tariff_set(
        actor=personas.director,
        service=feeding,
        effective_from=datetime.date(2026, 1, 1),
        price=Decimal("77.70"),
    )
    service_update(actor=personas.director, service=feeding, code="У-5", is_active=False)
    again = care_services_load(actor=personas.director, institution=personas.institution)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 50)
    feeding.refresh_from_db()
    assert (feeding.code, feeding.is_active) == ("У-5", False)
    assert list(feeding.tariffs.values_list("price", flat=True)) == [Decimal("77.70")]


def test_a_reload_brings_a_changed_norm_back_to_the_standard(personas):
    care_services_load(actor=personas.director, institution=personas.institution)
    feeding = Service.objects.get(institution=personas.institution, care_number=5)
    service_update(actor=personas.director, service=feeding, time_norm_minutes=45, is_care=False)
    report = care_services_load(actor=None, institution=personas.institution)
    assert (report.updated, report.unchanged) == (1, 49)
    feeding.refresh_from_db()
    assert (feeding.time_norm_minutes, feeding.is_care) == (30, True)


def test_a_code_taken_by_another_service_stops_the_load_and_saves_nothing(personas):
    make_service(personas.institution, "СДУ.07", name="Своя услуга центра")
    with pytest.raises(ValidationError, match="«Своя услуга центра»"):
        care_services_load(actor=personas.director, institution=personas.institution)
    assert not Service.objects.filter(care_number__isnull=False).exists()


def test_a_staff_member_loads_only_into_their_own_catalog(personas):
    with pytest.raises(ValidationError, match="своего учреждения"):
        care_services_load(actor=personas.outsider_director, institution=personas.institution)
    assert not Service.objects.filter(care_number__isnull=False).exists()


def test_the_command_loads_each_institution_once(personas):
    out = StringIO()
    call_command("load_care_services", stdout=out)
    call_command("load_care_services", f"--institution={personas.institution.pk}", stdout=out)
    assert "добавлено 50" in out.getvalue() and "без изменений 50" in out.getvalue()
    assert Service.objects.filter(care_number__isnull=False).count() == 50 * 2  # two institutions


def test_the_catalog_page_of_a_loaded_service_names_its_number_slot_and_source(personas):
    care_services_load(actor=personas.director, institution=personas.institution)
    bath = Service.objects.get(institution=personas.institution, care_number=11)
    page = personas.client_for(personas.director).get(reverse("catalog:service", args=[bath.pk]))
    text = page.content.decode()
    assert "№ 11, слот 6" in text and "приложения № 6 и 7 к типовой модели" in text
