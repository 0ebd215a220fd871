"""Forms of the family view: the head's invitation with the consent, the consent's withdrawal,
the relative's login and password from the link, and the relative's message."""

import datetime
import uuid

from django import forms
from django.conf import settings

from zabota.core.forms import DateInput, StyledFormMixin

STALE = "Форма устарела, откройте страницу снова."


class InviteForm(StyledFormMixin, forms.Form):
    representative = forms.TypedChoiceField(
        label="Представитель из карточки",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Если приглашается записанный законный представитель: ФИО возьмутся из карточки.",
    )
    last_name = forms.CharField(label="Фамилия", max_length=100, required=False)
    first_name = forms.CharField(label="Имя", max_length=100, required=False)
    middle_name = forms.CharField(label="Отчество", max_length=100, required=False)
    relation = forms.CharField(label="Кем приходится", max_length=100)
    consent_given_on = forms.DateField(
        label="Дата письменного согласия получателя", widget=DateInput
    )
    consent_signed_by_representative = forms.BooleanField(
        label="Согласие подписано законным представителем", required=False
    )

    def __init__(self, *args, representatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.representatives = {r.pk: r for r in representatives}
        self.fields["representative"].choices = [("", "— нет, другой родственник —")] + [
            (r.pk, f"{r.last_name} {r.first_name} {r.middle_name} ({r.get_kind_display()})".strip())
            for r in representatives
        ]

    def clean(self):
        data = super().clean()
        chosen = self.representatives.get(data.get("representative"))
        data["representative"] = chosen
        if chosen is not None:
            for name in ("last_name", "first_name", "middle_name"):
                data[name] = data.get(name) or getattr(chosen, name)
        for name in ("last_name", "first_name"):
            if not data.get(name):
                self.add_error(name, "Обязательное поле.")
        return data


class WithdrawForm(StyledFormMixin, forms.Form):
    withdrawn_on = forms.DateField(label="Дата отзыва согласия", widget=DateInput)


class AcceptForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label="Имя для входа", max_length=150, required=False)
    password1 = forms.CharField(label="Пароль", widget=forms.PasswordInput, max_length=128)
    password2 = forms.CharField(label="Пароль ещё раз", widget=forms.PasswordInput, max_length=128)

    def __init__(self, *args, has_login: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if has_login:
            del self.fields["username"]
        else:
            self.fields["username"].required = True

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "Пароли не совпадают.")
        return data


class MessageForm(StyledFormMixin, forms.Form):
    form_uuid = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": STALE, "invalid": STALE}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is a setting read when the form is made (tests change it).
        max_chars = settings.ZABOTA_FAMILY_MESSAGE_CHARS
        self.fields["text"] = forms.CharField(
            label="Сообщение или жалоба",
            max_length=max_chars,
            widget=forms.Textarea(attrs={"rows": 5}),
        )

    def clean(self):
        data = super().clean()
        if "form_uuid" in self._errors:
            self.add_error(None, STALE)
        return data


def fresh_message() -> MessageForm:
    return MessageForm(initial={"form_uuid": uuid.uuid4()})


def today_initial(today: datetime.date) -> dict:
    return {"consent_given_on": today, "withdrawn_on": today}
