from django import forms
from django.contrib.auth import password_validation

from zabota.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label="Имя пользователя", max_length=150)
    password = forms.CharField(label="Пароль", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class SetPasswordForm(StyledFormMixin, forms.Form):
    password1 = forms.CharField(label="Новый пароль", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label="Новый пароль ещё раз", widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "Пароли не совпадают.")
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"], self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ChangeOwnPasswordForm(SetPasswordForm):
    old_password = forms.CharField(label="Текущий пароль", widget=forms.PasswordInput, strip=False)
    field_order = ["old_password", "password1", "password2"]

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError("Текущий пароль введён неверно.")
        return value
