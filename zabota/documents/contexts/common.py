"""The part of the context every document gets: institution, recipient, representative, issuer,
document, today. Other apps' builders reuse these functions for the people they print
(`recipient_context` gives the same keys everywhere)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from zabota.documents.wording import identity_document_line, position_in_case, salutation
from zabota.rules.identifiers import snils_format
from zabota.rules.names import decline, infer_gender, initials

COMMON_FIELDS: list[tuple[str, str]] = [
    ("today", "сегодняшняя дата"),
    ("document.number", "номер документа в архиве (присваивается при выдаче)"),
    ("document.date", "дата документа (день выдачи)"),
    ("document.title", "наименование документа"),
    ("document.template_version", "версия шаблона, по которому выдан документ"),
    ("institution.name", "полное наименование учреждения"),
    ("institution.short_name", "сокращённое наименование"),
    ("institution.inn", "ИНН"),
    ("institution.kpp", "КПП"),
    ("institution.ogrn", "ОГРН"),
    ("institution.address", "адрес учреждения"),
    ("institution.phone", "телефон учреждения"),
    ("institution.email", "электронная почта учреждения"),
    ("institution.city", "город (место составления документа)"),
    ("institution.bank_details", "банковские реквизиты"),
    ("institution.director_position", "должность руководителя (кто?)"),
    ("institution.director_position_gent", "должность руководителя в родительном падеже (кого?)"),
    ("institution.director_position_datv", "должность руководителя в дательном падеже (кому?)"),
    ("institution.director_name", "ФИО руководителя"),
    ("institution.director_name_gent", "ФИО руководителя в родительном падеже (кого?)"),
    ("institution.director_name_datv", "ФИО руководителя в дательном падеже (кому?)"),
    ("institution.director_short", "фамилия и инициалы руководителя"),
    ("institution.director_is_female", "руководитель — женщина (действующ{{ 'ей' if … else 'его' }})"),  # noqa: E501
    ("institution.acts_on_basis_of", "руководитель действует на основании (Устава)"),
    ("recipient", "получатель (пусто, если документ не о получателе)"),
    ("recipient.full_name", "ФИО получателя (кто?)"),
    ("recipient.last_name", "фамилия"),
    ("recipient.first_name", "имя"),
    ("recipient.middle_name", "отчество"),
    ("recipient.first_and_middle", "имя и отчество (для обращения)"),
    ("recipient.name_gent", "ФИО в родительном падеже (кого? чего?) — из карточки"),
    ("recipient.name_datv", "ФИО в дательном падеже (кому?) — из карточки"),
    ("recipient.name_accs", "ФИО в винительном падеже (кого?) — из карточки"),
    ("recipient.name_ablt", "ФИО в творительном падеже (кем?) — из карточки"),
    ("recipient.name_loct", "ФИО в предложном падеже (о ком?) — из карточки"),
    ("recipient.short_name", "фамилия и инициалы"),
    ("recipient.is_female", "женщина (для окончаний: именуем{{ 'ая' if recipient.is_female else 'ый' }})"),  # noqa: E501
    ("recipient.gender", "пол словом: мужской / женский"),
    ("recipient.salutation", "«Уважаемая» или «Уважаемый»"),
    ("recipient.birth_date", "дата рождения"),
    ("recipient.birth_place", "место рождения"),
    ("recipient.snils", "СНИЛС (112-233-445 95)"),
    ("recipient.document", "документ, удостоверяющий личность, одной строкой"),
    ("recipient.document_type", "вид документа"),
    ("recipient.document_series", "серия"),
    ("recipient.document_number", "номер"),
    ("recipient.document_issued_by", "кем выдан"),
    ("recipient.document_issued_on", "дата выдачи"),
    ("recipient.document_issuer_code", "код подразделения"),
    ("recipient.registration_address", "адрес регистрации"),
    ("recipient.address", "адрес проживания (фактический или, если не указан, регистрации)"),
    ("recipient.phone", "телефон"),
    ("recipient.disability", "инвалидность словами («II группа, до 01.03.2027» или «нет»)"),
    ("recipient.benefit_categories", "льготные категории через запятую («нет», если их нет)"),
    ("recipient.department", "отделение"),
    ("representative", "законный представитель (пусто, если его нет): {% if representative %}"),
    ("representative.full_name", "ФИО представителя"),
    ("representative.name_gent", "ФИО представителя в родительном падеже"),
    ("representative.short_name", "фамилия и инициалы представителя"),
    ("representative.is_female", "представитель — женщина"),
    ("representative.kind", "кем приходится (опекун, представитель по доверенности…)"),
    ("representative.basis", "документ, подтверждающий полномочия"),
    ("representative.document", "паспорт представителя одной строкой"),
    ("representative.address", "адрес представителя"),
    ("representative.phone", "телефон представителя"),
    ("customer.full_name", "кто подписывает: получатель или его представитель"),
    ("customer.name_gent", "подписывающий в родительном падеже"),
    ("customer.short_name", "подписывающий: фамилия и инициалы"),
    ("customer.is_representative", "подписывает представитель"),
    ("customer.basis", "основание полномочий представителя (пусто, если подписывает сам получатель)"),  # noqa: E501
    ("issuer.full_name", "ФИО сотрудника, выдавшего документ"),
    ("issuer.short_name", "фамилия и инициалы сотрудника"),
    ("issuer.position", "должность сотрудника"),
    ("issuer.phone", "телефон сотрудника"),
]  # fmt: skip


def institution_context(institution) -> dict:
    position = institution.director_position or "директор"
    director_gent = institution.director_name_gent or decline(institution.director_name, "gent")
    return {
        "name": institution.name,
        "short_name": institution.short_name or institution.name,
        "inn": institution.inn,
        "kpp": institution.kpp,
        "ogrn": institution.ogrn,
        "address": institution.address,
        "phone": institution.phone,
        "email": institution.email,
        "city": institution.city,
        "bank_details": institution.bank_details,
        "director_position": position,
        "director_position_gent": position_in_case(position, "gent"),
        "director_position_datv": position_in_case(position, "datv"),
        "director_name": institution.director_name,
        "director_name_gent": director_gent,
        "director_name_datv": institution.director_name_datv
        or decline(institution.director_name, "datv"),
        "director_short": initials(institution.director_name),
        "director_is_female": infer_gender(institution.director_name) == "female",
        "acts_on_basis_of": institution.acts_on_basis_of,
    }


def _disability(recipient) -> str:
    if not recipient.disability_group:
        return "нет"
    text = recipient.get_disability_group_display()
    if recipient.disability_until:
        return f"{text}, до {recipient.disability_until:%d.%m.%Y}"
    return f"{text}, бессрочно"


def recipient_context(recipient, *, categories: list[str] | None = None) -> dict:
    """Everything a document may say about the recipient, ФИО cases as stored on the card."""
    if categories is None:
        categories = [c.name for c in recipient.benefit_categories.all()]
    is_female = recipient.gender == "female"
    full_name = recipient.full_name
    return {
        "full_name": full_name,
        "last_name": recipient.last_name,
        "first_name": recipient.first_name,
        "middle_name": recipient.middle_name,
        "first_and_middle": " ".join(p for p in (recipient.first_name, recipient.middle_name) if p),
        # Stored, staff-corrected forms; declined only if a card has none (e.g. an old import).
        "name_gent": recipient.name_gent or decline(full_name, "gent", recipient.gender or None),
        "name_datv": recipient.name_datv or decline(full_name, "datv", recipient.gender or None),
        "name_accs": recipient.name_accs or decline(full_name, "accs", recipient.gender or None),
        "name_ablt": recipient.name_ablt or decline(full_name, "ablt", recipient.gender or None),
        "name_loct": recipient.name_loct or decline(full_name, "loct", recipient.gender or None),
        "short_name": recipient.short_name,
        "is_female": is_female,
        "gender": recipient.get_gender_display(),
        "salutation": salutation(is_female),
        "birth_date": recipient.birth_date,
        "birth_place": recipient.birth_place,
        "snils": snils_format(recipient.snils),
        "document": identity_document_line(
            document_type=recipient.document_type,
            series=recipient.document_series,
            number=recipient.document_number,
            issued_by=recipient.document_issued_by,
            issued_on=recipient.document_issued_on,
            issuer_code=recipient.document_issuer_code,
        ),
        "document_type": recipient.document_type,
        "document_series": recipient.document_series,
        "document_number": recipient.document_number,
        "document_issued_by": recipient.document_issued_by,
        "document_issued_on": recipient.document_issued_on,
        "document_issuer_code": recipient.document_issuer_code,
        "registration_address": recipient.registration_address,
        "address": recipient.address,
        "phone": recipient.phone,
        "disability": _disability(recipient),
        "benefit_categories": ", ".join(categories) or "нет",
        "department": recipient.department.name,
    }


def representative_context(representative) -> dict | None:
    if representative is None:
        return None
    full_name = representative.full_name
    gender = infer_gender(full_name)
    return {
        "full_name": full_name,
        "name_gent": representative.name_gent or decline(full_name, "gent", gender),
        "short_name": initials(full_name),
        "is_female": gender == "female",
        "kind": representative.get_kind_display(),
        "basis": representative.basis,
        "document": representative.document,
        "address": representative.address,
        "phone": representative.phone,
    }


def customer_context(recipient: dict | None, representative: dict | None) -> dict | None:
    """Who signs for the recipient's side: the representative if there is one."""
    if representative:
        return {
            "full_name": representative["full_name"],
            "name_gent": representative["name_gent"],
            "short_name": representative["short_name"],
            "is_representative": True,
            "basis": representative["basis"],
        }
    if recipient:
        return {
            "full_name": recipient["full_name"],
            "name_gent": recipient["name_gent"],
            "short_name": recipient["short_name"],
            "is_representative": False,
            "basis": "",
        }
    return None


