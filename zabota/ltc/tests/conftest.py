"""Builders of long-term care data for the tests: methodologies, answers, care services."""

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from zabota.catalog.models import Service, ServiceType
from zabota.ltc import services
from zabota.ltc.models import Assessment, Methodology
from zabota.testing import Personas

TODAY = datetime.date(2026, 3, 10)


def small_methodology(**changes: Any) -> dict[str, Any]:
    """Two questions, totals 0..4, levels: 0 → none, 1–2 → 7 h, 3 → 14 h, 4 → 21 h."""
    data = {
        "code": "region",
        "title": "Анкета-опросник региона",
        "source": "Приказ министерства социальной защиты региона № 1",
        "version": "2026.1",
        "questions": [
            {
                "code": "walk",
                "text": "Передвижение",
                "options": [
                    {"code": "a", "text": "сам", "points": 0},
                    {"code": "b", "text": "с помощью", "points": 1},
                    {"code": "c", "text": "не может", "points": 2},
                ],
            },
            {
                "code": "eat",
                "text": "Приём пищи",
                "options": [
                    {"code": "a", "text": "сам", "points": 0},
                    {"code": "b", "text": "с помощью", "points": 1},
                    {"code": "c", "text": "не может", "points": 2},
                ],
            },
        ],
        "outcomes": [
            {"code": "0", "title": "Не нуждается", "min": 0, "max": 0, "hours_per_week": 0, "reassess_months": 12},  # noqa: E501
            {"code": "1", "title": "Первый уровень", "min": 1, "max": 2, "hours_per_week": 7, "reassess_months": 12},  # noqa: E501
            {"code": "2", "title": "Второй уровень", "min": 3, "max": 3, "hours_per_week": 14, "reassess_months": 6},  # noqa: E501
            {"code": "3", "title": "Третий уровень", "min": 4, "max": 4, "hours_per_week": 21, "reassess_months": 6},  # noqa: E501
        ],
    }  # fmt: skip
    data.update(changes)
    return data


def json_file(data: Any, name: str = "region.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(data, ensure_ascii=False).encode("utf-8"))


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 10, 0), tick=False):
        yield TODAY


@pytest.fixture
def barthel(personas: Personas) -> Methodology:
    """The shipped methodologies of the personas' institution, Barthel in force since 2025."""
    services.ensure_shipped_methodologies(
        institution=personas.institution, effective_from=datetime.date(2025, 1, 1)
    )
    return Methodology.objects.get(institution=personas.institution, code="barthel")


@pytest.fixture
def regional(personas: Personas) -> Methodology:
    """The small regional methodology, in force since 2025."""
    return services.methodology_upload(
        actor=personas.admin,
        file=json_file(small_methodology()),
        effective_from=datetime.date(2025, 1, 1),
    )


def barthel_answers(methodology: Methodology, total: int) -> dict[str, str]:
    """Answers to the Barthel index that add up to `total` (a multiple of 5)."""
    answers, left = {}, total
    for question in methodology.rules.questions:
        options = sorted(question.options, key=lambda o: o.points)
        best = max((o for o in options if o.points <= left), key=lambda o: o.points)
        answers[question.code] = best.code
        left -= int(best.points)
    assert left == 0, total
    return answers


def assess(
    actor,
    recipient,
    answers: dict[str, str],
    assessed_on: datetime.date | None = None,
) -> Assessment:
    """A submitted assessment through the services, as an interview would make it."""
    draft = services.assessment_start(actor=actor, recipient=recipient)
    services.assessment_save_draft(actor=actor, assessment=draft, answers=answers)
    return services.assessment_submit(actor=actor, assessment=draft, assessed_on=assessed_on)


def make_care_service(
    institution, code: str, name: str, minutes: int, *, is_care: bool = True, **fields
) -> Service:
    return Service.objects.create(
        institution=institution,
        service_type=ServiceType.objects.get(code=2),
        code=code,
        name=name,
        time_norm_minutes=minutes,
        is_care=is_care,
        **fields,
    )


@pytest.fixture
def care_services(personas: Personas) -> dict[str, Service]:
    institution = personas.institution
    # Periodicities as the standards of the care services give them (ltc-care-services.md §1.3).
    return {
        "feed": make_care_service(
            institution, "7.1", "Кормление", 30, periodicity_hint="До 3 раз в день"
        ),
        "wash": make_care_service(
            institution, "7.2", "Утренний туалет", 15, periodicity_hint="1 раз в день"
        ),
        "nails": make_care_service(
            institution, "7.3", "Обработка ногтей", 40, periodicity_hint="1 раз в месяц"
        ),
        "hands": make_care_service(
            institution, "7.4", "Гигиеническая обработка рук", 15, periodicity_hint="2 раза в месяц"
        ),
        "walk": make_care_service(
            institution, "7.5", "Помощь в передвижении", 20, periodicity_hint="До 3 раз в день"
        ),
    }
