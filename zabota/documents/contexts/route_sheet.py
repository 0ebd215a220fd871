"""The route sheet (маршрутный лист) of a worker's day: the fields its builder must return.

The kind is registered with its builder by zabota.field (its extensions module): the stops in
route order (zabota.rules.routes), each with the straight-line distance from the previous point,
and the visits whose address has no coordinates listed apart. Issued from the route page, kept
out of the general archive (it names several recipients, none of them «the» recipient)."""

from __future__ import annotations

import datetime

FIELDS = [
    ("route.date", "дата маршрута"),
    ("route.weekday", "день недели словом: понедельник, вторник…"),
    ("route.worker_name", "работник: фамилия, имя, отчество"),
    ("route.worker_short_name", "работник: фамилия и инициалы"),
    ("route.worker_position", "должность работника"),
    ("route.department", "отделение работника"),
    ("route.start", "откуда начинается маршрут: адрес отделения или «от первого адреса»"),
    ("route.stops", "адреса по порядку обхода: {%tr for s in route.stops %}"),
    ("route.stops[].n", "номер по порядку"),
    ("route.stops[].name", "получатель: фамилия, имя, отчество"),
    ("route.stops[].address", "адрес"),
    ("route.stops[].phone", "телефон («—», если нет)"),
    ("route.stops[].services", "услуги по плану на этот день, через точку с запятой"),
    ("route.stops[].leg_km", "км от предыдущего адреса (по прямой; «—» у первого без начала)"),
    ("route.total_km", "всего км по маршруту (по прямой между адресами)"),
    ("route.visits", "посещений в этот день, всего"),
    ("route.has_unplaced", "есть адреса без координат (для {%p if route.has_unplaced %})"),
    ("route.unplaced", "адреса без координат, в конце дня: {%tr for u in route.unplaced %}"),
    ("route.unplaced[].n", "номер по порядку (продолжает нумерацию маршрута)"),
    ("route.unplaced[].name", "получатель"),
    ("route.unplaced[].address", "адрес"),
    ("route.unplaced[].phone", "телефон"),
    ("route.unplaced[].services", "услуги по плану на этот день"),
]


def sample() -> dict:
    return {
        "route": {
            "date": datetime.date(2026, 12, 7),
            "weekday": "понедельник",
            "worker_name": "Соколова Анна Ивановна",
            "worker_short_name": "Соколова А. И.",
            "worker_position": "Социальный работник",
            "department": "Отделение социального обслуживания на дому № 1",
            "start": "от отделения: г. Кемерово, пр-т Советский, д. 60",
            "stops": [
                {
                    "n": 1,
                    "name": "Иванова Мария Петровна",
                    "address": "г. Кемерово, ул. Весенняя, д. 5, кв. 12",
                    "phone": "+7 903 111-22-33",
                    "services": "Покупка и доставка продуктов питания; Мытьё пола",
                    "leg_km": "1,4",
                },
                {
                    "n": 2,
                    "name": "Сидоров Пётр Ильич",
                    "address": "г. Кемерово, ул. Кирова, д. 20, кв. 3",
                    "phone": "—",
                    "services": "Помощь в приготовлении пищи",
                    "leg_km": "0,8",
                },
            ],
            "total_km": "2,2",
            "visits": 3,
            "has_unplaced": True,
            "unplaced": [
                {
                    "n": 3,
                    "name": "Кузнецова Анна Сергеевна",
                    "address": "г. Кемерово, пр-т Ленина, д. 90, кв. 41",
                    "phone": "+7 905 444-55-66",
                    "services": "Оплата жилищно-коммунальных услуг",
                }
            ],
        }
    }
