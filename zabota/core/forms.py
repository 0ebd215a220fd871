from django import forms

from zabota.core.locking import STALE_FORM


class DateInput(forms.DateInput):
    """A native date picker (a tablet shows its calendar); the value travels as ISO 8601."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class StyledFormMixin:
    """Marks required inputs for assistive technology; styling itself is in app.css."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required:
                field.widget.attrs.setdefault("aria-required", "true")


class VersionField(forms.IntegerField):
    """The version of a lockable object the form was opened with (zabota.core.locking).

    Required: a form without it, or with anything but a positive whole number, is refused with
    «Форма устарела, откройте её снова». Use with VersionedFormMixin, which shows that message
    above the form (a hidden field's own error would not be seen)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        messages = {key: STALE_FORM for key in ("required", "invalid", "min_value", "max_value")}
        super().__init__(
            required=True, min_value=1, max_value=2**31 - 1, error_messages=messages, **kwargs
        )


class VersionedFormMixin:
    """Moves the error of a `version` field to the top of the form, where it is seen."""

    def clean(self):
        data = super().clean()
        errors = self._errors.pop("version", None)
        if errors:
            for error in dict.fromkeys(errors):
                self.add_error(None, error)
        return data
