from decimal import Decimal

from django import forms
from django.utils import timezone

from zabota.billing.models import Channel, PayeeDetails, PaymentKind
from zabota.billing.services.details import FIELDS as DETAIL_FIELDS
from zabota.catalog.forms import MoneyField
from zabota.core.forms import DateInput, StyledFormMixin
from zabota.core.validators import validate_plausible_date
from zabota.organisation.models import Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.payments.forms import MonthField


class PayeeDetailsForm(StyledFormMixin, forms.ModelForm):
    """The institution's bank details; the control keys are checked by the model's clean()."""

    class Meta:
        model = PayeeDetails
        fields = list(DETAIL_FIELDS)


class PaymentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Вид", choices=PaymentKind.choices, initial="payment")
    channel = forms.ChoiceField(
        label="Способ",
        choices=[(c.value, c.label) for c in Channel if c != Channel.STATEMENT],
        initial=Channel.CASH_WORKER,
    )
    amount = MoneyField(label="Сумма, ₽", min_value=Decimal("0.01"))
    paid_on = forms.DateField(label="Дата", widget=DateInput)
    charge = forms.ChoiceField(label="По квитанции №", required=False)
    worker = forms.ModelChoiceField(
        label="Принял(а) наличные", queryset=Staff.objects.none(), required=False
    )
    note = forms.CharField(label="Примечание", max_length=300, required=False)

    def __init__(self, *args, recipient, charges, **kwargs):
        super().__init__(*args, **kwargs)
        self.charges = {str(c.pk): c for c in charges}
        self.fields["charge"].choices = [("", "—")] + [
            (str(c.pk), f"{c.number} ({c.service_month:%m.%Y}, {c.amount} ₽)") for c in charges
        ]
        workers = Staff.objects.filter(
            institution_id=recipient.institution_id, role__in=FIELD_ROLES, user__is_active=True
        ).order_by("last_name", "first_name")
        self.fields["worker"].queryset = workers
        preferred = recipient.social_worker_id
        if preferred and not self.is_bound:
            self.fields["worker"].initial = preferred
        self.fields["paid_on"].initial = timezone.localdate()

    def clean_paid_on(self):
        value = self.cleaned_data["paid_on"]
        validate_plausible_date(value)
        return value

    def clean_charge(self):
        value = self.cleaned_data.get("charge")
        return self.charges.get(value) if value else None

    def clean(self):
        data = super().clean()
        if data.get("channel") != Channel.CASH_WORKER:
            data["worker"] = None
        return data


class AdjustmentForm(StyledFormMixin, forms.Form):
    service_month = MonthField(label="За месяц услуг")
    amount = MoneyField(
        label="Сумма корректировки, ₽",
        help_text="Больше нуля — доначислить, меньше нуля (со знаком минус) — уменьшить.",
    )
    reason = forms.CharField(label="Основание", max_length=300)


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Причина отмены", max_length=300)


class StatementUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Файл выписки",
        help_text="Выгрузка из интернет-банка в формате 1С (kl_to_1c.txt), любая кодировка.",
    )


class LineBookForm(StyledFormMixin, forms.Form):
    recipient = forms.IntegerField(
        label="Лицевой счёт получателя",
        min_value=1,
        help_text="Номер лицевого счёта из квитанции (без ведущих нулей можно).",
    )
    amount = MoneyField(label="Сумма, ₽", min_value=Decimal("0.01"))


class LineRejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Почему не зачисляется", max_length=300)


class ReopenForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Причина открытия", max_length=300)
