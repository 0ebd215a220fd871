"""What the documents app adds to the extension points: its own, recipient-level document kinds
and the «Документы» section of the recipient's card (zabota.core.apps says when this runs)."""

from zabota.documents.card import documents_section
from zabota.documents.contexts import recipient_documents as recipient
from zabota.documents.forms import ApplicationParamsForm, DischargeNoticeParamsForm
from zabota.documents.kinds import DocumentKind, register
from zabota.recipients import card

register(
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
    )
)
register(
    DocumentKind(
        code="consent",
        title="Согласие на обработку персональных данных",
        sample_context=recipient.consent_sample,
        fields=recipient.CONSENT_FIELDS,
        build_context=recipient.consent_context,
        number_prefix="С",
        on_card=True,
        order=60,
    )
)
register(
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
    )
)
card.register(
    card.CardSection(order=90, template="documents/_card_section.html", context=documents_section)
)
