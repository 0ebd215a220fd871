"""Everything a printed contract or program needs, as a plain dict.

The printing itself (DOCX templates, PDF) lives in zabota.documents; it renders these dicts, so
a template never reaches into models and the values can be checked in a test. Dates stay dates
and money stays Decimal: formatting in words or by the Russian pattern is the template's job.
"""

import datetime
from decimal import Decimal

from zabota.catalog.models import ServiceType
from zabota.documents.contexts import common
from zabota.documents.wording import quantity_with_unit
from zabota.payments.selectors import decision_on
from zabota.programs.agreements import stored_changes
from zabota.programs.models import Contract, ContractAmendment, FeeKind, Program
from zabota.programs.selectors import priced_lines
from zabota.rules.payment import format_rubles, monthly_fee
from zabota.rules.words import rubles_in_words

LAW = "Федерального закона от 28.12.2013 № 442-ФЗ"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def institution_context(institution) -> dict:
    return {
        "name": institution.name,
        "short_name": institution.short_name,
        "inn": institution.inn,
        "kpp": institution.kpp,
        "ogrn": institution.ogrn,
        "address": institution.address,
        "phone": institution.phone,
        "email": institution.email,
        "city": institution.city,
        "director_name": institution.director_name,
        "director_name_gent": institution.director_name_gent,
        "director_position": institution.director_position,
        "acts_on_basis_of": institution.acts_on_basis_of,
        "bank_details": institution.bank_details,
    }


def recipient_context(recipient) -> dict:
    return {
        "full_name": recipient.full_name,
        "short_name": recipient.short_name,
        "last_name": recipient.last_name,
        "first_name": recipient.first_name,
        "middle_name": recipient.middle_name,
        "name_gent": recipient.name_gent or recipient.full_name,
        "name_datv": recipient.name_datv or recipient.full_name,
        "name_accs": recipient.name_accs or recipient.full_name,
        "name_ablt": recipient.name_ablt or recipient.full_name,
        "gender": recipient.get_gender_display(),
        "birth_date": recipient.birth_date,
        "birth_place": recipient.birth_place,
        "snils": recipient.snils_display,
        "document_type": recipient.document_type,
        "document_series": recipient.document_series,
        "document_number": recipient.document_number,
        "document_issued_by": recipient.document_issued_by,
        "document_issued_on": recipient.document_issued_on,
        "document_issuer_code": recipient.document_issuer_code,
        "registration_address": recipient.registration_address,
        "address": recipient.address,
        "phone": recipient.phone,
    }


def representative_context(representative) -> dict | None:
    if representative is None:
        return None
    return {
        "full_name": representative.full_name,
        "name_gent": representative.name_gent or representative.full_name,
        "kind": representative.get_kind_display(),
        "basis": representative.basis,
        "document": representative.document,
        "address": representative.address,
        "phone": representative.phone,
    }


def _service_rows(program: Program, on_date: datetime.date) -> tuple[list[dict], Decimal]:
    rows, total = [], Decimal("0.00")
    for number, priced in enumerate(priced_lines(program, on_date), start=1):
        line = priced.line
        rows.append(
            {
                "number": number,
                "n": number,
                "type_code": line.service.service_type.code,
                "type_name": line.service.service_type.name,
                "code": line.service.code,
                "name": line.service.name,
                "unit": line.service.unit,
                "quantity_per_month": line.quantity_per_month,
                "periodicity": line.periodicity,
                "weekdays": line.weekdays_display,
                "term": line.term,
                "time_norm_minutes": line.service.time_norm_minutes,
                "price": priced.price,
                "amount": priced.amount,
                "monthly_cost": priced.amount,
            }
        )
        total += priced.amount
    return rows, total


