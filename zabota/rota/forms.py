from django import forms

from zabota.core.forms import StyledFormMixin
from zabota.core.params import MAX_ID


class MoveForm(StyledFormMixin, forms.Form):
    """A visit as the plan puts it (recipient, worker, day), where it goes, and the move the
    head saw on the page (empty: none) — a stale or repeated form is refused by the service."""

    recipient = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    planned_worker = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    planned_on = forms.DateField(widget=forms.HiddenInput)
    move = forms.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, widget=forms.HiddenInput
    )
    new_worker = forms.IntegerField(label="Работник", min_value=1, max_value=MAX_ID)
    new_on = forms.DateField(label="День")
