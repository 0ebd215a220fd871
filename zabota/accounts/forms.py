from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from zabota.core.forms import StyledFormMixin
from zabota.organisation.models import Department, Staff
from zabota.organisation.roles import Role


class LoginForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("Имя пользователя"), max_length=150)
    password = forms.CharField(label=_("Пароль"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class StaffForm(StyledFormMixin, forms.ModelForm):
    """A member of staff and the login behind them, created or edited by the administrator."""

    username = forms.CharField(label=_("Имя пользователя (логин)"), max_length=150)
    is_active = forms.BooleanField(
        label=_("Учётная запись действует"), required=False, initial=True
    )
    # Kept on the login (Django's User.email): the daily digest of alerts goes there.
    email = forms.EmailField(
        label=_("Электронная почта (для сводки оповещений)"), required=False, max_length=254
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
            raise forms.ValidationError(_("Такое имя пользователя уже занято."))
        return username

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role in (Role.HEAD, Role.SOCIAL_WORKER, Role.CAREGIVER) and not data.get("department"):
            self.add_error("department", _("Для этой роли нужно указать отделение."))
        return data


class SetPasswordForm(StyledFormMixin, forms.Form):
    password1 = forms.CharField(label=_("Новый пароль"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("Новый пароль ещё раз"), widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Пароли не совпадают."))
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"], self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ChangeOwnPasswordForm(SetPasswordForm):
    old_password = forms.CharField(
        label=_("Текущий пароль"), widget=forms.PasswordInput, strip=False
    )
    field_order = ["old_password", "password1", "password2"]

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("Текущий пароль введён неверно."))
        return value
