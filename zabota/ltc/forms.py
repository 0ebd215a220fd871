from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from zabota.core.forms import DateInput, StyledFormMixin
from zabota.core.validators import validate_not_future, validate_plausible_date
from zabota.ltc.drafts import OUTCOME_KINDS, SCORINGS
from zabota.ltc.models import CarePlan, Periodicity
from zabota.ltc.selectors import suggested_periodicity
from zabota.ltc.services.assessments import JUSTIFICATION_MAX_LENGTH
from zabota.ltc.services.careplans import PlanLine
from zabota.rules import ltc as rules
from zabota.rules.careplan import DAYS, MAX_TIMES_A_DAY, WEEKLY, slot_problem
from zabota.rules.words import number_text

DAY_TITLES = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
assert len(DAY_TITLES) == len(DAYS)


class MethodologyUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Файл методики",
        help_text="JSON или YAML в формате, описанном в руководстве (не больше 1 МБ).",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.yaml,.yml"}),
    )
    effective_from = forms.DateField(
        label="Ввести в действие с",
        required=False,
        widget=DateInput,
        validators=[validate_plausible_date],
        help_text="Оставьте пустым, чтобы только загрузить методику, не вводя её в действие.",
    )


class MethodologyActivateForm(StyledFormMixin, forms.Form):
    effective_from = forms.DateField(
        label="Действует с", widget=DateInput, validators=[validate_plausible_date]
    )


class AssessmentSubmitForm(StyledFormMixin, forms.Form):
    """The date of the assessment; by an expert methodology also the outcome and its reasons."""

    assessed_on = forms.DateField(
        label="Дата оценки",
        widget=DateInput,
        validators=[validate_not_future, validate_plausible_date],
    )

    def __init__(self, *args, methodology: rules.Methodology | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if methodology is None or not methodology.is_expert:
            return
        group = methodology.outcome_kind == rules.GROUP
        self.fields["outcome"] = forms.ChoiceField(
            label="Группа ухода" if group else "Уровень нуждаемости",
            choices=[(o.code, outcome_choice(methodology, o)) for o in methodology.outcomes],
            widget=forms.RadioSelect,
            error_messages={"required": "Выберите исход: по этой методике его ставит эксперт."},
        )
        self.fields["justification"] = forms.CharField(
            label="Обоснование эксперта",
            max_length=JUSTIFICATION_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text="Почему установлен этот исход: какие ответы и обстоятельства решили.",
            error_messages={
                "required": "Обоснуйте уровень: по этой методике его устанавливает эксперт."
            },
        )


def outcome_choice(methodology: rules.Methodology, outcome: rules.Outcome) -> str:
    """«Уровень нуждаемости 2 — Второй уровень нуждаемости: 14 ч в неделю»."""
    label = methodology.label(outcome)
    title = outcome.title if not label or label in outcome.title else f"{label} — {outcome.title}"
    return f"{title}: {number_text(outcome.hours_per_week)} ч в неделю"


class BringForwardForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="Новая дата повторной оценки", widget=DateInput)
    reason = forms.CharField(
        label="Причина",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Что изменилось в состоянии получателя: выписка из больницы, падение, …",
    )


PLACEMENT_CHOICES = [
    ("", "не выбрана"),
    ("plan", "в плане"),
    ("relatives", "обеспечивают родственники"),
    ("not_needed", "не требуется"),
]
TIMES_CHOICES = [(n, "—" if n == 0 else f"{n}×") for n in range(MAX_TIMES_A_DAY + 1)]


