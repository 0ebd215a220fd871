import math

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from zabota.core.demo import DEMO_PASSWORD, DemoContext
from zabota.core.demo_people import random_person, random_phone
from zabota.organisation.models import Department, Institution, Staff
from zabota.organisation.roles import Role

# Social workers serve about ten people each; a department has about thirty workers.
RECIPIENTS_PER_WORKER = 10
WORKERS_PER_DEPARTMENT = 30


def inn_of(number: int) -> str:
    """The demo's INN (a real check sum) for the first institution; a valid ten-digit INN of
    Kuzbass for each further one of a region."""
    if number == 1:
        return "4205001274"
    digits = [int(d) for d in f"4205{number:05d}"]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


FIRST = {
    "name": "Государственное бюджетное учреждение «Комплексный центр социального "
    "обслуживания населения города Кемерово»",
    "short_name": "ГБУ «КЦСОН г. Кемерово»",
    "inn": "4205001274",
    "kpp": "420501001",
    "ogrn": "1024200708370",
    "address": "650000, Кемеровская обл. — Кузбасс, г. Кемерово, пр-т Советский, д. 60",
    "city": "г. Кемерово",
    "phone": "+7 3842 00-00-00",
    "email": "kcson@example.ru",
    "director_name": "Осипова Галина Николаевна",
    "director_name_gent": "Осиповой Галины Николаевны",
    "director_name_datv": "Осиповой Галине Николаевне",
    "bank_details": "Получатель: Минфин Кузбасса (ГБУ «КЦСОН г. Кемерово»), "
    "р/с 03224643320000003900, БИК 013207212",
}
# The small demo's second institution (DemoContext.second): a district centre of its own.
SECOND = {
    "name": "Муниципальное бюджетное учреждение «Комплексный центр социального "
    "обслуживания населения Берёзовского городского округа»",
    "short_name": "МБУ «КЦСОН г. Берёзовский»",
    "inn": "4250004414",
    "kpp": "425001001",
    "ogrn": "1034250001225",
    "address": "652420, Кемеровская обл. — Кузбасс, г. Берёзовский, пр-т Ленина, д. 10",
    "city": "г. Берёзовский",
    "phone": "+7 38445 0-00-00",
    "email": "kcson-berez@example.ru",
    "director_name": "Кравцова Елена Павловна",
    "director_name_gent": "Кравцовой Елены Павловны",
    "director_name_datv": "Кравцовой Елене Павловне",
    "bank_details": "Получатель: УФК по Кемеровской области — Кузбассу (МБУ «КЦСОН "
    "г. Берёзовский»), р/с 03234643327000003900, БИК 013207212",
}


def populate(ctx: DemoContext) -> None:
    second = bool(ctx.login_suffix)
    if second:
        fields = SECOND
    else:
        # A region's further institutions (`demo_data --institutions N`): numbered, own INN.
        suffix = "" if ctx.number == 1 else f" № {ctx.number}"
        fields = {
            **FIRST,
            "name": FIRST["name"] + suffix,
            "short_name": FIRST["short_name"] + suffix,
            "inn": inn_of(ctx.number),
        }
    ctx.institution = Institution.objects.create(**fields)
    workers_total = max(6, ctx.recipients // RECIPIENTS_PER_WORKER)
    department_count = max(2 if second else 3, math.ceil(workers_total / WORKERS_PER_DEPARTMENT))
    ctx.departments = Department.objects.bulk_create(
        Department(
            institution=ctx.institution,
            number=n,
            name=f"Отделение социального обслуживания на дому № {n}",
            address=ctx.institution.address,
        )
        for n in range(1, department_count + 1)
    )
    password = make_password(DEMO_PASSWORD)  # hashed once: the demo has hundreds of logins
    plan = [
        ("admin", Role.ADMIN, None, "Администратор информационной системы"),
        ("director", Role.DIRECTOR, None, "Директор"),
        ("specialist1", Role.SPECIALIST, None, "Специалист по социальной работе"),
        ("accountant1", Role.ACCOUNTANT, None, "Главный бухгалтер"),
    ]
    for index, department in enumerate(ctx.departments, start=1):
        plan.append((f"head{index}", Role.HEAD, department, "Заведующий отделением"))
    worker_number = caregiver_number = 0
    for index in range(workers_total):
        department = ctx.departments[index * department_count // workers_total]
        # One caregiver for every four social workers, the first in department 1.
        if index % 5 == 2:
            caregiver_number += 1
            plan.append(
                (f"caregiver{caregiver_number}", Role.CAREGIVER, department, "Помощник по уходу")
            )
        else:
            worker_number += 1
            plan.append(
                (f"worker{worker_number}", Role.SOCIAL_WORKER, department, "Социальный работник")
            )
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=ctx.login(login), password=password) for login, *_ in plan
    )
    people = []
    for user, (login, role, department, position) in zip(users, plan, strict=True):
        person = random_person(ctx.rng, "male" if ctx.rng.random() < 0.15 else "female")
        if login == "director":
            person = type(person)(*ctx.institution.director_name.split(), "female")
        people.append(
            Staff(
                user=user,
                institution=ctx.institution,
                department=department,
                role=role,
                last_name=person.last_name,
                first_name=person.first_name,
                middle_name=person.middle_name,
                position=position,
                phone=random_phone(ctx.rng),
            )
        )
    # Keyed by the plain login («director») in every institution: the later steps look them up.
    for (login, *_), staff in zip(plan, Staff.objects.bulk_create(people), strict=True):
        ctx.staff[login] = staff
        if staff.role in (Role.SOCIAL_WORKER, Role.CAREGIVER):
            ctx.workers.append(staff)
        if staff.role == Role.HEAD:
            ctx.heads[staff.department_id] = staff
