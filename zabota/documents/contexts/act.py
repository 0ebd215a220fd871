"""The monthly act (акт сдачи-приёмки оказанных социальных услуг; fields as in the Новосибирск
form quoted in regulations.md §3.4, the act is required by п. 5 of the 874н contract form).

The builder is attached by the app that closes months (`provide_context("act", …)`); the issue
request carries `period` = "YYYY-MM". Money is `Decimal`. The payment lines never contradict the
payment decision: a recipient free by category (442-ФЗ ст. 31 ч. 1) gets the category as the
basis and no income lines (`act.free_by_category`), one free by income no «50 % разницы» line;
`payment_fields` below gives the builder these fields.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from zabota.rules.payment import FEE_FREE
from zabota.rules.words import rubles_in_words

LAW = "Федерального закона от 28.12.2013 № 442-ФЗ"

FIELDS = [
    ("act.period", "месяц кодом, например 2026-10"),
    ("act.month_title", "месяц словами: «октябрь 2026 г.»"),
    ("act.date_from", "первый день месяца"),
    ("act.date_to", "последний день месяца"),
    ("act.program_number", "номер ИППСУ"),
    ("act.program_date", "дата ИППСУ"),
    ("act.contract_number", "номер договора"),
    ("act.contract_date", "дата договора"),
    ("act.fee_kind", "условие оплаты кодом: free, partial или full"),
    ("act.fee_kind_label", "условие оплаты: бесплатно / частичная оплата / полная оплата"),
    (
        "act.fee_basis",
        "основание бесплатного обслуживания: категория (ч. 1 ст. 31 442-ФЗ) или доход не выше "
        "предельной величины (ч. 2 ст. 31); пусто при оплате",
    ),
    (
        "act.free_by_category",
        "бесплатно по льготной категории: строки о доходе не печатаются "
        "({%p if not act.free_by_category %})",
    ),
    ("rows", "оказанные услуги (таблица): {%tr for r in rows %} … {%tr endfor %}"),
    ("rows[].n", "номер строки"),
    ("rows[].name", "наименование услуги"),
    ("rows[].unit", "единица"),
    ("rows[].quantity", "объём оказанных услуг (количество)"),
    ("rows[].price", "тариф за услугу, руб."),
    ("rows[].sum", "сумма, руб."),
    (
        "care_rows",
        "услуги по уходу социального пакета долговременного ухода, бесплатные (таблица; пусто, "
        "если их не было): {%tr for c in care_rows %} … {%tr endfor %}",
    ),
    ("care_rows[].n", "номер строки"),
    ("care_rows[].name", "наименование услуги по уходу"),
    ("care_rows[].unit", "единица"),
    ("care_rows[].quantity", "количество за месяц"),
    ("act.total", "всего оказано услуг на сумму, руб."),
    ("act.total_words", "эта сумма прописью"),
    ("act.income_per_capita", "среднедушевой доход Заказчика, руб."),
    ("act.threshold", "предельная величина среднедушевого дохода, руб."),
    (
        "act.half_difference",
        "50 % разницы между доходом и предельной величиной, руб. (при бесплатном обслуживании — 0)",
    ),
    ("act.additional", "дополнительные платные услуги месяца, руб. (оплачиваются полностью)"),
    ("act.to_pay", "размер оплаты, руб."),
    ("act.to_pay_words", "размер оплаты прописью"),
    (
        "act.debt_at_start",
        "задолженность Заказчика по оплате на начало месяца, руб. (0, если долга нет)",
    ),
    ("act.advance_at_start", "переплата на начало месяца, руб. (0, если переплаты нет)"),
    ("signatures.provider_position", "должность подписывающего от Исполнителя"),
    ("signatures.provider_name", "ФИО подписывающего от Исполнителя"),
    ("signatures.customer_name", "ФИО подписывающего от Заказчика"),
    (
        "signatures.customer_signature",
        "подпись Заказчика, нарисованная на планшете (рисунок; пусто, если не подписывал)",
    ),
]


def sample() -> dict:
    items = [
        ("Покупка за счёт средств получателя и доставка на дом продуктов питания", "1 услуга", 8, "55.00"),  # noqa: E501
        ("Помощь в приготовлении пищи из продуктов получателя", "1 услуга", 8, "101.47"),
        ("Мытьё пола в жилых помещениях", "1 м²", 40, "9.43"),
        ("Измерение температуры тела, артериального давления", "1 услуга", 4, "25.00"),
    ]  # fmt: skip
    rows = []
    total = Decimal("0")
    for n, (name, unit, quantity, price) in enumerate(items, start=1):
        amount = Decimal(price) * quantity
        total += amount
        rows.append(
            {
                "n": n,
                "name": name,
                "unit": unit,
                "quantity": quantity,
                "price": Decimal(price),
                "sum": amount,
            }
        )
    half = Decimal("1412.56")
    to_pay = min(total, half)
    return {
        "act": {
            "period": "2026-10",
            "month_title": "октябрь 2026 г.",
            "date_from": datetime.date(2026, 10, 1),
            "date_to": datetime.date(2026, 10, 31),
            "program_number": "312",
            "program_date": datetime.date(2026, 9, 25),
            "contract_number": "145",
            "contract_date": datetime.date(2026, 10, 1),
            "fee_kind": "partial",
            "fee_kind_label": "частичная оплата",
            "fee_basis": "",
            "free_by_category": False,
            "additional": Decimal("0.00"),
            "total": total,
            "total_words": rubles_in_words(total),
            "income_per_capita": Decimal("26300.00"),
            "threshold": Decimal("23474.88"),
            "half_difference": half,
            "to_pay": to_pay,
            "to_pay_words": rubles_in_words(to_pay),
            "debt_at_start": Decimal("705.00"),
            "advance_at_start": Decimal("0.00"),
        },
        "rows": rows,
        "care_rows": [
            {
                "n": 1,
                "name": "Помощь при одевании и раздевании",
                "unit": "1 услуга",
                "quantity": 20,
            },
            {
                "n": 2,
                "name": "Помощь в соблюдении личной гигиены",
                "unit": "1 услуга",
                "quantity": 12,
            },
        ],
        "signatures": {
            "provider_position": "заведующий отделением",
            "provider_name": "Зайцева Ольга Викторовна",
            "customer_name": "Иванова Мария Петровна",
            "customer_signature": "",
        },
    }


def payment_fields(fee, *, free_categories: list[str], additional: Decimal) -> dict:
    """The act's payment fields beyond the sums: the kind, the basis of a free service and the
    additional paid services, so the printed lines follow the decision (`fee` is a
    zabota.rules.payment.Fee)."""
    by_category = fee.kind == FEE_FREE and fee.free_category
    if by_category:
        names = ", ".join(f"«{name}»" for name in free_categories)
        noun = "категория" if len(free_categories) == 1 else "категории"
        basis = (
            f"{noun} {names}, ч. 1 ст. 31 {LAW}"
            if names
            else f"льготная категория, ч. 1 ст. 31 {LAW}"
        )
    elif fee.kind == FEE_FREE:
        basis = f"среднедушевой доход не превышает предельную величину, ч. 2 ст. 31 {LAW}"
    else:
        basis = ""
    return {
        "fee_kind": fee.kind,
        "fee_basis": basis,
        "free_by_category": by_category,
        "additional": additional,
    }