class CarePlanForm(StyledFormMixin, forms.Form):
    """The plan editor: each care service of the catalog with its placement and its days.

    Fields per service pk: place_<pk>, periodicity_<pk>, day_<pk>_<0..6>, who_<pk>, status_<pk>.
    """

    starts_on = forms.DateField(label="Предоставляется с", widget=DateInput)
    ends_on = forms.DateField(label="по", widget=DateInput, required=False)

    def __init__(self, *args, plan: CarePlan, services, lines, proposing: bool = False, **kw):
        self.plan = plan
        self.catalog = list(services)
        self.proposing = proposing
        initial = kw.pop("initial", None) or _initial(plan, lines, self.catalog)
        super().__init__(*args, initial=initial, **kw)
        for service in self.catalog:
            pk = service.pk
            self.fields[f"place_{pk}"] = forms.ChoiceField(
                label=service.name, choices=PLACEMENT_CHOICES, required=False
            )
            self.fields[f"periodicity_{pk}"] = forms.ChoiceField(
                label="Периодичность", choices=Periodicity.choices, required=False
            )
            for day, title in enumerate(DAY_TITLES):
                self.fields[f"day_{pk}_{day}"] = forms.TypedChoiceField(
                    label=title, choices=TIMES_CHOICES, coerce=int, required=False, empty_value=0
                )
            self.fields[f"who_{pk}"] = forms.CharField(
                label="ФИО родственника", max_length=200, required=False
            )
            self.fields[f"status_{pk}"] = forms.CharField(
                label="Кем приходится", max_length=100, required=False
            )

    def rows(self):
        """For the template: each service with its bound fields."""
        for service in self.catalog:
            pk = service.pk
            yield {
                "service": service,
                "place": self[f"place_{pk}"],
                "periodicity": self[f"periodicity_{pk}"],
                "days": [self[f"day_{pk}_{day}"] for day in range(len(DAY_TITLES))],
                "who": self[f"who_{pk}"],
                "status": self[f"status_{pk}"],
            }

    def groups(self):
        """For the template: the rows by slot of the list of 50, a slot's alternatives together
        (a service not among the 50 is a group of its own)."""
        groups: list[dict] = []
        for row in self.rows():
            slot = row["service"].care_slot
            if slot is not None and groups and groups[-1]["slot"] == slot:
                groups[-1]["rows"].append(row)
            else:
                groups.append({"slot": slot, "rows": [row]})
        return groups

    def clean(self):
        data = super().clean()
        lines, relatives, not_needed = [], [], []
        for service in self.catalog:
            pk = service.pk
            place = data.get(f"place_{pk}") or ""
            periodicity = data.get(f"periodicity_{pk}") or WEEKLY
            times = tuple(data.get(f"day_{pk}_{day}") or 0 for day in range(len(DAY_TITLES)))
            if place == "plan":
                if periodicity == WEEKLY and not any(times) and not self.proposing:
                    self.add_error(
                        f"place_{pk}", "Отметьте дни недели, в которые оказывается услуга."
                    )
                lines.append(PlanLine(service, periodicity, times))
            elif place == "relatives":
                who = (data.get(f"who_{pk}") or "").strip()
                if not who:
                    self.add_error(f"who_{pk}", "Укажите ФИО родственника.")
                relatives.append(
                    {
                        "service": service.name,
                        "who": who,
                        "status": (data.get(f"status_{pk}") or "").strip(),
                    }
                )
            elif place == "not_needed":
                not_needed.append(service.name)
        clash = slot_problem([(line.service.care_slot, line.service.name) for line in lines])
        if clash:
            raise ValidationError(clash)
        if self.proposing and not lines:
            raise ValidationError("Отметьте «в плане» услуги, для которых предложить расписание.")
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "Окончание срока раньше его начала.")
        data["lines"], data["relatives"], data["not_needed"] = lines, relatives, not_needed
        return data


def _initial(plan: CarePlan, lines, services) -> dict:
    initial = {"starts_on": plan.starts_on or timezone.localdate(), "ends_on": plan.ends_on}
    for service in services:
        initial[f"periodicity_{service.pk}"] = suggested_periodicity(service)
    for line in lines:
        pk = line.service_id
        initial[f"place_{pk}"] = "plan"
        initial[f"periodicity_{pk}"] = line.periodicity
        for day, times in enumerate(line.times_by_day or ()):
            initial[f"day_{pk}_{day}"] = times
    # Relatives' and not-needed services are kept by name (the form's items 5 and 6).
    by_name = {service.name: service.pk for service in services}
    for entry in plan.relatives_services:
        pk = by_name.get(entry.get("service"))
        if pk:
            initial[f"place_{pk}"] = "relatives"
            initial[f"who_{pk}"] = entry.get("who", "")
            initial[f"status_{pk}"] = entry.get("status", "")
    for name in plan.not_needed_services:
        pk = by_name.get(name)
        if pk:
            initial[f"place_{pk}"] = "not_needed"
    return initial


