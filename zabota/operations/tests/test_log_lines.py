"""What an operator reads in the log: the lifecycle of jobs and imports, the refusals that
matter — with ids and counts, never a person's name, login or СНИЛС."""

import datetime
import io
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from zabota.acts import jobs
from zabota.exchange.tests.helpers import csv_bytes, person, rows_of

pytestmark = pytest.mark.django_db


def lines(collected, level: str | None = None) -> list[str]:
    return [r.getMessage() for r in collected if level is None or r.levelname == level]


def test_a_job_says_when_it_starts_and_why_it_stopped(personas, collected, settings):
    settings.ZABOTA_JOBS_INLINE = True
    job, _started = jobs.acts_run_start(
        actor=personas.director, month=datetime.date(2026, 10, 1), department=None
    )
    assert (
        f"job {job.pk} (acts 2026-10/all) started by staff {personas.director.pk}, attempt 1"
        in lines(collected, "INFO")
    )
    assert any(f"job {job.pk} refused" in line for line in lines(collected, "WARNING"))


def test_an_import_says_what_it_committed(personas, tmp_path, collected):
    path = tmp_path / "список.csv"
    path.write_bytes(csv_bytes(rows_of([person(Фамилия="Орлова"), person(Фамилия="Титова")])))
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, 0), tick=False):
        call_command(
            "import_recipients",
            str(path),
            f"--institution={personas.institution.pk}",
            stdout=io.StringIO(),
        )
    committed = [line for line in lines(collected, "INFO") if line.startswith("import committed")]
    assert len(committed) == 1 and "create 2" in committed[0]
    assert "Орлова" not in " ".join(lines(collected))


def test_a_refused_template_is_a_warning(personas, collected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zabota.documents.services import template_upload

    with pytest.raises(ValidationError):
        template_upload(
            actor=personas.admin,
            kind="contract",
            file=SimpleUploadedFile("договор.docx", b"not a docx"),
        )
    assert any(line.startswith("template contract refused") for line in lines(collected, "WARNING"))


def test_a_tablet_batch_with_rejected_records_is_a_warning_with_counts(personas, collected):
    from zabota.field.services import TabletRecord, tablet_records_sync

    record = TabletRecord(
        uuid=uuid.uuid4(),
        recipient_id=personas.outsider_recipient.pk,
        service_id=1,
        date=datetime.date(2026, 11, 2),
        quantity=Decimal(1),
    )
    tablet_records_sync(actor=personas.worker1, records=[record])
    assert (
        f"tablet batch of staff {personas.worker1.pk}: 1 records, 0 accepted, 1 rejected, "
        "0 flagged, 0 corrected"
    ) in lines(collected, "WARNING")


def test_a_lockout_names_the_account_by_its_id_only(personas, settings, collected):
    from zabota.accounts.services import login_attempt

    settings.ZABOTA_LOCKOUT_ATTEMPTS = 2
    for _ in range(3):
        login_attempt(request=None, username="Worker1", password="wrong", ip_address="10.0.0.9")
    warnings = lines(collected, "WARNING")
    assert any(
        line.startswith("login locked until") and f"(user id {personas.worker1.user_id})" in line
        for line in warnings
    )
    assert any(line.startswith("login refused: locked until") for line in warnings)
    assert not any("orker1" in line or "10.0.0.9" in line for line in warnings)
