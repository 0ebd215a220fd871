import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.utils import pretty_name
from django.utils import timezone

from zabota.core.params import BadParameter
from zabota.core.text import normalise_line_ends
from zabota.core.validators import TextHygieneValidator, validate_plausible_date
from zabota.rules.dates import DateTextError, parse_typed_date
from zabota.rules.identifiers import phone_format


class DateInput(forms.DateInput):
    """A date typed as digits: `010345`, `01.03.1945` or `2026-03-01` (zabota.rules.dates).

    A text box with the numeric keypad, not the browser's date picker: a native date input
    cannot take `010345` (its year segment reads «0345»), cannot place a two-digit year in a
    century, and shows «мм/дд/гггг» in a browser without Russian. Filter bars written as plain
    HTML keep `type=date`: they send ISO 8601, which date_param reads."""

    input_type = "text"
    FORMAT = "%d.%m.%Y"

    def __init__(self, attrs=None, format=None):
        shown = {"inputmode": "numeric", "placeholder": "ДД.ММ.ГГГГ", "autocomplete": "off"}
        shown |= {key: v for key, v in (attrs or {}).items() if key != "type"}
        super().__init__(attrs=shown, format=self.FORMAT)


class TypedDateField(forms.DateField):
    """A DateField read by zabota.rules.dates. A field named «…birth…» is a date that cannot
    lie ahead, so a two-digit year goes to the century that keeps it in the past."""

    widget = DateInput
    past = False

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_typed_date(str(value), today=timezone.localdate(), past=self.past)
        except DateTextError as error:
            raise ValidationError(str(error), code="invalid") from None


def type_dates(field: forms.Field, name: str) -> None:
    """Every date field of every form typed as digits (TypedDateField, DateInput), whatever
    the form declared: a plain forms.DateField, a model's DateField, the house's DateInput or a
    hand-written `type=date` widget. A hidden date stays hidden (it is read the same way); a
    subclass of DateField with a reading of its own (a month) is left as it is."""
    if type(field) is forms.DateField:
        field.__class__ = TypedDateField
    if not isinstance(field, TypedDateField):
        return  # a field of its own (a month, MonthField) reads and shows itself
    field.past = "birth" in name
    if isinstance(field.widget, forms.DateInput) and not isinstance(field.widget, DateInput):
        field.widget = DateInput(attrs=field.widget.attrs)


# Fields typed through a mask (zabota/app.js), by name across the house: (mask, keypad).
MASKS = {
    "snils": ("snils", "numeric"),
    "phone": ("phone", "tel"),
    "document_series": ("passport-series", "numeric"),
    "document_number": ("passport-number", "numeric"),
}


class PhoneField(forms.CharField):
    """A phone kept one way: a Russian number as «+7 (XXX) XXX-XX-XX» however it was typed
    (zabota.rules.identifiers.phone_format), anything else as typed."""

    def to_python(self, value):
        return phone_format(super().to_python(value))


def mask_field(field: forms.Field, name: str) -> None:
    """The mask and the keypad of a СНИЛС, a phone or a passport's series and number. The mask
    only helps the eye: the server reads any spacing (snils_digits, phone_format, the
    passport's checks), so a browser without scripts loses nothing."""
    mask = MASKS.get(name)
    if mask is None or not isinstance(field, forms.CharField):
        return
    if isinstance(field.widget, forms.HiddenInput | forms.Textarea):
        return
    field.widget.attrs.setdefault("data-mask", mask[0])
    field.widget.attrs.setdefault("inputmode", mask[1])
    if name == "phone" and type(field) is forms.CharField:
        field.__class__ = PhoneField


class StyledFormMixin:
    """Every form of the project: marks required inputs for assistive technology (styling is in
    app.css) and refuses control characters in every text field (zabota.core.text).

    Every date field is typed as digits (type_dates); a СНИЛС, a phone and a passport get
    their masks (mask_field). The text check and the date reading are
    attached when the form is cleaned too, not only when it is built: fields a form adds in its
    own __init__ (one per service of a care plan) are covered as well.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            type_dates(field, name)
            mask_field(field, name)
            if field.required:
                field.widget.attrs.setdefault("aria-required", "true")

    def full_clean(self):
        if self.is_bound:
            self._normalise_line_ends()
        for name, field in self.fields.items():
            guard_text_field(field, name)
            type_dates(field, name)
        super().full_clean()

    def _normalise_line_ends(self) -> None:
        keys = [self.add_prefix(n) for n, f in self.fields.items() if is_multiline(f)]
        present = [key for key in keys if key in self.data]
        if not present:
            return
        data = self.data.copy()
        for key in present:
            if hasattr(data, "setlist"):
                data.setlist(key, [_line_ends(v) for v in data.getlist(key)])
            else:
                data[key] = _line_ends(data[key])
        self.data = data


def is_multiline(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea)


def guard_text_field(field: forms.Field, name: str = "") -> None:
    """Attach the control-character check to a text field (once); Django's own NUL check goes,
    ours says the same in Russian with the field's name."""
    if not isinstance(field, forms.CharField):
        return
    if any(isinstance(v, TextHygieneValidator) for v in field.validators):
        return
    field.validators = [
        v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
    ]
    label = field.label if field.label is not None else pretty_name(name)
    field.validators.append(TextHygieneValidator(label, multiline=is_multiline(field)))


