import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command

from zabota.audit.models import EventKind, SecurityEvent
from zabota.audit.services import audit_event

pytestmark = pytest.mark.django_db


def test_old_entries_are_purged_after_the_retention_period_and_the_purge_is_recorded(settings):
    settings.ZABOTA_SECURITY_LOG_RETENTION_DAYS = 30
    with time_machine.travel(datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)):
        audit_event(kind=EventKind.LOGIN, username="old")
    with time_machine.travel(datetime.datetime(2026, 11, 10, tzinfo=datetime.UTC)):
        audit_event(kind=EventKind.LOGIN, username="recent")
    with time_machine.travel(datetime.datetime(2026, 11, 24, tzinfo=datetime.UTC)):
        call_command("purge_security_events", stdout=open("/dev/null", "w"))
    names = set(SecurityEvent.objects.values_list("username", flat=True))
    assert names == {"recent", ""}
    purge = SecurityEvent.objects.get(kind=EventKind.PURGE)
    assert "удалено записей" in purge.details and ": 1" in purge.details


def test_a_retention_of_zero_days_is_refused(db):
    with pytest.raises(CommandError):
        call_command("purge_security_events", "--days", "0")
