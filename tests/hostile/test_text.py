"""Issue 15, items 1 and 2: control characters and formulas in text.

A control character typed into a form, a cell of an imported file or an API string is refused
with a Russian message and nothing is saved; whatever is already stored (legacy data, written
straight into the database here) is exported by every list, file and report without failing,
with no formula in any spreadsheet cell.
"""

import csv
import datetime
import importlib
import inspect
import io
import json
import pkgutil
import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
import time_machine
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

import zabota
from zabota.audit.models import EventKind, SecurityEvent
from zabota.audit.text_check import text_fields, text_models
from zabota.core.forms import StyledFormMixin
from zabota.core.tests.access_world import build_world
from zabota.core.tests.test_access_matrix import ROUTES
from zabota.delivery.models import RecipientMonth
from zabota.exchange.models import ExportFormat, ExportMapping, ImportBatch, ImportStatus
from zabota.exchange.selectors import DEFAULT_RECIPIENT_COLUMNS
from zabota.exchange.tests.egisso_helpers import (
    JANUARY,
    egisso_settings,
    give_passport,
    last_run,
    programs_in_january,
)
from zabota.exchange.tests.helpers import csv_bytes, person, rows_of, xlsx_bytes
from zabota.recipients.models import Recipient
from zabota.testing import Catalog

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?","Клик")'
SHORT_FORMULA = "=1+2"
BELL = "\x07"
STORED = re.compile(re.escape(FORMULA) + "[\ufffd?]|" + re.escape(SHORT_FORMULA) + "[\ufffd?]")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Machine values, not a person's text: a password hash, a key's hash and prefix, a СНИЛС and an
# ИНН (digits checked on every write), the weekday codes of a program line, the code of a kind
# of document (a key of the registry of kinds), the code and the version of a methodology (they
# name its stored points table), the source of an export layout (a key of the catalogue).
MACHINE_FIELDS = {
    "auth.user": {"password"},
    "accounts.devicetoken": {"token_hash", "prefix"},
    "recipients.recipient": {"snils"},
    "organisation.institution": {"inn"},
    "programs.programservice": {"weekdays"},
    "documents.documenttemplate": {"kind"},
    "documents.issueddocument": {"kind"},
    "ltc.methodology": {"code", "version"},
    "exchange.exportmapping": {"source"},
    "billing.charge": {"number"},
    "billing.bankstatement": {"sha256"},
    "billing.statementline": {"fingerprint"},
}
# Downloads without stored text: the import templates (a fixed example row).
TEMPLATES = {"exchange:import_template", "exchange:incomes_template"}
# Not an export: the file a person uploaded, given back byte for byte.
UPLOADED = {"exchange:import_file"}


# --- a world where every text column holds a formula and a control character ----------------


def poisoned(value: str, max_length: int | None) -> str | None:
    """A formula, a control character, then the value: what a legacy row may hold."""
    for head in (FORMULA, SHORT_FORMULA):
        text = f"{head}{BELL}{value}"
        if max_length is None or len(text) <= max_length:
            return text
    head = f"{SHORT_FORMULA}{BELL}"
    return (head + value)[:max_length] if max_length and max_length >= len(head) else None


def poison_every_text_column() -> int:
    """Every free-text column of every row, straight in the database (no form, no service)."""
    changed = 0
    for model in text_models():
        skipped = MACHINE_FIELDS.get(model._meta.label_lower, set())
        fields = [
            f
            for f in text_fields(model)
            if not isinstance(f, models.JSONField) and not f.choices and f.name not in skipped
        ]
        for row in model._base_manager.values("pk", *(f.name for f in fields)) if fields else []:
            values = {}
            for field in fields:
                text = poisoned(row[field.name] or "", field.max_length)
                if text is not None:
                    values[field.name] = text
            model._base_manager.filter(pk=row["pk"]).update(**values)
            changed += 1
    # The journal keeps the old value of a change: a control character stays there for good.
    SecurityEvent.objects.filter(pk__in=SecurityEvent.objects.values("pk")[:20]).update(
        changes={"first_name": [f"Мария{BELL}", "Мария"], "address": [FORMULA, "ул. Ленина"]}
    )
    return changed


