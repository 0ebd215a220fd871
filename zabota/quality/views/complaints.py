"""Appeals: the register, a new appeal, one appeal with its extensions, outcome and answers."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.locking import StaleEditError
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, audit_read
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import int_param
from zabota.core.xlsx import download_response
from zabota.documents.rendering import DOCX_CONTENT_TYPE
from zabota.organisation.selectors import departments_for, staff_for
from zabota.quality import services
from zabota.quality.exports import complaints_table
from zabota.quality.forms import CloseForm, ComplaintForm, ExtendForm, fresh_id
from zabota.quality.lists import COMPLAINTS, complaint_filters
from zabota.quality.models import ComplaintAnswer, Outcome
from zabota.quality.selectors import (
    COMPLAINT_STATES,
    complaints_for,
    get_complaint_for,
    responsibles_for,
)
from zabota.quality.views.common import COMPLAINTS_CRUMB
from zabota.recipients.selectors import get_recipient_for


@allow("quality.complaints")
def complaint_list(request):
    staff, today = request.staff, timezone.localdate()
    rows = COMPLAINTS.rows(staff, request.GET, today)
    if wants_xlsx(request):
        return xlsx_export(request, "Обращения.xlsx", complaints_table(rows))
    return render(
        request,
        "quality/complaint_list.html",
        {
            "page": paginate(request, rows),
            "query": querystring_without_page(request),
            "filters": complaint_filters(request.GET),
            "states": COMPLAINT_STATES,
            "outcomes": Outcome.choices,
            "departments": departments_for(staff),
            "today": today,
            "breadcrumbs": [(COMPLAINTS_CRUMB[0], None)],
        },
    )


@allow("quality.complaints")
def complaint_new(request):
    staff, today = request.staff, timezone.localdate()
    recipient_id = int_param(request, "recipient")
    recipient = get_recipient_for(staff, recipient_id) if recipient_id else None
    form = ComplaintForm(
        request.POST or None,
        departments=departments_for(staff),
        workers=staff_for(staff).filter(user__is_active=True).order_by("last_name", "pk"),
        responsibles=responsibles_for(staff),
        recipient=recipient,
        today=today,
        initial={
            **fresh_id(),
            "received_on": today,
            "responsible": staff.pk,
            "applicant": recipient.full_name if recipient else "",
            "applicant_address": recipient.address if recipient else "",
            "worker": recipient.social_worker_id if recipient else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_register(
                actor=staff,
                form_uuid=data["form_uuid"],
                received_on=data["received_on"],
                channel=data["channel"],
                applicant=data["applicant"],
                applicant_address=data["applicant_address"],
                recipient=recipient,
                department=data.get("department"),
                worker=data["worker"],
                content=data["content"],
                responsible=data["responsible"],
                today=today,
            )
        except services.ComplaintAlreadyRegistered as done:
            messages.info(request, "Это обращение уже зарегистрировано: повтор не записан.")
            return _after(request, done.complaint)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Обращение зарегистрировано под № {complaint.number}, срок ответа "
                f"{complaint.due_on:%d.%m.%Y}.",
            )
            return _after(request, complaint)
    return render(
        request,
        "quality/complaint_form.html",
        {
            "form": form,
            "recipient": recipient,
            "days": settings.ZABOTA_COMPLAINT_DAYS,
            "breadcrumbs": [COMPLAINTS_CRUMB, ("Новое обращение", None)],
        },
    )


def _after(request, complaint):
    # The person who registered an appeal about someone else reads it; one who registered an
    # appeal about themselves (it happens: a head noting a complaint against the head) cannot.
    if complaints_for(request.staff).filter(pk=complaint.pk).exists():
        return redirect("quality:complaint", pk=complaint.pk)
    return redirect("quality:complaints")


@allow("quality.complaints")
def complaint_detail(request, pk: int):
    staff = request.staff
    complaint = get_complaint_for(staff, pk)
    if complaint.recipient is not None:
        audit_read(actor=staff, recipient=complaint.recipient, obj=complaint, what="обращение")
    return render(
        request,
        "quality/complaint_detail.html",
        {
            "complaint": complaint,
            "extensions": list(complaint.extensions.select_related("extended_by")),
            "answers": list(complaint.answers.defer("content").select_related("issued_by")),
            "today": timezone.localdate(),
            "breadcrumbs": [COMPLAINTS_CRUMB, (str(complaint), None)],
        },
    )


def _action(request, pk: int, form_class, service, initial, done: str, title: str):
    staff, today = request.staff, timezone.localdate()
    complaint = get_complaint_for(staff, pk)
    if not complaint.is_open:
        messages.info(request, "Обращение уже рассмотрено.")
        return redirect("quality:complaint", pk=pk)
    form = form_class(request.POST or None, initial={"version": complaint.version, **initial})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            service(
                actor=staff,
                complaint=complaint,
                expected_version=form.cleaned_data["version"],
                today=today,
                **data,
            )
        except StaleEditError as stale:
            form.add_error(
                None,
                "Обращение уже изменил другой сотрудник: "
                + "; ".join(stale.describe())
                + ". Откройте форму снова.",
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("quality:complaint", pk=pk)
    return render(
        request,
        "quality/simple_form.html",
        {
            "form": form,
            "title": title,
            "intro": f"Обращение № {complaint.number} от {complaint.received_on:%d.%m.%Y}, "
            f"срок ответа {complaint.due_on:%d.%m.%Y}.",
            "back_url": reverse("quality:complaint", args=[pk]),
            "breadcrumbs": [
                COMPLAINTS_CRUMB,
                (str(complaint), reverse("quality:complaint", args=[pk])),
                (title, None),
            ],
        },
    )


@allow("quality.complaints")
def complaint_extend(request, pk: int):
    today = timezone.localdate()
    return _action(
        request,
        pk,
        ExtendForm,
        services.complaint_extend,
        {"notified_on": today},
        "Срок ответа продлён.",
        "Продление срока ответа",
    )


@allow("quality.complaints")
def complaint_close(request, pk: int):
    return _action(
        request,
        pk,
        CloseForm,
        services.complaint_close,
        {"answered_on": timezone.localdate()},
        "Результат рассмотрения записан. Теперь можно выдать ответ по шаблону.",
        "Результат рассмотрения",
    )


@allow("quality.complaints")
@require_POST
def complaint_answer(request, pk: int):
    complaint = get_complaint_for(request.staff, pk)
    try:
        answer = services.complaint_answer_issue(actor=request.staff, complaint=complaint)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Ответ № {answer.number} сформирован по шаблону.")
    return redirect("quality:complaint", pk=pk)


@allow("quality.complaints")
def complaint_answer_file(request, pk: int):
    """The DOCX of an answer, for those who may read its appeal."""
    answer = get_object_or_404(
        ComplaintAnswer.objects.filter(complaint__in=complaints_for(request.staff)).select_related(
            "complaint"
        ),
        pk=pk,
    )
    audit_event(
        kind=EventKind.PRINT,
        actor=request.staff,
        obj=answer.complaint,
        details=f"скачан ответ на обращение № {answer.number}",
    )
    return download_response(
        bytes(answer.content), f"Ответ {answer.number.replace('/', '-')}.docx", DOCX_CONTENT_TYPE
    )
