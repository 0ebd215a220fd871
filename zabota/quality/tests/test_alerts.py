import datetime
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command

from zabota.delivery.models import RejectedRecord
from zabota.delivery.services import service_log
from zabota.field.services import TabletRecord, tablet_records_sync
from zabota.quality import services
from zabota.quality.models import Alert, AlertKind
from zabota.quality.tests.conftest import TODAY, complaint
from zabota.recipients.models import MedicalCertificate

pytestmark = pytest.mark.django_db
D = datetime.date
MONDAY = D(2026, 11, 23)  # the day before TODAY: shopping (mon, thu) is due on the ИППСУ


def kinds_of(person) -> dict[str, int]:
    found: dict[str, int] = {}
    for kind in Alert.objects.filter(person=person).values_list("kind", flat=True):
        found[kind] = found.get(kind, 0) + 1
    return found


def test_a_planned_visit_not_recorded_yesterday_alerts_the_worker_and_the_head_once(
    personas, catalog
):
    # worker1 recorded Monday's shopping; worker2 and the other department's worker did not.
    service_log(
        actor=personas.worker1,
        recipient=personas.recipient_of_worker1,
        service=catalog.shopping,
        performed_on=MONDAY,
        quantity=Decimal(1),
    )
    first = services.alerts_generate(today=TODAY)
    second = services.alerts_generate(today=TODAY)
    assert first > 0 and second == 0
    missed = Alert.objects.filter(kind=AlertKind.VISIT_MISSED)
    assert {(a.person, a.object_id) for a in missed} == {
        (personas.worker2, personas.recipient_of_worker2.pk),
        (personas.head1, personas.recipient_of_worker2.pk),
        (personas.worker_other_department, personas.recipient_in_department2.pk),
        (personas.head2, personas.recipient_in_department2.pk),
    }
    alert = missed.get(person=personas.head1)
    assert (
        alert.period == MONDAY and alert.url == f"/recipients/{personas.recipient_of_worker2.pk}/"
    )
    assert alert.text.startswith("Зайцева А. И.: не отмечено посещение Сидоров П. И. за 23.11.2026")


def test_records_refused_by_the_sync_alert_the_worker_and_the_head(personas, catalog):
    outsider = TabletRecord(
        uuid=uuid.uuid4(),
        recipient_id=personas.recipient_in_department2.pk,
        service_id=catalog.shopping.pk,
        date=MONDAY,
        quantity=Decimal(1),
    )
    result = tablet_records_sync(actor=personas.worker1, records=[outsider])
    assert result.rejected
    tablet_records_sync(actor=personas.worker1, records=[outsider])
    row = RejectedRecord.objects.get()
    assert row.recipient_id is None  # a recipient the worker may not record for is not kept
    services.alerts_generate(today=TODAY)
    rejected = Alert.objects.filter(kind=AlertKind.SYNC_REJECTED)
    assert {a.person for a in rejected} == {personas.worker1, personas.head1}
    assert "Получатель не закреплён за вами" in rejected.get(person=personas.worker1).text


def test_documents_deadlines_and_inspections_due_alert_the_head(personas, catalog, settings):
    settings.ZABOTA_ALERT_DAYS = 14
    MedicalCertificate.objects.create(
        recipient=personas.recipient_of_worker1,
        number="7",
        issued_on=D(2025, 12, 1),
        valid_until=D(2026, 12, 1),
    )
    program = catalog.programs[personas.recipient_of_worker2.pk]
    program.valid_until = D(2026, 12, 5)
    program.save(update_fields=["valid_until"])
    services.inspection_plan_build(
        actor=personas.head1, department=personas.department1, quarter=TODAY
    )
    from zabota.quality.models import PlannedInspection

    PlannedInspection.objects.filter(worker=personas.worker1).update(planned_on=D(2026, 11, 30))
    services.alerts_generate(today=TODAY)
    head = kinds_of(personas.head1)
    assert head[AlertKind.CERTIFICATE_DUE] == 1
    assert head[AlertKind.PROGRAM_DUE] == 1
    assert head[AlertKind.INSPECTION_DUE] >= 1
    assert kinds_of(personas.specialist) == {AlertKind.PROGRAM_DUE: 1}
    assert AlertKind.CERTIFICATE_DUE not in kinds_of(personas.head2)


def test_an_appeal_near_its_deadline_alerts_its_responsible_person(personas, settings):
    settings.ZABOTA_COMPLAINT_WARN_DAYS = 5
    complaint(personas.head1, personas.recipient_of_worker1, on=D(2026, 10, 28))  # due 27.11
    complaint(personas.head1, personas.recipient_of_worker2, on=D(2026, 11, 20))  # due 20.12
    services.alerts_generate(today=TODAY)
    due = Alert.objects.filter(kind=AlertKind.COMPLAINT_DUE)
    assert [(a.person, a.period) for a in due] == [(personas.head1, D(2026, 11, 27))]


def test_the_header_counts_unread_alerts_and_opening_one_reads_it(personas, catalog):
    services.alerts_generate(today=TODAY)
    client = personas.client_for(personas.worker2)
    mine = Alert.objects.filter(person=personas.worker2)
    page = client.get("/").content.decode()
    assert 'hx-get="/quality/alerts/badge/"' in page
    badge = client.get("/quality/alerts/badge/").content.decode()
    assert f">{mine.count()}</span>" in badge
    alert = mine.first()
    opened = client.get(f"/quality/alerts/{alert.pk}/")
    assert opened.status_code == 302 and opened["Location"] == alert.url
    alert.refresh_from_db()
    assert alert.read_at is not None
    theirs = Alert.objects.exclude(person=personas.worker2).first()
    assert client.get(f"/quality/alerts/{theirs.pk}/").status_code == 404
    client.post("/quality/alerts/read/")
    assert not Alert.objects.filter(person=personas.worker2, read_at__isnull=True).exists()
    assert client.get("/quality/alerts/badge/").content.decode() == "<span></span>"


def test_the_daily_digest_is_one_letter_per_person_without_names_and_only_with_mail(
    personas, catalog, settings
):
    personas.worker2.user.email = "worker2@example.org"
    personas.worker2.user.save(update_fields=["email"])
    services.alerts_generate(today=TODAY)
    settings.ZABOTA_ALERT_MAIL = False
    assert services.alert_digest_send() == 0
    settings.ZABOTA_ALERT_MAIL = True
    settings.ZABOTA_SITE_URL = "https://zabota.example.org"
    assert services.alert_digest_send() == 1
    assert services.alert_digest_send() == 0  # already mailed: nothing twice
    [letter] = mail.outbox
    assert letter.to == ["worker2@example.org"]
    assert "Посещение не отмечено: 1" in letter.body
    assert "https://zabota.example.org/quality/alerts/" in letter.body
    assert personas.recipient_of_worker2.last_name not in letter.body + letter.subject


def test_the_commands_generate_once_and_prepare_the_quarter(personas, catalog, capsys):
    call_command("generate_alerts", "--date", "2026-11-24")
    call_command("generate_alerts", "--date", "2026-11-24")
    out = capsys.readouterr().out
    assert "Оповещений добавлено: 0" in out.splitlines()[-1]
    from zabota.quality.models import PlannedInspection, SurveySample

    assert PlannedInspection.objects.filter(quarter=D(2026, 10, 1)).count() == 4
    assert SurveySample.objects.filter(quarter=D(2026, 10, 1)).exists()
    call_command("send_alert_digest")
    assert "Почта не настроена" in capsys.readouterr().out
