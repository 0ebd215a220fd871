"""Pages of the guided intake: one page per step, the list of unfinished intakes, the end."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.audit.locking import StaleEditError
from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.forms import STALE_FORM, add_errors
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.xlsx import download_response
from zabota.documents.models import IssuedDocument
from zabota.documents.pdf import PDF_CONTENT_TYPE, docxs_to_pdf
from zabota.intake import services
from zabota.intake.drafts import (
    application_form,
    catalog_for,
    contract_form,
    household_form,
    person_form,
    program_formset,
    program_lines,
    raw_of,
)
from zabota.intake.forms import ConfirmForm, to_json
from zabota.intake.lists import UNFINISHED
from zabota.intake.models import STEPS, Intake, IntakeStatus, Step
from zabota.intake.proposals import (
    decision_from,
    free_category,
    planned_cost,
    propose_department,
    propose_worker,
)
from zabota.intake.selectors import get_intake_for, same_person_drafts
from zabota.programs.lines_editor import editor_action, lines_editor_context
from zabota.programs.services import add_months
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.recipients.selectors import get_recipient_for
from zabota.rules.payment import format_rubles

LIST_CRUMB = ("Незавершённые оформления", None)
STALE_DRAFT = "Оформление изменил другой сотрудник или вы в другой вкладке: откройте шаг снова."


@allow("recipients.edit")
def intake_list(request):
    staff = request.staff
    rows = UNFINISHED.rows(staff, request.GET, timezone.localdate())
    return render(
        request,
        "intake/list.html",
        {
            "page": paginate(request, rows),
            "query": querystring_without_page(request),
            "q": request.GET.get("q", ""),
            "breadcrumbs": [LIST_CRUMB],
        },
    )


@require_POST
@allow("recipients.edit")
def intake_start(request):
    """A new draft; `recipient`: a discharged person of one's scope taken on again."""
    staff = request.staff
    recipient = None
    if request.POST.get("recipient"):
        try:
            recipient = get_recipient_for(staff, int(request.POST["recipient"]))
        except ValueError:
            raise Http404 from None
    try:
        intake = services.intake_start(actor=staff, recipient=recipient)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dashboard:home")
    return redirect("intake:step", pk=intake.pk, step=Step.APPLICATION)


def _next(step: str) -> str:
    return STEPS[STEPS.index(step) + 1]


def _page(request, intake: Intake, step: str, context: dict):
    """A step's page: the step list showing where one is, and the step's own part."""
    reached = STEPS.index(intake.step)
    steps = [
        {
            "code": s.value,
            "label": s.label,
            "number": n,
            "current": s == step,
            "done": bool(intake.step_data(s)) or n - 1 < reached,
        }
        for n, s in enumerate(STEPS, start=1)
    ]
    return render(
        request,
        f"intake/step_{step}.html",
        {
            "intake": intake,
            "step": step,
            "step_label": Step(step).label,
            "steps": steps,
            "breadcrumbs": [
                ("Незавершённые оформления", reverse("intake:list")),
                (str(intake), None),
            ],
            **context,
        },
    )


def _save(request, intake: Intake, form, step: str, **keep):
    """Keep the step and go to the next one; a refusal shows on the form (what was typed
    stays in it)."""
    try:
        services.intake_save_step(
            actor=request.staff,
            intake=intake,
            expected_version=form.cleaned_data["intake_version"],
            step=step,
            next_step=_next(step),
            **keep,
        )
    except StaleEditError:
        form_errors(form, STALE_DRAFT)
        return None
    except ValidationError as error:
        form_errors(form, error)
        return None
    return redirect("intake:step", pk=intake.pk, step=_next(step))


def form_errors(form, error) -> None:
    if hasattr(form, "non_form_errors"):  # the ИППСУ formset
        form._non_form_errors = form.error_class(
            list(form.non_form_errors()) + list(getattr(error, "messages", [str(error)]))
        )
    elif isinstance(error, ValidationError):
        add_errors(form, error)
    else:
        form.add_error(None, error)


@allow("recipients.edit")
def intake_step(request, pk: int, step: str):
    staff = request.staff
    intake = get_intake_for(staff, pk)
    if step not in Step.values:
        raise Http404
    if intake.status == IntakeStatus.DONE:
        return redirect("intake:done", pk=intake.pk)
    if intake.status != IntakeStatus.DRAFT:
        messages.info(request, "Это оформление отменено.")
        return redirect("intake:list")
    if intake.recipient_id:
        audit_read(actor=staff, recipient=intake.recipient, what="оформление на обслуживание")
    return STEP_VIEWS[step](request, intake)


