"""Invented people and addresses for the demo: common Russian names in one city (Кемерово).

Any resemblance of a generated combination to a real person is accidental; СНИЛС numbers are
generated with valid check digits but are not issued numbers.
"""

import math
import random
from dataclasses import dataclass

from zabota.rules.identifiers import snils_check

SURNAMES = [
    ("Иванов", "Иванова"),
    ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"),
    ("Васильев", "Васильева"),
    ("Петров", "Петрова"),
    ("Соколов", "Соколова"),
    ("Михайлов", "Михайлова"),
    ("Новиков", "Новикова"),
    ("Фёдоров", "Фёдорова"),
    ("Морозов", "Морозова"),
    ("Волков", "Волкова"),
    ("Алексеев", "Алексеева"),
    ("Лебедев", "Лебедева"),
    ("Семёнов", "Семёнова"),
    ("Егоров", "Егорова"),
    ("Павлов", "Павлова"),
    ("Козлов", "Козлова"),
    ("Степанов", "Степанова"),
    ("Николаев", "Николаева"),
    ("Орлов", "Орлова"),
    ("Андреев", "Андреева"),
    ("Макаров", "Макарова"),
    ("Никитин", "Никитина"),
    ("Захаров", "Захарова"),
    ("Зайцев", "Зайцева"),
    ("Соловьёв", "Соловьёва"),
    ("Борисов", "Борисова"),
    ("Яковлев", "Яковлева"),
    ("Григорьев", "Григорьева"),
    ("Романов", "Романова"),
    ("Воробьёв", "Воробьёва"),
    ("Сергеев", "Сергеева"),
    ("Кузьмин", "Кузьмина"),
    ("Фролов", "Фролова"),
    ("Александров", "Александрова"),
    ("Дмитриев", "Дмитриева"),
    ("Королёв", "Королёва"),
    ("Гусев", "Гусева"),
    ("Киселёв", "Киселёва"),
    ("Ильин", "Ильина"),
    ("Максимов", "Максимова"),
    ("Поляков", "Полякова"),
    ("Сорокин", "Сорокина"),
    ("Виноградов", "Виноградова"),
    ("Ковалёв", "Ковалёва"),
    ("Белов", "Белова"),
    ("Медведев", "Медведева"),
    ("Антонов", "Антонова"),
    ("Тарасов", "Тарасова"),
    ("Жуков", "Жукова"),
    ("Баранов", "Баранова"),
    ("Филиппов", "Филиппова"),
    ("Комаров", "Комарова"),
    ("Давыдов", "Давыдова"),
    ("Беляев", "Беляева"),
    ("Герасимов", "Герасимова"),
    ("Богданов", "Богданова"),
    ("Осипов", "Осипова"),
    ("Сидоров", "Сидорова"),
    ("Матвеев", "Матвеева"),
    ("Титов", "Титова"),
    ("Марков", "Маркова"),
    ("Миронов", "Миронова"),
    ("Крылов", "Крылова"),
    ("Куликов", "Куликова"),
    ("Карпов", "Карпова"),
    ("Власов", "Власова"),
    ("Мельников", "Мельникова"),
    ("Денисов", "Денисова"),
    ("Гаврилов", "Гаврилова"),
    ("Тихонов", "Тихонова"),
    ("Казаков", "Казакова"),
    ("Афанасьев", "Афанасьева"),
    ("Данилов", "Данилова"),
    ("Савельев", "Савельева"),
    ("Тимофеев", "Тимофеева"),
    ("Фомин", "Фомина"),
    ("Чернов", "Чернова"),
    ("Абрамов", "Абрамова"),
    ("Мартынов", "Мартынова"),
    ("Ефимов", "Ефимова"),
    ("Федотов", "Федотова"),
    ("Щербаков", "Щербакова"),
    ("Назаров", "Назарова"),
    ("Калинин", "Калинина"),
    ("Исаев", "Исаева"),
    ("Чернышёв", "Чернышёва"),
    ("Быков", "Быкова"),
    ("Маслов", "Маслова"),
    ("Родионов", "Родионова"),
    ("Коновалов", "Коновалова"),
    ("Лазарев", "Лазарева"),
    ("Воронин", "Воронина"),
    ("Климов", "Климова"),
    ("Филатов", "Филатова"),
    ("Пономарёв", "Пономарёва"),
    ("Голубев", "Голубева"),
    ("Кудрявцев", "Кудрявцева"),
    ("Прохоров", "Прохорова"),
    ("Наумов", "Наумова"),
    ("Потапов", "Потапова"),
    # Surnames that do not decline or decline unusually, as in any real registry.
    ("Долгих", "Долгих"),
    ("Белых", "Белых"),
    ("Шевченко", "Шевченко"),
    ("Ким", "Ким"),
    ("Ткаченко", "Ткаченко"),
    ("Мельник", "Мельник"),
]
MALE_NAMES = [
    "Александр",
    "Алексей",
    "Анатолий",
    "Андрей",
    "Борис",
    "Валентин",
    "Валерий",
    "Василий",
    "Виктор",
    "Владимир",
    "Геннадий",
    "Георгий",
    "Григорий",
    "Дмитрий",
    "Евгений",
    "Иван",
    "Игорь",
    "Илья",
    "Леонид",
    "Лев",
    "Михаил",
    "Никита",
    "Николай",
    "Олег",
    "Павел",
    "Пётр",
    "Сергей",
    "Станислав",
    "Юрий",
    "Яков",
]
FEMALE_NAMES = [
    "Александра",
    "Алла",
    "Анна",
    "Антонина",
    "Валентина",
    "Вера",
    "Галина",
    "Евдокия",
    "Екатерина",
    "Елена",
    "Зинаида",
    "Зоя",
    "Клавдия",
    "Лидия",
    "Любовь",
    "Людмила",
    "Мария",
    "Надежда",
    "Наталья",
    "Нина",
    "Ольга",
    "Раиса",
    "Светлана",
    "Софья",
    "Тамара",
    "Татьяна",
    "Валерия",
    "Юлия",
    "Инна",
    "Маргарита",
]
# (male patronymic, female patronymic) from the father's name.
PATRONYMICS = [
    ("Александрович", "Александровна"),
    ("Алексеевич", "Алексеевна"),
    ("Андреевич", "Андреевна"),
    ("Борисович", "Борисовна"),
    ("Васильевич", "Васильевна"),
    ("Викторович", "Викторовна"),
    ("Владимирович", "Владимировна"),
    ("Григорьевич", "Григорьевна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Иванович", "Ивановна"),
    ("Ильич", "Ильинична"),
    ("Кузьмич", "Кузьминична"),
    ("Михайлович", "Михайловна"),
    ("Николаевич", "Николаевна"),
    ("Павлович", "Павловна"),
    ("Петрович", "Петровна"),
    ("Сергеевич", "Сергеевна"),
    ("Степанович", "Степановна"),
    ("Фёдорович", "Фёдоровна"),
    ("Яковлевич", "Яковлевна"),
    ("Семёнович", "Семёновна"),
]
STREETS = [
    "пр-т Ленина",
    "пр-т Советский",
    "ул. Весенняя",
    "ул. Кирова",
    "пр-т Октябрьский",
    "ул. Красноармейская",
    "ул. Дзержинского",
    "ул. Ноградская",
    "пр-т Кузнецкий",
    "ул. Тухачевского",
    "б-р Строителей",
    "ул. Патриотов",
    "пр-т Шахтёров",
    "ул. Терешковой",
    "ул. Волгоградская",
    "ул. Сибиряков-Гвардейцев",
    "ул. Гагарина",
    "ул. Рукавишникова",
    "ул. Институтская",
    "пр-т Молодёжный",
    "ул. Федоровского",
    "ул. Свободы",
    "ул. Пролетарская",
    "ул. Юрия Смирнова",
    "ул. Черняховского",
]
CITY = "г. Кемерово"
POSTCODE = "6500"
# The centre of Кемерово; homes are spread within about 8 km of it.
CITY_CENTRE = (55.3547, 86.0873)


