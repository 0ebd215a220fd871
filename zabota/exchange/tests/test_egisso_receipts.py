"""What ЕГИССО answered: a package marked loaded, a protocol of errors (pasted or a file) that lists
the facts to correct — a corrected fact goes out as a correction — a package not taken at all,
and the administrator's deletion of a fact; malformed protocols refused in Russian."""

import datetime
import io
import uuid

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from zabota.audit.models import EventKind, SecurityEvent
from zabota.exchange.egisso import receipts, services
from zabota.exchange.models import EgissoFact, EgissoPackage, EgissoRecord
from zabota.exchange.tests.egisso_helpers import (
    egisso_settings,
    elements_of,
    local_name,
    programs_in_january,
    value,
)
from zabota.recipients.models import DischargeReason
from zabota.recipients.services import recipient_discharge

pytestmark = pytest.mark.django_db
D = datetime.date
JANUARY = {"date_from": D(2026, 1, 1), "date_to": D(2026, 1, 31)}
FEBRUARY = {"date_from": D(2026, 2, 1), "date_to": D(2026, 2, 28)}


@pytest.fixture(autouse=True)
def early_march():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0), tick=False):
        yield


@pytest.fixture
def package(personas) -> EgissoPackage:
    """January exported: the facts of Иванова and Сидоров."""
    egisso_settings(personas.institution)
    programs_in_january(personas)
    [formed] = services.egisso_export(actor=personas.director, **JANUARY).packages
    return formed


def receipt_url(package) -> str:
    return f"/exchange/egisso/packages/{package.pk}/receipt/"


def fact_of(recipient) -> EgissoFact:
    return EgissoFact.objects.get(recipient=recipient)


def test_the_operator_marks_a_package_loaded(personas, package):
    client = personas.client_for(personas.specialist)
    response = client.post(receipt_url(package), {"outcome": "loaded"})
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.state == "loaded" and package.receipt_by == personas.specialist
    assert set(package.records.values_list("status", flat=True)) == {"loaded"}
    assert SecurityEvent.objects.filter(
        kind=EventKind.UPDATE, object_type="egisso_package"
    ).exists()


def test_a_pasted_protocol_lists_the_fact_and_its_correction_goes_out_as_a_fix(personas, package):
    ivanova = personas.recipient_of_worker1
    fact = fact_of(ivanova)
    client = personas.client_for(personas.specialist)
    protocol = (
        f"Протокол обработки пакета\n{fact.uuid}\tОшибка: отчество не совпадает с данными ФРИ\n"
    )
    response = client.post(receipt_url(package), {"outcome": "errors", "protocol": protocol})
    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.status == "load_error"
    assert fact.error == "Ошибка: отчество не совпадает с данными ФРИ"
    listed = client.get("/exchange/egisso/facts/", {"status": "load_error"}).content.decode()
    assert "Иванова Мария Петровна" in listed and "Сидоров" not in listed
    assert "отчество не совпадает" in listed
    other = fact_of(personas.recipient_of_worker2)
    assert other.records.get().status == "loaded"
    # Nothing corrected yet: nothing to send.
    with pytest.raises(services.NothingToExport):
        services.egisso_export(actor=personas.director, **JANUARY)
    ivanova.middle_name = "Павловна"
    ivanova.save()
    [fix_package] = services.egisso_export(actor=personas.director, **JANUARY).packages
    [record] = elements_of(bytes(fix_package.content))
    assert local_name(record) == "alterationBasedOnPreviousErrors"
    assert value(record, "pac:assignmentFactUuid") == str(fact.uuid)
    assert value(record, "pac:fact/af:mszReceiver/smev:Patronymic") == "Павловна"
    fact.refresh_from_db()
    assert (fact.status, fact.error) == ("changed", "")


