"""What acts add to the extension points: the «act» document kind (zabota.documents.kinds) and
its failed bulk runs on the «Ошибки» page (zabota.operations.failures)."""

from zabota.acts.documents import act_context
from zabota.acts.selectors import failed_act_runs
from zabota.documents.contexts import act
from zabota.documents.kinds import DocumentKind, register
from zabota.operations.failures import register_failure_source

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

register_failure_source("acts", failed_act_runs)
