import pytest
from django.core.management import call_command
from django.test import override_settings

from zabota.recipients.models import Recipient


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_data_twice_does_not_duplicate():
    call_command("demo_data", stdout=open("/dev/null", "w"))
    call_command("demo_data", stdout=open("/dev/null", "w"))
    # The first institution's 150 and the second's 25, once each.
    assert Recipient.objects.count() == 175
    assert Recipient.objects.filter(institution__inn="4205001274").count() == 150
