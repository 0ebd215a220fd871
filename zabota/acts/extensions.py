"""What acts add to the extension points: the «act» document kind (zabota.documents.kinds) and
the month's bulk run as a kind of job (zabota.jobs.kinds)."""

from zabota.acts.documents import act_context, act_contexts
from zabota.acts.jobs import ACTS_JOB
from zabota.documents.contexts import act
from zabota.documents.kinds import DocumentKind, register
from zabota.jobs.kinds import register as register_job

register(
    DocumentKind(
        code="act",
        title="Акт сдачи-приёмки оказанных социальных услуг",
        sample_context=act.sample,
        fields=act.FIELDS,
        build_context=act_context,
        build_contexts=act_contexts,
        number_prefix="А",
        order=40,
    )
)

register_job(ACTS_JOB)
