from django import forms
from django.core.exceptions import ValidationError

from zabota.core import forms as core_forms
from zabota.core.forms import StyledFormMixin
from zabota.core.text import refusal_message
from zabota.exchange.egisso.models import FactStatus
from zabota.exchange.egisso.receipts import protocol_text
from zabota.exchange.forms import previous_month
from zabota.exchange.models import EgissoSettings
from zabota.recipients.models import BenefitCategory, DischargeReason
from zabota.rules.egisso_changes import (
    DISCHARGE_CAUSE_LABELS,
    DISCHARGE_CAUSES,
    DUPLICATES_INVALIDATION,
    ERRORS_INVALIDATION,
    cause_from_words,
)

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

    def __init__(
        self,
        *args,
        categories: list[BenefitCategory],
        overrides: dict,
        reasons: list[DischargeReason] = (),
        causes: dict | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.categories = categories
        self.reasons = list(reasons)
        for category in categories:
            self.fields[f"{CATEGORY_PREFIX}{category.pk}"] = forms.UUIDField(
                label=category.name,
                required=False,
                initial=overrides.get(category.pk),
                help_text="Пусто — категория по умолчанию.",
            )
        causes = causes or {}
        for reason in self.reasons:
            # Until the centre chooses, the reason is read from its words.
            self.fields[f"{DISCHARGE_PREFIX}{reason.pk}"] = forms.ChoiceField(
                label=reason.name,
                choices=[(c, DISCHARGE_CAUSE_LABELS[c]) for c in DISCHARGE_CAUSES],
                initial=causes.get(reason.pk) or cause_from_words(reason.name),
                # A form sent without it (an older page) keeps what was chosen before.
                required=False,
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

    @property
    def reason_fields(self):
        return [self[f"{DISCHARGE_PREFIX}{r.pk}"] for r in self.reasons]

    def discharge_causes(self) -> dict:
        chosen = {r.pk: self.cleaned_data.get(f"{DISCHARGE_PREFIX}{r.pk}") for r in self.reasons}
        return {pk: cause for pk, cause in chosen.items() if cause}


DISCHARGE_PREFIX = "reason_"


class ReceiptForm(StyledFormMixin, forms.Form):
    """What ЕГИССО answered about a package."""

    LOADED, ERRORS, REJECTED = "loaded", "errors", "rejected"
    outcome = forms.ChoiceField(
        label="Результат",
        widget=forms.RadioSelect,
        choices=[
            (LOADED, "загружен, ошибок нет"),
            (ERRORS, "загружен, есть ошибки — по протоколу ниже"),
            (REJECTED, "не принят ЕГИССО целиком — записи уйдут в следующей выгрузке"),
        ],
    )
    protocol = forms.CharField(
        label="Строки протокола ошибок",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "В каждой строке — идентификатор записи или факта и текст ошибки, как в протоколе "
            "ЕГИССО; строки без идентификатора пропускаются."
        ),
    )
    file = forms.FileField(
        label="или файл протокола",
        required=False,
        help_text="Текстовый файл, CSV или XLSX с теми же строками.",
    )
    note = forms.CharField(label="Примечание", required=False, max_length=1000)

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        text = data.get("protocol") or ""
        upload = data.get("file")
        if upload is not None:
            try:
                from_file = protocol_text(upload.read(), upload.name)
            except ValidationError as error:
                self.add_error("file", error)
                return data
            refusal = refusal_message("Файл протокола", from_file, multiline=True)
            if refusal:
                self.add_error("file", refusal)
                return data
            text = "\n".join(part for part in (text, from_file) if part)
        if outcome == self.ERRORS and not text.strip():
            self.add_error("protocol", "Вставьте строки протокола или выберите файл.")
        if outcome == self.REJECTED and not (data.get("note") or "").strip():
            self.add_error("note", "Напишите, что ответила ЕГИССО.")
        data["text"] = text
        return data


class InvalidationForm(StyledFormMixin, forms.Form):
    """An administrator's deletion of a fact from ЕГИССО, with the reason."""

    kind = forms.ChoiceField(
        label="Почему удалить",
        choices=[
            (ERRORS_INVALIDATION, "факт выгружен по ошибке"),
            (DUPLICATES_INVALIDATION, "факт выгружен дважды (дубль)"),
        ],
    )
    reason = forms.CharField(label="Причина", max_length=500)


FACT_STATUSES = FactStatus.choices