def issuer_context(staff) -> dict:
    return {
        "full_name": staff.full_name,
        "short_name": staff.short_name,
        "position": staff.position or staff.get_role_display(),
        "phone": staff.phone,
    }


def active_representative(recipient):
    today = timezone.localdate()
    for representative in recipient.representatives.all():
        if not representative.is_active:
            continue
        if representative.valid_until and representative.valid_until < today:
            continue
        return representative
    return None


def common_context(
    *,
    actor,
    recipient=None,
    number: str,
    issued_on: datetime.date,
    title: str,
    template_version: int,
) -> dict:
    person = recipient_context(recipient) if recipient is not None else None
    representative = representative_context(active_representative(recipient)) if recipient else None
    return {
        "today": issued_on,
        "document": {
            "number": number,
            "date": issued_on,
            "title": title,
            "template_version": template_version,
        },
        "institution": institution_context(actor.institution),
        "recipient": person,
        "representative": representative,
        "customer": customer_context(person, representative),
        "issuer": issuer_context(actor),
    }


# --- sample ------------------------------------------------------------------------------


def sample_recipient() -> dict:
    return {
        "full_name": "Иванова Мария Петровна",
        "last_name": "Иванова",
        "first_name": "Мария",
        "middle_name": "Петровна",
        "first_and_middle": "Мария Петровна",
        "name_gent": "Ивановой Марии Петровны",
        "name_datv": "Ивановой Марии Петровне",
        "name_accs": "Иванову Марию Петровну",
        "name_ablt": "Ивановой Марией Петровной",
        "name_loct": "Ивановой Марии Петровне",
        "short_name": "Иванова М. П.",
        "is_female": True,
        "gender": "женский",
        "salutation": "Уважаемая",
        "birth_date": datetime.date(1942, 3, 8),
        "birth_place": "г. Кемерово",
        "snils": "112-233-445 95",
        "document": "паспорт гражданина РФ серия 3203 № 512345, выдан Отделом УФМС России по "
        "Кемеровской области в Центральном районе г. Кемерово 15.04.2004, код подразделения "
        "420-005",
        "document_type": "Паспорт гражданина РФ",
        "document_series": "3203",
        "document_number": "512345",
        "document_issued_by": "Отделом УФМС России по Кемеровской области в Центральном районе "
        "г. Кемерово",
        "document_issued_on": datetime.date(2004, 4, 15),
        "document_issuer_code": "420-005",
        "registration_address": "650000, г. Кемерово, ул. Весенняя, д. 5, кв. 12",
        "address": "650000, г. Кемерово, ул. Весенняя, д. 5, кв. 12",
        "phone": "+7 905 123-45-67",
        "disability": "II группа, бессрочно",
        "benefit_categories": "Ветеран труда",
        "department": "Отделение социального обслуживания на дому № 1",
    }