def program_document_context(program: Program, on_date: datetime.date | None = None) -> dict:
    """The ИППСУ (form of Приказ Минтруда № 874н, прил. 2): one table per type of ст. 20,
    all eight printed, empty ones included, as the form has them. Tariffs: those in force on
    `on_date` (default: the first day of the program)."""
    recipient = program.recipient
    rows, total = _service_rows(program, on_date or program.valid_from)
    by_type = [
        {
            "code": service_type.code,
            "name": service_type.name,
            "services": [r for r in rows if r["type_code"] == service_type.code],
        }
        for service_type in ServiceType.objects.order_by("code")
    ]
    representative = recipient.representatives.filter(is_active=True).first()
    term = f"с {program.valid_from:%d.%m.%Y} по {program.valid_until:%d.%m.%Y}"
    service_types = [
        {
            "number": ROMAN[t["code"] - 1],
            "title": t["name"],
            "services": [
                {
                    "n": n,
                    "name": r["name"],
                    "volume": f"{quantity_with_unit(r['quantity_per_month'], r['unit'])} в месяц",
                    "periodicity": r["periodicity"],
                    "term": term if r["term"] in ("", "на срок действия ИППСУ") else r["term"],
                }
                for n, r in enumerate(t["services"], start=1)
            ],
        }
        for t in by_type
    ]
    return {
        "institution": institution_context(recipient.institution),
        "recipient": recipient_context(recipient),
        "representative": representative_context(representative),
        "program": {
            "number": program.number,
            "drawn_up_on": program.drawn_up_on,
            "is_repeat": program.is_repeat,
            "developed": "повторно" if program.is_repeat else "впервые",
            "valid_from": program.valid_from,
            "valid_until": program.valid_until,
            "form": program.get_form_display(),
            "provider": program.provider,
            "status": program.get_status_display(),
            "notes": program.notes,
            "repeat": "повторно" if program.is_repeat else "впервые",
            "providers": program.provider,
        },
        "services": rows,
        "services_by_type": by_type,
        "service_types": service_types,
        "total_monthly_cost": total,
    }


def contract_document_context(contract: Contract, on_date: datetime.date | None = None) -> dict:
    """The contract (примерная форма, прил. 1 к Приказу № 874н) with its services and fee.
    Tariffs: those in force on `on_date` (default: the day of conclusion, as the fee was)."""
    recipient = contract.recipient
    rows, total = _service_rows(contract.program, on_date or contract.concluded_on)
    representative = representative_context(contract.representative)
    return {
        "institution": institution_context(contract.institution),
        "recipient": recipient_context(recipient),
        "representative": representative,
        "customer": {
            "full_name": contract.customer_name,
            "is_representative": representative is not None,
        },
        "contract": {
            "number": contract.number,
            "concluded_on": contract.concluded_on,
            "valid_from": contract.valid_from,
            "valid_until": contract.valid_until,
            "status": contract.get_status_display(),
            "fee_kind": contract.fee_kind,
            "fee_kind_display": contract.get_fee_kind_display(),
            "is_free": contract.fee_kind == FeeKind.FREE,
            "monthly_fee": contract.monthly_fee,
            "fee_explanation": contract.fee_explanation,
            "terminated_on": contract.terminated_on,
            "termination_reason": contract.termination_reason,
        },
        "program": {
            "number": contract.program.number,
            "drawn_up_on": contract.program.drawn_up_on,
            "valid_from": contract.program.valid_from,
            "valid_until": contract.program.valid_until,
        },
        "services": rows,
        "total_monthly_cost": total,
        "services_total": total,
        "fee": _fee(contract),
        "amendments": [
            {
                "number": a.number,
                "concluded_on": a.concluded_on,
                "description": a.description,
                "new_monthly_fee": a.new_monthly_fee,
                "new_valid_until": a.new_valid_until,
            }
            for a in contract.amendments.order_by("number")
        ],
    }


def _fee(contract: Contract) -> dict:
    """The fee as the contract states it, with the numbers of the decision behind it."""
    decision = decision_on(contract.recipient, contract.concluded_on)
    income = decision.income_per_capita if decision else None
    threshold = decision.threshold if decision else None
    cap = None
    if decision is not None:
        cap = monthly_fee(
            income_per_capita=decision.income_per_capita,
            threshold=decision.threshold,
            services_cost=contract.monthly_fee,
        ).cap
    categories = [c.name for c in contract.recipient.benefit_categories.all() if c.free_of_charge]
    free = contract.fee_kind == FeeKind.FREE
    return {
        "kind": contract.fee_kind,
        "kind_label": contract.get_fee_kind_display(),
        "amount": contract.monthly_fee,
        "amount_words": rubles_in_words(contract.monthly_fee),
        "income_per_capita": income,
        "threshold": threshold,
        "cap": cap,
        "explanation": contract.fee_explanation,
        "free_category": free and bool(categories),
        "basis": free_basis(categories, income, threshold) if free else "",
    }


