"""Forms of typical sets (zabota.programs.services.typical_sets): the heading and the rows."""

from decimal import Decimal

from django import forms
from django.conf import settings

from zabota.catalog.models import Service
from zabota.core.forms import StyledFormMixin, VersionedFormMixin, VersionField
from zabota.programs.forms import ServiceChoiceField, service_choices
from zabota.programs.models import TypicalSet

BLANK_ROWS = 3


class TypicalSetForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """The name and note of a set; editing carries the version it was opened with."""

    version = VersionField()

    class Meta:
        model = TypicalSet
        fields = ["name", "note", "is_active"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "name": "Например: «Уровень 1: базовый набор», «Покупка продуктов и лекарств».",
            "is_active": "Снимите отметку, чтобы набор больше не предлагался в ИППСУ; "
            "составленные по нему программы не меняются.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            del self.fields["is_active"]  # a new set is offered at once


class SetLineForm(StyledFormMixin, forms.Form):
    """A service of the set with its volume a month or «N раз в неделю»."""

    service = ServiceChoiceField(label="Услуга", queryset=Service.objects.none(), required=False)
    quantity_per_month = forms.DecimalField(
        label="Объём в месяц",
        required=False,
        max_digits=8,
        decimal_places=2,
        localize=True,
        min_value=Decimal("0.01"),
    )
    times_per_week = forms.IntegerField(
        label="или раз в неделю", required=False, min_value=1, max_value=7
    )

    def __init__(self, *args, services=None, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if services is not None:
            self.fields["service"].queryset = services
        if choices is not None:
            # Built once for the whole formset: a select per row must not query the catalogue.
            self.fields["service"].choices = choices
        self.fields["quantity_per_month"].widget.attrs["inputmode"] = "decimal"
        self.fields["times_per_week"].widget.attrs["inputmode"] = "numeric"

    def has_changed(self):
        # A row with a service is kept even if it equals its pre-filled value.
        return bool(self.data.get(self.add_prefix("service"))) or super().has_changed()

    def clean(self):
        data = super().clean()
        has_volume = data.get("quantity_per_month") is not None or data.get("times_per_week")
        if data.get("service") and not has_volume and not self.errors:
            self.add_error("quantity_per_month", "Укажите объём в месяц или сколько раз в неделю.")
        if not data.get("service") and has_volume:
            self.add_error("service", "Выберите услугу или очистите строку.")
        return data


class BaseSetLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, services, **kwargs):
        self.services = services
        self.choices = service_choices(services)
        limit = settings.ZABOTA_PROGRAM_MAX_LINES
        kwargs["error_messages"] = {
            "too_many_forms": f"В наборе может быть не больше {limit} услуг.",
            "missing_management_form": "Форма услуг повреждена: откройте страницу заново.",
        }
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"services": self.services, "choices": self.choices}

    def clean(self):
        if not self.management_form.is_valid() or any(self.errors):
            return
        if not self.lines():
            raise forms.ValidationError("Добавьте в набор хотя бы одну услугу.")

    def lines(self) -> list[dict]:
        return [
            {
                "service": f.cleaned_data["service"],
                "quantity_per_month": f.cleaned_data.get("quantity_per_month"),
                "times_per_week": f.cleaned_data.get("times_per_week"),
            }
            for f in self.forms
            if f.cleaned_data and f.cleaned_data.get("service")
        ]


def set_line_formset(data=None, *, services, initial=None, extra: int = BLANK_ROWS):
    limit = settings.ZABOTA_PROGRAM_MAX_LINES
    formset_class = forms.formset_factory(
        SetLineForm,
        formset=BaseSetLineFormSet,
        extra=extra,
        max_num=limit,
        validate_max=True,
        absolute_max=limit,
    )
    return formset_class(data, initial=initial or [], prefix="lines", services=services)


def set_initial(typical_set: TypicalSet) -> list[dict]:
    return [
        {
            "service": line.service_id,
            "quantity_per_month": line.quantity_per_month,
            "times_per_week": line.times_per_week,
        }
        for line in typical_set.lines.all()
    ]
