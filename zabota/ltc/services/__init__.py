"""Writes of long-term care, by sub-domain; each service is one transaction with its audit entry."""

from zabota.ltc.services.assessments import (
    assessment_save_draft,
    assessment_start,
    assessment_submit,
    reassessment_bring_forward,
)
from zabota.ltc.services.careplans import (
    care_plan_approve,
    care_plan_create,
    care_plan_propose,
    care_plan_save,
)
from zabota.ltc.services.methodologies import (
    ensure_shipped_methodologies,
    methodology_activate,
    methodology_data,
    methodology_deactivate,
    methodology_upload,
    parse_methodology_file,
)

__all__ = [
    "assessment_save_draft",
    "assessment_start",
    "assessment_submit",
    "care_plan_approve",
    "care_plan_create",
    "care_plan_propose",
    "care_plan_save",
    "ensure_shipped_methodologies",
    "methodology_activate",
    "methodology_data",
    "methodology_deactivate",
    "methodology_upload",
    "parse_methodology_file",
    "reassessment_bring_forward",
]
