"""The document kinds the documents app declares: builders for the recipient-level ones, field
lists and sample data for all nine (see zabota.documents.kinds)."""

from zabota.documents.contexts import (
    act,
    care_plan,
    complaint_answer,
    contract,
    contract_agreement,
    program,
)
from zabota.documents.contexts import recipient_documents as recipient


def register_builtin_kinds() -> None:
    from zabota.documents.forms import ApplicationParamsForm, DischargeNoticeParamsForm
    from zabota.documents.kinds import DocumentKind, register

    for kind in [
        DocumentKind(
            code="contract",
            object_type="programs.contract",
            title="Договор о предоставлении социальных услуг",
            sample_context=contract.sample,
            fields=contract.FIELDS,
            number_prefix="Д",
            order=10,
        ),
        DocumentKind(
            code="contract_agreement",
            title="Дополнительное соглашение к договору",
            sample_context=contract_agreement.sample,
            fields=contract_agreement.FIELDS,
            number_prefix="ДС",
            order=15,
        ),
        DocumentKind(
            code="program",
            object_type="programs.program",
            title="Индивидуальная программа предоставления социальных услуг",
            sample_context=program.sample,
            fields=program.FIELDS,
            number_prefix="ИП",
            order=20,
        ),
        DocumentKind(
            code="care_plan",
            object_type="ltc.careplan",
            title="Дополнение к ИППСУ (индивидуальный план ухода)",
            sample_context=care_plan.sample,
            fields=care_plan.FIELDS,
            number_prefix="ПУ",
            order=30,
        ),
        DocumentKind(
            code="act",
            title="Акт сдачи-приёмки оказанных социальных услуг",
            sample_context=act.sample,
            fields=act.FIELDS,
            number_prefix="А",
            order=40,
        ),
        DocumentKind(
            code="application",
            title="Заявление о предоставлении социального обслуживания",
            sample_context=recipient.application_sample,
            fields=recipient.APPLICATION_FIELDS,
            build_context=recipient.application_context,
            number_prefix="З",
            params_form=ApplicationParamsForm,
            on_card=True,
            order=50,
        ),
        DocumentKind(
            code="consent",
            title="Согласие на обработку персональных данных",
            sample_context=recipient.consent_sample,
            fields=recipient.CONSENT_FIELDS,
            build_context=recipient.consent_context,
            number_prefix="С",
            on_card=True,
            order=60,
        ),
        DocumentKind(
            code="discharge_notice",
            title="Уведомление о снятии с социального обслуживания",
            sample_context=recipient.discharge_notice_sample,
            fields=recipient.DISCHARGE_FIELDS,
            build_context=recipient.discharge_notice_context,
            number_prefix="У",
            params_form=DischargeNoticeParamsForm,
            on_card=True,
            order=70,
        ),
        DocumentKind(
            code="complaint_answer",
            title="Ответ на обращение",
            sample_context=complaint_answer.sample,
            fields=complaint_answer.FIELDS,
            needs_recipient=False,
            number_prefix="ОТВ",
            issue_capability="quality.complaints",
            generic_issue=False,
            order=80,
        ),
    ]:
        register(kind)
