"""The individual programme (ИППСУ, форма — приложение 2 к приказу Минтруда России от
10.11.2014 № 874н): the fields its builder must return.

The builder is attached by zabota.programs (`provide_context("program", …)`). `service_types`
always holds the eight types of 442-ФЗ ст. 20 in their order, each with its services (an empty
list when none is assigned), so that the printed programme shows every section of the form.
The «отметка о выполнении» columns are left blank for a pen: they have no field.
"""

from __future__ import annotations

import datetime

# 442-ФЗ ст. 20: the eight types of social services, in the order of the form.
SERVICE_TYPES = [
    ("I", "Социально-бытовые услуги"),
    ("II", "Социально-медицинские услуги"),
    ("III", "Социально-психологические услуги"),
    ("IV", "Социально-педагогические услуги"),
    ("V", "Социально-трудовые услуги"),
    ("VI", "Социально-правовые услуги"),
    (
        "VII",
        "Услуги в целях повышения коммуникативного потенциала получателей социальных услуг, "
        "имеющих ограничения жизнедеятельности, в том числе детей-инвалидов",
    ),
    ("VIII", "Срочные социальные услуги"),
]

FIELDS = [
    ("program.number", "номер ИППСУ"),
    ("program.drawn_up_on", "дата составления"),
    ("program.authority", "наименование уполномоченного органа, составившего программу"),
    ("program.repeat", "разработана «впервые» или «повторно»"),
    ("program.valid_until", "срок действия программы (до)"),
    ("program.form", "форма социального обслуживания"),
    ("program.work_address", "адрес места работы получателя («не работает»)"),
    ("program.email", "электронная почта получателя («нет»)"),
    ("program.providers", "перечень рекомендуемых поставщиков социальных услуг"),
    ("program.notes", "примечание («нет»)"),
    ("program.refusal", "отказ от социального обслуживания, социальной услуги («нет»)"),
    ("program.signer_position", "должность лица уполномоченного органа, подписывающего программу"),
    ("program.signer_name", "ФИО этого лица"),
    ("service_types", "восемь видов услуг (ст. 20 442-ФЗ): {%p for t in service_types %}"),
    ("service_types[].number", "номер вида римской цифрой (I–VIII)"),
    ("service_types[].title", "наименование вида услуг"),
    ("service_types[].services", "услуги этого вида (таблица; пустой список — не назначены)"),
    ("service_types[].services[].n", "номер строки"),
    ("service_types[].services[].name", "наименование услуги"),
    ("service_types[].services[].volume", "объём предоставления"),
    ("service_types[].services[].periodicity", "периодичность"),
    ("service_types[].services[].term", "срок предоставления"),
    ("social_support", "мероприятия по социальному сопровождению (может быть пустым)"),
    ("social_support[].n", "номер строки"),
    ("social_support[].kind", "вид социального сопровождения"),
    ("social_support[].provider", "кто оказывает помощь"),
]


def sample() -> dict:
    services = {
        "I": [
            ("Покупка за счёт средств получателя и доставка на дом продуктов питания", "8 услуг в месяц", "2 раза в неделю"),  # noqa: E501
            ("Помощь в приготовлении пищи из продуктов получателя", "8 услуг в месяц", "2 раза в неделю"),  # noqa: E501
            ("Уборка жилых помещений", "4 услуги в месяц", "1 раз в неделю"),
        ],
        "II": [("Измерение температуры тела, артериального давления", "4 услуги в месяц", "1 раз в неделю")],  # noqa: E501
        "III": [("Социально-психологическое консультирование", "1 услуга в месяц", "1 раз в месяц")],  # noqa: E501
        "VI": [("Помощь в оформлении и восстановлении документов", "по мере необходимости", "по мере необходимости")],  # noqa: E501
    }  # fmt: skip
    types = []
    for number, title in SERVICE_TYPES:
        rows = [
            {
                "n": n,
                "name": name,
                "volume": volume,
                "periodicity": periodicity,
                "term": "с 01.10.2026 по 30.09.2027",
            }
            for n, (name, volume, periodicity) in enumerate(services.get(number, []), start=1)
        ]
        types.append({"number": number, "title": title, "services": rows})
    return {
        "program": {
            "number": "312",
            "drawn_up_on": datetime.date(2026, 9, 25),
            "authority": "Министерство социальной защиты населения Кузбасса",
            "repeat": "впервые",
            "valid_until": datetime.date(2029, 9, 24),
            "form": "социальное обслуживание на дому",
            "work_address": "не работает",
            "email": "нет",
            "providers": "ГБУ «КЦСОН г. Кемерово», 650000, г. Кемерово, пр-т Советский, д. 60, "
            "тел. +7 3842 00-00-00",
            "notes": "нет",
            "refusal": "нет",
            "signer_position": "начальник управления социальной защиты населения",
            "signer_name": "Кузнецова Елена Викторовна",
        },
        "service_types": types,
        "social_support": [
            {
                "n": 1,
                "kind": "содействие в получении медицинской помощи",
                "provider": "ГАУЗ «Кемеровская городская клиническая поликлиника № 5»",
            }
        ],
    }
