from django import forms

from zabota.core import forms as core_forms
from zabota.core.forms import StyledFormMixin
from zabota.exchange.forms import previous_month
from zabota.exchange.models import EgissoSettings
from zabota.recipients.models import BenefitCategory

CATEGORY_PREFIX = "category_"


class PeriodForm(core_forms.PeriodForm):
    """An export's period: both dates asked for, the last month offered (what is reported)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = previous_month()
        for name, initial in (("date_from", start), ("date_to", end)):
            self.fields[name].required = True
            self.fields[name].initial = initial


class EgissoSettingsForm(StyledFormMixin, forms.ModelForm):
    """The institution's identifiers, and one optional category id per benefit category."""

    class Meta:
        model = EgissoSettings
        fields = [
            "onmsz_code",
            "lmsz_id",
            "category_id",
            "decision_date_rule",
            "okei_code",
            "require_identity_document",
        ]

    def __init__(self, *args, categories: list[BenefitCategory], overrides: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            self.fields[f"{CATEGORY_PREFIX}{category.pk}"] = forms.UUIDField(
                label=category.name,
                required=False,
                initial=overrides.get(category.pk),
                help_text="Пусто — категория по умолчанию.",
            )

    def clean_onmsz_code(self):
        # People copy the code from a letter: spaces around it, a lower-case letter.
        return self.cleaned_data["onmsz_code"].strip().upper()

    @property
    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    @property
    def category_fields(self):
        return [self[f"{CATEGORY_PREFIX}{c.pk}"] for c in self.categories]

    def category_ids(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"{CATEGORY_PREFIX}{c.pk}") for c in self.categories}
