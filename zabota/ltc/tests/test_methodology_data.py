"""The canonical form of a methodology (services.methodology_data) keeps every field of the v2
format: loading what it writes gives the same methodology. Kept here, not in zabota/rules/tests,
because methodology_data lives in a Django app and the rules may not import Django."""

import json
from typing import Any

import pytest

from zabota.ltc.services.methodologies import SHIPPED, SHIPPED_DIR, methodology_data
from zabota.rules.ltc import load_methodology
from zabota.rules.tests.test_ltc import blocked, expert, small


def _shipped(name: str) -> dict[str, Any]:
    with open(SHIPPED_DIR / f"{name}.json", encoding="utf-8") as file:
        return json.load(file)


def _expert_with_ranges() -> dict[str, Any]:
    data = expert()
    data["outcomes"][0] |= {"min": 0, "max": 0.25}
    data["outcomes"][1] |= {"min": 0.5, "max": 3}
    data["questions"][0]["options"][0]["points"] = 0.1
    return data


CASES = {
    "flat-old": small,
    "blocks-show-if-values": blocked,
    "expert-group": expert,
    "expert-ranges-partial-points": _expert_with_ranges,
    **{f"shipped-{name}": (lambda name=name: _shipped(name)) for name in SHIPPED},
}


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_the_canonical_form_loads_back_into_the_same_methodology(make) -> None:
    checked = load_methodology(make())
    written = methodology_data(checked)
    assert load_methodology(written) == checked
    # Through JSON too: that is how it is stored.
    assert load_methodology(json.loads(json.dumps(written))) == checked
    assert methodology_data(load_methodology(written)) == written


def test_an_old_flat_file_stays_flat_and_a_blocked_one_keeps_its_blocks() -> None:
    flat = methodology_data(load_methodology(small()))
    assert "questions" in flat and "blocks" not in flat
    assert (flat["outcome_kind"], flat["scoring"]) == ("level", "points")
    written = methodology_data(load_methodology(blocked()))
    assert [block["code"] for block in written["blocks"]] == ["A", "B"]
    stairs = written["blocks"][0]["questions"][1]
    assert stairs["show_if"] == {"question": "walk", "options": ["b", "c"]}
    assert written["reassess_months"] == 12
    assert written["outcomes"][0] == {
        "code": "0",
        "title": "Не нуждается",
        "min": 0,
        "max": 0.5,
        "hours_per_week": 0,
    }
    assert written["outcomes"][1]["value"] == 1


def test_options_without_points_are_written_without_points() -> None:
    written = methodology_data(load_methodology(expert()))
    assert written["questions"][0]["options"][0] == {"code": "a", "text": "сам"}
    assert written["outcomes"][2] == {"code": "none", "title": "Без группы", "hours_per_week": 0}
