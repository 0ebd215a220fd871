"""Builds the shipped receipt template (version 0 of the «receipt» kind), kept beside the other
default templates so `zabota.documents.selectors.default_template("receipt")` finds it.

Run after changing a text:  .venv/bin/python -m zabota.billing.default_template
and commit both this code and receipt.docx. The form follows the usual bank notice (ПД-4):
«Извещение» with the payment QR code beside the payee's details, the sums, the payer's line."""

from __future__ import annotations

import sys
from pathlib import Path

from zabota.documents.default_templates.writing import (
    HERE,
    heading,
    new_document,
    note,
    para,
    signatures,
    table,
    tag,
)

TEMPLATE_PATH = HERE / "receipt.docx"


def build_receipt():
    d = new_document(title="Квитанция на оплату социальных услуг")
    para(d, "{{ institution.name }}", align="c", size=10, after=4)
    heading(d, "ИЗВЕЩЕНИЕ № {{ receipt.number }}", size=13, before=0, after=0)
    heading(d, "об оплате социальных услуг: {{ receipt.kind_label|lower }}", before=0, after=6)
    table(
        d,
        [4.6, 12.4],
        [
            [
                "{% if receipt.qr %}{{ receipt.qr }}{% endif %}",
                "Получатель платежа: **{{ receipt.payee_name }}**",
            ],
            ["^", "ИНН {{ receipt.payee_inn }}    КПП {{ receipt.payee_kpp }}"],
            ["^", "Счёт получателя: {{ receipt.payee_account }}"],
            [
                "^",
                "Банк: {{ receipt.bank_name }}, БИК {{ receipt.bic }}, "
                "корр. счёт {{ receipt.correspondent_account }}",
            ],
            [
                "^",
                "{% if receipt.cbc %}КБК {{ receipt.cbc }}    {% endif %}"
                "{% if receipt.oktmo %}ОКТМО {{ receipt.oktmo }}{% endif %}",
            ],
            [
                "^",
                "Плательщик: **{{ recipient.full_name }}**, лицевой счёт "
                "**{{ receipt.personal_account }}**",
            ],
            ["^", "Адрес: {{ receipt.payer_address }}"],
            ["^", "Назначение платежа: {{ receipt.purpose }}"],
        ],
        header_rows=0,
        bold_rows=(),
        size=10,
        aligns="cl",
    )
    para(d, "", after=3)
    table(
        d,
        [12.4, 4.6],
        [
            ["{{ receipt.kind_label }}, руб.", "{{ receipt.charged|money }}"],
            ["Задолженность на начало периода, руб.", "{{ receipt.debt_before|money }}"],
            ["Переплата на начало периода, руб.", "{{ receipt.advance_before|money }}"],
            ["**Итого к оплате, руб.**", "**{{ receipt.to_pay|money }}**"],
        ],
        header_rows=0,
        bold_rows=(),
        size=11,
        aligns="lr",
        keep_rows=(0, 1, 2, 3),
    )
    para(
        d,
        "Итого к оплате: {{ receipt.to_pay_words }}.",
        align="l",
        before=4,
        keep=True,
    )
    tag(d, "{%p if receipt.qr %}")
    para(
        d,
        "Оплатить можно по QR-коду в приложении банка (раздел «Оплата по QR-коду»), в банке по "
        "реквизитам или наличными социальному работнику, который выдаст квитанцию о приёме денег.",
        align="j",
        before=4,
        keep=True,
    )
    tag(d, "{%p else %}")
    para(d, "Платить по этому извещению не нужно.", align="l", before=4, keep=True)
    tag(d, "{%p endif %}")
    note(d, "Оплата вносится до 20-го числа месяца, следующего за месяцем услуг.", align="l")
    para(d, "", after=6, keep=True)
    signatures(
        d,
        ["Плательщик", "_______________ / ____________________ /"],
        ["Дата оплаты", "«____» _______________ 20____ г."],
        size=11,
    )
    return d


def build(target: Path = TEMPLATE_PATH) -> Path:
    build_receipt().save(target)
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE_PATH))
