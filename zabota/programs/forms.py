import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone

from zabota.catalog.forms import MoneyField
from zabota.catalog.models import Service
from zabota.core.forms import (
    DateInput,
    StyledFormMixin,
    VersionedFormMixin,
    VersionField,
    check_term,
)
from zabota.core.validators import validate_plausible_date
from zabota.programs.models import WEEKDAYS, FeeKind, Program, ProgramStatus
from zabota.rules.volumes import monthly_volume

# Blank rows of a new ИППСУ with no services yet; one more row is added by «Добавить услугу».
BLANK_LINES = 3


class ProgramForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """The heading of an ИППСУ; the services come in a formset of `LineForm`. Editing a draft
    carries the version it was opened with."""

    version = VersionField()

    class Meta:
        model = Program
        fields = [
            "number",
            "drawn_up_on",
            "is_repeat",
            "valid_from",
            "valid_until",
            "form",
            "provider",
            "notes",
        ]
        widgets = {
            "drawn_up_on": DateInput,
            "valid_from": DateInput,
            "valid_until": DateInput,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]  # a new program: nothing to compare with

    def clean(self):
        data = super().clean()
        check_term(self, data, "drawn_up_on", "valid_from", "valid_until")
        drawn = data.get("drawn_up_on")
        if drawn and drawn > timezone.localdate():
            self.add_error("drawn_up_on", "Дата составления не может быть в будущем.")
        return data


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name} ({obj.unit})"