def hostile_report(recipient) -> dict:
    """A row report and a recalculation of an import, as legacy JSON with the same text."""
    text = f"{FORMULA}{BELL}"
    return {
        "rows": [
            {
                "row": 2,
                "action": "error",
                "name": text,
                "snils": "",
                "recipient": None,
                "changes": [],
                "errors": [["Имя", f"Мария{BELL}"]],
            }
        ],
        "recalculation": {
            "at": timezone.now().isoformat(),
            "by": text,
            "on": timezone.localdate().isoformat(),
            "rows": [
                {
                    "recipient": recipient.pk,
                    "name": text,
                    "computed": True,
                    "income_before": "100.00",
                    "income_after": "-200.00",
                    "condition_before": text,
                    "condition_after": "бесплатно",
                    "fee_before": "0.00",
                    "fee_after": "10.00",
                    "changed": True,
                }
            ],
        },
    }


@pytest.fixture
def hostile(personas, settings):
    settings.ZABOTA_JOBS_INLINE = True
    world = build_world(personas, Catalog(personas))
    institution = personas.institution
    egisso_settings(institution)
    for recipient in (personas.recipient_of_worker1, personas.recipient_in_department2):
        give_passport(recipient)
    for file_format in ExportFormat.values:
        ExportMapping.objects.create(
            institution=institution,
            name=f"Для региона {file_format}",
            file_format=file_format,
            encoding="utf-8",
            columns=[list(c) for c in DEFAULT_RECIPIENT_COLUMNS],
        )
    ours = world["ours"]
    ImportBatch.objects.filter(pk=ours.import_batch.pk).update(
        report=hostile_report(ours.recipient),
        counts={"create": 0, "update": 0, "unchanged": 0, "error": 1, "rows": 1},
        status=ImportStatus.INVALID,
    )
    # The month's totals behind the acts (a service writes them; the world's records do not).
    RecipientMonth.objects.create(
        institution=institution,
        month=timezone.localdate().replace(day=1),
        recipient=ours.recipient,
        department=ours.department,
        worker=ours.staff,
        records=1,
        amount_guaranteed=Decimal(10),
    )
    assert poison_every_text_column() > 50
    return world


# --- every export -------------------------------------------------------------------------


def staff_allowed(personas, capability: str):
    everyone = (
        "director",
        "admin",
        "specialist",
        "accountant",
        "head1",
        "worker1",
        "supervisor",
        "installation_admin",
    )
    for name in everyone:
        staff = getattr(personas, name)
        if staff.can(capability):
            return staff
    raise AssertionError(f"nobody may {capability}")


def month_period() -> dict:
    today = timezone.localdate()
    return {"date_from": today.replace(day=1).isoformat(), "date_to": today.isoformat()}


def every_get_route_as_xlsx(world) -> list[tuple[str, str, dict]]:
    """(route, url, query) of every page of the access matrix, asked with ?format=xlsx: the
    convention of every list's download, so a new list is exported here without being named."""
    slot = world["ours"]
    requests = []
    for name, spec in ROUTES.items():
        # The relative's pages (family.view) are nobody's of staff and export nothing.
        if spec["method"] != "get" or spec["capability"] in ("public", "family.view"):
            continue
        url = reverse(name, kwargs=spec["args"](slot) if spec["args"] else {})
        query = (
            dict(p.split("=", 1) for p in spec["query"](slot).split("&")) if spec["query"] else {}
        )
        requests.append((name, url, query | {"format": "xlsx"}))
    return requests


def downloads_with_parameters(world) -> list[tuple[str, str, dict]]:
    """The downloads that take more than ?format=xlsx, or whose default period is empty."""
    period = month_period()
    ours = world["ours"]
    mappings = ExportMapping.objects.filter(institution=world.personas.institution)
    return [
        *(
            ("exchange:export", reverse("exchange:export"), {"layout": str(m.pk)} | period)
            for m in mappings.filter(name__contains="Для региона")
        ),
        ("exchange:export", reverse("exchange:export"), {"layout": "default"} | period),
        *(
            (
                "exchange:depersonalised",
                reverse("exchange:depersonalised"),
                period | {"file_format": f},
            )
            for f in ExportFormat.values
        ),
        ("exchange:egisso", reverse("exchange:egisso"), period | {"format": "xlsx"}),
        (
            "recipients:journal",
            reverse("recipients:journal"),
            {"date_from": "2025-01-01", "date_to": period["date_to"], "format": "xlsx"},
        ),
        ("acts:list", reverse("acts:list"), {"month": period["date_from"][:7], "format": "xlsx"}),
        ("ltc:reassessments", reverse("ltc:reassessments"), {"days": "366", "format": "xlsx"}),
        (
            "recipients:by_category",
            reverse("recipients:by_category"),
            {"category": str(ours.category.pk), "format": "xlsx"},
        ),
        (
            "exchange:import_recalculation",
            reverse("exchange:import_recalculation", kwargs={"pk": ours.import_batch.pk}),
            {"format": "xlsx"},
        ),
        ("reports:sobes", reverse("reports:sobes"), period | {"format": "xlsx"}),
    ]


