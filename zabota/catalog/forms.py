from decimal import Decimal

from django import forms
from django.utils import timezone

from zabota.catalog.models import Service, Tariff
from zabota.core.forms import DateInput, StyledFormMixin
from zabota.core.validators import validate_plausible_date


class MoneyField(forms.DecimalField):
    """A sum as people type it: «14 861,50», «14861.50», «14 861,50 ₽» (money fields of the
    catalog, payments and contracts)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\xa0", "").replace(" ", "").replace("₽", "")
        return super().to_python(value)


class ServiceForm(StyledFormMixin, forms.ModelForm):
    """A catalog entry; a new one may get its first tariff at once."""

    price = MoneyField(
        label="Тариф, ₽",
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        help_text="Цена одной единицы услуги. Можно указать позже.",
    )
    effective_from = forms.DateField(
        label="Тариф действует с", required=False, widget=DateInput, initial=timezone.localdate
    )

    class Meta:
        model = Service
        fields = [
            "service_type",
            "code",
            "name",
            "unit",
            "time_norm_minutes",
            "periodicity_hint",
            "is_additional",
            "is_care",
            "is_active",
        ]
        widgets = {"name": forms.Textarea(attrs={"rows": 2}), "unit": forms.TextInput()}

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.fields["unit"].widget.attrs["list"] = "units"
        self.fields["time_norm_minutes"].widget.attrs.update(inputmode="numeric", min=1)
        self.fields["periodicity_hint"].widget.attrs["placeholder"] = "2 раза в неделю"
        if self.instance.pk:
            del self.fields["price"]
            del self.fields["effective_from"]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        duplicates = Service.objects.filter(institution=self.institution, code=code)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        other = duplicates.first()
        if other is not None:
            raise forms.ValidationError(
                "Код %(code)s уже занят услугой «%(name)s».",
                params={"code": code, "name": other.name},
                code="duplicate",
            )
        return code

    def clean(self):
        data = super().clean()
        if data.get("price") is not None and not data.get("effective_from"):
            self.add_error("effective_from", "Укажите дату, с которой действует тариф.")
        if data.get("effective_from"):
            validate_plausible_date(data["effective_from"])
        return data


class TariffForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Tariff
        fields = ["effective_from", "price"]
        widgets = {"effective_from": DateInput}
        field_classes = {"price": MoneyField}

    def clean_effective_from(self):
        value = self.cleaned_data["effective_from"]
        validate_plausible_date(value)
        return value


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Файл каталога (.xlsx)",
        help_text="Образец — выгрузка каталога в Excel с этой страницы.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "Нужен файл Excel в формате .xlsx (старый формат .xls не подходит)."
            )
        return upload