@dataclass(frozen=True)
class Person:
    last_name: str
    first_name: str
    middle_name: str
    gender: str

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name} {self.middle_name}"


def random_person(rng: random.Random, gender: str | None = None) -> Person:
    gender = gender or rng.choice(("female", "female", "male"))
    male_surname, female_surname = rng.choice(SURNAMES)
    male_patronymic, female_patronymic = rng.choice(PATRONYMICS)
    if gender == "male":
        return Person(male_surname, rng.choice(MALE_NAMES), male_patronymic, gender)
    return Person(female_surname, rng.choice(FEMALE_NAMES), female_patronymic, gender)


def random_address(rng: random.Random) -> str:
    flat = f", кв. {rng.randint(1, 180)}" if rng.random() < 0.8 else ""
    return (
        f"{POSTCODE}{rng.randint(0, 99):02d}, Кемеровская обл. — Кузбасс, {CITY}, "
        f"{rng.choice(STREETS)}, д. {rng.randint(1, 120)}{flat}"
    )


def random_position(rng: random.Random) -> tuple[float, float]:
    latitude, longitude = CITY_CENTRE
    return (
        round(latitude + rng.uniform(-0.07, 0.07), 6),
        round(longitude + rng.uniform(-0.12, 0.12), 6),
    )


def in_district(
    position: tuple[float, float], district: int, districts: int
) -> tuple[float, float]:
    """The position drawn by random_position moved into the worker's district: a social worker
    serves the homes of one part of town (a участок of about 2 km), not the whole of it. The
    districts' centres spiral out from the town's centre (the golden angle spreads them evenly);
    nothing is drawn from the generator, so every other demo value stays as it was."""
    latitude, longitude = CITY_CENTRE
    radius = math.sqrt((district + 0.5) / max(districts, 1))
    angle = district * 2.399963
    centre_lat = latitude + 0.055 * radius * math.sin(angle)
    centre_lon = longitude + 0.095 * radius * math.cos(angle)
    return (
        round(centre_lat + (position[0] - latitude) * 0.25, 6),
        round(centre_lon + (position[1] - longitude) * 0.25, 6),
    )


class SnilsSource:
    """Unique СНИЛС numbers with valid check digits."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def next(self) -> str:
        while True:
            body = f"{self.rng.randint(10_000_000, 999_999_999):09d}"
            if body not in self.used:
                self.used.add(body)
                return f"{body}{snils_check(body):02d}"


def random_phone(rng: random.Random) -> str:
    code, first, second, third = (
        rng.randint(0, 99),
        rng.randint(100, 999),
        rng.randint(10, 99),
        rng.randint(10, 99),
    )
    return f"+7 9{code:02d} {first}-{second}-{third}"
