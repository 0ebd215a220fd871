"""Validators of the payee's bank details: the pure rules of zabota.rules.identifiers and
zabota.rules.payment_qr with Russian messages for the settings form."""

from django.core.exceptions import ValidationError

from zabota.core.validators import validate_inn
from zabota.rules.identifiers import (
    account_is_valid,
    bic_is_valid,
    correspondent_account_is_valid,
    kpp_is_valid,
)
from zabota.rules.payment_qr import SEPARATOR


def validate_bic(value: str) -> None:
    if not bic_is_valid(value):
        raise ValidationError("БИК состоит из 9 цифр.", code="bic_format")


def validate_kpp(value: str) -> None:
    if not kpp_is_valid(value):
        raise ValidationError(
            (
                "КПП — 9 знаков: 4 цифры, 2 цифры или заглавные латинские буквы, 3 цифры "
                "(например 420501001)."
            ),
            code="kpp_format",
        )


def validate_payee_inn(value: str) -> None:
    validate_inn(value)
    if len((value or "").strip()) != 10:
        raise ValidationError("ИНН учреждения состоит из 10 цифр.", code="inn_org")


def validate_qr_text(value: str) -> None:
    if SEPARATOR in (value or ""):
        raise ValidationError(
            "Знак «|» разделяет реквизиты в QR-коде квитанции: уберите его.", code="qr_pipe"
        )


def account_errors(*, account: str, correspondent_account: str, bic: str) -> dict[str, str]:
    """The accounts checked against the БИК (control keys, ЦБ № 515): {field: message}."""
    errors: dict[str, str] = {}
    if not bic_is_valid(bic):
        return errors  # the БИК's own message says it; the keys cannot be checked without it
    if not (account or "").strip().isdigit() or len(account.strip()) != 20:
        errors["account"] = "Счёт получателя состоит из 20 цифр."
    elif not account_is_valid(account, bic):
        errors["account"] = "Контрольный ключ счёта не сходится с БИК: проверьте счёт и БИК банка."
    corr = (correspondent_account or "").strip()
    if not corr.isdigit() or len(corr) != 20:
        errors["correspondent_account"] = "Корреспондентский счёт состоит из 20 цифр."
    elif not correspondent_account_is_valid(corr, bic):
        errors["correspondent_account"] = (
            "Контрольный ключ корреспондентского счёта не сходится с БИК: проверьте их."
        )
    return errors