# --- the methodology editor ---------------------------------------------------------------
# The forms only carry what was typed: numbers stay text (a comma or a dot), and every rule —
# lengths, codes, ranges, control characters — is the service's (zabota.ltc.drafts), so the
# page and a test calling the service refuse the same things with the same words.

OUTCOME_KIND_CHOICES = list(OUTCOME_KINDS.items())
SCORING_CHOICES = list(SCORINGS.items())


class DraftHeaderForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label="Код методики", help_text="Латинские буквы и цифры, например kuzbass-2026."
    )
    title = forms.CharField(label="Наименование", widget=forms.TextInput(attrs={"size": 60}))
    # Not `version`: that name is the optimistic lock's everywhere (zabota.core.forms).
    methodology_version = forms.CharField(label="Версия", help_text="Например 2026.1.")
    source = forms.CharField(
        label="Источник (акт региона)",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Номер и дата акта, приложение.",
    )
    outcome_kind = forms.ChoiceField(
        label="Что даёт методика", choices=OUTCOME_KIND_CHOICES, widget=forms.RadioSelect
    )
    scoring = forms.ChoiceField(
        label="Как устанавливается исход", choices=SCORING_CHOICES, widget=forms.RadioSelect
    )
    reassess_months = forms.CharField(
        label="Повторная оценка через, месяцев",
        required=False,
        help_text="Для всех исходов, у которых срок не указан свой.",
    )

    def header(self) -> dict:
        """The cleaned fields as the editor's services name them."""
        fields = dict(self.cleaned_data)
        fields["version"] = fields.pop("methodology_version")
        return fields


class DraftEditHeaderForm(DraftHeaderForm):
    is_example = forms.BooleanField(label="Пример, подлежит замене актом региона", required=False)


class NewVersionForm(StyledFormMixin, forms.Form):
    methodology_version = forms.CharField(
        label="Версия нового черновика", help_text="Например 2027.1."
    )


class DraftImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Файл методики",
        help_text="JSON или YAML, например скачанный со страницы другой методики (не больше 1 МБ).",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.yaml,.yml"}),
    )
    methodology_version = forms.CharField(
        label="Версия",
        required=False,
        help_text="Оставьте пустым, чтобы взять версию из файла.",
    )


class EditorForm(StyledFormMixin, forms.Form):
    """One edit of a draft: what was typed, and the revision the page was built from."""

    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[("save", "save"), ("delete", "delete"), ("up", "up"), ("down", "down")],
        required=False,
    )
    block = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    question = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    option = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    outcome = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    code = forms.CharField(label="Код", required=False)
    title = forms.CharField(label="Наименование", required=False)
    text = forms.CharField(label="Текст", required=False, widget=forms.Textarea)
    points = forms.CharField(label="Баллы", required=False)
    show_if_question = forms.CharField(label="Показывать, если", required=False)
    show_if_options = forms.MultipleChoiceField(label="Варианты условия", required=False)
    value = forms.CharField(label="Уровень или группа", required=False)
    min = forms.CharField(label="Сумма баллов от", required=False)
    max = forms.CharField(label="Сумма баллов до", required=False)
    hours_per_week = forms.CharField(label="Часов ухода в неделю", required=False)
    reassess_months = forms.CharField(label="Повторная оценка через, месяцев", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The options of a condition are checked against the question by the service.
        chosen = self.data.getlist("show_if_options") if hasattr(self.data, "getlist") else []
        self.fields["show_if_options"].choices = [(c, c) for c in chosen]