def application_step(request, intake: Intake):
    form = application_form(intake, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = _save(request, intake, form, Step.APPLICATION, raw=raw_of(request.POST))
        if done:
            return done
    return _page(request, intake, Step.APPLICATION, {"form": form})


def _proposed(request, intake: Intake) -> dict:
    """The department and worker proposed for the person: from the address the page sent (or
    the card's), and the workers' load (zabota.intake.proposals)."""
    address = request.POST.get("registration_address", "") if request.method == "POST" else ""
    if not address and intake.recipient is not None:
        address = intake.recipient.registration_address
    department = propose_department(request.staff, address)
    worker = propose_worker(department)
    return {"department": department, "social_worker": worker}


def _with_proposals(request, intake: Intake):
    """The page's data with an empty department or worker filled by the proposal."""
    data = request.POST.copy()
    proposed = _proposed(request, intake)
    if not data.get("department") and proposed["department"]:
        data["department"] = str(proposed["department"].pk)
        proposed["social_worker"] = propose_worker(proposed["department"])
    chosen = data.get("department")
    if (
        not data.get("social_worker")
        and proposed["social_worker"]
        and (str(proposed["social_worker"].department_id) == chosen)
    ):
        data["social_worker"] = str(proposed["social_worker"].pk)
    return data


def _card_initial(recipient: Recipient) -> dict:
    return {"snils": recipient.snils_display}


def _duplicate_card(request, form) -> Recipient | None:
    """A discharged card of the same СНИЛС, offered for re-enrolment."""
    snils = "".join(ch for ch in request.POST.get("snils", "") if ch.isdigit())[:11]
    if len(snils) != 11:
        return None
    return Recipient.objects.filter(
        institution_id=request.staff.institution_id,
        snils=snils,
        status=RecipientStatus.DISCHARGED,
    ).first()


def person_step(request, intake: Intake):
    staff = request.staff
    if request.method == "POST" and request.POST.get("action") == "reenrol":
        return _reenrol(request, intake)
    proposed = _proposed(request, intake)
    initial = {
        "department": proposed["department"].pk if proposed["department"] else None,
        "social_worker": proposed["social_worker"].pk if proposed["social_worker"] else None,
    }
    if intake.recipient is not None:
        initial.update(_card_initial(intake.recipient))
        initial["version"] = intake.recipient.version
    data = _with_proposals(request, intake) if request.method == "POST" else None
    form = person_form(intake, staff, data, initial)
    discharged = None
    if request.method == "POST":
        if form.is_valid():
            cleaned = form.cleaned_data
            person = {
                "full_name": " ".join(
                    p
                    for p in (cleaned["last_name"], cleaned["first_name"], cleaned["middle_name"])
                    if p
                ),
                "snils": cleaned["snils"],
                "department_id": cleaned["department"].pk,
            }
            done = _save(request, intake, form, Step.PERSON, raw=raw_of(data), person=person)
            if done:
                intake.snils = person["snils"]
                for other in same_person_drafts(intake):
                    messages.warning(
                        request,
                        f"Этого человека уже оформляет {other.created_by.full_name} "
                        f"(оформление № {other.pk}): договор заключит тот, кто первым "
                        "подтвердит документы.",
                    )
                return done
        discharged = _duplicate_card(request, form)
    return _page(
        request,
        intake,
        Step.PERSON,
        {"form": form, "discharged": discharged, "proposed": proposed},
    )


def _reenrol(request, intake: Intake):
    """The person step found a discharged card of the same СНИЛС: this draft becomes that
    card's re-enrolment, the page pre-filled from the card."""
    staff = request.staff
    try:
        recipient = get_recipient_for(staff, int(request.POST.get("recipient") or 0))
        version = int(request.POST.get("intake_version") or 0)
    except ValueError:
        raise Http404 from None
    if recipient.status != RecipientStatus.DISCHARGED:
        messages.error(request, f"{recipient.full_name} уже на обслуживании.")
        return redirect("intake:step", pk=intake.pk, step=Step.PERSON)
    try:
        services.intake_take_card(
            actor=staff, intake=intake, expected_version=version, recipient=recipient
        )
    except StaleEditError:
        messages.error(request, STALE_DRAFT)
    else:
        messages.info(request, f"Повторная постановка: данные взяты из карточки {recipient}.")
    return redirect("intake:step", pk=intake.pk, step=Step.PERSON)


def household_step(request, intake: Intake):
    post = request.method == "POST"
    form = household_form(intake, request.POST if post else None)
    if post and request.POST.get("action") == "skip":
        confirm = ConfirmForm(request.POST)
        if confirm.is_valid():
            done = _save(request, intake, confirm, Step.HOUSEHOLD, kept={"skipped": True})
            if done:
                return done
            form = household_form(intake)
            form_errors(form, confirm.non_field_errors().as_text() or STALE_DRAFT)
        else:
            form = household_form(intake)
            form.add_error(None, STALE_FORM)
    elif post and form.is_valid():
        kept = {"clean": to_json(form.cleaned_data)}
        kept["clean"].pop("intake_version", None)
        if request.POST.get("action") == "compute":
            # «Рассчитать»: the decision the figures give, shown before moving on.
            decision = decision_from(intake.institution, kept["clean"], _application_date(intake))
            payment = {**_payment(intake), "decision": decision, "skipped": False}
            return _page(request, intake, Step.HOUSEHOLD, {"form": form, **payment})
        done = _save(request, intake, form, Step.HOUSEHOLD, raw=raw_of(request.POST), kept=kept)
        if done:
            return done
    return _page(request, intake, Step.HOUSEHOLD, {"form": form, **_payment(intake)})


def _application_date(intake: Intake) -> datetime.date:
    raw = intake.step_data(Step.APPLICATION).get("raw") or {}
    try:
        return datetime.date.fromisoformat((raw.get("application_date") or [""])[0])
    except ValueError:
        return timezone.localdate()


def _payment(intake: Intake) -> dict:
    """The decision on payment as far as the figures go, and the fee once the ИППСУ is known."""
    applied_on = _application_date(intake)
    household = intake.step_data(Step.HOUSEHOLD)
    decision = decision_from(intake.institution, household.get("clean") or {}, applied_on)
    person = intake.step_data(Step.PERSON).get("raw") or {}
    free = free_category(person.get("benefit_categories") or [])
    lines = program_lines(intake)
    cost = planned_cost(lines, timezone.localdate()) if lines else None
    fee = None
    if cost is not None and (decision is not None or free):
        fee = (decision.fee(cost, free) if decision else None) or None
    return {
        "decision": decision,
        "free": free,
        "skipped": bool(household.get("skipped")),
        "cost": format_rubles(cost) if cost is not None else None,
        "fee": fee,
    }


def program_step(request, intake: Intake):
    post = request.method == "POST"
    # «Добавить услугу» / «Добавить набор» re-render the rows as typed plus the new ones and
    # save nothing, exactly as on the program's own page (zabota.programs.lines_editor).
    shown_again = editor_action(
        request.POST,
        staff=request.staff,
        services=catalog_for(intake),
        initial=program_lines(intake),
    )
    formset = shown_again or program_formset(intake, request.POST if post else None)
    confirm = ConfirmForm(
        request.POST if post else None, initial={"intake_version": intake.version}
    )
    if post and shown_again is None and formset.is_valid() & confirm.is_valid():
        today = timezone.localdate()
        valid_until = add_months(today, 12) - datetime.timedelta(days=1)
        # As JSON: the service by its pk, volumes as text, whatever else a row may carry.
        lines = [to_json(line) for line in formset.lines()]
        kept = {
            "lines": lines,
            "valid_from": today.isoformat(),
            "valid_until": valid_until.isoformat(),
        }
        raw = raw_of(request.POST, prefix="services-")
        done = _save(request, intake, confirm, Step.PROGRAM, raw=raw, kept=kept)
        if done:
            return done
        form_errors(formset, ValidationError(confirm.non_field_errors() or [STALE_DRAFT]))
    elif post and shown_again is None and confirm.errors:
        form_errors(formset, ValidationError(STALE_FORM))
    return _page(
        request,
        intake,
        Step.PROGRAM,
        {
            **lines_editor_context(
                staff=request.staff, recipient=intake.recipient, formset=formset
            ),
            "confirm": confirm,
            **_payment(intake),
        },
    )


def contract_step(request, intake: Intake):
    post = request.method == "POST"
    program = intake.step_data(Step.PROGRAM)
    initial = {
        "concluded_on": timezone.localdate().isoformat(),
        "valid_from": program.get("valid_from") or timezone.localdate().isoformat(),
        "valid_until": program.get("valid_until", ""),
    }
    form = contract_form(intake, request.POST if post else None, initial)
    if post and form.is_valid():
        missing = services.payment_missing(intake, _application_date(intake))
        if not program.get("lines"):
            form.add_error(None, "Сначала составьте ИППСУ: договор заключается на её услуги.")
        elif missing:
            form.add_error(None, missing)
        else:
            done = _save(request, intake, form, Step.CONTRACT, raw=raw_of(request.POST))
            if done:
                return done
    application = intake.step_data(Step.APPLICATION).get("raw") or {}
    customer = None
    if application.get("by_representative"):
        customer = " ".join(
            (application.get(n) or [""])[0]
            for n in ("rep_last_name", "rep_first_name", "rep_middle_name")
        ).strip()
    return _page(
        request,
        intake,
        Step.CONTRACT,
        {"form": form, "customer": customer, **_payment(intake)},
    )


def documents_step(request, intake: Intake):
    staff = request.staff
    confirm = ConfirmForm(
        request.POST if request.method == "POST" else None,
        initial={"intake_version": intake.version},
    )
    problems: list[str] = []
    if request.method == "POST":
        if confirm.is_valid():
            try:
                done = services.intake_complete(
                    actor=staff,
                    intake=intake,
                    expected_version=confirm.cleaned_data["intake_version"],
                )
            except StaleEditError:
                intake.refresh_from_db()
                if intake.status == IntakeStatus.DONE:
                    # The button pressed twice: the first press did it all.
                    return redirect("intake:done", pk=intake.pk)
                problems.append(STALE_DRAFT)
            except ValidationError as error:
                problems += error.messages
            else:
                messages.success(
                    request,
                    f"{done.full_name}: оформление завершено, документы выданы.",
                )
                return redirect("intake:done", pk=intake.pk)
        else:
            problems += confirm.non_field_errors()
    previews = []
    if not problems:
        try:
            previews = services.intake_rehearse(actor=staff, intake=intake)
        except StaleEditError as error:
            problems += error.describe() or [STALE_DRAFT]
        except ValidationError as error:
            problems += error.messages
    return _page(
        request,
        intake,
        Step.DOCUMENTS,
        {"confirm": confirm, "previews": previews, "problems": problems, **_payment(intake)},
    )


STEP_VIEWS = {
    Step.APPLICATION: application_step,
    Step.PERSON: person_step,
    Step.HOUSEHOLD: household_step,
    Step.PROGRAM: program_step,
    Step.CONTRACT: contract_step,
    Step.DOCUMENTS: documents_step,
}


@require_POST
@allow("recipients.edit")
def intake_cancel(request, pk: int):
    staff = request.staff
    intake = get_intake_for(staff, pk)
    confirm = ConfirmForm(request.POST)
    if not confirm.is_valid():
        messages.error(request, STALE_FORM)
        return redirect("intake:list")
    try:
        services.intake_cancel(
            actor=staff, intake=intake, expected_version=confirm.cleaned_data["intake_version"]
        )
    except (StaleEditError, ValidationError):
        messages.error(request, STALE_DRAFT)
    else:
        messages.success(request, f"{intake}: отменено, в реестре ничего не изменилось.")
    return redirect("intake:list")


def _issued(intake: Intake) -> list[IssuedDocument]:
    ids = intake.result.get("documents") or []
    found = IssuedDocument.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _finished(request, pk: int) -> Intake:
    intake = get_intake_for(request.staff, pk)
    if intake.status != IntakeStatus.DONE or intake.recipient is None:
        raise Http404
    return intake


@allow("recipients.edit")
def intake_done(request, pk: int):
    intake = _finished(request, pk)
    audit_read(actor=request.staff, recipient=intake.recipient, what="итог оформления")
    return render(
        request,
        "intake/done.html",
        {
            "intake": intake,
            "recipient": intake.recipient,
            "documents": _issued(intake),
            "contract_id": intake.result.get("contract"),
            "program_id": intake.result.get("program"),
            "breadcrumbs": [(str(intake), None)],
        },
    )


@allow("recipients.edit")
def intake_pdf(request, pk: int):
    """The intake's documents as issued, one PDF to print (the archive keeps each one)."""
    intake = _finished(request, pk)
    documents = _issued(intake)
    if not documents:
        raise Http404
    audit_read(actor=request.staff, recipient=intake.recipient, what="документы оформления (PDF)")
    content = docxs_to_pdf([bytes(d.content) for d in documents])
    name = f"Документы — {intake.recipient.full_name}.pdf"
    return download_response(content, name, PDF_CONTENT_TYPE)
