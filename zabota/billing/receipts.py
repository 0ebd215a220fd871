"""Receipts (извещение / квитанция) of charges: the data of the «receipt» document kind with its
payment QR code (ГОСТ Р 56042-2014, the text by zabota.rules.payment_qr, drawn by segno), and
the month's receipts in bulk (DOCX in a ZIP and one PDF), like the acts."""

from __future__ import annotations

import datetime
import io
import logging
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404

from zabota.billing.models import Charge, ChargeKind, PayeeDetails
from zabota.billing.selectors import (
    ZERO,
    balance_before,
    charges_for,
    month_charges,
    payee_details,
    personal_account,
)
from zabota.documents.kinds import DocumentKind, IssueRequest
from zabota.documents.pdf import docxs_to_pdf
from zabota.documents.rendering import ImageData
from zabota.documents.selectors import active_template
from zabota.documents.services import document_prepare, document_render, document_store
from zabota.organisation.models import Department, Staff
from zabota.rules.payment_qr import payment_qr_payload
from zabota.rules.words import month_year_title, rubles_in_words

logger = logging.getLogger(__name__)

KIND = "receipt"
OBJECT_TYPE = "billing.charge"
# The printed code: 30 mm is what bank apps read from paper at arm's length.
QR_WIDTH_MM = 32

FIELDS = [
    ("receipt.number", "номер квитанции (номер начисления), например 202611-00042"),
    ("receipt.kind_label", "«Начисление за …» или «Корректировка за …»"),
    ("receipt.period", "месяц услуг кодом: 2026-11"),
    ("receipt.month_title", "месяц услуг словами: «ноябрь 2026 г.»"),
    ("receipt.payee_name", "получатель платежа"),
    ("receipt.payee_inn", "ИНН получателя"),
    ("receipt.payee_kpp", "КПП получателя"),
    ("receipt.payee_account", "счёт получателя"),
    ("receipt.bank_name", "банк получателя"),
    ("receipt.bic", "БИК банка"),
    ("receipt.correspondent_account", "корреспондентский счёт банка"),
    ("receipt.cbc", "КБК (пусто, если не указан в реквизитах)"),
    ("receipt.oktmo", "ОКТМО (пусто, если не указан)"),
    ("receipt.personal_account", "лицевой счёт получателя услуг"),
    ("receipt.payer_address", "адрес плательщика (адрес регистрации получателя)"),
    ("receipt.purpose", "назначение платежа"),
    ("receipt.charged", "начислено этой квитанцией, руб."),
    ("receipt.debt_before", "задолженность до этого начисления, руб. (0, если нет)"),
    ("receipt.advance_before", "переплата до этого начисления, руб. (0, если нет)"),
    ("receipt.to_pay", "итого к оплате, руб."),
    ("receipt.to_pay_words", "итого к оплате прописью"),
    (
        "receipt.qr",
        "QR-код для оплаты в приложении банка (рисунок; пусто, если платить нечего)",
    ),
]


def qr_png(payload: str, *, scale: int = 8) -> bytes:
    """The payment QR code as PNG: UTF-8 bytes (the payload's marker says 2), no ECI header,
    error correction M — segno raises it when the size allows."""
    code = segno.make(payload, error="m", micro=False, encoding="utf-8")
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def purpose_text(details: PayeeDetails, charge: Charge) -> str:
    return (
        f"{details.purpose} за {charge.service_month:%m.%Y}, квитанция № {charge.number}, "
        f"л/с {personal_account(charge.recipient_id)}"
    )[:210]


def qr_fields(details: PayeeDetails, charge: Charge, to_pay: Decimal) -> dict:
    recipient = charge.recipient
    return {
        "Name": details.name,
        "PersonalAcc": details.account,
        "BankName": details.bank_name,
        "BIC": details.bic,
        "CorrespAcc": details.correspondent_account,
        "PayeeINN": details.inn,
        "KPP": details.kpp,
        "Sum": to_pay,
        "Purpose": purpose_text(details, charge),
        "LastName": recipient.last_name,
        "FirstName": recipient.first_name,
        "MiddleName": recipient.middle_name,
        "PersAcc": personal_account(recipient.pk),
        "CBC": details.cbc,
        "OKTMO": details.oktmo,
    }


