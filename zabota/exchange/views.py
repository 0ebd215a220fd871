from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import choice_param
from zabota.core.xlsx import XLSX_CONTENT_TYPE, download_response
from zabota.exchange import services
from zabota.exchange.catalogue import SOURCES
from zabota.exchange.forms import (
    ColumnFormSet,
    ExportForm,
    ExportMappingForm,
    MappingForm,
    UploadForm,
    columns_from,
)
from zabota.exchange.importing.kinds import definition
from zabota.exchange.importing.reading import FileProblem
from zabota.exchange.importing.template import template_xlsx
from zabota.exchange.importing.values import text as cell_text
from zabota.exchange.jobs import CHECK, COMMIT, active_job_of, import_job_start, runs_in_background
from zabota.exchange.models import ExportFormat, ExportMapping, ImportKind, ImportStatus
from zabota.exchange.recalculation import recalculation_rows
from zabota.exchange.registry import tasks_for
from zabota.exchange.selectors import (
    default_export_settings,
    export_mappings_for,
    export_settings_for,
    get_batch_for,
    get_export_mapping_for,
    search_batches,
)
from zabota.exchange.tables import ACTION_LABELS, batches_table, report_table
from zabota.rules.identifiers import snils_digits

INDEX_CRUMB = ("Обмен данными", reverse_lazy("exchange:index"))
CLOSED = (ImportStatus.COMMITTED, ImportStatus.CANCELLED)


@allow("exchange.run")
def index(request):
    staff = request.staff
    text = request.GET.get("q", "")
    status = choice_param(request, "status", ImportStatus.values)
    batches = search_batches(staff, text=text, status=status)
    if wants_xlsx(request):
        return xlsx_export(request, "Загрузки файлов.xlsx", batches_table(batches))
    tasks = tasks_for(staff)
    return render(
        request,
        "exchange/index.html",
        {
            "imports": [(t, url) for t, url in tasks if t.direction == "import"],
            "exports": [(t, url) for t, url in tasks if t.direction == "export"],
            "page": paginate(request, batches),
            "query": querystring_without_page(request),
            "text": text,
            "status": status,
            "statuses": ImportStatus.choices,
            "breadcrumbs": [("Обмен данными", None)],
        },
    )


@allow("exchange.run")
def import_template(request):
    return download_response(template_xlsx(), "Шаблон загрузки получателей.xlsx", XLSX_CONTENT_TYPE)


@allow("exchange.run")
def import_upload(request):
    return upload_page(request, ImportKind.RECIPIENTS)


