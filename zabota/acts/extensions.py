"""What acts add to the extension points: the «act» document kind (zabota.documents.kinds)."""

from zabota.acts.documents import act_context
from zabota.documents.contexts import act
from zabota.documents.kinds import DocumentKind, register

register(
    DocumentKind(
        code="act",
        title="Акт сдачи-приёмки оказанных социальных услуг",
        sample_context=act.sample,
        fields=act.FIELDS,
        build_context=act_context,
        number_prefix="А",
        order=40,
    )
)