def test_a_change_returned_with_an_error_is_not_sent_again_unchanged(personas, package):
    receipts.egisso_package_loaded(actor=personas.director, package=package)
    sidorov = personas.recipient_of_worker2
    reason = DischargeReason.objects.create(institution=personas.institution, name="Отказ")
    sidorov.refresh_from_db()
    recipient_discharge(
        actor=personas.director,
        recipient=sidorov,
        expected_version=sidorov.version,
        discharged_on=D(2026, 2, 5),
        reason=reason,
    )
    [second] = services.egisso_export(actor=personas.director, **FEBRUARY).packages
    termination = EgissoRecord.objects.get(package=second)
    receipts.egisso_package_errors(
        actor=personas.director,
        package=second,
        protocol=f"{termination.uuid}; Дата прекращения раньше даты начала",
    )
    fact = fact_of(sidorov)
    assert fact.status == "load_error"
    check = services.egisso_check(actor=personas.director, **FEBRUARY)
    assert check.nothing_new
    assert [p.kind for p in check.held_back] == ["terminationBasedOnRecipientRefusal"]


def test_a_protocol_file_in_xlsx_is_read_like_pasted_lines(personas, package):
    fact = fact_of(personas.recipient_of_worker1)
    book = Workbook()
    sheet = book.active
    sheet.append(["Идентификатор", "Результат"])
    sheet.append([str(fact.uuid), "СНИЛС не найден"])
    content = io.BytesIO()
    book.save(content)
    upload = SimpleUploadedFile("protocol.xlsx", content.getvalue())
    client = personas.client_for(personas.specialist)
    response = client.post(receipt_url(package), {"outcome": "errors", "file": upload})
    assert response.status_code == 302
    fact.refresh_from_db()
    assert (fact.status, fact.error) == ("load_error", "СНИЛС не найден")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"outcome": "errors", "protocol": "ошибок много, но без номеров"}, "нет ни одного"),
        (
            {"outcome": "errors", "protocol": f"{uuid.uuid4()} неизвестная запись"},
            "Этих идентификаторов нет в пакете",
        ),
        ({"outcome": "errors", "protocol": ""}, "Вставьте строки протокола"),
        ({"outcome": "rejected", "note": ""}, "Напишите, что ответила ЕГИССО"),
        ({"outcome": "maybe"}, "Выберите корректный вариант"),
        (
            {"outcome": "errors", "file": SimpleUploadedFile("p.bin", b"\x00\x01\x02" * 10)},
            "не текстовый",
        ),
        (
            {"outcome": "errors", "file": SimpleUploadedFile("p.xlsx", b"PK\x03\x04broken")},
            "XLSX",
        ),
    ],
)
def test_a_malformed_protocol_is_refused_in_russian_and_nothing_is_marked(
    personas, package, data, says
):
    client = personas.client_for(personas.specialist)
    response = client.post(receipt_url(package), data)
    assert response.status_code == 400
    assert says in response.content.decode()
    package.refresh_from_db()
    assert package.state == "formed"
    assert not EgissoFact.objects.filter(status="load_error").exists()


def test_a_line_without_the_error_s_text_is_refused(personas, package):
    fact = fact_of(personas.recipient_of_worker1)
    response = personas.client_for(personas.specialist).post(
        receipt_url(package), {"outcome": "errors", "protocol": f"{fact.uuid}\n"}
    )
    assert "Нет текста ошибки после идентификатора: строки 1" in response.content.decode()


def test_a_protocol_file_above_the_limit_is_refused(personas, package, settings):
    settings.ZABOTA_EGISSO_PROTOCOL_MAX_BYTES = 1024
    upload = SimpleUploadedFile("p.txt", b"x" * 2048)
    response = personas.client_for(personas.specialist).post(
        receipt_url(package), {"outcome": "errors", "file": upload}
    )
    assert response.status_code == 400
    assert "Файл протокола больше 1 КБ" in response.content.decode()


