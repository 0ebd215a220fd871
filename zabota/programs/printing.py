"""The "program", "contract" and "contract_agreement" document kinds: the data builders the
documents app calls, and the links and archive entries the program and contract pages show."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from zabota.documents.selectors import issued_documents_for
from zabota.programs.documents import (
    agreement_document_context,
    contract_document_context,
    program_document_context,
)
from zabota.programs.models import Contract, ContractAmendment, Program
from zabota.programs.selectors import contracts_for, get_contract_for, get_program_for

PROGRAM_TYPE = "programs.program"
CONTRACT_TYPE = "programs.contract"
AGREEMENT_TYPE = "programs.contractamendment"
AGREEMENT_KIND = "contract_agreement"


def _fetch(request, model, getter, object_type: str):
    obj = request.obj if isinstance(request.obj, model) else None
    named = request.obj is not None or request.object_type or request.object_id
    if obj is None and named:
        # An object was named: that one or a refusal, never the person's latest instead.
        if request.object_type != object_type or not str(request.object_id).isdigit():
            raise ValidationError(f"Нужен объект {object_type}:<номер>.")
        obj = getter(request.actor, int(request.object_id))
    if obj is None and request.recipient is not None:
        # No object named (a template preview for a chosen person): the person's latest one.
        obj = (
            model.objects.filter(recipient=request.recipient)
            .exclude(status="draft")
            .order_by("-pk")
            .first()
        )
        if obj is not None:
            obj = getter(request.actor, obj.pk)
    if obj is None:
        raise ValidationError("Не указано, какой документ печатать.")
    if request.recipient is not None and obj.recipient_id != request.recipient.pk:
        raise ValidationError("Документ относится к другому получателю.")
    return obj


def _signer(actor) -> dict:
    return {
        "signer_position": actor.position or actor.get_role_display(),
        "signer_name": actor.full_name,
    }


def build_program_context(request) -> dict:
    """ИППСУ (Приказ Минтруда № 874н, прил. 2). The authority that draws the program up is the
    institution itself here (it acts for the regional body, as in the Кузбасс practice); the
    fields the card does not hold print their usual «нет» / «не работает»."""
    program = _fetch(request, Program, get_program_for, PROGRAM_TYPE)
    data = program_document_context(program)
    data["program"].update(
        {
            "authority": program.recipient.institution.name,
            "work_address": "не работает",
            "email": "нет",
            "notes": program.notes or "нет",
            "refusal": "нет",
            **_signer(request.actor),
        }
    )
    data.setdefault("social_support", [])
    data["document"] = {"title": f"ИППСУ № {program.number} от {program.drawn_up_on:%d.%m.%Y}"}
    return data


def build_contract_context(request) -> dict:
    contract = _fetch(request, Contract, get_contract_for, CONTRACT_TYPE)
    data = contract_document_context(contract)
    data["document"] = {"title": f"Договор № {contract.number} от {contract.concluded_on:%d.%m.%Y}"}
    return data


def issue_url(kind: str, obj, back: str) -> str:
    object_type = PROGRAM_TYPE if kind == "program" else CONTRACT_TYPE
    return (
        f"{reverse('documents:issue', args=[kind])}?recipient={obj.recipient_id}"
        f"&object={object_type}:{obj.pk}&next={back}"
    )


def issued_for(staff, kind: str, obj) -> list:
    object_type = PROGRAM_TYPE if kind == "program" else CONTRACT_TYPE
    return list(
        issued_documents_for(staff)
        .filter(kind=kind, object_type=object_type, object_id=str(obj.pk))
        .select_related("issued_by")[:10]
    )


def _fetch_agreement(request) -> ContractAmendment:
    """The agreement named by the request, through the contracts the actor may see; without one
    (a template preview for a chosen person), the person's latest agreement."""
    agreements = ContractAmendment.objects.filter(
        contract__in=contracts_for(request.actor)
    ).select_related("contract", "contract__recipient", "contract__representative")
    amendment = request.obj if isinstance(request.obj, ContractAmendment) else None
    if amendment is None and request.object_type == AGREEMENT_TYPE:
        if str(request.object_id).isdigit():
            amendment = agreements.filter(pk=int(request.object_id)).first()
    elif amendment is None and request.recipient is not None:
        amendment = agreements.filter(contract__recipient=request.recipient).order_by("-pk").first()
    if amendment is None:
        raise ValidationError("Не указано, какое дополнительное соглашение печатать.")
    if request.recipient is not None and amendment.contract.recipient_id != request.recipient.pk:
        raise ValidationError("Документ относится к другому получателю.")
    return amendment


def build_agreement_context(request) -> dict:
    amendment = _fetch_agreement(request)
    data = agreement_document_context(amendment)
    data["document"] = {
        "title": f"Дополнительное соглашение № {amendment.number} к договору "
        f"№ {amendment.contract.number}"
    }
    return data


def agreement_print_url(amendment: ContractAmendment, back: str) -> str:
    return (
        f"{reverse('documents:issue', args=[AGREEMENT_KIND])}"
        f"?recipient={amendment.contract.recipient_id}"
        f"&object={AGREEMENT_TYPE}:{amendment.pk}&next={back}"
    )


def issued_agreements(staff, contract: Contract) -> list:
    ids = [str(pk) for pk in contract.amendments.values_list("pk", flat=True)]
    return list(
        issued_documents_for(staff)
        .filter(kind=AGREEMENT_KIND, object_type=AGREEMENT_TYPE, object_id__in=ids)
        .select_related("issued_by")[:10]
    )
