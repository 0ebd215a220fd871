import datetime

from django import forms
from django.utils import timezone

from zabota.core.forms import DateInput, StyledFormMixin
from zabota.core.params import BadParameter
from zabota.documents.contexts.recipient_documents import (
    DEFAULT_CIRCUMSTANCES,
    DEFAULT_SERVICE_TYPES,
)
from zabota.documents.services import MAX_TEMPLATE_BYTES
from zabota.recipients.models import DischargeReason


class TemplateUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Файл шаблона (DOCX)",
        help_text=f"Документ Word (*.docx) не больше {MAX_TEMPLATE_BYTES // (1024 * 1024)} МБ.",
        error_messages={"required": "Выберите файл шаблона.", "empty": "Файл пустой."},
    )
    note = forms.CharField(
        label="Что изменено", max_length=300, required=False, help_text="Например: новый адрес."
    )


class ParamsForm(StyledFormMixin, forms.Form):
    """The options of a document kind asked on its issue page; values go to IssueRequest.params."""

    def __init__(self, *args, actor, recipient=None, **kwargs):
        self.actor = actor
        self.recipient = recipient
        super().__init__(*args, **kwargs)

    def params(self) -> dict[str, str]:
        result = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif hasattr(value, "pk"):
                value = str(value.pk)
            result[name] = str(value)
        return result


class ApplicationParamsForm(ParamsForm):
    date = forms.DateField(label="Дата заявления", widget=DateInput())
    service_types = forms.CharField(
        label="Виды социальных услуг", max_length=500, initial=DEFAULT_SERVICE_TYPES
    )
    circumstances = forms.CharField(
        label="Обстоятельства (ст. 15 442-ФЗ)",
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=DEFAULT_CIRCUMSTANCES,
        max_length=1000,
    )
    living_conditions = forms.CharField(
        label="Условия проживания",
        required=False,
        max_length=500,
        help_text="Пусто — строка для заполнения от руки.",
    )
    family = forms.CharField(label="Состав семьи", required=False, max_length=500)
    income = forms.CharField(label="Сведения о доходе", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class DischargeNoticeParamsForm(ParamsForm):
    date = forms.DateField(label="Дата снятия с обслуживания", widget=DateInput())
    reason = forms.ModelChoiceField(
        label="Причина снятия",
        queryset=None,
        empty_label="— выберите —",
        error_messages={"required": "Выберите причину снятия."},
    )
    note = forms.CharField(label="Пояснение", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = DischargeReason.objects.filter(
            institution_id=self.actor.institution_id, is_active=True
        )
        last = None
        if self.recipient is not None:
            last = self.recipient.enrolments.order_by("-enrolled_on").first()
        if last is not None and last.discharged_on:
            self.fields["date"].initial = last.discharged_on
            self.fields["reason"].initial = last.discharge_reason_id
            self.fields["note"].initial = last.discharge_note
        else:
            self.fields["date"].initial = timezone.localdate()


class IssuedFilterForm(StyledFormMixin, forms.Form):
    """Search of the archive. An unreadable value is refused (400), not dropped: the export
    of the archive must hold what was asked for, not every document."""

    q = forms.CharField(required=False)
    kind = forms.CharField(required=False)
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)
    period = forms.RegexField(regex=r"^\d{4}(-\d{2})?$", required=False)

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        if not self.is_valid():
            problems = "; ".join(
                f"{name}: {' '.join(str(m) for m in errors)}"
                for name, errors in self.errors.items()
            )
            raise BadParameter(f"Условия поиска в архиве указаны неверно ({problems}).")
        return {k: v for k, v in self.cleaned_data.items() if v}
