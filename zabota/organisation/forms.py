from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MinValueValidator

from zabota.core.forms import StyledFormMixin
from zabota.organisation.models import Department, Institution, Staff
from zabota.organisation.roles import Role
from zabota.rules.rota import DEFAULT_WORKING_DAYS
from zabota.rules.schedule import DAY_CODES, parse_weekdays

WEEKDAY_CHOICES = list(zip(DAY_CODES, ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"], strict=True))


class InstitutionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Institution
        fields = [
            "name",
            "short_name",
            "inn",
            "kpp",
            "ogrn",
            "address",
            "city",
            "phone",
            "email",
            "director_name",
            "director_name_gent",
            "director_position",
            "acts_on_basis_of",
            "bank_details",
        ]
        widgets = {"bank_details": forms.Textarea(attrs={"rows": 3})}


class DepartmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["number", "name", "address", "latitude", "longitude", "is_active"]
        help_texts = {"latitude": "Откуда начинаются маршруты работников (например, 55.354727)"}

    def clean_number(self):
        number = self.cleaned_data["number"]
        clash = Department.objects.filter(institution=self.instance.institution, number=number)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Отделение с таким номером уже есть.")
        return number

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("longitude", "Укажите обе координаты или ни одной.")
        if latitude is not None and not -90 <= latitude <= 90:
            self.add_error("latitude", "Широта — от −90 до 90.")
        if longitude is not None and not -180 <= longitude <= 180:
            self.add_error("longitude", "Долгота — от −180 до 180.")
        return data


class StaffForm(StyledFormMixin, forms.ModelForm):
    """A member of staff and the login behind them, created or edited by the administrator."""

    username = forms.CharField(label="Имя пользователя (логин)", max_length=150)
    is_active = forms.BooleanField(label="Учётная запись действует", required=False, initial=True)
    # Kept on the login (Django's User.email): the daily digest of alerts goes there.
    email = forms.EmailField(
        label="Электронная почта (для сводки оповещений)", required=False, max_length=254
    )

    class Meta:
        model = Staff
        fields = [
            "last_name",
            "first_name",
            "middle_name",
            "role",
            "department",
            "position",
            "phone",
            "hours_per_week",
            "working_days",
        ]

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        # Chosen with boxes, kept as codes («mon,tue,…») on the card.
        self.fields["working_days"] = forms.MultipleChoiceField(
            label="Рабочие дни недели",
            choices=WEEKDAY_CHOICES,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text="Не отмечено ни одного — понедельник–пятница.",
            initial=sorted(parse_weekdays(self.instance.working_days), key=DAY_CODES.index),
        )
        self.fields["department"].queryset = Department.objects.filter(institution=institution)
        if self.instance.pk:
            self.fields["username"].initial = self.instance.user.username
            self.fields["is_active"].initial = self.instance.user.is_active
            self.fields["email"].initial = self.instance.user.email
        self.fields["hours_per_week"].required = False
        self.fields["hours_per_week"].help_text = "Пусто — 40 часов."
        self.fields["hours_per_week"].validators.append(MinValueValidator(1))

    def clean_hours_per_week(self) -> int:
        hours = self.cleaned_data.get("hours_per_week")
        return 40 if hours is None else hours

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        users = get_user_model().objects.filter(username__iexact=username)
        if self.instance.pk:
            users = users.exclude(pk=self.instance.user_id)
        if users.exists():
            raise forms.ValidationError("Такое имя пользователя уже занято.")
        return username

    def clean_working_days(self) -> str:
        chosen = set(self.cleaned_data["working_days"])
        return ",".join(code for code in DAY_CODES if code in chosen) or DEFAULT_WORKING_DAYS

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role in (Role.HEAD, Role.SOCIAL_WORKER, Role.CAREGIVER) and not data.get("department"):
            self.add_error("department", "Для этой роли нужно указать отделение.")
        return data


class NewInstitutionForm(StyledFormMixin, forms.ModelForm):
    """A new institution and its first administrator (the installation administrator's form);
    the password comes in accounts' SetPasswordForm beside it."""

    admin_username = forms.CharField(label="Логин администратора учреждения", max_length=150)
    admin_last_name = forms.CharField(label="Фамилия администратора", max_length=100)
    admin_first_name = forms.CharField(label="Имя администратора", max_length=100)
    admin_middle_name = forms.CharField(
        label="Отчество администратора", max_length=100, required=False
    )
    admin_email = forms.EmailField(
        label="Электронная почта администратора", required=False, max_length=254
    )

    class Meta:
        model = Institution
        fields = [
            "name",
            "short_name",
            "inn",
            "kpp",
            "ogrn",
            "address",
            "city",
            "phone",
            "email",
            "director_name",
        ]

    def clean_admin_username(self):
        username = self.cleaned_data["admin_username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Такое имя пользователя уже занято.")
        return username

    def clean(self):
        data = super().clean()
        # The service checks it again (zabota.organisation.services.institution_create); here
        # so that a form sent twice says it beside the field along with the login.
        inn, kpp = data.get("inn"), data.get("kpp", "")
        if inn and Institution.objects.filter(inn=inn, kpp=kpp).exists():
            self.add_error("inn", "Учреждение с таким ИНН и КПП уже есть в системе.")
        return data

    def admin(self) -> dict:
        data = self.cleaned_data
        return {
            "username": data["admin_username"],
            "last_name": data["admin_last_name"],
            "first_name": data["admin_first_name"],
            "middle_name": data["admin_middle_name"],
            "email": data["admin_email"],
        }


class SupervisorForm(StyledFormMixin, forms.Form):
    """Attach a supervisor to an institution, or detach one (the button beside each)."""

    ATTACH, DETACH = "attach", "detach"

    supervisor = forms.ModelChoiceField(
        label="Куратор", queryset=Staff.objects.none(), empty_label="— выберите —"
    )
    action = forms.ChoiceField(
        choices=[(ATTACH, "закрепить"), (DETACH, "открепить")],
        initial=ATTACH,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors


class NewSupervisorForm(StyledFormMixin, forms.Form):
    """A supervisor's account (the installation administrator's form): someone of the region's
    social-protection body who reads the totals of the institutions attached to them. The
    password comes in accounts' SetPasswordForm beside it."""

    username = forms.CharField(label="Логин", max_length=150)
    last_name = forms.CharField(label="Фамилия", max_length=100)
    first_name = forms.CharField(label="Имя", max_length=100)
    middle_name = forms.CharField(label="Отчество", max_length=100, required=False)
    position = forms.CharField(
        label="Должность",
        max_length=200,
        required=False,
        help_text="Например: главный специалист управления социальной защиты населения.",
    )
    email = forms.EmailField(label="Электронная почта", required=False, max_length=254)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Такое имя пользователя уже занято.")
        return username