def workbook_texts(content: bytes, where: str) -> list[str]:
    """Every text of every sheet; fails on a formula cell."""
    workbook = load_workbook(io.BytesIO(content))
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where}: formula in {sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def csv_texts(content: bytes, content_type: str, where: str) -> list[str]:
    charset = content_type.split("charset=")[-1] if "charset=" in content_type else "utf-8"
    text = content.decode("utf-8-sig" if charset == "utf-8" else charset)
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "@")), f"{where}: a formula in the CSV: {cell!r}"
    return cells


def export_views() -> set[str]:
    """The routes whose view offers an XLSX download (its code asks `wants_xlsx`)."""
    found = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                prefix = f"{pattern.namespace}:" if pattern.namespace else ""
                walk(pattern.url_patterns, namespace + prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                view = inspect.unwrap(pattern.callback)
                try:
                    source = inspect.getsource(view)
                except (OSError, TypeError):
                    continue
                if "wants_xlsx(" in source:
                    found.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return found


def test_every_export_writes_control_characters_and_formulas_as_plain_text(hostile):
    personas = hostile.personas
    problems, downloads = [], {}
    for name, url, query in every_get_route_as_xlsx(hostile) + downloads_with_parameters(hostile):
        spec = ROUTES[name]
        staff = hostile["ours"].head if spec["scope"] == "starter" else None
        client = personas.client_for(staff or staff_allowed(personas, spec["capability"]))
        where = f"{name} {url}?{urlencode(query)}"
        try:
            response = client.get(f"{url}?{urlencode(query)}")
        except Exception as error:  # noqa: BLE001 - every broken page is listed at once
            problems.append(f"{where}: {error!r}")
            continue
        if response.status_code >= 500:
            problems.append(f"{where}: {response.status_code}")
        if "attachment" not in response.get("Content-Disposition", "") or name in UPLOADED:
            continue
        content_type = response["Content-Type"]
        if content_type == XLSX:
            texts = [t for t in workbook_texts(response.content, where) if "=" in t]
        elif content_type.startswith("text/csv"):
            texts = [t for t in csv_texts(response.content, content_type, where) if "=" in t]
        else:
            continue
        downloads.setdefault(name, []).extend(texts)
    assert not problems, "\n".join(problems)

    lists = export_views()
    assert len(lists) >= 15 and lists <= set(downloads), sorted(lists - set(downloads))
    assert {"exchange:export", "exchange:depersonalised", *TEMPLATES} <= set(downloads)
    for name, texts in downloads.items():
        if name in TEMPLATES:
            continue
        # The stored text is all there: the formula as text, the control character as U+FFFD
        # (a CSV in Windows-1251 writes «?» for it).
        assert any(STORED.search(t) for t in texts), (name, texts[:5])


# --- the ЕГИССО file and the documents ------------------------------------------------------


@pytest.fixture
def january():
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, 0), tick=False):
        yield


def test_the_egisso_file_is_refused_with_the_field_named_until_the_data_check_fixes_it(
    personas, january
):
    programs_in_january(personas)
    egisso_settings(personas.institution)
    Recipient.objects.filter(pk=personas.recipient_of_worker1.pk).update(first_name=f"Мария{BELL}")
    client = personas.client_for(personas.specialist)
    query = urlencode(JANUARY)

    check = client.get(f"/exchange/egisso/?{query}").content.decode()
    refused = client.post("/exchange/egisso/export/", JANUARY, follow=True)

    assert "недопустимый управляющий символ U+0007, знак № 6" in check
    assert refused.redirect_chain and "Пакет не сформирован" in refused.content.decode()
    call_command("check_text", "--fix", stdout=io.StringIO())
    formed = client.post("/exchange/egisso/export/", JANUARY)
    assert formed.status_code == 302
    [package] = last_run()
    download = client.get(f"/exchange/egisso/packages/{package.pk}/file/")
    assert download.status_code == 200 and download["Content-Type"] == "application/xml"
    assert "<smev:FirstName>Мария</smev:FirstName>" in download.content.decode()


