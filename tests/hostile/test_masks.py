"""The masks of zabota/app.js only help the eye: the server reads a СНИЛС, a phone and a
passport typed with any spacing, and refuses what is not one with a Russian message."""

import pytest
import time_machine

from zabota.core.forms import PhoneField
from zabota.recipients.forms import RecipientForm
from zabota.recipients.models import Recipient
from zabota.recipients.tests.test_registration import valid_form

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-11-24 10:00 +0300")
def test_a_card_typed_with_odd_spacing_is_stored_one_way(personas):
    data = valid_form(
        personas,
        snils=" 112 233 445-95 ",
        phone=" 8 900 123 45 67 ",
        document_series="32 03",
        document_number="512947",
    )
    response = personas.client_for(personas.head1).post("/recipients/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    saved = Recipient.objects.get(last_name="Долгих")
    assert (saved.snils, saved.phone, saved.document_series) == (
        "11223344595",
        "+7 (900) 123-45-67",
        "3203",
    )


@time_machine.travel("2026-11-24 10:00 +0300")
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "8 900 123\x07 45 67", "U+0007"),
        ("phone", "8" * 10_000, "не более 50"),
        ("snils", "=1+1", "СНИЛС должен состоять из 11 цифр"),
        ("snils", "1" * 10_000, "не более 20"),
        ("document_series", "32\x0003", "NUL"),
        ("document_number", "51294", "Номер паспорта РФ — 6 цифр"),
    ],
)
def test_hostile_identifiers_are_refused_with_a_russian_message(personas, field, value, message):
    form = RecipientForm(valid_form(personas, **{field: value}), actor=personas.head1)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field]), form.errors[field]
    assert not Recipient.objects.filter(last_name="Долгих").exists()


def test_the_card_marks_its_masked_fields_for_the_script_and_the_keypad(personas):
    form = RecipientForm(actor=personas.head1)
    masks = {n: form.fields[n].widget.attrs.get("data-mask") for n in ("snils", "phone")}
    assert masks == {"snils": "snils", "phone": "phone"}
    assert form.fields["document_series"].widget.attrs["inputmode"] == "numeric"
    assert isinstance(form.fields["phone"], PhoneField)
