"""What the job system adds to the extension points: failed and interrupted jobs on the
«Ошибки» page, and whether a worker is alive in /health/ (zabota.operations)."""

from zabota.jobs.health import worker_heartbeat
from zabota.jobs.selectors import failed_jobs
from zabota.operations.failures import register_failure_source
from zabota.operations.health import register_check

register_failure_source("jobs", failed_jobs)
register_check("worker", worker_heartbeat)