def test_a_document_is_issued_for_a_name_holding_a_control_character(personas):
    from zabota.documents.rendering import docx_text
    from zabota.documents.services import document_issue

    recipient = personas.recipient_of_worker1
    Recipient.objects.filter(pk=recipient.pk).update(last_name=f"{FORMULA}{BELL}Иванова")
    recipient.refresh_from_db()

    document = document_issue(actor=personas.head1, kind="consent", recipient=recipient)

    assert f"{FORMULA}\ufffdИванова" in docx_text(bytes(document.content))


# --- the boundary: forms, imported files, the API -------------------------------------------


def form_data(form) -> dict:
    """What the browser would send back for an unchanged form."""
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        elif value is True:
            data[field.html_name] = "on"
        elif isinstance(value, datetime.date):
            data[field.html_name] = value.isoformat()
        else:
            data[field.html_name] = str(value)
    return data


def test_the_recipient_form_refuses_a_control_character_next_to_the_field(personas):
    from zabota.recipients.forms import RecipientForm

    recipient = personas.recipient_of_worker1
    data = form_data(RecipientForm(instance=recipient, actor=personas.head1))
    data["first_name"] = f"Мария{BELL}"
    client = personas.client_for(personas.head1)

    response = client.post(reverse("recipients:edit", kwargs={"pk": recipient.pk}), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["first_name"] == [
        "В поле «Имя» недопустимый управляющий символ U+0007, знак № 6: удалите его и введите "
        "текст заново — такие символы попадают при копировании из других программ."
    ]
    recipient.refresh_from_db()
    assert recipient.first_name == "Мария"
    assert not SecurityEvent.objects.filter(kind=EventKind.UPDATE, recipient_id=recipient.pk)


def test_a_multi_line_field_keeps_its_line_breaks_as_lf_and_refuses_other_controls(personas):
    from zabota.recipients.forms import RecipientForm

    recipient = personas.recipient_of_worker1
    data = form_data(RecipientForm(instance=recipient, actor=personas.head1))
    client = personas.client_for(personas.head1)
    url = reverse("recipients:edit", kwargs={"pk": recipient.pk})

    refused = client.post(url, data | {"notes": f"Звонить\tдочери{BELL}"})
    saved = client.post(url, data | {"notes": "Звонить дочери\r\nпосле 18:00\tвечером"})

    assert "знак № 15" in " ".join(refused.context["form"].errors["notes"])
    assert saved.status_code == 302
    recipient.refresh_from_db()
    assert recipient.notes == "Звонить дочери\nпосле 18:00\tвечером"


def upload_and_check(client, content: bytes, name: str):
    client.post("/exchange/import/", {"file": SimpleUploadedFile(name, content)})
    batch = ImportBatch.objects.latest("pk")
    keys = ["last_name", "first_name", "middle_name", "birth_date", "gender", "snils", "address"]
    keys += ["phone", "department"]
    from zabota.exchange.importing.recipients import FIELDS

    mapping = {key: index for index, key in enumerate(keys)}
    data = {f.key: str(mapping[f.key]) if f.key in mapping else "" for f in FIELDS}
    client.post(f"/exchange/import/{batch.pk}/columns/", data)
    batch.refresh_from_db()
    return batch


@pytest.mark.parametrize(
    ("name", "make", "cell"),
    [
        ("список.csv", csv_bytes, f"Мария{BELL}"),
        # Excel writes a control character as _x0007_ (ECMA-376): read back as the character.
        ("список.xlsx", xlsx_bytes, "Мария_x0007_"),
        # A C1 character (U+0085) travels in XLSX as it is.
        ("список-c1.xlsx", xlsx_bytes, "Мария\x85"),
    ],
)
def test_an_imported_row_with_a_control_character_is_refused_and_nothing_is_saved(
    personas, name, make, cell
):
    client = personas.client_for(personas.specialist)
    people = [person(Фамилия="Орлова"), person(Фамилия="Титова", Имя=cell)]

    batch = upload_and_check(client, make(rows_of(people)), name)
    client.post(f"/exchange/import/{batch.pk}/commit/")

    batch.refresh_from_db()
    assert batch.status == ImportStatus.INVALID
    [row] = [r for r in batch.report["rows"] if r["errors"]]
    assert row["row"] == 3
    assert row["errors"][0][0] == "Имя"
    assert row["errors"][0][1].startswith("в ячейке недопустимый управляющий символ U+00")
    assert not Recipient.objects.filter(last_name__in=["Орлова", "Титова"]).exists()


def test_a_catalog_row_with_a_control_character_is_refused(personas):
    from zabota.catalog.transfer import parse_catalog

    header = ["Код", "Вид услуги (1–8)", "Наименование", "Единица", "Норма времени, мин"]
    rows = [header, ["1.1", 1, "Покупка продуктов", "услуга", 30]]
    rows.append(["1.2", 1, "Уборка_x0007_", "услуга", 30])

    parsed, report = parse_catalog(xlsx_bytes(rows))

    assert [r.code for r in parsed] == ["1.1"]
    assert [(e.row, e.messages[0][:40]) for e in report.errors] == [
        (3, "«Наименование»: в ячейке недопустимый уп")
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("методика.json", b'{"code": "x", "title": "\\u0412\\u0430\\u0007"}'),
        ("методика.yaml", 'code: x\ntitle: "Ва\\a"\n'.encode()),
    ],
)
def test_a_methodology_file_with_a_control_character_in_a_text_is_refused(name, content):
    from django.core.exceptions import ValidationError

    from zabota.ltc.services.methodologies import parse_methodology_file

    with pytest.raises(ValidationError) as refused:
        parse_methodology_file(content, name)

    assert refused.value.messages == [
        "Методика не принята: в «title» недопустимый управляющий символ U+0007, знак № 3."
    ]