def free_basis(categories: list[str], income: Decimal | None, threshold: Decimal | None) -> str:
    """Why the services are free, as the end of a contract's sentence «…бесплатно: <basis>.»:
    a category (442-ФЗ ст. 31 ч. 1) or the income not above the threshold (ст. 31 ч. 2)."""
    if categories:
        names = ", ".join(f"«{name}»" for name in categories)
        whom = (
            f"категории {names}, которой"
            if len(categories) == 1
            else f"категориям {names}, которым"
        )
        return (
            f"Заказчик относится к {whom} социальные услуги предоставляются бесплатно "
            f"(часть 1 статьи 31 {LAW})"
        )
    if income is not None and threshold is not None and income <= threshold:
        return (
            f"среднедушевой доход Заказчика ({format_rubles(income)}) не превышает предельную "
            f"величину среднедушевого дохода, равную {format_rubles(threshold)} (часть 2 "
            f"статьи 31 {LAW})"
        )
    return ""


def agreement_document_context(amendment: ContractAmendment) -> dict:
    """The дополнительное соглашение as concluded: the contract, the program it moved from and
    to, the services it changed with volumes and sums before and after (as recorded on the day,
    zabota.programs.agreements), the fee before and after, the longer term if any."""

    contract = amendment.contract
    # Who signed the contract signs its agreement: the representative named on the contract.
    representative = common.representative_context(contract.representative)
    customer = common.customer_context(common.recipient_context(contract.recipient), representative)
    program = amendment.new_program or contract.program
    old_program = amendment.old_program if amendment.new_program_id else None
    fee_kind = amendment.new_fee_kind or amendment.old_fee_kind or contract.fee_kind
    fee_amount = (
        amendment.new_monthly_fee
        if amendment.new_monthly_fee is not None
        else amendment.old_monthly_fee
        if amendment.old_monthly_fee is not None
        else contract.monthly_fee
    )
    before_kind = amendment.old_fee_kind or fee_kind
    before_amount = (
        amendment.old_monthly_fee if amendment.old_monthly_fee is not None else fee_amount
    )
    changes = [
        {
            "n": n,
            "code": line.code,
            "name": line.name,
            "unit": line.unit,
            "change": line.label,
            "quantity_before": line.quantity_before,
            "quantity_after": line.quantity_after,
            "amount_before": line.amount_before,
            "amount_after": line.amount_after,
        }
        for n, line in enumerate(stored_changes(amendment), start=1)
    ]
    description = amendment.description.strip().rstrip(".").rstrip()
    return {
        "representative": representative,
        "customer": customer,
        "agreement": {
            "number": amendment.number,
            "concluded_on": amendment.concluded_on,
            "description": f"{description}." if description else "",
            "program_changed": old_program is not None,
            "new_valid_until": amendment.new_valid_until,
        },
        "contract": {
            "number": contract.number,
            "concluded_on": contract.concluded_on,
            "valid_from": contract.valid_from,
            "valid_until": amendment.new_valid_until or contract.valid_until,
        },
        "program": _program_heading(program),
        "old_program": _program_heading(old_program) if old_program else None,
        "changes": changes,
        "cost_before": amendment.cost_before,
        "cost_after": amendment.cost_after,
        "fee": {
            "kind": fee_kind,
            "kind_label": FeeKind(fee_kind).label,
            "amount": fee_amount,
            "amount_words": rubles_in_words(fee_amount),
            "changed": (before_kind, before_amount) != (fee_kind, fee_amount),
            "before_kind_label": FeeKind(before_kind).label,
            "before_amount": before_amount,
        },
    }


def _program_heading(program: Program) -> dict:
    return {
        "number": program.number,
        "drawn_up_on": program.drawn_up_on,
        "valid_from": program.valid_from,
        "valid_until": program.valid_until,
    }
