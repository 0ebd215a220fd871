"""Writes of quality of care, split by sub-domain; each writes its own journal entry."""

from zabota.quality.services.alerts import (
    alert_digest_send,
    alert_mark_read,
    alerts_generate,
    alerts_mark_all_read,
)
from zabota.quality.services.complaints import (
    ComplaintAlreadyRegistered,
    complaint_answer_issue,
    complaint_close,
    complaint_extend,
    complaint_register,
)
from zabota.quality.services.forms_data import (
    checklist_in_use,
    checklist_save,
    questionnaire_in_use,
    questionnaire_save,
)
from zabota.quality.services.inspections import (
    InspectionAlreadyRecorded,
    inspection_plan_build,
    inspection_record,
    violation_correct,
)
from zabota.quality.services.surveys import (
    SurveyAlreadyRecorded,
    survey_record,
    survey_sample_build,
)

__all__ = [
    "ComplaintAlreadyRegistered",
    "InspectionAlreadyRecorded",
    "SurveyAlreadyRecorded",
    "alert_digest_send",
    "alert_mark_read",
    "alerts_generate",
    "alerts_mark_all_read",
    "checklist_in_use",
    "checklist_save",
    "complaint_answer_issue",
    "complaint_close",
    "complaint_extend",
    "complaint_register",
    "inspection_plan_build",
    "inspection_record",
    "questionnaire_in_use",
    "questionnaire_save",
    "survey_record",
    "survey_sample_build",
    "violation_correct",
]
