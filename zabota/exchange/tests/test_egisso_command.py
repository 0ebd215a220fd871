"""`manage.py export_egisso`: the file, the exit code and the per-recipient errors; the demo's own
export validates against the shipped XSD; on the demo, a discharge, an ended contract and a
corrected СНИЛС after an export make the next export, and nothing new makes no file."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from lxml import etree

from zabota.audit.models import EventKind, SecurityEvent
from zabota.exchange.models import EgissoFact
from zabota.exchange.tests.egisso_helpers import (
    egisso_settings,
    elements_of,
    facts_of,
    local_name,
    programs_in_january,
    shipped_schema,
    value,
)
from zabota.organisation.models import Institution, Staff
from zabota.programs.models import Contract, ContractStatus, Program
from zabota.programs.services import contract_terminate
from zabota.recipients.models import DischargeReason, RecipientStatus
from zabota.recipients.services import recipient_discharge, recipient_update
from zabota.testing import make_snils

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, 0), tick=False):
        yield


def run(personas, out, *extra):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "export_egisso",
        "--from=2026-01-01",
        "--to=2026-01-31",
        f"--out={out}",
        f"--institution={personas.institution.pk}",
        *extra,
        stdout=stdout,
        stderr=stderr,
    )
    return stdout.getvalue(), stderr.getvalue()


def test_the_command_writes_a_valid_file_in_the_name_of_the_admin(personas, tmp_path):
    egisso_settings(personas.institution)
    programs_in_january(personas)
    out = tmp_path / "egisso.xml"
    stdout, _stderr = run(personas, out)
    assert "Записано фактов назначения: 2" in stdout
    schema = shipped_schema()
    assert schema.validate(etree.parse(str(out))), schema.error_log
    assert len(facts_of(out.read_bytes())) == 2
    assert SecurityEvent.objects.filter(kind=EventKind.EXPORT, user=personas.admin.user).exists()


def test_a_bad_recipient_exits_non_zero_names_them_and_writes_nothing(personas, tmp_path):
    egisso_settings(personas.institution)
    programs_in_january(personas)
    sidorov = personas.recipient_of_worker2
    sidorov.document_number = "12"
    sidorov.save()
    out = tmp_path / "egisso.xml"
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="Файл не создан: ошибок 1 у 1 получателя") as error:
        call_command(
            "export_egisso",
            "--from=2026-01-01",
            "--to=2026-01-31",
            f"--out={out}",
            f"--institution={personas.institution.pk}",
            stderr=stderr,
        )
    assert error.value.returncode == 1
    assert (
        f"Сидоров Пётр Ильич (СНИЛС {sidorov.snils_display}), Карточка получателя — "
        "Паспорт РФ: номер: значение «12» не подходит: нужно 6 цифр"
    ) in stderr.getvalue()
    assert not out.exists()
    assert not SecurityEvent.objects.filter(kind=EventKind.EXPORT).exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from=2026-01-31", "--to=2026-01-01"], "Начало периода позже его конца."),
        (["--from=01.01.2026", "--to=2026-01-31"], "--from: «01.01.2026» — не дата"),
        (["--from=2026-01-01", "--to=2026-01-31", "--user=worker1"], "нет права выгружать"),
    ],
)
def test_bad_arguments_are_refused_in_russian(personas, tmp_path, arguments, message):
    egisso_settings(personas.institution)
    with pytest.raises(CommandError, match=message):
        call_command(
            "export_egisso",
            *arguments,
            f"--out={tmp_path / 'x.xml'}",
            f"--institution={personas.institution.pk}",
        )


def test_without_settings_the_command_says_what_to_fill(personas, tmp_path):
    programs_in_january(personas)
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="Файл не создан"):
        call_command(
            "export_egisso",
            "--from=2026-01-01",
            "--to=2026-01-31",
            f"--out={tmp_path / 'x.xml'}",
            f"--institution={personas.institution.pk}",
            stderr=stderr,
        )
    assert "Не заполнены настройки выгрузки в ЕГИССО" in stderr.getvalue()


def test_the_export_of_a_generated_demo_validates_against_the_shipped_xsd(db, settings, tmp_path):
    settings.DEBUG = True
    call_command("demo_data", "--recipients", "40", "--months", "1", stdout=io.StringIO())
    settings.DEBUG = False
    institution = Institution.objects.get()
    out = tmp_path / "demo.xml"
    stdout = io.StringIO()
    call_command(
        "export_egisso",
        "--from=2026-01-01",
        "--to=2026-01-31",
        f"--out={out}",
        "--user=director",
        f"--institution={institution.pk}",
        stdout=stdout,
    )
    schema = shipped_schema()
    assert schema.validate(etree.parse(str(out))), schema.error_log
    facts = facts_of(out.read_bytes())
    governing = Program.objects.filter(
        recipient__institution=institution,
        status__in=["in_force", "expired", "replaced"],
        valid_from__lte=datetime.date(2026, 1, 31),
        valid_until__gte=datetime.date(2026, 1, 1),
    )
    assert len(facts) == governing.count() > 20


def test_an_export_with_nothing_new_writes_no_file_and_says_so(personas, tmp_path):
    egisso_settings(personas.institution)
    programs_in_january(personas)
    run(personas, tmp_path / "first.xml")
    out = tmp_path / "second.xml"
    stdout, _stderr = run(personas, out)
    assert "Нет ни новых фактов, ни изменений с прошлой выгрузки" in stdout
    assert not out.exists()


def test_on_the_demo_the_next_export_holds_two_terminations_and_a_correction(
    db, settings, tmp_path
):
    settings.DEBUG = True
    call_command("demo_data", "--recipients", "40", "--months", "1", stdout=io.StringIO())
    settings.DEBUG = False
    institution = Institution.objects.get()
    director = Staff.objects.get(user__username="director")
    command = [
        "export_egisso",
        "--from=2026-01-01",
        "--to=2026-01-31",
        "--user=director",
        f"--institution={institution.pk}",
    ]
    call_command(*command, f"--out={tmp_path / 'january.xml'}", stdout=io.StringIO())
    followed = [
        fact
        for fact in EgissoFact.objects.select_related("program", "recipient").order_by("pk")
        if fact.recipient.status == RecipientStatus.ACTIVE
        and fact.program.status == "in_force"
        and fact.program.valid_until > datetime.date(2026, 3, 1)
    ]
    single_contract = [
        f
        for f in followed
        if list(
            Contract.objects.filter(program=f.program)
            .exclude(status="draft")
            .values_list("status", flat=True)
        )
        == [ContractStatus.ACTIVE]
    ]
    ended = single_contract[0]
    discharged, corrected = [f for f in followed if f.recipient_id != ended.recipient_id][:2]
    recipient_discharge(
        actor=director,
        recipient=discharged.recipient,
        expected_version=discharged.recipient.version,
        discharged_on=datetime.date(2026, 2, 5),
        reason=DischargeReason.objects.get(name="Выздоровление (улучшение состояния)"),
    )
    contract = Contract.objects.get(program=ended.program, status=ContractStatus.ACTIVE)
    contract_terminate(
        actor=director,
        contract=contract,
        expected_version=contract.version,
        terminated_on=datetime.date(2026, 2, 7),
        reason="Отказ получателя от обслуживания",
    )
    person = corrected.recipient
    person.refresh_from_db()
    recipient_update(
        actor=director, recipient=person, expected_version=person.version, snils=make_snils()
    )

    out = tmp_path / "next.xml"
    stdout = io.StringIO()
    call_command(*command, f"--out={out}", stdout=stdout)
    assert "Записано фактов назначения: 0, изменений: 3" in stdout.getvalue()
    schema = shipped_schema()
    assert schema.validate(etree.parse(str(out))), schema.error_log
    records = [
        (local_name(e), value(e, "pac:assignmentFactUuid")) for e in elements_of(out.read_bytes())
    ]
    assert records == [
        ("alterationBasedOnPreviousErrors", str(corrected.uuid)),
        ("terminationBasedOnEndOfRight", str(discharged.uuid)),
        ("terminationBasedOnRecipientRefusal", str(ended.uuid)),
    ]
