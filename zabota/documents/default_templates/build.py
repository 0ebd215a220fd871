"""Builds the default DOCX templates shipped with Zabota (version 0 of every document kind).

Run after changing a text:  .venv/bin/python -m zabota.documents.default_templates.build
and commit both this code and the .docx files it writes. The files are what a centre downloads,
edits in Word or LibreOffice and uploads as its own version; the fields between {{ }} and the
{%tr %}/{%p %} loops are docxtpl (Jinja) tags, listed on the help page and in docs/documents.md.
The texts are written with the helpers of writing.py.
"""

import sys
from pathlib import Path

from zabota.documents.default_templates import (
    texts_agreement,
    texts_contract,
    texts_plans,
    texts_quality,
    texts_recipient,
    texts_routes,
)
from zabota.documents.default_templates.writing import HERE


def build_all(target: Path = HERE) -> list[Path]:
    builders = {
        "contract": texts_contract.build,
        "contract_agreement": texts_agreement.build_agreement,
        "program": texts_plans.build_program,
        "act": texts_plans.build_act,
        "care_plan": texts_plans.build_care_plan,
        "consent": texts_recipient.build_consent,
        "application": texts_recipient.build_application,
        "discharge_notice": texts_recipient.build_discharge_notice,
        "complaint_answer": texts_quality.build_complaint_answer,
        "route_sheet": texts_routes.build_route_sheet,
    }
    written = []
    for kind, build in builders.items():
        document = build()
        path = target / f"{kind}.docx"
        document.save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