def receipt_fields(details: PayeeDetails, charge: Charge) -> dict:
    """{"receipt": {…}} for one charge (money is Decimal): the charge, the debt or the
    overpayment before it, and what is left to pay, with its QR code when above zero."""
    earlier = balance_before(charge)
    due = max(ZERO, earlier + charge.amount)
    payload = payment_qr_payload(**qr_fields(details, charge, due)) if due > 0 else ""
    month = charge.service_month
    label = "Начисление" if charge.kind == ChargeKind.MONTHLY else "Корректировка"
    return {
        "receipt": {
            "number": charge.number,
            "kind_label": f"{label} за {month_year_title(month.year, month.month)}",
            "period": f"{month:%Y-%m}",
            "month_title": month_year_title(month.year, month.month),
            "payee_name": details.name,
            "payee_inn": details.inn,
            "payee_kpp": details.kpp,
            "payee_account": details.account,
            "bank_name": details.bank_name,
            "bic": details.bic,
            "correspondent_account": details.correspondent_account,
            "cbc": details.cbc,
            "oktmo": details.oktmo,
            "personal_account": personal_account(charge.recipient_id),
            "payer_address": charge.recipient.registration_address,
            "purpose": purpose_text(details, charge),
            "charged": charge.amount,
            "debt_before": max(earlier, ZERO),
            "advance_before": max(-earlier, ZERO),
            "to_pay": due,
            "to_pay_words": rubles_in_words(due),
            "qr": ImageData(qr_png(payload), width_mm=QR_WIDTH_MM) if payload else "",
        },
        "document": {"title": f"Квитанция № {charge.number}"},
    }


def _charge_of(request: IssueRequest) -> Charge:
    if isinstance(request.obj, Charge):
        charge = request.obj
    else:
        if request.object_type != OBJECT_TYPE or not str(request.object_id).isdigit():
            raise ValidationError(f"Не указано начисление: нужен объект {OBJECT_TYPE}:<номер>.")
        charge = get_object_or_404(
            charges_for(request.actor).select_related("recipient"), pk=int(request.object_id)
        )
    if request.recipient is not None and charge.recipient_id != request.recipient.pk:
        raise ValidationError("Начисление относится к другому получателю.")
    return charge


def receipt_context(request: IssueRequest) -> dict:
    """The builder of the «receipt» kind (zabota.documents.kinds)."""
    charge = _charge_of(request)
    details = payee_details(request.actor.institution_id)
    if details is None:
        raise ValidationError(
            "Реквизиты получателя платежа не заполнены: бухгалтер вносит их на странице "
            "«Оплата услуг → Реквизиты»."
        )
    return receipt_fields(details, charge)


def sample() -> dict:
    payload = payment_qr_payload(
        Name="ГБУ «КЦСОН Тестовый»",
        PersonalAcc="40602810700000000025",
        BankName="ПАО «Демобанк»",
        BIC="049805746",
        CorrespAcc="30101810800000000746",
        PayeeINN="7707083893",
        KPP="770701001",
        Sum=Decimal("2117.56"),
        Purpose="Оплата социальных услуг за 10.2026, квитанция № 202610-00042, л/с 00000042",
        LastName="Иванова",
        FirstName="Мария",
        MiddleName="Петровна",
        PersAcc="00000042",
    )
    return {
        "receipt": {
            "number": "202610-00042",
            "kind_label": "Начисление за октябрь 2026 г.",
            "period": "2026-10",
            "month_title": "октябрь 2026 г.",
            "payee_name": "ГБУ «КЦСОН Тестовый»",
            "payee_inn": "7707083893",
            "payee_kpp": "770701001",
            "payee_account": "40602810700000000025",
            "bank_name": "ПАО «Демобанк»",
            "bic": "049805746",
            "correspondent_account": "30101810800000000746",
            "cbc": "00000000000000000130",
            "oktmo": "32701000",
            "personal_account": "00000042",
            "payer_address": "г. Кемерово, ул. Весенняя, д. 5, кв. 12",
            "purpose": "Оплата социальных услуг за 10.2026, квитанция № 202610-00042, л/с 00000042",
            "charged": Decimal("1412.56"),
            "debt_before": Decimal("705.00"),
            "advance_before": Decimal("0.00"),
            "to_pay": Decimal("2117.56"),
            "to_pay_words": rubles_in_words(Decimal("2117.56")),
            "qr": ImageData(qr_png(payload), width_mm=QR_WIDTH_MM),
        }
    }


