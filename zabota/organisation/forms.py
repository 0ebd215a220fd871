from django import forms
from django.contrib.auth import get_user_model

from zabota.core.forms import StyledFormMixin
from zabota.organisation.models import Department, Institution, Staff
from zabota.organisation.roles import Role


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
        fields = ["number", "name", "address", "is_active"]

    def clean_number(self):
        number = self.cleaned_data["number"]
        clash = Department.objects.filter(institution=self.instance.institution, number=number)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Отделение с таким номером уже есть.")
        return number


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
        ]

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.fields["department"].queryset = Department.objects.filter(institution=institution)
        if self.instance.pk:
            self.fields["username"].initial = self.instance.user.username
            self.fields["is_active"].initial = self.instance.user.is_active
            self.fields["email"].initial = self.instance.user.email

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        users = get_user_model().objects.filter(username__iexact=username)
        if self.instance.pk:
            users = users.exclude(pk=self.instance.user_id)
        if users.exists():
            raise forms.ValidationError("Такое имя пользователя уже занято.")
        return username

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role in (Role.HEAD, Role.SOCIAL_WORKER, Role.CAREGIVER) and not data.get("department"):
            self.add_error("department", "Для этой роли нужно указать отделение.")
        return data