def check_term(form: forms.Form, data: dict, *dates: str) -> None:
    """The dates of a document with a term (a program, a contract): each plausible, and the
    term («valid_from»–«valid_until») not ending before it begins; errors go under the fields."""
    for name in dates:
        if data.get(name):
            try:
                validate_plausible_date(data[name])
            except ValidationError as error:
                form.add_error(name, error)
    start, end = data.get("valid_from"), data.get("valid_until")
    if start and end and end < start:
        form.add_error("valid_until", "Срок действия заканчивается раньше, чем начинается.")


def _line_ends(value):
    return normalise_line_ends(value) if isinstance(value, str) else value


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: a message about one of the form's fields
    under that field, any other above the form (rule 6 of docs/architecture.md)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# A form that came back without a version, or with garbage in its place: there is nothing to
# compare, so nothing is saved (zabota.audit.locking).
STALE_FORM = "Форма устарела, откройте её снова."


class VersionField(forms.IntegerField):
    """The version of a lockable object the form was opened with (zabota.audit.locking).

    Required: a form without it, or with anything but a positive whole number, is refused with
    «Форма устарела, откройте её снова». Use with VersionedFormMixin, which shows that message
    above the form (a hidden field's own error would not be seen)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        messages = {key: STALE_FORM for key in ("required", "invalid", "min_value", "max_value")}
        super().__init__(
            required=True, min_value=1, max_value=2**31 - 1, error_messages=messages, **kwargs
        )


class VersionedFormMixin(StyledFormMixin):
    """Moves the error of a `version` field to the top of the form, where it is seen (and
    styles and guards the form as StyledFormMixin does)."""

    def clean(self):
        data = super().clean()
        errors = self._errors.pop("version", None)
        if errors:
            for error in dict.fromkeys(errors):
                self.add_error(None, error)
        return data


class PeriodForm(StyledFormMixin, forms.Form):
    """«С … по …»: two optional dates, the start not after the end.

    The one default, when nothing is typed: the current month so far, from its first day to
    today (`dates()`). A page whose subject is another period says so in a subclass: a report
    counts whole months (zabota.reports.forms.PeriodForm), an ЕГИССО or depersonalised export
    asks for both dates and offers the last month (zabota.exchange.egisso.forms.PeriodForm)."""

    date_from = forms.DateField(label="С", widget=DateInput, required=False)
    date_to = forms.DateField(label="По", widget=DateInput, required=False)

    def chosen(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The dates typed, or None; an unreadable one is refused (400), never dropped: an
        export must not quietly hold another period than the one asked for."""
        if not self.is_bound:
            return None, None
        if not self.is_valid():
            problems = " ".join(str(m) for errors in self.errors.values() for m in errors)
            raise BadParameter(f"Период указан неверно: {problems}")
        return self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")

    def dates(self) -> tuple[datetime.date, datetime.date]:
        """The dates asked for, the current month so far by default."""
        today = timezone.localdate()
        date_from, date_to = self.chosen()
        return date_from or today.replace(day=1), date_to or today

    def clean(self):
        data = super().clean()
        self.check_period(data)
        return data

    def check_period(self, data: dict) -> None:
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("Начало периода позже его конца.")


def period_filters(query, **filters) -> tuple[PeriodForm, dict]:
    """A list page's period form and its filters from the query string: the period's dates
    (the current month so far by default), the search text and the page's own `filters`,
    already read from the same query (BadParameter for garbage)."""
    period = PeriodForm(query or None)
    date_from, date_to = period.dates()
    text = query.get("q", "")
    return period, {"date_from": date_from, "date_to": date_to, "text": text, **filters}
