"""Writes of the service log: records, visits, cancellations, month closing, monthly totals."""

from zabota.delivery.services.closing import month_close, month_reopen
from zabota.delivery.services.recording import (
    RecordLine,
    VolumeExceededError,
    service_log,
    service_record_cancel,
    visit_record,
)
from zabota.delivery.services.visits import visit_review

__all__ = [
    "RecordLine",
    "VolumeExceededError",
    "month_close",
    "month_reopen",
    "service_log",
    "service_record_cancel",
    "visit_record",
    "visit_review",
]
