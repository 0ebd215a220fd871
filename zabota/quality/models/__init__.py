"""Quality of care: surveys, appeals, inspections and alerts (split by sub-domain)."""

from zabota.quality.models.alerts import Alert, AlertKind
from zabota.quality.models.complaints import (
    Complaint,
    ComplaintAnswer,
    ComplaintChannel,
    ComplaintExtension,
    ComplaintStatus,
    Outcome,
)
from zabota.quality.models.inspections import (
    Checklist,
    Finding,
    Inspection,
    PlannedInspection,
    Violation,
)
from zabota.quality.models.surveys import (
    Questionnaire,
    SampleState,
    Survey,
    SurveyChannel,
    SurveySample,
    SurveyStatus,
)

__all__ = [
    "Alert",
    "AlertKind",
    "Checklist",
    "Complaint",
    "ComplaintAnswer",
    "ComplaintChannel",
    "ComplaintExtension",
    "ComplaintStatus",
    "Finding",
    "Inspection",
    "Outcome",
    "PlannedInspection",
    "Questionnaire",
    "SampleState",
    "Survey",
    "SurveyChannel",
    "SurveySample",
    "SurveyStatus",
    "Violation",
]
