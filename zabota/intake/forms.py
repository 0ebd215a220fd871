"""The forms of the intake's steps. The person step is the card's own form (recipients), so a
card typed here is checked exactly as on «+ Новый получатель»; the ИППСУ step is the programs
app's formset (zabota.programs.forms.line_formset)."""

import datetime
from decimal import Decimal

from django import forms
from django.db import models
from django.utils import timezone

from zabota.catalog.forms import MoneyField
from zabota.core.forms import DateInput, StyledFormMixin, VersionField, check_term
from zabota.core.validators import validate_not_future, validate_plausible_date
from zabota.payments.models import PopulationGroup
from zabota.recipients.forms import RecipientForm
from zabota.recipients.models import Recipient, Representative

# The card's fields the intake asks for; the rest (coordinates, disability, notes) stay on the
# card's own page for later.
PERSON_FIELDS = [
    "last_name",
    "first_name",
    "middle_name",
    "gender",
    "birth_date",
    "snils",
    "document_type",
    "document_series",
    "document_number",
    "document_issued_by",
    "document_issued_on",
    "registration_address",
    "actual_address",
    "phone",
    "benefit_categories",
    "department",
    "social_worker",
    "caregiver",
]
MAX_MONEY = Decimal("9999999.99")


def to_json(data: dict) -> dict:
    """Cleaned data as the draft keeps it: dates ISO, money as text, objects by their pk."""
    stored = {}
    for name, value in data.items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, models.QuerySet | list | tuple):
            value = [v.pk if isinstance(v, models.Model) else v for v in value]
        stored[name] = value
    return stored


class DraftFormMixin(StyledFormMixin):
    """Every step's form carries the draft's version it was opened with: a step saved from a
    page opened before someone else's save of the same draft is refused (audit.locking)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intake_version"] = VersionField()

    def clean(self):
        data = super().clean()
        for error in dict.fromkeys(self._errors.pop("intake_version", None) or []):
            self.add_error(None, error)
        return data


class ConfirmForm(DraftFormMixin, forms.Form):
    """The last step's button: issue everything, as the draft was when the page opened."""


class ApplicationForm(DraftFormMixin, forms.Form):
    """Заявление: its date and who applies — the person or their representative, whose data
    then serve the consent and the contract as well."""

    application_date = forms.DateField(
        label="Дата заявления", widget=DateInput, initial=timezone.localdate
    )
    by_representative = forms.BooleanField(
        label="Заявление подаёт законный представитель", required=False
    )
    rep_kind = forms.ChoiceField(
        label="Кем приходится", choices=[("", "—")] + Representative.Kind.choices, required=False
    )
    rep_last_name = forms.CharField(label="Фамилия представителя", max_length=100, required=False)
    rep_first_name = forms.CharField(label="Имя представителя", max_length=100, required=False)
    rep_middle_name = forms.CharField(
        label="Отчество представителя", max_length=100, required=False
    )
    rep_basis = forms.CharField(
        label="Документ о полномочиях",
        max_length=300,
        required=False,
        help_text="Например: доверенность от 01.02.2026 № 12.",
    )
    rep_phone = forms.CharField(label="Телефон представителя", max_length=50, required=False)

    def clean_application_date(self):
        value = self.cleaned_data["application_date"]
        validate_not_future(value)
        validate_plausible_date(value)
        return value

    def clean(self):
        data = super().clean()
        if data.get("by_representative"):
            for name in ("rep_kind", "rep_last_name", "rep_first_name", "rep_basis"):
                if not data.get(name):
                    self.add_error(name, "Заполните: заявление подаёт представитель.")
        return data


class PersonForm(DraftFormMixin, RecipientForm):
    """The card of the person, checked as the card's own form checks it (СНИЛС and its
    duplicate, dates, passport), plus a duplicate check by name and birth date."""

    not_duplicate = forms.BooleanField(
        label="Это другой человек с теми же ФИО и датой рождения", required=False
    )

    class Meta(RecipientForm.Meta):
        fields = PERSON_FIELDS

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        # Coordinates and declined names are the card page's business, not the intake's.
        for name in (
            "coordinates",
            "name_gent",
            "name_datv",
            "name_accs",
            "name_ablt",
            "name_loct",
        ):
            self.fields.pop(name, None)
        self.fields["department"].required = True

    def clean(self):
        data = super().clean()
        same = Recipient.objects.filter(
            institution=self.actor.institution,
            last_name__iexact=(data.get("last_name") or "").strip(),
            first_name__iexact=(data.get("first_name") or "").strip(),
            middle_name__iexact=(data.get("middle_name") or "").strip(),
            birth_date=data.get("birth_date"),
        )
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        other = same.first() if data.get("birth_date") else None
        if other is not None and not data.get("not_duplicate"):
            self.add_error(
                None,
                f"В реестре уже есть {other.full_name}, {other.birth_date:%d.%m.%Y} г. р. "
                f"({other.get_status_display()}). Если это он(а), откройте карточку; если "
                "другой человек — отметьте это ниже.",
            )
        return data


class HouseholdForm(DraftFormMixin, forms.Form):
    """Семья и доходы: enough to compute the per-capita income (ПП РФ № 1873); one family
    member at most here, more on the card's page «Доходы и состав семьи»."""

    income = MoneyField(
        label="Доход получателя в месяц, ₽",
        min_value=Decimal("0"),
        max_value=MAX_MONEY,
        help_text="Пенсия и другие доходы; записывается за каждый из 12 месяцев расчётного "
        "периода.",
    )
    income_kind = forms.CharField(label="Вид дохода", max_length=100, initial="пенсия")
    group = forms.ChoiceField(
        label="Прожиточный минимум какой группы",
        choices=PopulationGroup.choices,
        initial=PopulationGroup.PENSIONERS,
    )
    member_last_name = forms.CharField(label="Член семьи: фамилия", max_length=100, required=False)
    member_first_name = forms.CharField(label="Имя", max_length=100, required=False)
    member_middle_name = forms.CharField(label="Отчество", max_length=100, required=False)
    member_relation = forms.CharField(label="Степень родства", max_length=100, required=False)
    member_income = MoneyField(
        label="Его доход в месяц, ₽",
        min_value=Decimal("0"),
        max_value=MAX_MONEY,
        required=False,
    )

    def clean(self):
        data = super().clean()
        member = [data.get(n) for n in ("member_last_name", "member_first_name", "member_relation")]
        if any(member) or data.get("member_income") is not None:
            for name in ("member_last_name", "member_first_name", "member_relation"):
                if not data.get(name):
                    self.add_error(name, "Заполните, чтобы член семьи вошёл в расчёт.")
            if data.get("member_income") is None:
                self.add_error("member_income", "Укажите доход члена семьи (0 — дохода нет).")
        return data


class ContractForm(DraftFormMixin, forms.Form):
    """Договор: its dates; the fee is computed from the ИППСУ and the decision on payment."""

    concluded_on = forms.DateField(
        label="Дата заключения", widget=DateInput, initial=timezone.localdate
    )
    valid_from = forms.DateField(label="Действует с", widget=DateInput)
    valid_until = forms.DateField(label="Действует по", widget=DateInput)

    def clean(self):
        data = super().clean()
        check_term(self, data, "concluded_on", "valid_from", "valid_until")
        if data.get("concluded_on") and data["concluded_on"] > timezone.localdate():
            self.add_error("concluded_on", "Дата заключения не может быть в будущем.")
        return data
