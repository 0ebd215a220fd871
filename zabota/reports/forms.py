import datetime

from django import forms
from django.utils import timezone

from zabota.core import forms as core_forms
from zabota.reports.analytics import CHOICES, MAX_DIMENSIONS, MEASURE_CHOICES
from zabota.reports.periods import Period, PeriodError, month_end, month_label, next_month
from zabota.reports.queries import DIMENSIONS, SERVICES
from zabota.reports.sobes import DEFAULT_COLUMN, ORGANISATION_COLUMNS


class PeriodForm(core_forms.PeriodForm):
    """The period of a report: whole months count, so the default is the current month whole;
    the dates must make sense for a report (zabota.reports.periods.Period.checked)."""

    def __init__(self, data=None, *args, **kwargs):
        self.today = kwargs.pop("today", None) or timezone.localdate()
        # A page opened without a period shows the current month.
        if data is not None and not (data.get("date_from") or data.get("date_to")):
            data = data.copy()
            data["date_from"] = self.today.replace(day=1).isoformat()
            data["date_to"] = month_end(self.today).isoformat()
        super().__init__(data, *args, **kwargs)

    def check_period(self, data: dict) -> None:
        if self.errors:
            return
        try:
            data["period"] = Period.checked(
                data.get("date_from"), data.get("date_to"), today=self.today
            )
        except PeriodError as error:
            raise forms.ValidationError(str(error), code="period") from error

    @property
    def period(self) -> Period | None:
        """The checked period (whole months and all), or None while the form is invalid."""
        return self.cleaned_data.get("period") if self.is_valid() else None


class SobesForm(PeriodForm):
    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("column"):
            data = data.copy()
            data["column"] = str(DEFAULT_COLUMN)
        super().__init__(data, *args, **kwargs)

    column = forms.TypedChoiceField(
        label="Графа учреждения",
        choices=[(n, f"гр. {n}: {label}") for n, label in ORGANISATION_COLUMNS.items()],
        coerce=int,
        required=False,
        empty_value=DEFAULT_COLUMN,
    )


class AnalyticsForm(PeriodForm):
    dimension1 = forms.ChoiceField(label="Группировать по", required=False)
    dimension2 = forms.ChoiceField(label="затем по", required=False)
    dimension3 = forms.ChoiceField(label="и по", required=False)
    measures = forms.MultipleChoiceField(
        label="Показатели",
        choices=[(key, label) for key, (label, _kind) in MEASURE_CHOICES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, data=None, *args, **kwargs):
        # A page opened without a choice shows services by month; what was chosen stays (a
        # wrong measure is refused by the form, not replaced by the default one).
        if data is not None and "dimension1" not in data:
            data = data.copy()
            data["dimension1"] = "month"
            if "measures" not in data:
                data.setlist("measures", [SERVICES])
        super().__init__(data, *args, **kwargs)
        choices = [("", "—")] + [(key, DIMENSIONS[key].label) for key in CHOICES]
        for n in range(1, MAX_DIMENSIONS + 1):
            self.fields[f"dimension{n}"].choices = choices

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"dimension{n}") for n in range(1, MAX_DIMENSIONS + 1)]
        chosen = [d for d in chosen if d]
        for key in set(chosen):
            if chosen.count(key) > 1:
                raise forms.ValidationError(
                    f"Группировка «{DIMENSIONS[key].label}» выбрана дважды."
                )
        data["dimensions"] = chosen
        if not data.get("measures"):
            raise forms.ValidationError("Выберите хотя бы один показатель.")
        return data


def shortcuts(today: datetime.date, months: int = 6) -> list[tuple[str, str, str]]:
    """[(label, date_from, date_to)]: the last months, this year and the last one."""
    result = []
    month = today.replace(day=1)
    for _n in range(months):
        result.append((month_label(month), month.isoformat(), month_end(month).isoformat()))
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    for year in (today.year, today.year - 1):
        result.append((f"{year} год", datetime.date(year, 1, 1).isoformat(), f"{year}-12-31"))
    return result


def neighbours(period: Period, today: datetime.date) -> dict:
    """Links to the previous and the next month when a report covers one whole month."""
    if not period.is_whole_months or period.start.replace(day=1) != period.end.replace(day=1):
        return {}
    previous = (period.start - datetime.timedelta(days=1)).replace(day=1)
    result = {"previous": (month_label(previous), previous, month_end(previous))}
    following = next_month(period.start)
    if following <= today:
        result["next"] = (month_label(following), following, month_end(following))
    return result
