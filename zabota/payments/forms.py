import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone

from zabota.catalog.forms import MoneyField
from zabota.core.forms import DateInput, StyledFormMixin
from zabota.core.validators import validate_not_future, validate_plausible_date
from zabota.payments.models import (
    FamilyMember,
    PopulationGroup,
    SubsistenceMinimum,
    ThresholdCoefficient,
)
from zabota.rules.payment import MIN_THRESHOLD_COEFFICIENT


class MonthInput(forms.DateInput):
    """A native month picker; the value travels as YYYY-MM."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (or a date), kept as its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d", "%m.%Y", "%d.%m.%Y"]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


class SubsistenceMinimumForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SubsistenceMinimum
        fields = ["group", "effective_from", "amount"]
        widgets = {"effective_from": DateInput}
        field_classes = {"amount": MoneyField}

    def clean_effective_from(self):
        value = self.cleaned_data["effective_from"]
        validate_plausible_date(value)
        return value


class ThresholdCoefficientForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ThresholdCoefficient
        fields = ["effective_from", "coefficient"]
        widgets = {"effective_from": DateInput}
        localized_fields = ["coefficient"]
        help_texts = {
            "coefficient": "Не меньше 1,5 (ст. 31 ч. 5 442-ФЗ); задаётся законом субъекта РФ."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coefficient"].widget.attrs["inputmode"] = "decimal"

    def clean_effective_from(self):
        value = self.cleaned_data["effective_from"]
        validate_plausible_date(value)
        return value

    def clean_coefficient(self):
        value = self.cleaned_data["coefficient"]
        if value < MIN_THRESHOLD_COEFFICIENT:
            raise forms.ValidationError(
                "Коэффициент не может быть меньше 1,5 (ст. 31 ч. 5 442-ФЗ)."
            )
        return value


class FamilyMemberForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FamilyMember
        fields = ["last_name", "first_name", "middle_name", "relation", "birth_date", "is_active"]
        widgets = {"birth_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relation"].widget.attrs["list"] = "relations"

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value:
            validate_not_future(value)
            validate_plausible_date(value)
        return value


class IncomeForm(StyledFormMixin, forms.Form):
    """One kind of income of one person for a span of months."""

    person = forms.ChoiceField(label="Чей доход")
    kind = forms.CharField(label="Вид дохода", max_length=100, initial="пенсия")
    month_from = MonthField(label="С месяца")
    month_to = MonthField(label="По месяц")
    amount = MoneyField(
        label="Сумма в месяц, ₽",
        min_value=Decimal("0"),
        help_text="0 — дохода этого вида в месяце не было.",
    )

    def __init__(self, *args, recipient, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        self.fields["person"].choices = [("", f"{recipient.full_name} (получатель)")] + [
            (str(m.pk), f"{m.full_name} ({m.relation})") for m in members
        ]
        self.fields["person"].required = False
        self.fields["kind"].widget.attrs["list"] = "income-kinds"

    def clean(self):
        data = super().clean()
        start, end = data.get("month_from"), data.get("month_to")
        if start and end and end < start:
            self.add_error("month_to", "Конец периода раньше начала.")
        today = timezone.localdate()
        if end and end > today.replace(day=1):
            self.add_error("month_to", "Доход будущего месяца ещё не известен.")
        if start and start < datetime.date(1990, 1, 1):
            self.add_error("month_from", "Слишком ранний месяц: проверьте год.")
        data["family_member"] = self.members.get(data.get("person") or "")
        return data


class DecisionForm(StyledFormMixin, forms.Form):
    application_date = forms.DateField(
        label="Дата заявления",
        widget=DateInput,
        initial=timezone.localdate,
        help_text="Доходы берутся за 12 месяцев перед месяцем, предшествующим месяцу заявления.",
    )
    group = forms.ChoiceField(
        label="Прожиточный минимум какой группы",
        choices=PopulationGroup.choices,
        initial=PopulationGroup.PENSIONERS,
    )

    def clean_application_date(self):
        value = self.cleaned_data["application_date"]
        validate_not_future(value)
        validate_plausible_date(value)
        return value
