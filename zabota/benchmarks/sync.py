"""A hundred tablets sending their offline records at the same moment.

Each tablet is a different field worker with their own device key. Its records are built the
way the tablet builds them: from the worker's planned visits (GET /api/v1/field/visits) of the
current month's days, one record per planned service, until the batch is full. Then every
tablet POSTs its batch to /api/v1/field/sync at once (threads released by a barrier), and the
database is compared with what was sent: every uuid must be stored exactly once.

The floor is the same rows written the most direct way: one INSERT of the whole lot in one
transaction (no checks, totals or journal), rolled back.
"""

from __future__ import annotations

import datetime
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zabota.api.services import device_token_issue
from zabota.benchmarks.common import Result, Scale
from zabota.benchmarks.pages import field_workers
from zabota.catalog.models import Service
from zabota.core.demo import fast_insert
from zabota.delivery.models import Basis, RecordSource, ServiceRecord
from zabota.organisation.models import Institution, Staff
from zabota.recipients.models import Recipient

TIMEOUT_SECONDS = 300


@dataclass
class Tablet:
    staff: Staff
    token: str
    records: list[dict] = field(default_factory=list)
    status: int | None = None
    error: str = ""
    accepted: list[str] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)


def _call(base: str, path: str, token: str, payload: dict | None = None) -> tuple[int, dict]:
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(
        base + path,
        data=data,
        method="GET" if payload is None else "POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body or b"{}")
        except ValueError:
            return error.code, {"detail": body[:300].decode(errors="replace")}


def _moment(day: datetime.date, hour: int) -> str:
    zone = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone).isoformat()


def build_records(base: str, tablet: Tablet, count: int, today: datetime.date) -> None:
    """The tablet's batch from its plan: today first, then the earlier days of the month."""
    lines = []
    day = today
    while len(lines) < count and day >= today.replace(day=1):
        status, plan = _call(base, f"/api/v1/field/visits?date={day.isoformat()}", tablet.token)
        if status != 200:
            raise RuntimeError(f"План {tablet.staff.user.username} на {day}: {status} {plan}")
        for visit in plan["visits"]:
            for service in visit["services"]:
                # Lines of a care plan are offered too, but the log takes only ИППСУ services
                # (reported in docs/performance.md); the batch must be all valid records.
                if service["source"] == "program":
                    lines.append((day, visit["recipient_id"], service["service_id"], service))
        day -= datetime.timedelta(days=1)
    if not lines:
        raise RuntimeError(f"У {tablet.staff.user.username} нет посещений в этом месяце.")
    # A short month so far: the same visits again (the excess of the volume is flagged).
    for n in range(count):
        day, recipient_id, service_id, service = lines[n % len(lines)]
        quantity = Decimal(str(service["quantity"])).quantize(Decimal("0.01"))
        tablet.records.append(
            {
                "uuid": str(uuid.uuid4()),
                "recipient_id": recipient_id,
                "service_id": service_id,
                "date": day.isoformat(),
                "quantity": str(quantity if quantity > 0 else Decimal(1)),
                "note": "",
                "arrived_at": _moment(day, 10),
                "left_at": _moment(day, 11),
            }
        )


def _send(base: str, tablet: Tablet, barrier: threading.Barrier) -> None:
    barrier.wait()
    try:
        tablet.status, answer = _call(
            base, "/api/v1/field/sync", tablet.token, {"records": tablet.records}
        )
    except (OSError, urllib.error.URLError) as error:
        tablet.error = str(error)
        return
    tablet.accepted = answer.get("accepted", [])
    tablet.rejected = answer.get("rejected", [])
    if tablet.status != 200:
        tablet.error = str(answer)[:300]


