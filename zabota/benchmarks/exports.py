"""XLSX exports through the whole Django stack, as a person downloads them.

export_rows_per_s is the service log of the whole year (every row; past Excel's 1 048 576 rows
a sheet it continues on the next), downloaded in a process of its own so that export_peak_mb
is that process's peak memory. Above ZABOTA_EXPORT_INLINE_ROWS rows the page hands the list to a
job (zabota.jobs.exports): the child runs it in place and downloads its file, the whole way a
person gets a year's log, so the figures include storing the file in the job. Its floor is the
same rows read by a bare `values_list`: the database alone. export_list_rows_per_s is the list
of visits of the last days, up to 100 000 rows, always sent at once (the writer against
openpyxl, not the job); its floor is openpyxl's write-only mode writing the same values, read
beforehand, with none of our formatting or checks.
"""

from __future__ import annotations

import io
import multiprocessing
import statistics
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.db.models import Count
from django.test import Client, override_settings
from django.urls import reverse

from zabota.benchmarks import export_child
from zabota.benchmarks.common import Months, Result, Scale
from zabota.delivery.models import Visit
from zabota.delivery.selectors import search_records
from zabota.field.exports import visits_table
from zabota.field.selectors import search_visits
from zabota.organisation.models import Institution, Staff
from zabota.organisation.roles import Role

LOG_FIELDS = (
    "performed_on", "recipient_id", "service_id", "quantity", "price", "amount",
    "norm_minutes", "worker_id", "note", "cancelled_at",
)  # fmt: skip


def director_of(institution: Institution) -> Staff:
    return Staff.objects.filter(
        institution=institution, role=Role.DIRECTOR, user__is_active=True
    ).order_by("pk")[0]


def _xlsx_url(name: str, first, last) -> str:
    return f"{reverse(name)}?format=xlsx&date_from={first:%Y-%m-%d}&date_to={last:%Y-%m-%d}"


def sheets_of(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(1 for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))


def measure(
    institution: Institution, months: Months, scale: Scale, work_dir: Path, log
) -> list[Result]:
    director = director_of(institution)
    first, last = months.year_start, months.year_end
    records = search_records(director, date_from=first, date_to=last)
    rows = records.count()
    out = work_dir / "log.xlsx"
    url = _xlsx_url("delivery:records", first, last)
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn, initializer=export_child.init) as pool:
        child = pool.submit(export_child.run, url, director.user.username, str(out)).result()
    sheets = sheets_of(out)
    out.unlink()
    started = time.perf_counter()
    for _ in records.values_list(*LOG_FIELDS).iterator(chunk_size=5000):
        pass
    bare = time.perf_counter() - started
    speed = rows / child["seconds"]
    results = [
        Result(
            "export_rows_per_s",
            speed,
            "rows/s",
            rows / bare,
            note=f"журнал за {first:%d.%m.%Y}–{last:%d.%m.%Y}: {rows} строк, листов {sheets}, "
            f"{child['bytes'] // 1024 // 1024} МБ за {child['seconds']:.1f} с, {child['way']}",
        ),
        Result(
            "export_peak_mb",
            child["rss_peak_mb"],
            "MB",
            child["rss_before_mb"],
            note="пиковая память процесса выгрузки; floor — тот же процесс до выгрузки",
        ),
    ]
    log(
        f"  export_rows_per_s: {speed:.0f} строк/с ({rows} строк, {sheets} листа, "
        f"чтение из базы {rows / bare:.0f} строк/с), память {child['rss_peak_mb']:.0f} МБ "
        f"(до выгрузки {child['rss_before_mb']:.0f} МБ), {child['way']}"
    )
    results.append(_visits(director, scale.export_list_rows, log))
    return results


def _recent_days(institution_id: int, wanted: int):
    """The first day of the shortest run of last days that holds `wanted` visits (or all)."""
    total, day = 0, None
    per_day = (
        Visit.objects.filter(institution_id=institution_id)
        .values("visited_on")
        .annotate(n=Count("pk"))
        .order_by("-visited_on")
    )
    last = None
    for row in per_day:
        last = last or row["visited_on"]
        day = row["visited_on"]
        total += row["n"]
        if total >= wanted:
            break
    return day, last


def _visits(director: Staff, wanted: int, log) -> Result:
    first, last = _recent_days(director.institution_id, wanted)
    visits = search_visits(director, date_from=first, date_to=last)
    rows = visits.count()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(director.user)
    url = _xlsx_url("field:visits", first, last)
    client.get(reverse("dashboard:home"))
    times = []
    for _ in range(2):
        started = time.perf_counter()
        with override_settings(ZABOTA_EXPORT_INLINE_ROWS=rows):
            response = client.get(url)
        for _block in response.streaming_content:
            pass
        response.close()
        times.append(time.perf_counter() - started)
    value = rows / statistics.median(times)
    floor = rows / _openpyxl_seconds(visits, first, last)
    log(
        f"  export_list_rows_per_s: {value:.0f} строк/с ({rows} посещений), "
        f"openpyxl write-only {floor:.0f} строк/с"
    )
    return Result(
        "export_list_rows_per_s",
        value,
        "rows/s",
        floor,
        note=f"посещения за {first:%d.%m.%Y}–{last:%d.%m.%Y}: {rows} строк",
    )


def _openpyxl_seconds(visits, first, last) -> float:
    """openpyxl's write-only mode writing the same values, with no formatting or checks."""
    from openpyxl import Workbook

    table = visits_table(visits, date_from=first, date_to=last)
    values = list(table.rows)
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([column.header for column in table.columns])
    for row in values:
        sheet.append(row)
    workbook.save(io.BytesIO())
    return time.perf_counter() - started
