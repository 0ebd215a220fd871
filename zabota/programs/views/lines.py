"""The rows editor's small endpoints (zabota.programs.lines_editor): the catalogue search and the
monthly sum with the fee, recomputed by the server from the rows as typed."""

import re

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from zabota.catalog.selectors import tariffs_on
from zabota.core.access import allow
from zabota.core.lists import words_query
from zabota.core.params import int_param
from zabota.programs.forms import NO_SERVICES, line_formset
from zabota.programs.lines_editor import catalogue_of, lines_summary
from zabota.recipients.selectors import get_recipient_for

FOUND_MAX = 15
# Control characters never match a service, and a NUL byte is refused by PostgreSQL.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@allow("recipients.edit")
@require_GET
def service_search(request):
    """Services of the person's catalogue matching the words typed (code or name)."""
    text = CONTROL.sub(" ", request.GET.get("q") or "")[:100].strip()
    found = []
    if text:
        found = list(
            catalogue_of(request.staff.institution_id)
            .filter(words_query(text, ["code", "name"]))
            .select_related("service_type")
            .order_by("service_type__code", "code")[:FOUND_MAX]
        )
    prices = tariffs_on(found, timezone.localdate())
    return render(
        request,
        "programs/_service_search.html",
        {
            "text": text,
            "found": [(service, prices.get(service.pk)) for service in found],
            "more": len(found) == FOUND_MAX,
        },
    )


def _problems(formset) -> list[str]:
    messages = list(formset.non_form_errors())
    for number, form in enumerate(formset.forms, start=1):
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.append(
                    f"Строка {number}" + (f", «{label}»" if label else "") + f": {error}"
                )
    return messages


@allow("recipients.edit")
@require_POST
def lines_sum(request):
    """The monthly cost and the fee of the rows posted with the form (the ИППСУ page's or the
    intake's); rows that cannot be read → 400 with what is wrong, nothing computed."""
    staff = request.staff
    recipient_pk = int_param(request, "recipient")
    recipient = get_recipient_for(staff, recipient_pk) if recipient_pk else None
    formset = line_formset(request.POST, services=catalogue_of(staff.institution_id))
    # No service chosen yet is no mistake while typing: the sum just says so.
    problems = [] if formset.is_valid() else [m for m in _problems(formset) if m != NO_SERVICES]
    if problems:
        return render(request, "programs/_lines_sum.html", {"problems": problems}, status=400)
    summary = lines_summary(
        institution_id=staff.institution_id, recipient=recipient, formset=formset
    )
    return render(request, "programs/_lines_sum.html", {"summary": summary})
