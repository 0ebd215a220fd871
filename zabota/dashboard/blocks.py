"""The start page's own blocks (other areas register theirs: deadlines of documents in
programs, reassessments in ltc). Each returns the block's context or None to hide it."""

import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from zabota.accounts.selectors import locked_logins
from zabota.acts.lists import ACTS
from zabota.acts.selectors import totals_of
from zabota.audit.lists import EVENTS
from zabota.audit.models import EventKind
from zabota.catalog.models import ServiceType
from zabota.core.tiles import Tile, list_tile, plain_tile
from zabota.delivery.lists import VISITS_TO_REVIEW
from zabota.delivery.models import MonthlyTotal, RecipientMonth, ServiceRecord
from zabota.delivery.selectors import closed_months
from zabota.field.selectors import plan_for
from zabota.organisation.lists import STAFF
from zabota.organisation.roles import FIELD_ROLES, Role
from zabota.organisation.selectors import departments_for, field_staff_for
from zabota.payments.statistics import SHORT_LABELS, payment_statistics
from zabota.programs.card import notice_days
from zabota.programs.lists import CONTRACTS
from zabota.programs.models import ProgramService
from zabota.programs.selectors import EXPIRED_LIST, EXPIRING, governing_on
from zabota.recipients.lists import RECIPIENTS
from zabota.recipients.selectors import recipients_for

ZERO = Decimal(0)
# Plan and fact are compared in time by the norms of the catalog: a month's plan of 8 purchases,
# 120 м² of floor and 8 measurements has no sum in «units», but it has one in hours.
PLANNED_MINUTES = Sum(
    F("quantity_per_month") * F("service__time_norm_minutes"),
    output_field=DecimalField(max_digits=14, decimal_places=2),
)


