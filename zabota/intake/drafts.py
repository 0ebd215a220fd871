"""A draft's steps read back into their forms. A step keeps what was typed (the form's raw
values); the same form, bound to them again, checks the step once more at confirmation, so a
person registered by someone else in between (the same СНИЛС) stops the confirmation as it
would have stopped the step."""

from django.utils.datastructures import MultiValueDict

from zabota.intake.forms import ApplicationForm, ContractForm, HouseholdForm, PersonForm
from zabota.intake.models import Intake, Step
from zabota.programs.forms import line_formset
from zabota.programs.lines_editor import catalogue_of

NOT_KEPT = {"intake_version", "csrfmiddlewaretoken"}


def raw_of(post, prefix: str = "") -> dict[str, list[str]]:
    """The values a step's page sent, as lists (a multiple choice sends several).

    The forms refuse control characters in what they read as text, but a checkbox takes any
    value and a stray key is not read at all; a NUL there would only break the draft's JSON on
    PostgreSQL (which cannot keep U+0000), so such keys are left out and NULs dropped."""
    return {
        key: [value.replace("\x00", "") for value in post.getlist(key)]
        for key in post
        if key not in NOT_KEPT and key.startswith(prefix) and key != "action" and "\x00" not in key
    }


def bound(raw: dict, version: int) -> MultiValueDict:
    data = MultiValueDict({k: list(v) for k, v in (raw or {}).items()})
    data["intake_version"] = str(version)
    return data


def initial_of(raw: dict) -> dict:
    """Unbound initial values of a step typed earlier (the page shows them, with no errors)."""
    return {k: (v if len(v) != 1 else v[0]) for k, v in (raw or {}).items()}


def catalog_for(intake: Intake):
    """The services the ИППСУ step offers: those of the program's own page."""
    return catalogue_of(intake.institution_id)


def _initial(intake: Intake, step: str, extra: dict | None = None) -> dict:
    kept = initial_of(intake.step_data(step).get("raw"))
    return {**(extra or {}), **kept, "intake_version": intake.version}


def application_form(intake: Intake, data=None, initial=None) -> ApplicationForm:
    return ApplicationForm(data, initial=_initial(intake, Step.APPLICATION, initial))


def person_form(intake: Intake, actor, data=None, initial=None) -> PersonForm:
    """The card's form for the person: a new card, or the card of a discharged person."""
    return PersonForm(
        data,
        actor=actor,
        instance=intake.recipient,
        initial=_initial(intake, Step.PERSON, initial),
    )


def household_form(intake: Intake, data=None) -> HouseholdForm:
    return HouseholdForm(data, initial=_initial(intake, Step.HOUSEHOLD))


def program_formset(intake: Intake, data=None):
    return line_formset(data, services=catalog_for(intake), initial=program_lines(intake))


def program_lines(intake: Intake) -> list[dict]:
    return list(intake.step_data(Step.PROGRAM).get("lines") or [])


def contract_form(intake: Intake, data=None, initial=None) -> ContractForm:
    return ContractForm(data, initial=_initial(intake, Step.CONTRACT, initial))


def rebound(intake: Intake, actor, step: str):
    """The step's form bound to what was kept, to be checked again (None: step not done)."""
    kept = intake.step_data(step)
    if not kept or kept.get("skipped"):
        return None
    data = bound(kept.get("raw"), intake.version)
    if step == Step.APPLICATION:
        return application_form(intake, data)
    if step == Step.PERSON:
        return person_form(intake, actor, data)
    if step == Step.HOUSEHOLD:
        return household_form(intake, data)
    if step == Step.PROGRAM:
        return program_formset(intake, data)
    if step == Step.CONTRACT:
        return contract_form(intake, data)
    raise ValueError(step)
