from django import forms
from django.utils import timezone

from zabota.core.forms import DateInput, StyledFormMixin, VersionedFormMixin, VersionField
from zabota.core.validators import validate_not_future, validate_plausible_date, validate_snils
from zabota.organisation.models import Staff
from zabota.organisation.roles import Role
from zabota.organisation.selectors import departments_for, field_staff_for
from zabota.recipients.models import (
    BenefitCategory,
    Consent,
    DischargeReason,
    MedicalCertificate,
    Recipient,
    Representative,
)
from zabota.rules.geo import parse_point
from zabota.rules.identifiers import snils_digits
from zabota.rules.names import infer_gender

CARD_FIELDS = [
    "last_name",
    "first_name",
    "middle_name",
    "gender",
    "birth_date",
    "birth_place",
    "snils",
    "document_type",
    "document_series",
    "document_number",
    "document_issued_by",
    "document_issued_on",
    "document_issuer_code",
    "registration_address",
    "actual_address",
    "phone",
    "latitude",
    "longitude",
    "benefit_categories",
    "disability_group",
    "disability_until",
    "department",
    "social_worker",
    "caregiver",
    "notes",
]
DECLINED_NAME_FIELDS = ["name_gent", "name_datv", "name_accs", "name_ablt", "name_loct"]


def _with_department(staff: Staff) -> str:
    return f"{staff.full_name} (отделение № {staff.department.number})"


class RecipientForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """The личная карточка; on an edit it carries the version it was opened with."""

    version = VersionField()
    # Typed with dashes and spaces; stored as eleven digits.
    snils = forms.CharField(label="СНИЛС", max_length=20)
    # Not stored: fills latitude and longitude from a map's «55.354727, 86.087314» (routes).
    coordinates = forms.CharField(
        label="Координаты из карты",
        max_length=60,
        required=False,
        help_text="Вставьте «широта, долгота» из любой карты — поля ниже заполнятся",
    )

    class Meta:
        model = Recipient
        fields = CARD_FIELDS
        widgets = {
            "birth_date": DateInput,
            "document_issued_on": DateInput,
            "disability_until": DateInput,
            "benefit_categories": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, actor: Staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        departments = departments_for(actor).filter(is_active=True)
        self.fields["department"].queryset = departments
        # Only the people of the departments this person may choose: a head sees the workers
        # of their own department, not everyone else's (choosing those was refused anyway).
        field_staff = field_staff_for(actor).filter(department__in=departments)
        self.fields["social_worker"].queryset = field_staff.filter(role=Role.SOCIAL_WORKER)
        self.fields["caregiver"].queryset = field_staff.filter(role=Role.CAREGIVER)
        if len(departments) > 1:
            for name in ("social_worker", "caregiver"):
                self.fields[name].label_from_instance = _with_department
        # Пол: the patronymic says it in almost every case (see clean()).
        self.fields["gender"].required = False
        self.fields["gender"].help_text = "Если не выбран — определяется по отчеству и имени."
        self.fields["benefit_categories"].queryset = BenefitCategory.objects.filter(
            institution=actor.institution, is_active=True
        )
        self.fields["snils"].help_text = "11 цифр, например 112-233-445 95."
        self.fields["snils"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["phone"].widget.attrs.update(inputmode="tel")
        if not self.instance.pk:
            del self.fields["version"]  # a new card: nothing to compare with
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["snils"].initial = self.instance.snils_display
            for name in DECLINED_NAME_FIELDS:
                self.fields[name] = forms.CharField(
                    label=Recipient._meta.get_field(name).verbose_name,
                    required=False,
                    initial=getattr(self.instance, name),
                    help_text="Заполняется автоматически; исправьте, если склонение неверно.",
                )
        if len(self.fields["department"].queryset) == 1 and not self.instance.pk:
            self.fields["department"].initial = self.fields["department"].queryset[0]

    def clean_snils(self):
        value = self.cleaned_data["snils"]
        validate_snils(value)
        digits = snils_digits(value)
        duplicates = Recipient.objects.filter(institution=self.actor.institution, snils=digits)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        other = duplicates.first()
        if other is not None:
            raise forms.ValidationError(
                "Получатель с таким СНИЛС уже есть в реестре: %(name)s (%(status)s).",
                params={"name": other.full_name, "status": other.get_status_display()},
                code="duplicate",
            )
        return digits

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        validate_plausible_date(value)
        if value > timezone.localdate():
            raise forms.ValidationError("Дата рождения не может быть в будущем.")
        return value

    def clean_document_issued_on(self):
        value = self.cleaned_data.get("document_issued_on")
        if value:
            validate_not_future(value)
            validate_plausible_date(value)
        return value

    def clean_document_series(self):
        return self.cleaned_data["document_series"].replace(" ", "")

    def clean(self):
        data = super().clean()
        birth, issued = data.get("birth_date"), data.get("document_issued_on")
        if birth and issued and issued < birth:
            self.add_error("document_issued_on", "Документ выдан раньше даты рождения.")
        if data.get("document_type", "").startswith("Паспорт гражданина РФ"):
            series, number = data.get("document_series", ""), data.get("document_number", "")
            if series and not (series.isdigit() and len(series) == 4):
                self.add_error("document_series", "Серия паспорта РФ — 4 цифры.")
            if number and not (number.isdigit() and len(number) == 6):
                self.add_error("document_number", "Номер паспорта РФ — 6 цифр.")
        pasted = data.pop("coordinates", "")
        if pasted:
            try:
                data["latitude"], data["longitude"] = parse_point(pasted)
            except ValueError as error:
                self.add_error("coordinates", str(error))
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("longitude", "Укажите обе координаты или ни одной.")
        if latitude is not None and not -90 <= latitude <= 90:
            self.add_error("latitude", "Широта — от −90 до 90.")
        if longitude is not None and not -180 <= longitude <= 180:
            self.add_error("longitude", "Долгота — от −180 до 180.")
        if not data.get("gender") and "gender" not in self.errors:
            full_name = " ".join(
                data.get(name) or "" for name in ("last_name", "first_name", "middle_name")
            )
            data["gender"] = infer_gender(full_name) or ""
            if not data["gender"]:
                self.add_error("gender", "Укажите пол: по ФИО его определить не удалось.")
        department = data.get("department")
        for name in ("social_worker", "caregiver"):
            person = data.get(name)
            if person and department and person.department_id != department.pk:
                self.add_error(name, "Сотрудник работает в другом отделении.")
        return data


class RegistrationForm(RecipientForm):
    """A new card together with the постановка на обслуживание."""

    enrolled_on = forms.DateField(
        label="Дата постановки на обслуживание",
        widget=DateInput,
        initial=timezone.localdate,
    )
    basis = forms.CharField(
        label="Основание",
        max_length=300,
        initial="Заявление о предоставлении социального обслуживания",
    )

    def clean_enrolled_on(self):
        value = self.cleaned_data["enrolled_on"]
        validate_plausible_date(value)
        if value > timezone.localdate():
            raise forms.ValidationError("Дата постановки не может быть в будущем.")
        return value


class DischargeForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    version = VersionField()
    discharged_on = forms.DateField(
        label="Дата снятия с обслуживания", widget=DateInput, initial=timezone.localdate
    )
    reason = forms.ModelChoiceField(label="Причина", queryset=DischargeReason.objects.none())
    note = forms.CharField(label="Примечание", max_length=300, required=False)

    def __init__(self, *args, actor: Staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = DischargeReason.objects.filter(
            institution=actor.institution, is_active=True
        )

    def clean_discharged_on(self):
        value = self.cleaned_data["discharged_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("Дата снятия не может быть в будущем.")
        return value


class EnrolForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    version = VersionField()
    enrolled_on = forms.DateField(
        label="Дата постановки на обслуживание", widget=DateInput, initial=timezone.localdate
    )
    department = forms.ModelChoiceField(label="Отделение", queryset=None)
    basis = forms.CharField(label="Основание", max_length=300)

    def __init__(self, *args, actor: Staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_for(actor).filter(is_active=True)

    def clean_enrolled_on(self):
        value = self.cleaned_data["enrolled_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("Дата постановки не может быть в будущем.")
        return value


class ConsentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["given_on", "text_version", "signed_by_representative"]
        widgets = {"given_on": DateInput}

    def clean_given_on(self):
        value = self.cleaned_data["given_on"]
        validate_not_future(value)
        validate_plausible_date(value)
        return value


class ConsentWithdrawForm(StyledFormMixin, forms.Form):
    withdrawn_on = forms.DateField(
        label="Дата отзыва",
        widget=DateInput,
        initial=timezone.localdate,
        validators=[validate_not_future],
    )


class CertificateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = MedicalCertificate
        fields = ["number", "issued_on", "valid_until", "issued_by"]
        widgets = {"issued_on": DateInput, "valid_until": DateInput}

    def clean_issued_on(self):
        value = self.cleaned_data["issued_on"]
        validate_not_future(value)
        validate_plausible_date(value)
        return value

    def clean(self):
        data = super().clean()
        if (
            data.get("issued_on")
            and data.get("valid_until")
            and data["valid_until"] < data["issued_on"]
        ):
            self.add_error("valid_until", "Срок действия заканчивается раньше даты выдачи.")
        return data


class RepresentativeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Representative
        fields = [
            "kind",
            "last_name",
            "first_name",
            "middle_name",
            "name_gent",
            "basis",
            "document",
            "address",
            "phone",
            "valid_from",
            "valid_until",
            "is_active",
        ]
        widgets = {"valid_from": DateInput, "valid_until": DateInput}

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", "Окончание полномочий раньше начала.")
        return data


class BenefitCategoryForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = BenefitCategory
        fields = ["name", "free_of_charge", "egisso_code", "is_active"]


class DischargeReasonForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DischargeReason
        fields = ["name", "is_active"]