def _hours(minutes: Decimal | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"))


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def today_block(request) -> dict | None:
    """A social worker's or caregiver's day: the visits due today with their services."""
    staff = request.staff
    if staff.role not in FIELD_ROLES:
        return None

    today = timezone.localdate()
    day = plan_for(staff, today, 1)[0]
    return {"today": today, "visits": day.visits}


def my_month_block(request) -> dict | None:
    """The worker's month, recipient by recipient: hours planned by the ИППСУ against done."""
    staff = request.staff
    if staff.role not in FIELD_ROLES:
        return None

    today = timezone.localdate()
    start = _month_start(today)
    people = list(recipients_for(staff).filter(status="active").order_by("last_name", "first_name"))
    ids = [p.pk for p in people]
    planned = dict(
        ProgramService.objects.filter(program__recipient_id__in=ids)
        .filter(governing_on(today, prefix="program__"))
        .values("program__recipient_id")
        .annotate(q=PLANNED_MINUTES)
        .values_list("program__recipient_id", "q")
    )
    done = dict(
        ServiceRecord.objects.filter(
            worker=staff,
            recipient_id__in=ids,
            cancelled_at__isnull=True,
            performed_on__gte=start,
            performed_on__lte=today,
        )
        .values("recipient_id")
        .annotate(q=Sum("norm_minutes"))
        .values_list("recipient_id", "q")
    )
    rows = [
        {"recipient": p, "planned": _hours(planned.get(p.pk)), "done": _hours(done.get(p.pk))}
        for p in people
    ]
    return {
        "month": start,
        "rows": rows,
        "planned": sum((r["planned"] for r in rows), ZERO),
        "done": sum((r["done"] for r in rows), ZERO),
    }


def attention_block(request) -> dict | None:
    """What a head (or the director) should see to first: visits to check, contracts running
    out or run out, months not closed."""
    staff = request.staff
    if not staff.can("recipients.edit"):
        return None

    today = timezone.localdate()
    days = notice_days()
    tiles = []
    if staff.can("visits.review"):
        tiles.append(list_tile("Посещения далеко от адреса", VISITS_TO_REVIEW, staff, today))
    tiles += [
        list_tile(
            f"Договоры истекают в {days} дн.",
            CONTRACTS,
            staff,
            today,
            status=EXPIRING,
            days=days,
        ),
        list_tile("Договоры истекли, нового нет", CONTRACTS, staff, today, status=EXPIRED_LIST),
    ]
    last_month = _month_start(_month_start(today) - datetime.timedelta(days=1))
    departments = list(departments_for(staff))
    closed = closed_months(d.pk for d in departments)
    unclosed = [d for d in departments if (d.pk, last_month) not in closed]
    # Departments in the grid of the closing page, not rows of a list.
    tiles.append(
        plain_tile(
            f"Не закрыт {date_format(last_month, 'F').lower()}",
            len(unclosed),
            url=reverse("delivery:months") if staff.can("months.close") else "",
            note="; ".join(d.name for d in unclosed),
        )
    )
    return {"tiles": tiles}


def workers_block(request) -> dict | None:
    """The month's plan against fact per worker of the person's departments, in hours."""
    staff = request.staff
    if staff.role not in (Role.HEAD, Role.DIRECTOR, Role.SPECIALIST):
        return None

    today = timezone.localdate()
    start = _month_start(today)
    workers = list(field_staff_for(staff).order_by("department__number", "last_name"))
    ids = [w.pk for w in workers]
    served = _assigned_counts(staff, today, ids)
    planned_rows = (
        ProgramService.objects.filter(
            governing_on(today, prefix="program__"), program__recipient__status="active"
        )
        .filter(
            Q(program__recipient__social_worker_id__in=ids, service__is_care=False)
            | Q(program__recipient__caregiver_id__in=ids, service__is_care=True)
        )
        .values(
            "program__recipient__social_worker_id",
            "program__recipient__caregiver_id",
            "service__is_care",
        )
        .annotate(q=PLANNED_MINUTES)
    )
    planned: dict[int, Decimal] = {}
    for row in planned_rows:
        worker = (
            row["program__recipient__caregiver_id"]
            if row["service__is_care"]
            else row["program__recipient__social_worker_id"]
        )
        if worker in ids:
            planned[worker] = planned.get(worker, ZERO) + row["q"]
    done = dict(
        MonthlyTotal.objects.filter(month=start, worker_id__in=ids)
        .values("worker_id")
        .annotate(q=Sum("norm_minutes"))
        .values_list("worker_id", "q")
    )
    rows = [
        {
            "worker": w,
            "recipients": Tile(
                f"Получателей: {w.short_name}",
                served.get(w.pk, 0),
                RECIPIENTS.url({"worker": w.pk}),
            ),
            "planned": _hours(planned.get(w.pk)),
            "done": _hours(done.get(w.pk)),
        }
        for w in workers
    ]
    return {"month": start, "rows": rows}


def _assigned_counts(staff, today: datetime.date, worker_ids: list[int]) -> dict[int, int]:
    """{worker: the rows the recipient list shows for ?worker=} in two grouped queries over
    that list's own rows (a person whose social worker is also their caregiver counts once)."""
    rows = RECIPIENTS.rows(staff, {}, today).order_by()
    social = rows.filter(social_worker_id__in=worker_ids).values_list("social_worker_id")
    care = (
        rows.filter(caregiver_id__in=worker_ids)
        .exclude(caregiver_id=F("social_worker_id"))
        .values_list("caregiver_id")
    )
    counts: dict[int, int] = {}
    for group in (social, care):
        for worker, n in group.annotate(n=Count("pk")):
            counts[worker] = counts.get(worker, 0) + n
    return counts


def charts_block(request) -> dict | None:
    """Three charts for the director and specialists: people served over the year, services by
    type, payment conditions today (the data travels to Chart.js as JSON)."""
    staff = request.staff
    if staff.role not in (Role.DIRECTOR, Role.SPECIALIST):
        return None

    today = timezone.localdate()
    first = _month_start(today)
    months = []
    for _ in range(12):
        months.append(first)
        first = _month_start(first - datetime.timedelta(days=1))
    months.reverse()
    served = dict(
        RecipientMonth.objects.filter(institution_id=staff.institution_id, month__in=months)
        .values("month")
        .annotate(n=Count("recipient_id", distinct=True))
        .values_list("month", "n")
    )
    by_type = dict(
        MonthlyTotal.objects.filter(institution_id=staff.institution_id, month__in=months)
        .values("service__service_type__code")
        .annotate(q=Sum("records"))
        .values_list("service__service_type__code", "q")
    )
    types = list(ServiceType.objects.order_by("code"))
    _rows, total = payment_statistics(staff, today)
    return {
        "chart": {
            "served": {
                "labels": [f"{m:%m.%Y}" for m in months],
                "values": [served.get(m, 0) for m in months],
            },
            "types": {
                "labels": [t.name.replace("услуги", "").strip() for t in types],
                "values": [by_type.get(t.code, 0) for t in types],
            },
            "conditions": {
                "labels": [SHORT_LABELS[key] for key in total.counts],
                "values": list(total.counts.values()),
            },
        }
    }


def accountant_block(request) -> dict | None:
    """The accountant's month: acts and fees due for the month just ended and the current one."""
    staff = request.staff
    if staff.role != Role.ACCOUNTANT:
        return None

    today = timezone.localdate()
    current = _month_start(today)
    previous = _month_start(current - datetime.timedelta(days=1))
    rows = []
    for month in (previous, current):
        params = {"month": f"{month:%Y-%m}"}
        summaries = ACTS.rows(staff, params, today)
        rows.append(
            {
                "month": month,
                "people": Tile("Получателей", len(summaries), ACTS.url(params)),
                "totals": totals_of(summaries),
                # A caveat of the row: the list has no filter of people without a fee.
                "not_computed": plain_tile(
                    "не рассчитано", sum(1 for s in summaries if s.fee is None)
                ),
            }
        )
    return {"rows": rows}


def admin_block(request) -> dict | None:
    staff = request.staff
    if staff.role != Role.ADMIN:
        return None

    today = timezone.localdate()
    # The journal filters by dates: «yesterday and today» is the day back the admin looks at.
    since = today - datetime.timedelta(days=1)
    return {
        "tiles": [
            list_tile("Учётных записей действует", STAFF, staff, today, active=1),
            list_tile("Учётных записей отключено", STAFF, staff, today, active=0),
            list_tile(
                "Неудачных входов за вчера и сегодня",
                EVENTS,
                staff,
                today,
                kind=EventKind.LOGIN_FAILED.value,
                date_from=since.isoformat(),
            ),
            # Locks in force now have no list of their own; the journal holds when each began.
            # Only the institution's own logins: an address or another centre's login is not
            # the administrator's to see (docs/security.md).
            plain_tile(
                "Заблокировано входов сейчас",
                len(locked_logins(staff)),
                url=EVENTS.url({"kind": EventKind.LOGIN_LOCKED.value}),
            ),
        ]
    }