class LineForm(StyledFormMixin, forms.Form):
    """One service of the program: what, how much a month, how often, on which days."""

    service = ServiceChoiceField(label="Услуга", queryset=Service.objects.none(), required=False)
    times_per_week = forms.IntegerField(
        label="Раз в неделю",
        required=False,
        min_value=1,
        max_value=7,
        help_text="Объём в месяц посчитается сам: раз в неделю × 4,35 с округлением вверх.",
    )
    quantity_per_month = forms.DecimalField(
        label="Объём в месяц",
        required=False,
        max_digits=8,
        decimal_places=2,
        localize=True,
    )
    periodicity = forms.CharField(
        label="Периодичность",
        required=False,
        max_length=100,
        # Left empty, it is said by the days chosen or taken from the catalog (clean()).
        widget=forms.TextInput(attrs={"placeholder": "по дням или по каталогу"}),
    )
    weekdays = forms.MultipleChoiceField(
        label="Дни посещений",
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "weekdays"}),
    )
    term = forms.CharField(label="Срок", required=False, max_length=200)

    def __init__(self, *args, services=None, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity_per_month"].widget.attrs["inputmode"] = "decimal"
        self.fields["times_per_week"].widget.attrs["inputmode"] = "numeric"
        if services is not None:
            self.fields["service"].queryset = services
        if choices is not None:
            # Built once for the whole formset: a select per line must not query the catalog.
            self.fields["service"].choices = choices

    def clean(self):
        data = super().clean()
        times = data.get("times_per_week") or len(data.get("weekdays") or []) or None
        if (
            data.get("service")
            and data.get("quantity_per_month") is None
            and "quantity_per_month" not in self.errors
        ):
            if times:
                # «N раз в неделю» says the volume (zabota.rules.volumes.monthly_volume).
                data["quantity_per_month"] = monthly_volume(times)
            else:
                self.add_error(
                    "quantity_per_month",
                    "Укажите объём услуги в месяц или сколько раз в неделю её оказывать.",
                )
        quantity = data.get("quantity_per_month")
        if quantity is not None and quantity <= 0:
            self.add_error("quantity_per_month", "Объём должен быть больше нуля.")
        if data.get("service") and not data.get("periodicity"):
            # The ИППСУ states a periodicity for every service (Приказ Минтруда России от
            # 10.11.2014 № 874н, прил. 2): the days chosen say it, or the catalog's usual one.
            data["periodicity"] = periodicity_of(
                data.get("weekdays"), data.get("times_per_week")
            ) or (data["service"].periodicity_hint)
        removed = not data.get("service") and self.initial.get("service")
        if (
            not data.get("service")
            and not removed
            and (quantity is not None or data.get("weekdays") or data.get("times_per_week"))
        ):
            self.add_error("service", "Выберите услугу или очистите строку.")
        return data

    def has_changed(self):
        # A line with a service chosen is always kept, even if it equals the pre-filled one
        # (a pre-filled line may come back as an «extra» form of the formset).
        return bool(self.data.get(self.add_prefix("service"))) or super().has_changed()


def periodicity_of(weekdays, times_per_week: int | None = None) -> str:
    """«2 раза в неделю» for two days of the week (or «2» typed as times a week); nothing when
    neither is given."""
    count = times_per_week or len(weekdays or [])
    if not count:
        return ""
    if count == 7:
        return "ежедневно"
    word = "раза" if count in (2, 3, 4) else "раз"
    return f"{count} {word} в неделю"


class BaseLineFormSet(forms.BaseFormSet):
    """The ИППСУ's service rows. `quiet`: shown again after «Добавить услугу» or «Добавить
    набор», with what was typed and without errors (nobody pressed «Сохранить»);
    `editor_message`: what such a button did or refused (zabota.programs.lines_editor)."""

    quiet = False
    editor_message = ""

    def __init__(self, *args, services=None, **kwargs):
        self.services = services
        self.choices = service_choices(services) if services is not None else None
        limit = settings.ZABOTA_PROGRAM_MAX_LINES
        kwargs.setdefault(
            "error_messages",
            {
                "too_many_forms": f"В программе может быть не больше {limit} услуг: "
                "уберите лишние строки.",
                "missing_management_form": "Форма услуг повреждена: откройте страницу заново.",
            },
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"services": self.services, "choices": self.choices}

    def clean(self):
        if not self.management_form.is_valid():
            return  # Django's own message says the form is damaged; no second one
        chosen = [f.cleaned_data.get("service") for f in self.forms if f.cleaned_data]
        chosen = [s for s in chosen if s]
        if not chosen:
            raise forms.ValidationError(NO_SERVICES)
        seen = set()
        for service in chosen:
            if service.pk in seen:
                raise forms.ValidationError(
                    "Услуга «%(name)s» указана дважды.", params={"name": service.name}
                )
            seen.add(service.pk)

    def lines(self) -> list[dict]:
        return [
            {
                "service": f.cleaned_data["service"],
                "quantity_per_month": f.cleaned_data["quantity_per_month"],
                "periodicity": f.cleaned_data.get("periodicity", ""),
                "weekdays": list(f.cleaned_data.get("weekdays") or []),
                "term": f.cleaned_data.get("term", ""),
            }
            for f in self.forms
            if f.cleaned_data and f.cleaned_data.get("service")
        ]


def service_choices(services) -> list:
    """The catalog grouped by type of ст. 20, as a select shows it."""
    groups: dict[str, list] = {}
    for service in services.select_related("service_type").order_by("service_type__code", "code"):
        label = f"{service.service_type.code}. {service.service_type.name}"
        groups.setdefault(label, []).append(
            (service.pk, f"{service.code} {service.name} ({service.unit})")
        )
    return [("", "—")] + list(groups.items())


NO_SERVICES = (
    "Добавьте в программу хотя бы одну услугу: найдите её в каталоге, выберите в строке "
    "или добавьте типовой набор."
)


def line_formset(data=None, *, services, initial=None, extra: int | None = None) -> BaseLineFormSet:
    """The services formset: the known lines and blank ones for new services (three for an
    empty program, one after known lines, unless `extra` says); at most
    ZABOTA_PROGRAM_MAX_LINES rows — more posted are refused, and none is built past it."""
    initial = initial or []
    limit = settings.ZABOTA_PROGRAM_MAX_LINES
    if extra is None:
        extra = 1 if initial else BLANK_LINES
    formset_class = forms.formset_factory(
        LineForm,
        formset=BaseLineFormSet,
        extra=extra,
        max_num=limit,
        validate_max=True,
        absolute_max=limit,
    )
    return formset_class(data, initial=initial, prefix="services", services=services)


class VersionForm(VersionedFormMixin, forms.Form):
    """A button that acts on an object as it was when the page opened."""

    version = VersionField()


class ContractForm(StyledFormMixin, forms.Form):
    program = forms.ModelChoiceField(label="ИППСУ", queryset=Program.objects.none())
    concluded_on = forms.DateField(
        label="Дата заключения", widget=DateInput, initial=timezone.localdate
    )
    valid_from = forms.DateField(label="Действует с", widget=DateInput)
    valid_until = forms.DateField(label="Действует по", widget=DateInput)
    representative = forms.ModelChoiceField(
        label="Заказчик",
        queryset=None,
        required=False,
        empty_label="сам получатель",
        help_text="Законный представитель подписывает договор за получателя.",
    )
    draft = forms.BooleanField(
        label="Сохранить как проект (договор ещё не подписан)", required=False
    )

    def __init__(self, *args, recipient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = recipient.programs.filter(
            status=ProgramStatus.IN_FORCE
        ).order_by("-valid_from")
        self.fields["representative"].queryset = recipient.representatives.filter(is_active=True)

    def clean(self):
        data = super().clean()
        check_term(self, data, "concluded_on", "valid_from", "valid_until")
        return data


class SignForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    version = VersionField()
    concluded_on = forms.DateField(
        label="Дата подписания", widget=DateInput, initial=timezone.localdate
    )


class AmendmentForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    version = VersionField()
    concluded_on = forms.DateField(
        label="Дата соглашения", widget=DateInput, initial=timezone.localdate
    )
    description = forms.CharField(
        label="Что изменяется", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    new_program = forms.ModelChoiceField(
        label="Новая ИППСУ",
        queryset=Program.objects.none(),
        required=False,
        empty_label="не меняется",
    )
    recompute_fee = forms.BooleanField(
        label="Пересчитать плату по текущему расчёту дохода и тарифам", required=False
    )
    new_fee_kind = forms.ChoiceField(
        label="Новое условие оплаты",
        choices=[("", "не меняется")] + list(FeeKind.choices),
        required=False,
    )
    new_monthly_fee = MoneyField(
        label="Новая плата в месяц, ₽",
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
    )
    new_valid_until = forms.DateField(
        label="Новый срок действия по", widget=DateInput, required=False
    )

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_program"].queryset = (
            contract.recipient.programs.filter(status=ProgramStatus.IN_FORCE)
            .exclude(pk=contract.program_id)
            .order_by("-valid_from")
        )

    def clean(self):
        data = super().clean()
        if data.get("recompute_fee") and (
            data.get("new_monthly_fee") is not None or data.get("new_fee_kind")
        ):
            self.add_error(
                "new_monthly_fee",
                "Либо пересчитайте плату, либо введите её вручную — не одновременно.",
            )
        if (data.get("new_monthly_fee") is None) != (not data.get("new_fee_kind")):
            self.add_error("new_fee_kind", "Укажите вместе новое условие оплаты и новую плату.")
        return data


class TerminateForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    version = VersionField()
    terminated_on = forms.DateField(
        label="Дата расторжения",
        widget=DateInput,
        initial=timezone.localdate,
        help_text="С этого дня договор не действует.",
    )
    reason = forms.CharField(label="Причина расторжения", max_length=500)

    def clean_terminated_on(self):
        value = self.cleaned_data["terminated_on"]
        validate_plausible_date(value)
        if value > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError("Слишком далёкая дата: проверьте год.")
        return value