def test_a_package_not_taken_sends_its_facts_as_new_again(personas, package):
    client = personas.client_for(personas.specialist)
    response = client.post(
        receipt_url(package), {"outcome": "rejected", "note": "неверный код ОНМСЗ"}
    )
    assert response.status_code == 302
    assert set(EgissoFact.objects.values_list("status", flat=True)) == {"returned"}
    [again] = services.egisso_export(actor=personas.director, **JANUARY).packages
    assert again.counts == {"fact": 2}
    assert set(EgissoFact.objects.values_list("status", flat=True)) == {"exported"}
    # A package already answered cannot be answered «not taken».
    with pytest.raises(Exception, match="только пакет без результата"):
        receipts.egisso_package_rejected(actor=personas.director, package=package, note="ещё раз")


def test_the_administrator_deletes_a_fact_with_a_reason_and_it_replaces_other_changes(
    personas, package
):
    ivanova = personas.recipient_of_worker1
    fact = fact_of(ivanova)
    reason = DischargeReason.objects.create(institution=personas.institution, name="Смерть")
    ivanova.refresh_from_db()
    recipient_discharge(
        actor=personas.director,
        recipient=ivanova,
        expected_version=ivanova.version,
        discharged_on=D(2026, 2, 5),
        reason=reason,
    )
    admin = personas.client_for(personas.admin)
    url = f"/exchange/egisso/facts/{fact.pk}/invalidate/"
    refused = admin.post(url, {"kind": "errorsInvalidation", "reason": ""})
    assert refused.status_code == 400 and "Обязательное поле" in refused.content.decode()
    assert (
        admin.post(url, {"kind": "errorsInvalidation", "reason": "не наш получатель"}).status_code
        == 302
    )
    check = services.egisso_check(actor=personas.director, **FEBRUARY)
    assert [(p.kind, p.reason) for p in check.records] == [
        ("errorsInvalidation", "не наш получатель")
    ]
    [deleted] = services.egisso_export(actor=personas.director, **FEBRUARY).packages
    [record] = elements_of(bytes(deleted.content))
    assert local_name(record) == "errorsInvalidation"
    assert value(record, "pac:assignmentFactUuid") == str(fact.uuid)
    fact.refresh_from_db()
    assert fact.status == "invalidated"


@pytest.mark.parametrize("persona", ["director", "specialist"])
def test_only_the_administrator_deletes_a_fact(personas, package, persona):
    fact = fact_of(personas.recipient_of_worker1)
    client = personas.client_for(getattr(personas, persona))
    response = client.post(
        f"/exchange/egisso/facts/{fact.pk}/invalidate/",
        {"kind": "errorsInvalidation", "reason": "ошибка"},
    )
    assert response.status_code == 403
    assert not EgissoRecord.objects.filter(kind="errorsInvalidation").exists()
    with pytest.raises(Exception, match="только администратор"):
        receipts.egisso_invalidation_queue(
            actor=getattr(personas, persona), fact=fact, kind="errorsInvalidation", reason="x"
        )


def test_a_second_deletion_of_one_fact_is_refused_with_the_reason(personas, package):
    fact = fact_of(personas.recipient_of_worker1)
    receipts.egisso_invalidation_queue(
        actor=personas.admin, fact=fact, kind="errorsInvalidation", reason="ошибка"
    )
    with pytest.raises(Exception, match="удаление факта вместе с записью"):
        receipts.egisso_invalidation_queue(
            actor=personas.admin, fact=fact, kind="duplicatesInvalidation", reason="дубль"
        )