def upload_page(request, kind: str):
    """The first step of an import of any kind: a readable table is kept, anything else refused."""
    texts = UPLOAD_TEXTS[kind]
    form = UploadForm(request.POST or None, request.FILES or None, label=texts["label"])
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_batch_upload(
                actor=request.staff, file_name=upload.name, content=upload.read(), kind=kind
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("exchange:import_mapping", pk=batch.pk)
    return render(
        request,
        texts["template"],
        {
            "form": form,
            "breadcrumbs": [INDEX_CRUMB, (definition(kind).title, None)],
        },
    )


UPLOAD_TEXTS = {
    ImportKind.RECIPIENTS: {
        "label": "Файл со списком получателей",
        "template": "exchange/upload.html",
    },
    ImportKind.INCOMES: {
        "label": "Файл с доходами (СНИЛС, месяц, сумма)",
        "template": "exchange/incomes_upload.html",
    },
}


@allow("exchange.run")
def import_mapping(request, pk: int):
    staff = request.staff
    batch = get_batch_for(staff, pk)
    if batch.status in CLOSED:
        return redirect("exchange:import_batch", pk=pk)
    kind = definition(batch.kind)
    try:
        sheet = services.read_batch_sheet(bytes(batch.content), batch.file_name, batch.kind)
    except FileProblem as problem:
        messages.error(request, str(problem))
        return redirect("exchange:index")
    initial = batch.mapping or kind.auto_mapping(
        sheet, services.remembered_headers(staff, batch.kind)
    )
    form = MappingForm(request.POST or None, sheet=sheet, initial_mapping=initial, definition=kind)
    if request.method == "POST" and form.is_valid():
        if runs_in_background(len(sheet.rows)):
            services.import_batch_map(actor=staff, batch=batch, mapping=form.mapping, check=False)
            return _to_job(request, import_job_start(actor=staff, batch=batch, step=CHECK))
        services.import_batch_map(actor=staff, batch=batch, mapping=form.mapping)
        return redirect("exchange:import_batch", pk=pk)
    return render(
        request,
        "exchange/mapping.html",
        {
            "batch": batch,
            "form": form,
            "sheet": sheet,
            "sample": [
                (r.number, [(h, cell_text(r.cell(i))) for i, h in enumerate(sheet.headers)])
                for r in sheet.rows[:3]
            ],
            "problems": [] if form.is_bound else kind.mapping_problems(initial),
            "breadcrumbs": _batch_crumbs(batch, "Столбцы"),
        },
    )


@allow("exchange.run")
def import_batch(request, pk: int):
    """The preview of a checked file, or the outcome of a loaded one."""
    batch = get_batch_for(request.staff, pk)
    if batch.status == ImportStatus.UPLOADED:
        return redirect("exchange:import_mapping", pk=pk)
    rows = batch.report.get("rows", [])
    default = "error" if batch.counts.get("error") else "all"
    show = choice_param(request, "show", [*ACTION_LABELS, "all"], default)
    shown = rows if show == "all" else [r for r in rows if r["action"] == show]
    text = request.GET.get("q", "").strip()
    if text:
        shown = [r for r in shown if _row_matches(r, text)]
    if wants_xlsx(request):
        return xlsx_export(request, f"Проверка {batch.file_name}.xlsx", report_table(batch, shown))
    return render(
        request,
        "exchange/batch.html",
        {
            "batch": batch,
            "counts": batch.counts,
            "show": show,
            "text": text,
            "tabs": [("all", "все строки", batch.counts.get("rows", 0))]
            + [(key, label, batch.counts.get(key, 0)) for key, label in ACTION_LABELS.items()],
            "labels": ACTION_LABELS,
            "page": paginate(request, shown, per_page=50),
            "query": querystring_without_page(request),
            "is_open": batch.status not in CLOSED,
            "job": active_job_of(batch),
            "background": runs_in_background(batch.counts.get("rows", 0)),
            "is_incomes": batch.kind == ImportKind.INCOMES,
            "command": definition(batch.kind).command,
            "can_recalculate": request.staff.can("payments.recalculate"),
            "recalculated": bool(recalculation_rows(batch.report)),
            "affected": len(batch.report.get("affected", [])),
            "breadcrumbs": _batch_crumbs(batch, None),
        },
    )


@allow("exchange.run")
@require_POST
def import_check(request, pk: int):
    batch = get_batch_for(request.staff, pk)
    if runs_in_background(batch.counts.get("rows", 0)):
        return _to_job(request, import_job_start(actor=request.staff, batch=batch, step=CHECK))
    try:
        services.import_batch_check(actor=request.staff, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("exchange:import_batch", pk=pk)


@allow("exchange.run")
@require_POST
def import_commit(request, pk: int):
    staff = request.staff
    batch = get_batch_for(staff, pk)
    if runs_in_background(batch.counts.get("rows", 0)):
        return _to_job(request, import_job_start(actor=staff, batch=batch, step=COMMIT))
    try:
        batch = services.import_batch_commit(actor=staff, batch=batch)
    except services.StalePlanError:
        services.import_batch_check(actor=staff, batch=batch)
        messages.warning(
            request,
            "Пока вы смотрели результат проверки, данные в реестре изменились. "
            "Файл проверен заново: посмотрите результат и загрузите ещё раз.",
        )
    except services.RowFailure as failure:
        messages.error(request, f"Ничего не загружено. {failure}")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        counts = batch.counts
        nouns = "новых сумм" if batch.kind == ImportKind.INCOMES else "новых"
        messages.success(
            request,
            f"Загружено: {nouns} {counts['create']}, изменено {counts['update']}, "
            f"без изменений {counts['unchanged']}.",
        )
    return redirect("exchange:import_batch", pk=pk)


def _to_job(request, started: tuple):
    job, is_new = started
    if not is_new:
        messages.info(request, f"С этим файлом уже работает задание «{job.title}»: показываем его.")
    return redirect("jobs:detail", pk=job.pk)


@allow("exchange.run")
@require_POST
def import_cancel(request, pk: int):
    batch = get_batch_for(request.staff, pk)
    try:
        services.import_batch_cancel(actor=request.staff, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Загрузка отменена: в реестр ничего не внесено.")
    return redirect("exchange:index")


@allow("exchange.run")
def import_file(request, pk: int):
    """The file exactly as it was uploaded (it holds personal data: the download is journaled)."""
    batch = get_batch_for(request.staff, pk)
    audit_event(
        kind=EventKind.EXPORT,
        actor=request.staff,
        obj=batch,
        details="Скачан исходный файл загрузки",
    )
    is_xlsx = bytes(batch.content[:4]) == b"PK\x03\x04"
    content_type = XLSX_CONTENT_TYPE if is_xlsx else "text/csv"
    return download_response(bytes(batch.content), batch.file_name, content_type)


@allow("exchange.run")
def export(request):
    """The regional export: a layout and a period in, a file out."""
    staff = request.staff
    form = ExportForm(request.GET if "layout" in request.GET else None, actor=staff)
    if form.is_bound and form.is_valid():
        settings = export_settings_for(staff, form.cleaned_data["layout"])
        if settings is None:
            form.add_error("layout", "Такого формата выгрузки нет.")
        else:
            try:
                name, content, _rows = services.regional_export(
                    actor=staff,
                    settings=settings,
                    date_from=form.cleaned_data["date_from"],
                    date_to=form.cleaned_data["date_to"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                content_type = (
                    XLSX_CONTENT_TYPE
                    if settings.file_format == ExportFormat.XLSX
                    else f"text/csv; charset={settings.encoding.replace('-sig', '')}"
                )
                return download_response(content, name, content_type)
    default = default_export_settings()
    source = SOURCES[default.source]
    return render(
        request,
        "exchange/export.html",
        {
            "form": form,
            "mappings": export_mappings_for(staff),
            "default_columns": [(h, source.fields[p].label) for h, p in default.columns],
            "breadcrumbs": [INDEX_CRUMB, ("Выгрузка для региональной системы", None)],
        },
    )


@allow("exchange.run")
def export_mapping_edit(request, pk: int | None = None):
    """A layout of the regional export: the file's columns in order, and how it is written."""
    staff = request.staff
    mapping = get_export_mapping_for(staff, pk) if pk else ExportMapping(source="recipients")
    source = SOURCES[mapping.source]
    columns = mapping.columns or source.default_columns
    form = ExportMappingForm(request.POST or None, instance=mapping, actor=staff)
    formset = ColumnFormSet(
        request.POST or None,
        initial=[{"header": h, "path": p, "ORDER": i} for i, (h, p) in enumerate(columns, 1)],
        form_kwargs={"source_key": mapping.source},
        prefix="columns",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        edited = form.save(commit=False)
        edited.columns = columns_from(formset)
        try:
            services.export_mapping_save(actor=staff, mapping=edited)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Формат выгрузки «{edited.name}» сохранён.")
            return redirect("exchange:export")
    title = f"Формат выгрузки: {mapping.name}" if pk else "Новый формат выгрузки"
    return render(
        request,
        "exchange/export_mapping.html",
        {
            "form": form,
            "formset": formset,
            "title": title,
            "source": source,
            "breadcrumbs": [
                INDEX_CRUMB,
                ("Выгрузка для региональной системы", reverse("exchange:export")),
                (title, None),
            ],
        },
    )


def _row_matches(row: dict, text: str) -> bool:
    """A row of the report by its number, ФИО or СНИЛС."""
    # Up to five digits is a row number (a file has at most 20 001 rows), more is a СНИЛС.
    if text.isdigit() and len(text) <= 5:
        return str(row["row"]) == text
    digits = snils_digits(text)
    if digits.isdigit():
        return digits in snils_digits(row["snils"])
    name = row["name"].lower()
    return all(word in name for word in text.lower().split())


def _batch_crumbs(batch, last: str | None) -> list:
    crumbs = [INDEX_CRUMB]
    if last:
        crumbs += [
            (batch.file_name, reverse("exchange:import_batch", args=[batch.pk])),
            (last, None),
        ]
    else:
        crumbs.append((batch.file_name, None))
    return crumbs
