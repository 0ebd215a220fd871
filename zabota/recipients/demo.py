import datetime

from zabota.core.demo import DemoContext
from zabota.core.demo_people import (
    SnilsSource,
    in_district,
    random_address,
    random_person,
    random_phone,
    random_position,
)
from zabota.organisation.roles import Role
from zabota.recipients.declension import fill_declined_names
from zabota.recipients.models import (
    BenefitCategory,
    Consent,
    DisabilityGroup,
    DischargeReason,
    Enrolment,
    MedicalCertificate,
    Recipient,
    RecipientStatus,
    Representative,
)

# (name, free of charge under 442-ФЗ ст. 31 ч. 1)
CATEGORIES = [
    ("Инвалид Великой Отечественной войны", True),
    ("Участник Великой Отечественной войны", True),
    ("Житель блокадного Ленинграда", True),
    ("Труженик тыла", False),
    ("Ветеран труда", False),
    ("Ветеран труда Кемеровской области", False),
    ("Инвалид I группы", False),
    ("Инвалид II группы", False),
    ("Инвалид III группы", False),
    ("Вдова участника ВОВ", False),
    ("Реабилитированное лицо", False),
    ("Одиноко проживающий пенсионер", False),
]
REASONS = [
    "Смерть",
    "Переезд в другой населённый пункт",
    "Отказ от обслуживания",
    "Помещение в стационарное учреждение",
    "Выздоровление (улучшение состояния)",
    "Нарушение условий договора",
]
CONSENT_VERSION = "2025-1"


def populate(ctx: DemoContext) -> None:
    rng = ctx.rng
    categories = BenefitCategory.objects.bulk_create(
        BenefitCategory(institution=ctx.institution, name=name, free_of_charge=free)
        for name, free in CATEGORIES
    )
    reasons = DischargeReason.objects.bulk_create(
        DischargeReason(institution=ctx.institution, name=name) for name in REASONS
    )
    social_workers = [w for w in ctx.workers if w.role == Role.SOCIAL_WORKER]
    caregivers_by_department = {}
    for w in ctx.workers:
        if w.role == Role.CAREGIVER:
            caregivers_by_department.setdefault(w.department_id, []).append(w)
    snils = SnilsSource(rng)
    recipients = []
    for index in range(ctx.recipients):
        # Round-robin over workers, so worker1 and worker2 each have their own people.
        worker = social_workers[index % len(social_workers)]
        person = random_person(rng)
        age = rng.randint(62, 96)
        birth = ctx.today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        latitude, longitude = in_district(
            random_position(rng), index % len(social_workers), len(social_workers)
        )
        caregivers = caregivers_by_department.get(worker.department_id, [])
        disability = rng.choice(["", "", "", "1", "2", "3"])
        recipient = Recipient(
            institution=ctx.institution,
            department_id=worker.department_id,
            social_worker=worker,
            caregiver=rng.choice(caregivers) if caregivers and rng.random() < 0.3 else None,
            last_name=person.last_name,
            first_name=person.first_name,
            middle_name=person.middle_name,
            gender=person.gender,
            birth_date=birth,
            birth_place="г. Кемерово",
            snils=snils.next(),
            document_series=f"{rng.randint(32, 32):02d}{rng.randint(0, 25):02d}",
            document_number=f"{rng.randint(0, 999999):06d}",
            document_issued_by="ГУ МВД России по Кемеровской области — Кузбассу",
            document_issued_on=birth + datetime.timedelta(days=45 * 365 + rng.randint(0, 3000)),
            document_issuer_code=f"420-0{rng.randint(10, 99)}",
            registration_address=random_address(rng),
            phone=random_phone(rng),
            latitude=latitude,
            longitude=longitude,
            disability_group=disability,
            disability_until=None
            if not disability or rng.random() < 0.6
            else ctx.today + datetime.timedelta(days=rng.randint(30, 700)),
        )
        if recipient.document_issued_on > ctx.today:
            recipient.document_issued_on = ctx.today - datetime.timedelta(days=400)
        fill_declined_names(recipient)
        recipients.append(recipient)
    recipients = Recipient.objects.bulk_create(recipients, batch_size=1000)

    links, enrolments, consents, certificates = [], [], [], []
    Link = Recipient.benefit_categories.through
    discharged = []
    for recipient in recipients:
        for category in rng.sample(categories, k=rng.choice([0, 1, 1, 2])):
            links.append(Link(recipient_id=recipient.pk, benefitcategory_id=category.pk))
        enrolled_on = ctx.today - datetime.timedelta(days=rng.randint(120, 2500))
        enrolment = Enrolment(
            recipient=recipient,
            department_id=recipient.department_id,
            enrolled_on=enrolled_on,
            basis="Заявление о предоставлении социального обслуживания",
            enrolled_by=ctx.heads.get(recipient.department_id),
        )
        # A few people came this month, a few left: the journals are not empty.
        roll = rng.random()
        if roll < 0.04:
            enrolment.enrolled_on = ctx.today - datetime.timedelta(days=rng.randint(0, 25))
        elif roll < 0.09:
            enrolment.discharged_on = ctx.today - datetime.timedelta(days=rng.randint(1, 80))
            enrolment.discharge_reason = rng.choice(reasons)
            enrolment.discharged_by = enrolment.enrolled_by
            discharged.append(recipient.pk)
        enrolments.append(enrolment)
        consents.append(
            Consent(
                recipient=recipient, given_on=enrolment.enrolled_on, text_version=CONSENT_VERSION
            )
        )
        # Certificates are valid for a year; some run out soon, some already have.
        issued = ctx.today - datetime.timedelta(days=rng.randint(10, 400))
        certificates.append(
            MedicalCertificate(
                recipient=recipient,
                number=f"{rng.randint(100, 9999)}",
                issued_on=issued,
                valid_until=issued + datetime.timedelta(days=365),
                issued_by="ГАУЗ «Кемеровская городская клиническая поликлиника № 5»",
            )
        )
    Link.objects.bulk_create(links, batch_size=2000)
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    Consent.objects.bulk_create(consents, batch_size=2000)
    MedicalCertificate.objects.bulk_create(certificates, batch_size=2000)
    Recipient.objects.filter(pk__in=discharged).update(status=RecipientStatus.DISCHARGED)
    # A guardian for a few people with the first disability group.
    guarded = [r for r in recipients if r.disability_group == DisabilityGroup.FIRST][
        : max(3, len(recipients) // 50)
    ]
    Representative.objects.bulk_create(
        Representative(
            recipient=r,
            kind=Representative.Kind.GUARDIAN,
            last_name=(p := random_person(rng)).last_name,
            first_name=p.first_name,
            middle_name=p.middle_name,
            basis="Распоряжение органа опеки № 115 от 12.03.2024",
            phone=random_phone(rng),
            valid_from=ctx.today - datetime.timedelta(days=600),
        )
        for r in guarded
    )
    ctx.extra["recipients"] = [r for r in recipients if r.pk not in set(discharged)]