def _floor(tablets: list[Tablet]) -> float:
    """The same rows by one INSERT in one transaction, rolled back."""
    records = [r for t in tablets for r in t.records]
    recipients = dict(
        Recipient.objects.filter(pk__in={r["recipient_id"] for r in records}).values_list(
            "pk", "department_id"
        )
    )
    services = {s.pk: s for s in Service.objects.filter(pk__in={r["service_id"] for r in records})}
    owner = {r["uuid"]: t.staff for t in tablets for r in t.records}
    now = timezone.now()
    columns = [
        "uuid", "institution", "department", "recipient", "service", "worker", "performed_on",
        "quantity", "note", "price", "amount", "norm_minutes", "is_additional", "basis",
        "over_volume_reason", "source", "cancel_reason", "created_by", "created_at",
    ]  # fmt: skip
    rows = []
    for r in records:
        staff = owner[r["uuid"]]
        quantity = Decimal(r["quantity"])
        service = services[r["service_id"]]
        rows.append(
            (
                uuid.uuid4(), staff.institution_id, recipients[r["recipient_id"]],
                r["recipient_id"], service.pk, staff.pk, datetime.date.fromisoformat(r["date"]),
                quantity, "", Decimal("100.00"), Decimal("100.00") * quantity,
                Decimal(service.time_norm_minutes) * quantity, False, Basis.PROGRAM, "",
                RecordSource.TABLET,
                "", staff.pk, now,
            )
        )  # fmt: skip
    started = time.perf_counter()
    with transaction.atomic():
        fast_insert(ServiceRecord, columns, rows)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def measure(
    base: str, institution: Institution, scale: Scale, tokens: dict[int, str], log
) -> list[Result]:
    today = timezone.localdate()
    tablets = []
    for staff in field_workers(institution, scale.tablets):
        if staff.pk not in tokens:
            tokens[staff.pk] = device_token_issue(staff=staff, device="Бенчмарк")[1]
        tablets.append(Tablet(staff, tokens[staff.pk]))
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda t: build_records(base, t, scale.records_per_tablet, today), tablets))
    sent = [r["uuid"] for t in tablets for r in t.records]
    log(f"  sync: {len(tablets)} планшетов по {scale.records_per_tablet} записей")

    began = timezone.now()
    barrier = threading.Barrier(len(tablets) + 1)
    threads = [
        threading.Thread(target=_send, args=(base, t, barrier), daemon=True) for t in tablets
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(TIMEOUT_SECONDS + 30)
    wall = time.perf_counter() - started

    stored = Counter()
    for start in range(0, len(sent), 500):
        chunk = [uuid.UUID(u) for u in sent[start : start + 500]]
        stored.update(
            str(u)
            for u in ServiceRecord.objects.filter(uuid__in=chunk).values_list("uuid", flat=True)
        )
    lost = sum(1 for u in sent if stored[u] == 0)
    # Rows the tablets' workers stored during the run beyond one per uuid sent.
    during = ServiceRecord.objects.filter(
        source=RecordSource.TABLET,
        created_by__in=[t.staff for t in tablets],
        created_at__gte=began,
    ).count()
    duplicated = sum(n - 1 for n in stored.values() if n > 1) + max(0, during - len(stored))
    rejected = [r for t in tablets for r in t.rejected]
    failed = [t for t in tablets if t.error]
    floor = _floor(tablets)
    results = [
        Result(
            "sync",
            wall,
            "s",
            floor,
            note=f"{len(tablets)} планшетов × {scale.records_per_tablet} записей",
        ),
        Result("sync_records", len(sent), "records"),
        Result("sync_lost", lost, "records"),
        Result("sync_duplicated", duplicated, "records"),
        Result("sync_rejected", len(rejected), "records"),
    ]
    log(
        f"  sync: {wall:.1f} с; записей {len(sent)}, потеряно {lost}, задвоено {duplicated}, "
        f"отклонено {len(rejected)}, ошибок запросов {len(failed)} (floor {floor:.2f} с)"
    )
    for tablet in failed[:3]:
        log(f"    {tablet.staff.user.username}: {tablet.status} {tablet.error}")
    for reason in Counter(r["reason"] for r in rejected).most_common(3):
        log(f"    отклонено: {reason[1]} × {reason[0]}")
    return results
