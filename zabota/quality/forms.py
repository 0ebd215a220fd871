"""Forms of quality of care. Each refuses bad dates and empty required answers in Russian; a
form that makes something carries its own id (`form_uuid`), so a form sent twice makes it once."""

import datetime
import uuid

from django import forms
from django.utils import timezone

from zabota.core.forms import DateInput, StyledFormMixin, VersionedFormMixin, VersionField
from zabota.quality.models import (
    ComplaintChannel,
    Finding,
    Outcome,
    Questionnaire,
    SurveyChannel,
)
from zabota.reports.forms import PeriodForm
from zabota.rules import quality as rules

STALE = "Форма устарела, откройте её снова."


class FormIdField(forms.UUIDField):
    """The id a form is shown with; missing or garbage: the form is refused as stale."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        messages = {"required": STALE, "invalid": STALE}
        super().__init__(required=True, error_messages=messages, **kwargs)


def fresh_id() -> dict:
    return {"form_uuid": uuid.uuid4()}


class _FormIdMixin(StyledFormMixin):
    """Says «Форма устарела» above the form when its id is missing or garbage (a hidden
    field's own error would not be seen)."""

    def clean(self):
        data = super().clean()
        if "form_uuid" in self._errors:
            self.add_error(None, STALE)
        return data


def _not_future(value: datetime.date | None, today: datetime.date) -> None:
    if value is not None and value > today:
        raise forms.ValidationError("Дата не может быть позже сегодняшнего дня.")
    if value is not None and value.year < 2000:
        raise forms.ValidationError("Проверьте год.")


class SurveyForm(_FormIdMixin, forms.Form):
    form_uuid = FormIdField()
    taken_on = forms.DateField(label="Дата опроса", widget=DateInput)
    channel = forms.ChoiceField(
        label="Как проведён", choices=SurveyChannel.choices, widget=forms.RadioSelect
    )
    refused = forms.BooleanField(label="Получатель отказался отвечать", required=False)
    anonymous = forms.BooleanField(
        label="Анонимно: получатель просит не связывать ответы с его именем", required=False
    )
    note = forms.CharField(
        label="Замечания и пожелания получателя",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, questionnaire: Questionnaire, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire, self.today = questionnaire, today
        choices = [(str(g.value), f"{g.value} — {g.label}") for g in questionnaire.grades]
        for number, question in enumerate(questionnaire.questions, start=1):
            self.fields[f"q_{question['code']}"] = forms.TypedChoiceField(
                label=f"{number}. {question['text']}",
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )

    def question_fields(self):
        return [self[f"q_{q['code']}"] for q in self.questionnaire.questions]

    def clean_taken_on(self):
        value = self.cleaned_data["taken_on"]
        _not_future(value, self.today)
        return value

    def clean(self):
        data = super().clean()
        if data.get("refused"):
            return data
        for number, question in enumerate(self.questionnaire.questions, start=1):
            name = f"q_{question['code']}"
            if data.get(name) in (None, "") and name not in self._errors:
                self.add_error(name, f"Нет ответа на вопрос {number}.")
        return data

    def answers(self) -> dict[str, int]:
        return {
            q["code"]: self.cleaned_data[f"q_{q['code']}"]
            for q in self.questionnaire.questions
            if self.cleaned_data.get(f"q_{q['code']}") not in (None, "")
        }


class ComplaintForm(_FormIdMixin, forms.Form):
    form_uuid = FormIdField()
    received_on = forms.DateField(label="Дата регистрации", widget=DateInput)
    # A relative's message is registered by their own page (zabota.family), never by hand.
    channel = forms.ChoiceField(
        label="Как поступило",
        choices=[c for c in ComplaintChannel.choices if c[0] != ComplaintChannel.FAMILY],
    )
    applicant = forms.CharField(label="Заявитель (ФИО)", max_length=200)
    applicant_address = forms.CharField(label="Адрес для ответа", max_length=500, required=False)
    department = forms.ModelChoiceField(label="Отделение", queryset=None, required=False)
    worker = forms.ModelChoiceField(
        label="Сотрудник, на которого жалоба", queryset=None, required=False
    )
    content = forms.CharField(
        label="Содержание", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    responsible = forms.ModelChoiceField(label="Ответственный за ответ", queryset=None)

    def __init__(self, *args, departments, workers, responsibles, recipient, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipient, self.today = recipient, today
        self.fields["department"].queryset = departments
        self.fields["worker"].queryset = workers
        self.fields["responsible"].queryset = responsibles
        if recipient is not None:
            # The appeal is about this recipient: their department, not a choice.
            del self.fields["department"]

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        _not_future(value, self.today)
        return value

    def clean(self):
        data = super().clean()
        if self.recipient is None and "department" in self.fields and not data.get("department"):
            self.add_error("department", "Укажите отделение, которого касается обращение.")
        worker, responsible = data.get("worker"), data.get("responsible")
        if worker is not None and responsible is not None and worker.pk == responsible.pk:
            self.add_error(
                "responsible", "Ответственным не может быть сотрудник, на которого жалоба."
            )
        return data


class ExtendForm(VersionedFormMixin, forms.Form):
    version = VersionField()
    new_due_on = forms.DateField(label="Новый срок ответа", widget=DateInput)
    reason = forms.CharField(label="Причина продления", max_length=500)
    notified_on = forms.DateField(label="Заявитель уведомлён о продлении", widget=DateInput)


class CloseForm(VersionedFormMixin, forms.Form):
    version = VersionField()
    outcome = forms.ChoiceField(
        label="Результат рассмотрения", choices=Outcome.choices, widget=forms.RadioSelect
    )
    measures = forms.CharField(
        label="Принятые меры",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    answer_text = forms.CharField(
        label="Ответ заявителю по существу",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )
    answered_on = forms.DateField(label="Дата ответа", widget=DateInput)


class InspectionForm(_FormIdMixin, forms.Form):
    form_uuid = FormIdField()
    worker = forms.ModelChoiceField(label="Проверяемый сотрудник", queryset=None)
    inspected_on = forms.DateField(label="Дата посещения", widget=DateInput)
    remarks = forms.CharField(
        label="Замечания получателя",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    correct_by = forms.DateField(
        label="Срок устранения нарушений",
        widget=DateInput,
        required=False,
        help_text="Обязателен, если отмечено хотя бы одно нарушение.",
    )

    def __init__(self, *args, workers, items: list[dict], today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.items, self.today = items, today
        self.fields["worker"].queryset = workers
        for number, item in enumerate(items, start=1):
            self.fields[f"r_{item['code']}"] = forms.ChoiceField(
                label=f"{number}. {item['text']}",
                choices=Finding.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Укажите результат проверки пункта."},
            )
            self.fields[f"c_{item['code']}"] = forms.CharField(
                label="Комментарий", required=False, max_length=1000
            )

    def item_fields(self):
        return [(self[f"r_{i['code']}"], self[f"c_{i['code']}"]) for i in self.items]

    def clean_inspected_on(self):
        value = self.cleaned_data["inspected_on"]
        _not_future(value, self.today)
        return value

    def clean(self):
        data = super().clean()
        violations = 0
        for item in self.items:
            if data.get(f"r_{item['code']}") == Finding.VIOLATION:
                violations += 1
                if not (data.get(f"c_{item['code']}") or "").strip():
                    self.add_error(f"c_{item['code']}", "Опишите нарушение.")
        day, correct_by = data.get("inspected_on"), data.get("correct_by")
        if violations and correct_by is None:
            self.add_error("correct_by", "Укажите срок устранения нарушений.")
        elif violations and day and correct_by <= day:
            self.add_error("correct_by", "Срок устранения — позже дня посещения.")
        return data

    def findings(self) -> dict[str, tuple[str, str]]:
        return {
            i["code"]: (
                self.cleaned_data.get(f"r_{i['code']}", ""),
                self.cleaned_data.get(f"c_{i['code']}", ""),
            )
            for i in self.items
        }


class CorrectionForm(StyledFormMixin, forms.Form):
    corrected_on = forms.DateField(label="Дата устранения", widget=DateInput)
    correction = forms.CharField(
        label="Что сделано", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class QuestionnaireForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Наименование", max_length=300)
    questions = forms.CharField(
        label="Вопросы, по одному на строке",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
    )
    scale = forms.CharField(
        label="Шкала: «балл — ответ», по одному на строке, от высшего",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
    )
    satisfied_from = forms.IntegerField(
        label="Ответ считается «удовлетворён» от балла", min_value=1, max_value=100
    )

    def clean(self):
        data = super().clean()
        try:
            if data.get("questions"):
                rules.parse_lines(data["questions"], what="вопрос")
        except rules.QuestionnaireError as error:
            self.add_error("questions", str(error))
        try:
            if data.get("scale"):
                grades = rules.parse_scale(data["scale"])
                if data.get("satisfied_from") is not None:
                    rules.check_threshold(grades, data["satisfied_from"])
        except rules.QuestionnaireError as error:
            self.add_error("scale", str(error))
        return data


class ChecklistForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Наименование", max_length=300)
    items = forms.CharField(
        label="Пункты проверки, по одному на строке",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
    )

    def clean_items(self):
        value = self.cleaned_data["items"]
        try:
            rules.parse_lines(value, what="пункт")
        except rules.QuestionnaireError as error:
            raise forms.ValidationError(str(error)) from error
        return value


class QuarterForm(StyledFormMixin, forms.Form):
    """A quarter (any day of it) and, for a plan, a department."""

    quarter = forms.DateField(label="Квартал (любой его день)", widget=DateInput)
    department = forms.ModelChoiceField(label="Отделение", queryset=None, required=False)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is None:
            del self.fields["department"]
        else:
            self.fields["department"].queryset = departments
            self.fields["department"].required = True

    def clean_quarter(self):
        return rules.quarter_start(self.cleaned_data["quarter"])


class QualityPeriodForm(PeriodForm):
    """The period of the indicators: the current quarter when nothing is given."""

    def __init__(self, data=None, *args, **kwargs):
        today = kwargs.get("today") or timezone.localdate()
        if data is not None and not (data.get("date_from") or data.get("date_to")):
            data = data.copy()
            data["date_from"] = rules.quarter_start(today).isoformat()
            data["date_to"] = rules.quarter_end(today).isoformat()
        super().__init__(data, *args, **kwargs)


def quarter_shortcuts(today: datetime.date) -> list[tuple[str, str, str]]:
    """[(label, date_from, date_to)]: the last four quarters, this year and the last one."""
    result = [
        (rules.quarter_label(start), start.isoformat(), rules.quarter_end(start).isoformat())
        for start in reversed(rules.quarters_back(today, 4))
    ]
    for year in (today.year, today.year - 1):
        result.append((f"{year} год", f"{year}-01-01", f"{year}-12-31"))
    return result
