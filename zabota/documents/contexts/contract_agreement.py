"""The дополнительное соглашение к договору о предоставлении социальных услуг (п. 13 of the
contract form, приложение 1 к приказу Минтруда России от 10.11.2014 № 874н: the terms change by
agreement of the parties): the fields its builder must return.

The builder is attached by zabota.programs (`provide_context("contract_agreement", …)`); an
agreement moving the contract to a new ИППСУ carries the services it changed, with volumes and
monthly sums before and after as recorded on the day it was concluded. Dates are
`datetime.date`, money and volumes `Decimal`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from zabota.rules.words import rubles_in_words

FIELDS = [
    ("agreement.number", "номер соглашения (1, 2, … в пределах договора)"),
    ("agreement.concluded_on", "дата соглашения"),
    ("agreement.description", "содержание изменений, как записано при заключении (с точкой)"),
    ("agreement.program_changed", "соглашение переводит договор на новую ИППСУ"),
    ("agreement.new_valid_until", "новый срок действия договора (пусто, если не меняется)"),
    ("contract.number", "номер договора"),
    ("contract.concluded_on", "дата договора"),
    ("contract.valid_from", "договор действует с"),
    ("contract.valid_until", "договор действует по (с учётом соглашения)"),
    ("program.number", "номер ИППСУ, по которой договор действует после соглашения"),
    ("program.drawn_up_on", "дата составления этой ИППСУ"),
    ("program.valid_from", "ИППСУ действует с"),
    ("program.valid_until", "ИППСУ действует по"),
    ("old_program", "прежняя ИППСУ (пусто, если программа не менялась)"),
    ("old_program.number", "номер прежней ИППСУ"),
    ("old_program.drawn_up_on", "дата прежней ИППСУ"),
    ("old_program.valid_from", "прежняя ИППСУ действовала с"),
    ("old_program.valid_until", "прежняя ИППСУ действовала по"),
    ("changes", "изменённые услуги (таблица): {%tr for c in changes %} … {%tr endfor %}"),
    ("changes[].n", "номер строки"),
    ("changes[].code", "код услуги"),
    ("changes[].name", "наименование услуги"),
    ("changes[].unit", "единица"),
    ("changes[].change", "что изменилось: добавлена / исключена / изменён объём"),
    ("changes[].quantity_before", "объём в месяц до (пусто для добавленной услуги)"),
    ("changes[].quantity_after", "объём в месяц после (пусто для исключённой услуги)"),
    ("changes[].amount_before", "стоимость в месяц до, руб."),
    ("changes[].amount_after", "стоимость в месяц после, руб."),
    ("cost_before", "стоимость всех услуг в месяц по прежней ИППСУ, руб."),
    ("cost_after", "стоимость всех услуг в месяц по новой ИППСУ, руб."),
    ("fee.kind", "условие оплаты после соглашения кодом: free, partial или full"),
    ("fee.kind_label", "условие оплаты после соглашения словами"),
    ("fee.amount", "ежемесячная плата после соглашения, руб."),
    ("fee.amount_words", "эта плата прописью"),
    ("fee.changed", "плата или условие оплаты изменились"),
    ("fee.before_kind_label", "прежнее условие оплаты словами"),
    ("fee.before_amount", "прежняя ежемесячная плата, руб."),
]


def sample() -> dict:
    changes = [
        ("01.15", "Мытьё пола в жилых помещениях", "1 м²", "изменён объём", 40, 60, "9.43"),
        ("02.07", "Сопровождение в медицинские организации", "1 услуга", "добавлена", None, 2, "150.00"),  # noqa: E501
        ("01.04", "Помощь в приготовлении пищи из продуктов получателя", "1 услуга", "исключена", 8, None, "101.47"),  # noqa: E501
    ]  # fmt: skip
    rows = []
    for n, (code, name, unit, change, before, after, price) in enumerate(changes, start=1):
        rows.append(
            {
                "n": n,
                "code": code,
                "name": name,
                "unit": unit,
                "change": change,
                "quantity_before": None if before is None else Decimal(before),
                "quantity_after": None if after is None else Decimal(after),
                "amount_before": Decimal(price) * (before or 0),
                "amount_after": Decimal(price) * (after or 0),
            }
        )
    before, after = Decimal("1728.96"), Decimal("1405.80")
    return {
        "agreement": {
            "number": 1,
            "concluded_on": datetime.date(2027, 3, 1),
            "description": "переход на ИППСУ № 58/2027 от 25.02.2027 взамен ИППСУ № 312 от "
            "25.09.2026: изменён объём услуги «Мытьё пола в жилых помещениях» (было 40 м², "
            "стало 60 м² в месяц); добавлена услуга «Сопровождение в медицинские организации» "
            "(2 услуги в месяц); исключена услуга «Помощь в приготовлении пищи из продуктов "
            "получателя» (было 8 услуг в месяц).",
            "program_changed": True,
            "new_valid_until": None,
        },
        "contract": {
            "number": "145",
            "concluded_on": datetime.date(2026, 10, 1),
            "valid_from": datetime.date(2026, 10, 1),
            "valid_until": datetime.date(2027, 9, 30),
        },
        "program": {
            "number": "58/2027",
            "drawn_up_on": datetime.date(2027, 2, 25),
            "valid_from": datetime.date(2027, 3, 1),
            "valid_until": datetime.date(2027, 9, 30),
        },
        "old_program": {
            "number": "312",
            "drawn_up_on": datetime.date(2026, 9, 25),
            "valid_from": datetime.date(2026, 10, 1),
            "valid_until": datetime.date(2027, 9, 30),
        },
        "changes": rows,
        "cost_before": before,
        "cost_after": after,
        "fee": {
            "kind": "full",
            "kind_label": "полная оплата",
            "amount": after,
            "amount_words": rubles_in_words(after),
            "changed": True,
            "before_kind_label": "частичная оплата",
            "before_amount": Decimal("1412.56"),
        },
    }
