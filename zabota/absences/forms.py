from django import forms

from zabota.absences.models import AbsenceKind
from zabota.core.forms import StyledFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AbsenceForm(StyledFormMixin, forms.Form):
    worker = forms.ModelChoiceField(label="Сотрудник", queryset=None, empty_label="— выберите —")
    kind = forms.ChoiceField(label="Причина", choices=AbsenceKind.choices)
    starts_on = forms.DateField(label="С", widget=DATE)
    ends_on = forms.DateField(label="По", widget=DATE)
    note = forms.CharField(label="Примечание", max_length=300, required=False)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        # Only those the head may see: another department's id is «not one of the choices».
        self.fields["worker"].queryset = workers

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Дата окончания раньше даты начала.")
        return data


class CoverForm(StyledFormMixin, forms.Form):
    """One choice per recipient of the absent worker: a colleague or «без замены»."""

    def __init__(
        self,
        *args,
        recipients,
        candidates,
        proposed: dict[int, int],
        current: dict[int, int],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        choices = [("", "— без замены —")] + [(str(c.pk), c.full_name) for c in candidates]
        self.rows = []
        for recipient in recipients:
            name = f"r{recipient.pk}"
            initial = current.get(recipient.pk) or proposed.get(recipient.pk)
            self.fields[name] = forms.ChoiceField(
                label=recipient.full_name,
                choices=choices,
                required=False,
                initial=str(initial) if initial else "",
                widget=forms.Select(attrs={"aria-label": f"Заменяет: {recipient.full_name}"}),
            )
            self.rows.append((recipient, name))

    @property
    def lines(self):
        """(recipient, its bound field) for the table of the page."""
        return [(recipient, self[name]) for recipient, name in self.rows]

    def chosen(self) -> dict[int, int | None]:
        return {
            int(name[1:]): int(value) if (value := self.cleaned_data.get(name)) else None
            for name in self.fields
        }
