"""«Мои задания»: the list, one job's page (polled while it runs), its files, «Продолжить»."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import choice_param
from zabota.core.xlsx import download_response
from zabota.jobs import services
from zabota.jobs.health import worker_heartbeat
from zabota.jobs.models import JobStatus
from zabota.jobs.selectors import get_job_for, search_jobs

CRUMB = ("Мои задания", reverse_lazy("jobs:list"))


@allow("jobs.view")
def job_list(request):
    text = request.GET.get("q", "").strip()
    status = choice_param(request, "status", JobStatus.values)
    jobs = search_jobs(request.staff, text=text, status=status)
    return render(
        request,
        "jobs/list.html",
        {
            "page": paginate(request, jobs),
            "query": querystring_without_page(request),
            "text": text,
            "status": status,
            "statuses": JobStatus.choices,
            "breadcrumbs": [("Мои задания", None)],
        },
    )


@allow("jobs.view")
def job_detail(request, pk: int):
    job = get_job_for(request.staff, pk)
    context = {"job": job, "breadcrumbs": [CRUMB, (job.title, None)]}
    if job.status == JobStatus.QUEUED:
        context["worker"] = worker_heartbeat()
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, context)


@allow("jobs.view")
def job_file(request, pk: int, file_pk: int):
    job = get_job_for(request.staff, pk)
    file = get_object_or_404(job.files.all(), pk=file_pk)
    if file.content is None:
        raise Http404
    audit_event(
        kind=EventKind.EXPORT,
        actor=request.staff,
        obj=job,
        details=f"«{job.title}»: файл {file.name}",
    )
    return download_response(bytes(file.content), file.name, file.content_type)


@allow("jobs.view")
@require_POST
def job_resume(request, pk: int):
    job = get_job_for(request.staff, pk)
    try:
        resumed, started = services.job_resume(actor=request.staff, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("jobs:detail", pk=job.pk)
    if not started and resumed.pk != job.pk:
        messages.info(request, "Это задание уже начато заново: показываем его.")
    return redirect("jobs:detail", pk=resumed.pk)
