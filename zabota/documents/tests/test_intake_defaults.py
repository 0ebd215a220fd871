"""What the intake's documents take without being asked: today's date, the person printing as
signatory, and the representative as the applicant when the recipient has one."""

import datetime

import pytest
import time_machine

from zabota.documents.forms import ApplicationParamsForm
from zabota.documents.services import document_issue
from zabota.documents.tests.conftest import text_of
from zabota.payments.forms import DecisionForm
from zabota.testing import make_guardian

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 10, 1)


@time_machine.travel(datetime.datetime(2026, 10, 1, 10, 0), tick=False)
@pytest.mark.parametrize(
    ("form", "field"),
    [
        (lambda p: ApplicationParamsForm(actor=p.head1, recipient=p.recipient_of_worker1), "date"),
        (lambda p: DecisionForm(), "application_date"),
    ],
)
def test_the_intakes_dates_are_today_unless_changed(personas, form, field):
    built = form(personas)
    initial = built.fields[field].initial
    assert (initial() if callable(initial) else initial) == TODAY
    # Shown as typed by hand, ДД.ММ.ГГГГ.
    assert 'value="01.10.2026"' in str(built[field])


@time_machine.travel(datetime.datetime(2026, 10, 1, 10, 0), tick=False)
def test_the_application_of_a_person_with_a_guardian_is_made_by_the_guardian(personas):
    recipient = personas.recipient_of_worker1
    make_guardian(recipient)
    document = document_issue(actor=personas.head1, kind="application", recipient=recipient)
    text = text_of(bytes(document.content))
    assert "в лице представителя Орловой Нины Сергеевны (опекун)" in text
    assert "(распоряжение об опеке № 15 от 01.02.2026)" in text
    assert "«01» октября 2026 г.\n_______________ / Н. С. Орлова /" in text
    assert "Заведующий отделением ______________ / А. И. Head1 /, 01.10.2026" in text


@time_machine.travel(datetime.datetime(2026, 10, 1, 10, 0), tick=False)
def test_the_consent_form_is_dated_today_and_ticked_when_a_representative_signs(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    url = f"/recipients/{recipient.pk}/consents/new/"
    form = client.get(url).context["form"]
    assert (form["given_on"].value(), form["signed_by_representative"].value()) == (TODAY, False)
    make_guardian(recipient)
    form = client.get(url).context["form"]
    assert form["signed_by_representative"].value() is True
    make_guardian(personas.recipient_of_worker2, valid_until=datetime.date(2026, 9, 30))
    url = f"/recipients/{personas.recipient_of_worker2.pk}/consents/new/"
    assert (
        personas.client_for(personas.director)
        .get(url)
        .context["form"]["signed_by_representative"]
        .value()
        is False
    )
