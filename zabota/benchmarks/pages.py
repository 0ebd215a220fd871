"""Page latency under load: locust (bench/locustfile.py) with 50 people against gunicorn.

The plan given to locust names real people of the demo: office staff with the surnames they
search for and the cards they open (all within their own scope, so a 404 is an error), and
field workers with a device key each for the tablet API.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db.models import Q

from zabota.api.services import device_token_issue
from zabota.benchmarks.common import Result, Scale
from zabota.core.demo import DEMO_PASSWORD
from zabota.organisation.models import Institution, Staff
from zabota.organisation.roles import FIELD_ROLES, Role
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.recipients.selectors import recipients_for

LOCUSTFILE = Path(settings.BASE_DIR) / "bench" / "locustfile.py"
PAGES = {
    "recipients search": "search",
    "recipient card": "card",
    "worker start page": "start",
    "field visits": "visits",
}
# Logging everyone in is not measured but must fit in the run's time limit.
LOGIN_ALLOWANCE_SECONDS = 90


def field_workers(institution: Institution, count: int) -> list[Staff]:
    """Field workers who have active recipients, spread over the departments."""
    serving = Recipient.objects.filter(status=RecipientStatus.ACTIVE).filter(
        Q(social_worker_id__isnull=False) | Q(caregiver_id__isnull=False)
    )
    ids = set(serving.values_list("social_worker_id", flat=True)) | set(
        serving.values_list("caregiver_id", flat=True)
    )
    workers = list(
        Staff.objects.filter(
            institution=institution, role__in=FIELD_ROLES, user__is_active=True, pk__in=ids
        )
        .select_related("user")
        .order_by("department__number", "pk")
    )
    # Every n-th, so that a hundred tablets come from every department, not the first three.
    step = max(1, len(workers) // max(1, count))
    return workers[::step][:count]


def office_staff(institution: Institution) -> list[Staff]:
    """The director and the specialist (the whole registry), then the heads (a department)."""
    people = Staff.objects.filter(institution=institution, user__is_active=True).select_related(
        "user"
    )
    order = [Role.DIRECTOR, Role.SPECIALIST, Role.HEAD]
    return sorted(
        people.filter(role__in=order),
        key=lambda s: (order.index(s.role), s.department.number if s.department else 0, s.pk),
    )


def plan(institution: Institution, scale: Scale, tokens: dict[int, str]) -> dict:
    """Who the locust users are and what each of them opens: half office staff, half field
    workers, alternating; a person may be logged in by several users (several sessions)."""
    office = []
    for staff in office_staff(institution)[: scale.users // 2]:
        visible = recipients_for(staff).filter(status=RecipientStatus.ACTIVE).order_by("pk")
        sample = list(visible.values_list("pk", "last_name")[:: max(1, visible.count() // 40)])
        if not sample:
            continue
        office.append(
            {
                "username": staff.user.username,
                "kind": "office",
                # What people type: the first letters of a surname.
                "searches": sorted({name[:4] for _pk, name in sample}),
                "cards": [pk for pk, _name in sample],
            }
        )
    field = []
    for staff in field_workers(institution, scale.users - scale.users // 2):
        if staff.pk not in tokens:
            tokens[staff.pk] = device_token_issue(staff=staff, device="Бенчмарк")[1]
        field.append({"username": staff.user.username, "kind": "field", "token": tokens[staff.pk]})
    if not office or not field:
        raise RuntimeError("В данных нет сотрудников офиса или работников с получателями.")
    people = []
    for index in range(scale.users):
        group = office if index % 2 == 0 else field
        people.append(group[(index // 2) % len(group)])
    return {"password": DEMO_PASSWORD, "people": people}


def measure(base: str, plan_data: dict, scale: Scale, folder: Path, log) -> list[Result]:
    plan_path = folder / "locust-plan.json"
    out_path = folder / "locust-result.json"
    plan_path.write_text(json.dumps(plan_data, ensure_ascii=False), encoding="utf-8")
    env = {
        "BENCH_PLAN": str(plan_path),
        "BENCH_OUT": str(out_path),
        "BENCH_SECONDS": str(scale.page_seconds),
    }
    limit = scale.page_seconds + LOGIN_ALLOWANCE_SECONDS
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(scale.users),
        "--spawn-rate",
        str(scale.users),
        "--run-time",
        f"{limit}s",
        "--host",
        base,
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    with open(folder / "locust.log", "ab") as locust_log:
        subprocess.run(  # noqa: S603 - our own interpreter and arguments
            command,
            env={**os.environ, **env},
            stdout=locust_log,
            stderr=subprocess.STDOUT,
            timeout=limit + 60,
            check=False,
        )
    if not out_path.exists():
        raise RuntimeError(f"locust не записал результат: см. {folder / 'locust.log'}")
    summary = json.loads(out_path.read_text(encoding="utf-8"))
    if not summary["measured"]:
        raise RuntimeError(
            f"Не все пользователи вошли за {LOGIN_ALLOWANCE_SECONDS} с: см. {folder / 'locust.log'}"
        )
    pages = {name: figures for name, figures in summary["pages"].items() if name in PAGES}
    total = summary["total"]
    errors = total["failures"] + summary["login_failures"]
    results = [
        Result(
            "page_p95",
            total["p95_ms"],
            "ms",
            note=f"{scale.users} пользователей, {total['requests']} запросов за "
            f"{scale.page_seconds} с",
        ),
        Result("page_errors", errors, "errors"),
    ]
    for name, figures in sorted(pages.items(), key=lambda item: PAGES[item[0]]):
        results.append(
            Result(f"page_p95_{PAGES[name]}", figures["p95_ms"], "ms", note=name),
        )
    log(
        f"  page_p95: {total['p95_ms']} мс ({total['requests']} запросов, ошибок {errors}); "
        + ", ".join(f"{PAGES[n]} {f['p95_ms']} мс" for n, f in pages.items())
    )
    for error in summary["errors"][:5]:
        log(f"    ошибка: {error}")
    return results
