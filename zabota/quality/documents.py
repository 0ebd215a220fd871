"""The answer to an appeal as a document kind: its data (the fields of
zabota.documents.contexts.complaint_answer), built from an appeal the person may read."""

from django.core.exceptions import ValidationError

from zabota.documents.kinds import IssueRequest
from zabota.quality.models import Complaint, ComplaintChannel, Outcome
from zabota.quality.selectors import complaints_for
from zabota.rules.names import decline

KIND = "complaint_answer"
# «Обращение признано …»
OUTCOME_ABLT = {
    Outcome.JUSTIFIED: "обоснованным",
    Outcome.PARTLY: "частично обоснованным",
    Outcome.UNJUSTIFIED: "необоснованным",
}


def _complaint(request: IssueRequest) -> Complaint:
    obj = request.obj if isinstance(request.obj, Complaint) else None
    pk = obj.pk if obj is not None else request.object_id
    if request.object_type and request.object_type != "quality.complaint":
        raise ValidationError("Ответ выдаётся только по обращению.")
    if not pk:
        raise ValidationError("Ответ на обращение выдаётся со страницы обращения.")
    found = complaints_for(request.actor).select_related("responsible").filter(pk=pk).first()
    if found is None:
        raise ValidationError("Обращение не найдено.")
    return found


def build_answer_context(request: IssueRequest) -> dict:
    complaint = _complaint(request)
    responsible = complaint.responsible
    return {
        "complaint": {
            "number": complaint.number,
            "received_on": complaint.received_on,
            "channel": str(ComplaintChannel(complaint.channel).label),
            "content": complaint.content,
            "outcome": OUTCOME_ABLT.get(complaint.outcome, ""),
            "justified": complaint.outcome in (Outcome.JUSTIFIED, Outcome.PARTLY),
            "measures": complaint.measures,
            "answer": complaint.answer_text,
            "answered_on": complaint.answered_on,
            "extended": complaint.extensions.exists(),
        },
        "applicant": {
            "full_name": complaint.applicant,
            "name_datv": decline(complaint.applicant, "datv"),
            "address": complaint.applicant_address,
        },
        "responsible": {
            "full_name": responsible.full_name,
            "short_name": responsible.short_name,
            "position": responsible.position or responsible.get_role_display().lower(),
        },
    }