def document_kind() -> DocumentKind:
    return DocumentKind(
        code=KIND,
        title="Квитанция на оплату социальных услуг",
        sample_context=sample,
        fields=FIELDS,
        build_context=receipt_context,
        object_type=OBJECT_TYPE,
        number_prefix="КВ",
        issue_capability="billing.view",
        order=45,
    )


# ---- the month's receipts in bulk ----------------------------------------------------------


@dataclass
class ReceiptRun:
    documents: list = field(default_factory=list)  # IssuedDocument, in the order of charges
    skipped: list[tuple[str, str]] = field(default_factory=list)
    pdf: bytes = b""
    # The run was asked to stop: the receipts stored so far are kept, no ZIP or PDF is made.
    stopped: bool = False

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for n, document in enumerate(self.documents, start=1):
                person = document.recipient.short_name if document.recipient else ""
                name = f"{n:04d} {person} — квитанция {document.period}.docx"
                archive.writestr(name.replace("/", "-"), bytes(document.content))
        return buffer.getvalue()


def receipts_bulk(
    *,
    actor: Staff,
    month: datetime.date,
    department: Department | None = None,
    with_pdf: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
    done: Mapping[int, object] | None = None,
    on_stored: Callable[[Charge, object], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ReceiptRun:
    """A receipt for every charge booked in the ledger month (in the actor's scope), each
    archived as an issued document; the PDF of all of them when asked.

    Rendered in this process, one after another: a receipt is one page (about 0.1 s), so a
    large month runs as a job (zabota.billing.jobs). A run that goes on after an interruption
    passes the receipts it already issued (`done`, by charge id): those charges are skipped and
    their receipts packed as they are. `on_stored` gets each new receipt inside the transaction
    that archives it; `should_stop` is asked before each receipt."""
    charges = list(month_charges(actor, month, department_id=department.pk if department else None))
    if not charges:
        raise ValidationError(f"В учётном месяце {month:%m.%Y} начислений нет: квитанций нет.")
    if payee_details(actor.institution_id) is None:
        raise ValidationError(
            "Реквизиты получателя платежа не заполнены: квитанции без них не печатаются."
        )
    done = done or {}
    version = active_template(actor.institution_id, KIND)
    run = ReceiptRun()
    for count, charge in enumerate(charges, start=1):
        if charge.pk in done:
            run.documents.append(done[charge.pk])
            continue
        if should_stop and should_stop():
            run.stopped = True
            break
        try:
            with transaction.atomic():
                prepared = document_prepare(
                    actor=actor,
                    kind=KIND,
                    recipient=charge.recipient,
                    related=charge,
                    params={"period": f"{charge.service_month:%Y-%m}"},
                    template=version,
                )
                document = document_store(prepared, document_render(prepared))
                if on_stored:
                    on_stored(charge, document)
            run.documents.append(document)
        except ValidationError as error:
            run.skipped.append((charge.recipient.full_name, " ".join(error.messages)))
        if on_progress:
            on_progress(count, len(charges))
    if with_pdf and run.documents and not run.stopped:
        run.pdf = docxs_to_pdf([bytes(d.content) for d in run.documents])
    logger.info(
        "receipts for %s: %d issued, %d skipped (staff %s)",
        f"{month:%Y-%m}",
        len(run.documents),
        len(run.skipped),
        actor.pk,
    )
    return run