@pytest.mark.parametrize("char", ["\x00", BELL, "\x1b", "\x9b"])
def test_the_api_refuses_a_control_character_in_any_string(personas, char):
    response = Client().post(
        "/api/v1/token",
        json.dumps({"username": "worker1", "password": "x", "device": f"Планшет{char}"}),
        content_type="application/json",
    )

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "device"
    assert error["message"].startswith("недопустимый управляющий символ U+")
    assert not SecurityEvent.objects.filter(kind=EventKind.TOKEN_ISSUED).exists()


def test_every_string_of_every_api_input_schema_is_checked():
    from ninja import Schema

    from zabota.api import schemas

    inputs = [
        s
        for s in vars(schemas).values()
        if isinstance(s, type) and issubclass(s, Schema) and s.__name__.endswith("In")
    ]
    strings = [
        (f"{schema.__name__}.{name}", field)
        for schema in inputs
        for name, field in schema.model_fields.items()
        if field.annotation is str
    ]
    assert len(strings) >= 5
    for where, field in strings:
        checks = [m.func for m in field.metadata if hasattr(m, "func")]
        assert checks, f"{where} is a bare str: use schemas.Text"
        for check in checks:
            with pytest.raises(ValueError):
                check(f"а{BELL}")


# --- every form of the project --------------------------------------------------------------


def project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(zabota.__path__, "zabota."):
        if ".tests" in module.name or module.name.startswith(
            ("zabota.benchmarks", "zabota.testing")
        ):
            continue
        importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {c for c in subclasses(forms.BaseForm) if c.__module__.startswith("zabota.")},
        key=lambda c: f"{c.__module__}.{c.__name__}",
    )


def constructor_arguments(personas, catalog) -> dict:
    """What a form's own keyword arguments are, by name."""
    from zabota.exchange.importing.kinds import definition
    from zabota.exchange.importing.reading import Sheet
    from zabota.ltc.models import CarePlan
    from zabota.organisation.models import Department, Staff
    from zabota.programs.models import Contract
    from zabota.quality.services import checklist_in_use, questionnaire_in_use

    recipient = personas.recipient_of_worker1
    program = catalog.programs[recipient.pk]
    return {
        "actor": personas.admin,
        "institution": personas.institution,
        "recipient": recipient,
        "members": [],
        "contract": Contract(recipient=recipient, program=program),
        "plan": CarePlan(recipient=recipient, relatives_services=[], not_needed_services=[]),
        "services": [catalog.shopping],
        "lines": [],
        "categories": [personas.category],
        "overrides": {},
        "sheet": Sheet(headers=["Фамилия"], header_row=1),
        "initial_mapping": {},
        "definition": definition("recipients"),
        "charges": [],
        # quality: the appeal's choices, the survey's questionnaire, the inspection's checklist.
        "departments": Department.objects.filter(institution=personas.institution),
        "workers": Staff.objects.filter(institution=personas.institution),
        "responsibles": Staff.objects.filter(institution=personas.institution),
        "today": datetime.date(2026, 11, 24),
        "questionnaire": questionnaire_in_use(personas.institution),
        "items": checklist_in_use(personas.institution).items,
        # organisation: the supervisors the installation administrator may attach.
        "supervisors": Staff.objects.filter(role="supervisor"),
        # absences: the cover of an absent worker's recipients.
        "recipients": [recipient],
        "candidates": [personas.worker2],
        "proposed": {},
        "current": {},
    }


