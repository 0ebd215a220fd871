from django import forms


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
