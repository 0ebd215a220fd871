import datetime

from django import forms
from django.utils import timezone

from zabota.core.forms import DateInput, StyledFormMixin
from zabota.exchange.catalogue import SOURCES
from zabota.exchange.importing.kinds import ImportDefinition
from zabota.exchange.importing.reading import Sheet
from zabota.exchange.models import ExportMapping
from zabota.exchange.selectors import DEFAULT_MAPPING_KEY, export_mappings_for
from zabota.exchange.services import check_upload_size
from zabota.organisation.models import Staff


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Файл со списком получателей",
        help_text="Книга Excel (XLSX) или CSV в кодировке UTF-8 или Windows-1251.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )

    def __init__(self, *args, label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["file"].label = label

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload.size)
        return upload


class MappingForm(StyledFormMixin, forms.Form):
    """One select per field of the import, listing the file's columns."""

    def __init__(
        self,
        *args,
        sheet: Sheet,
        initial_mapping: dict[str, int],
        definition: ImportDefinition,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.definition = definition
        choices = [("", "— нет в файле —")] + [
            (str(i), sheet.column_label(i)) for i in range(len(sheet.headers))
        ]
        for item in definition.fields:
            self.fields[item.key] = forms.ChoiceField(
                label=item.label,
                choices=choices,
                required=False,
                help_text=item.help,
                initial=str(initial_mapping[item.key]) if item.key in initial_mapping else "",
            )

    def clean(self):
        data = super().clean()
        mapping = {key: int(value) for key, value in data.items() if value not in ("", None)}
        for problem in self.definition.mapping_problems(mapping):
            self.add_error(None, problem)
        self.mapping = mapping
        return data


def previous_month() -> tuple[datetime.date, datetime.date]:
    first_of_this = timezone.localdate().replace(day=1)
    last = first_of_this - datetime.timedelta(days=1)
    return last.replace(day=1), last


class ExportForm(StyledFormMixin, forms.Form):
    layout = forms.ChoiceField(label="Формат выгрузки")
    date_from = forms.DateField(label="С", widget=DateInput)
    date_to = forms.DateField(label="По", widget=DateInput)

    def __init__(self, *args, actor: Staff, **kwargs):
        super().__init__(*args, **kwargs)
        saved = [(str(m.pk), m.name) for m in export_mappings_for(actor).filter(is_active=True)]
        self.fields["layout"].choices = [
            *saved,
            (DEFAULT_MAPPING_KEY, "Стандартный (все основные поля)"),
        ]
        start, end = previous_month()
        self.fields["date_from"].initial = start
        self.fields["date_to"].initial = end

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("Начало периода позже его конца.")
        return data


class ExportMappingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ExportMapping
        fields = ["name", "file_format", "encoding", "delimiter", "date_style", "is_active"]

    def __init__(self, *args, actor: Staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = export_mappings_for(self.actor).filter(name=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Формат с таким названием уже есть.")
        return name


class ColumnForm(StyledFormMixin, forms.Form):
    header = forms.CharField(label="Заголовок столбца", max_length=200, required=False)
    path = forms.ChoiceField(label="Поле", required=False)

    def __init__(self, *args, source_key: str = "recipients", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["path"].choices = [("", "—")] + SOURCES[source_key].field_choices()
        # The table's header names the inputs for the eye; these name them for a screen reader.
        self.fields["header"].widget.attrs["aria-label"] = "Заголовок столбца"
        self.fields["path"].widget.attrs["aria-label"] = "Что писать в столбец"

    def clean(self):
        data = super().clean()
        header, path = data.get("header", "").strip(), data.get("path", "")
        if path and not header:
            self.add_error("header", "Укажите заголовок столбца.")
        if header and not path:
            self.add_error("path", "Выберите, что писать в столбец.")
        return data


class BaseColumnFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].widget.attrs.update(
            {"style": "width:4.5rem", "aria-label": "Номер столбца"}
        )
        form.fields["DELETE"].widget.attrs["aria-label"] = "Убрать столбец"


ColumnFormSet = forms.formset_factory(
    ColumnForm, formset=BaseColumnFormSet, extra=3, can_order=True, can_delete=True
)


def columns_from(formset) -> list[list[str]]:
    """[[header, path], …] in the order the person gave (ORDER, then position)."""
    rows = []
    for position, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("path"):
            continue
        order = data.get("ORDER")
        rows.append((order if order is not None else 10_000 + position, position, data))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [[data["header"].strip(), data["path"]] for _o, _p, data in rows]
