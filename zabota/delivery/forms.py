import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone

from zabota.core.forms import DateInput, StyledFormMixin


class VisitHeaderForm(StyledFormMixin, forms.Form):
    performed_on = forms.DateField(
        label="Дата посещения", widget=DateInput, initial=timezone.localdate
    )
    arrived = forms.TimeField(
        label="Пришёл(а)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    left = forms.TimeField(
        label="Ушёл(ла)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    worker = forms.ModelChoiceField(label="Сотрудник", queryset=None, required=False)

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is None:
            del self.fields["worker"]
        else:
            self.fields["worker"].queryset = workers

    def clean_performed_on(self):
        value = self.cleaned_data["performed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("Нельзя записать услугу на будущую дату.")
        return value

    def clean(self):
        data = super().clean()
        if data.get("arrived") and data.get("left") and data["left"] < data["arrived"]:
            self.add_error("left", "Время ухода раньше времени прихода.")
        return data

    def moment(self, name: str) -> datetime.datetime | None:
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        return timezone.make_aware(
            datetime.datetime.combine(self.cleaned_data["performed_on"], value)
        )


def parse_quantity(raw: str) -> Decimal | None:
    try:
        value = Decimal((raw or "").replace(",", ".").strip())
    except ArithmeticError:
        return None
    if not value.is_finite() or value <= 0 or value > 10_000:
        return None
    return value.quantize(Decimal("0.01"))


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Причина отмены", max_length=300)


class MonthForm(StyledFormMixin, forms.Form):
    month = forms.CharField(label="Месяц", widget=forms.TextInput(attrs={"type": "month"}))

    def clean_month(self):
        raw = self.cleaned_data["month"]
        try:
            return datetime.datetime.strptime(raw, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError("Укажите месяц в виде ГГГГ-ММ.") from None


class ReopenForm(MonthForm):
    reason = forms.CharField(label="Причина открытия", max_length=300)


class ReviewForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label="Заключение проверки",
        max_length=300,
        help_text="Например: подтверждено по телефону с получателем.",
    )
