"""The contract (договор о предоставлении социальных услуг, примерная форма — приложение 1 к
приказу Минтруда России от 10.11.2014 № 874н): the fields its builder must return.

The builder is attached by zabota.programs (`provide_context("contract", …)`); the sample below
is the reference of the shape and types: dates are `datetime.date`, money is `Decimal`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from zabota.rules.words import rubles_in_words

FIELDS = [
    ("contract.number", "номер договора"),
    ("contract.concluded_on", "дата заключения"),
    ("contract.valid_from", "действует с"),
    ("contract.valid_until", "действует по"),
    ("program.number", "номер ИППСУ, на основании которой заключён договор"),
    ("program.drawn_up_on", "дата составления ИППСУ"),
    ("services", "перечень услуг (таблица): {%tr for s in services %} … {%tr endfor %}"),
    ("services[].n", "номер строки"),
    ("services[].code", "код услуги по каталогу"),
    ("services[].name", "наименование услуги"),
    ("services[].unit", "единица (1 услуга, 1 м², 1 кг)"),
    ("services[].quantity_per_month", "количество в месяц"),
    ("services[].periodicity", "периодичность словами"),
    ("services[].price", "тариф за единицу, руб."),
    ("services[].monthly_cost", "стоимость в месяц, руб."),
    ("services_total", "стоимость всех услуг в месяц по тарифам, руб."),
    ("fee.kind", "условие оплаты кодом: free, partial или full"),
    ("fee.kind_label", "условие оплаты словами: бесплатно / частичная оплата / полная оплата"),
    ("fee.amount", "размер ежемесячной платы, руб."),
    ("fee.amount_words", "размер платы прописью"),
    ("fee.income_per_capita", "среднедушевой доход получателя, руб."),
    ("fee.threshold", "предельная величина среднедушевого дохода, руб."),
    ("fee.cap", "50 % разницы между доходом и предельной величиной, руб. (ст. 32 442-ФЗ)"),
    ("fee.explanation", "как рассчитана плата: целое предложение с точкой в конце"),
    ("fee.free_category", "бесплатно по льготной категории (ч. 1 ст. 31 442-ФЗ)"),
    (
        "fee.basis",
        "основание бесплатного обслуживания концом фразы «…бесплатно: …» без точки "
        "(категория или доход не выше предельной величины); пусто при оплате",
    ),
]


def sample() -> dict:
    services = [
        ("01.01", "Покупка за счёт средств получателя и доставка на дом продуктов питания", "1 услуга", 8, "2 раза в неделю", "55.00"),  # noqa: E501
        ("01.04", "Помощь в приготовлении пищи из продуктов получателя", "1 услуга", 8, "2 раза в неделю", "101.47"),  # noqa: E501
        ("01.15", "Мытьё пола в жилых помещениях", "1 м²", 40, "1 раз в неделю", "9.43"),
        ("02.03", "Измерение температуры тела, артериального давления", "1 услуга", 4, "1 раз в неделю", "25.00"),  # noqa: E501
    ]  # fmt: skip
    rows = []
    total = Decimal("0")
    for n, (code, name, unit, quantity, periodicity, price) in enumerate(services, start=1):
        cost = Decimal(price) * quantity
        total += cost
        rows.append(
            {
                "n": n,
                "code": code,
                "name": name,
                "unit": unit,
                "quantity_per_month": quantity,
                "periodicity": periodicity,
                "price": Decimal(price),
                "monthly_cost": cost,
            }
        )
    amount = Decimal("1412.56")
    return {
        "contract": {
            "number": "145",
            "concluded_on": datetime.date(2026, 10, 1),
            "valid_from": datetime.date(2026, 10, 1),
            "valid_until": datetime.date(2027, 9, 30),
        },
        "program": {"number": "312", "drawn_up_on": datetime.date(2026, 9, 25)},
        "services": rows,
        "services_total": total,
        "fee": {
            "kind": "partial",
            "kind_label": "частичная оплата",
            "amount": amount,
            "amount_words": rubles_in_words(amount),
            "income_per_capita": Decimal("26300.00"),
            "threshold": Decimal("23474.88"),
            "cap": amount,
            "explanation": "Среднедушевой доход 26 300,00 ₽ выше предельной величины "
            "23 474,88 ₽; 50 % разницы — 1 412,56 ₽; стоимость услуг 1 728,96 ₽ больше, поэтому "
            "оплата частичная: 1 412,56 ₽.",
            "free_category": False,
            "basis": "",
        },
    }