def test_conflicting_records_of_one_fact_refuse_the_package_naming_the_recipient(personas, package):
    fact = fact_of(personas.recipient_of_worker1)
    for kind, cause in (
        ("errorsInvalidation", "loaded_by_mistake"),
        ("duplicatesInvalidation", "duplicate"),
    ):
        EgissoRecord.objects.create(
            fact=fact,
            uuid=uuid.uuid4(),
            kind=kind,
            cause=cause,
            reason="записано в обход формы",
            status="queued",
            created_by=personas.admin,
        )
    check = services.egisso_check(actor=personas.director, **FEBRUARY)
    assert not check.is_valid
    [entry] = check.recipients
    assert entry.recipient == personas.recipient_of_worker1
    [(_label, problem)] = entry.items
    assert problem.field == "Записи для ЕГИССО"
    assert "удаление факта вместе с записью" in problem.message
    with pytest.raises(services.EgissoInvalid):
        services.egisso_export(actor=personas.director, **FEBRUARY)


def test_a_waiting_deletion_is_withdrawn_before_it_goes(personas, package):
    fact = fact_of(personas.recipient_of_worker1)
    record = receipts.egisso_invalidation_queue(
        actor=personas.admin, fact=fact, kind="duplicatesInvalidation", reason="дубль"
    )
    response = personas.client_for(personas.admin).post(
        f"/exchange/egisso/records/{record.pk}/withdraw/"
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "withdrawn"
    with pytest.raises(services.NothingToExport):
        services.egisso_export(actor=personas.director, **JANUARY)


def test_the_pages_of_packages_and_facts_show_what_left(personas, package):
    client = personas.client_for(personas.director)
    listed = client.get("/exchange/egisso/packages/").content.decode()
    assert package.file_name in listed
    page = client.get(f"/exchange/egisso/packages/{package.pk}/").content.decode()
    assert "Иванова Мария Петровна" in page and "Новый факт назначения" in page
    download = client.get(f"/exchange/egisso/packages/{package.pk}/file/")
    assert download.content == bytes(package.content)
    assert SecurityEvent.objects.filter(
        kind=EventKind.EXPORT, object_type="egisso_package"
    ).exists()
    fact = fact_of(personas.recipient_of_worker1)
    shown = client.get(f"/exchange/egisso/facts/{fact.pk}/").content.decode()
    assert str(fact.uuid) in shown and "выгружен" in shown
    assert "Удалить факт из ЕГИССО" not in shown
    assert SecurityEvent.objects.filter(
        kind=EventKind.VIEW, recipient_id=personas.recipient_of_worker1.pk
    ).exists()
    assert (
        "Удалить факт из ЕГИССО"
        in personas.client_for(personas.admin)
        .get(f"/exchange/egisso/facts/{fact.pk}/")
        .content.decode()
    )


def test_another_institution_s_package_and_fact_are_not_found(personas, package):
    client = personas.client_for(personas.outsider_director)
    fact = fact_of(personas.recipient_of_worker1)
    assert client.get(f"/exchange/egisso/packages/{package.pk}/").status_code in (403, 404)
    assert client.get(f"/exchange/egisso/facts/{fact.pk}/").status_code in (403, 404)


def test_a_change_of_a_fact_egisso_never_took_is_refused(personas, package):
    receipts.egisso_package_rejected(actor=personas.director, package=package, note="не принят")
    fact = fact_of(personas.recipient_of_worker1)
    with pytest.raises(Exception, match="не был загружен"):
        receipts.egisso_invalidation_queue(
            actor=personas.admin, fact=fact, kind="errorsInvalidation", reason="ошибка"
        )
    # Written around the service: the check refuses it all the same, naming the person.
    EgissoRecord.objects.create(
        fact=fact,
        uuid=uuid.uuid4(),
        kind="errorsInvalidation",
        cause="loaded_by_mistake",
        reason="в обход формы",
        status="queued",
        created_by=personas.admin,
    )
    check = services.egisso_check(actor=personas.director, **JANUARY)
    [entry] = check.recipients
    assert entry.recipient == personas.recipient_of_worker1
    assert any("не выгружался или не принят" in p.message for _label, p in entry.items)
    with pytest.raises(services.EgissoInvalid):
        services.egisso_export(actor=personas.director, **JANUARY)