def required_keywords(form_class) -> list[str]:
    names = []
    for cls in form_class.__mro__:
        if "__init__" in vars(cls):
            parameters = inspect.signature(vars(cls)["__init__"]).parameters.values()
            names += [
                p.name for p in parameters if p.kind is p.KEYWORD_ONLY and p.default is p.empty
            ]
    return names


def test_every_form_of_the_project_refuses_a_control_character_in_every_text_field(
    personas, catalog
):
    known = constructor_arguments(personas, catalog)
    checked = 0
    for form_class in project_forms():
        assert issubclass(form_class, StyledFormMixin), f"{form_class}: use StyledFormMixin"
        missing = [k for k in required_keywords(form_class) if k not in known]
        assert not missing, f"{form_class}: add {missing} to constructor_arguments"
        arguments = {k: known[k] for k in required_keywords(form_class)}
        form = form_class(**arguments)
        text_fields_of_form = [n for n, f in form.fields.items() if isinstance(f, forms.CharField)]
        data = QueryDict(mutable=True)
        data.update({form.add_prefix(n): f"а{BELL}б" for n in text_fields_of_form})
        form = form_class(data, **arguments)
        form.is_valid()
        for name in text_fields_of_form:
            assert name in form.errors, f"{form_class.__name__}.{name} took a control character"
            if not isinstance(form.fields[name], forms.UUIDField):
                assert any("U+0007" in m for m in form.errors[name]), form_class
            checked += 1
    assert checked > 100


# --- the data check -------------------------------------------------------------------------


def test_check_text_lists_each_row_and_fixes_control_characters_but_never_formulas(personas):
    recipient = personas.recipient_of_worker1
    Recipient.objects.filter(pk=recipient.pk).update(
        first_name=f"Мария{BELL}", registration_address=FORMULA, notes="строка\r\nвторая"
    )
    report = io.StringIO()

    call_command("check_text", stdout=report)

    lines = report.getvalue()
    assert (
        f"(recipients_recipient), запись {recipient.pk}, поле «имя»: "
        "недопустимый управляющий символ U+0007, знак № 6\n"
    ) in lines
    assert (
        f"(recipients_recipient), запись {recipient.pk}, поле «адрес регистрации»: "
        f"начинается как формула: «{FORMULA}»\n"
    ) in lines
    assert "Управляющие символы: 1; значения, похожие на формулу: 1." in lines

    call_command("check_text", "--fix", stdout=io.StringIO())

    recipient.refresh_from_db()
    assert recipient.first_name == "Мария"
    assert recipient.registration_address == FORMULA
    assert recipient.notes == "строка\r\nвторая"
    entry = SecurityEvent.objects.filter(kind=EventKind.UPDATE, recipient_id=recipient.pk).latest(
        "pk"
    )
    assert entry.changes == {"first_name": ["Мария\ufffd", "Мария"]}
    again = io.StringIO()
    call_command("check_text", stdout=again)
    assert "Управляющие символы: 0; значения, похожие на формулу: 1." in again.getvalue()


def test_check_text_leaves_the_journal_as_it_is_and_says_so(personas):
    SecurityEvent.objects.create(kind=EventKind.UPDATE, object_repr="x", changes={"a": [BELL, ""]})
    report = io.StringIO()

    call_command("check_text", "--fix", stdout=report)

    assert "Из них в журнале событий: 1" in report.getvalue()
    assert SecurityEvent.objects.filter(changes__a=[BELL, ""]).exists()
