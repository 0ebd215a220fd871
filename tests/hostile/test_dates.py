"""Every date field of every form reads a date typed as digits (zabota.rules.dates) and refuses
garbage with a Russian message, whatever the form declared."""

import pytest
import time_machine
from django import forms
from django.http import QueryDict

from tests.hostile.test_text import constructor_arguments, project_forms, required_keywords
from zabota.core.forms import DateInput, TypedDateField, type_dates
from zabota.payments.forms import IncomeForm, MonthField, MonthInput
from zabota.recipients.models import Recipient
from zabota.recipients.tests.test_registration import valid_form

HOSTILE = ["=1+1", "31.02.2026", "0103194", "01.03.1945\x07", "1" * 100_000, "<script>"]


def date_fields(form: forms.BaseForm) -> list[str]:
    return [n for n, f in form.fields.items() if isinstance(f, TypedDateField)]


def test_every_date_field_of_every_form_is_typed_as_digits_and_refuses_garbage(personas, catalog):
    known = constructor_arguments(personas, catalog)
    checked = 0
    for form_class in project_forms():
        arguments = {k: known[k] for k in required_keywords(form_class)}
        form = form_class(**arguments)
        names = date_fields(form)
        for name in names:
            field = form.fields[name]
            if not isinstance(field.widget, forms.HiddenInput):
                assert isinstance(field.widget, DateInput), f"{form_class.__name__}.{name}"
                assert field.widget.attrs["inputmode"] == "numeric"
        for garbage in HOSTILE:
            data = QueryDict(mutable=True)
            data.update({form.add_prefix(n): garbage for n in names})
            bound = form_class(data, **arguments)
            bound.is_valid()
            for name in names:
                assert name in bound.errors, f"{form_class.__name__}.{name} took {garbage[:20]!r}"
                checked += 1
    assert checked > 100


def test_a_month_field_keeps_its_own_month_input(personas):
    form = IncomeForm(recipient=personas.recipient_of_worker1, members=[])
    months = [f for f in form.fields.values() if isinstance(f, MonthField)]
    assert months and all(isinstance(f.widget, MonthInput) for f in months)


@time_machine.travel("2026-12-05 10:00 +0300")
def test_a_birth_date_typed_as_six_digits_lands_in_the_past_and_another_date_nearby():
    class Form(forms.Form):
        birth_date = TypedDateField()
        valid_until = TypedDateField()

    form = Form({"birth_date": "010345", "valid_until": "010345"})
    for name, field in form.fields.items():
        type_dates(field, name)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birth_date"].year == 1945
    assert form.cleaned_data["valid_until"].year == 2045


@time_machine.travel("2026-11-24 10:00 +0300")
def test_a_new_recipient_typed_with_digit_dates_is_saved_with_the_right_dates(personas):
    client = personas.client_for(personas.head1)
    data = valid_form(personas, birth_date="140338", document_issued_on="22.4.03")
    response = client.post("/recipients/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    saved = Recipient.objects.get(last_name="Долгих")
    assert (saved.birth_date.isoformat(), saved.document_issued_on.isoformat()) == (
        "1938-03-14",
        "2003-04-22",
    )


@pytest.mark.parametrize("typed", ["14.03.1938", "14031938", "1938-03-14", "14/3/38"])
def test_the_same_birth_date_reads_the_same_however_it_is_typed(typed):
    field = TypedDateField()
    field.past = True
    assert field.clean(typed).isoformat() == "1938-03-14"