def sample_representative() -> dict:
    return {
        "full_name": "Иванов Сергей Николаевич",
        "name_gent": "Иванова Сергея Николаевича",
        "short_name": "Иванов С. Н.",
        "is_female": False,
        "kind": "представитель по доверенности",
        "basis": "доверенность от 01.02.2026 № 42 АА 1234567, удостоверенная нотариусом "
        "Кемеровского нотариального округа Петровой А. А.",
        "document": "паспорт гражданина РФ серия 3210 № 654321, выдан ГУ МВД России по "
        "Кемеровской области 20.06.2015",
        "address": "650000, г. Кемерово, пр-т Ленина, д. 10, кв. 3",
        "phone": "+7 905 765-43-21",
    }


def sample_common(*, title: str = "Документ", number: str = "С-17/2026") -> dict:
    today = datetime.date(2026, 10, 1)
    recipient = sample_recipient()
    representative = sample_representative()
    return {
        "today": today,
        "document": {"number": number, "date": today, "title": title, "template_version": 0},
        "institution": {
            "name": "Государственное бюджетное учреждение «Комплексный центр социального "
            "обслуживания населения города Кемерово»",
            "short_name": "ГБУ «КЦСОН г. Кемерово»",
            "inn": "4205001274",
            "kpp": "420501001",
            "ogrn": "1024200708370",
            "address": "650000, Кемеровская обл. — Кузбасс, г. Кемерово, пр-т Советский, д. 60",
            "phone": "+7 3842 00-00-00",
            "email": "kcson@example.ru",
            "city": "г. Кемерово",
            "bank_details": "Получатель: Минфин Кузбасса (ГБУ «КЦСОН г. Кемерово»), "
            "р/с 03224643320000003900, БИК 013207212",
            "director_position": "директор",
            "director_position_gent": "директора",
            "director_position_datv": "директору",
            "director_name": "Осипова Галина Николаевна",
            "director_name_gent": "Осиповой Галины Николаевны",
            "director_name_datv": "Осиповой Галине Николаевне",
            "director_short": "Осипова Г. Н.",
            "director_is_female": True,
            "acts_on_basis_of": "Устава",
        },
        "recipient": recipient,
        "representative": representative,
        "customer": customer_context(recipient, representative),
        "issuer": {
            "full_name": "Соколова Анна Ивановна",
            "short_name": "Соколова А. И.",
            "position": "специалист по социальной работе",
            "phone": "+7 3842 00-00-01",
        },
    }
