"""Importing a bank statement (1CClientBankExchange): every incoming payment is matched to a
charge by the receipt's number, or to a recipient by the personal account, in its purpose;
what cannot be matched or booked safely goes to the review list with the reason. One
transaction: a file is imported whole or not at all; the same file again is refused, and a
payment already imported from an overlapping statement is not booked twice."""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.billing.models import (
    BankStatement,
    Channel,
    Charge,
    LineStatus,
    StatementLine,
)
from zabota.billing.selectors import first_open_month, is_open, month_start, payee_details
from zabota.billing.services.numbering import lock_institution, numbers_in
from zabota.billing.services.payments import payment_record
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient
from zabota.rules.bank_statement import StatementDocument, StatementError, read_statement

logger = logging.getLogger(__name__)

PERSONAL_ACCOUNT = re.compile(
    r"(?:л\s*/\s*сч?|лс|лиц\w*\.?\s*сч\w*\.?|persacc)\s*[№:#=.]?\s*(\d{6,10})(?!\d)",
    re.IGNORECASE,
)


def _accounts_in(text: str) -> list[int]:
    return [int(number) for number in PERSONAL_ACCOUNT.findall(text or "")]


def match(institution_id: int, purpose: str) -> tuple[Recipient | None, Charge | None, str]:
    """(recipient, charge, why not) for a payment's purpose."""
    charges = [
        charge
        for charge in Charge.objects.filter(
            institution_id=institution_id, number__in=numbers_in(purpose)
        ).select_related("recipient")
    ]
    recipients = {
        r.pk: r
        for r in Recipient.objects.filter(
            institution_id=institution_id, pk__in=_accounts_in(purpose)
        )
    }
    named = {c.recipient_id for c in charges} | set(recipients)
    if not named:
        return None, None, "В назначении платежа нет номера квитанции или лицевого счёта."
    if len(named) > 1:
        return None, None, "Назначение платежа указывает на разных получателей: выберите одного."
    charge = charges[0] if charges else None
    recipient = charge.recipient if charge else next(iter(recipients.values()))
    return recipient, charge, ""


def _is_incoming(document: StatementDocument, account: str) -> bool:
    return bool(account) and document.recipient_account == account


def _line(statement: BankStatement, document: StatementDocument) -> StatementLine:
    return StatementLine(
        institution_id=statement.institution_id,
        statement=statement,
        fingerprint=document.fingerprint,
        line=document.line,
        number=document.number[:30],
        document_date=document.date,
        received_on=document.received_on,
        amount=document.amount if not document.problem else None,
        amount_text=document.get("Сумма")[:40],
        payer=document.payer[:300],
        payer_account=document.payer_account[:30],
        purpose=document.purpose[:500],
        status=LineStatus.REVIEW,
    )


def _book_or_queue(actor: Staff, line: StatementLine, document: StatementDocument) -> None:
    day = document.booked_on
    if document.problem:
        line.problem = document.problem
    elif day > timezone.localdate():
        line.problem = f"Дата платежа {day:%d.%m.%Y} ещё не наступила."
    elif not is_open(actor.institution_id, month_start(day)):
        line.problem = (
            f"Платёж от {day:%d.%m.%Y} относится к закрытому месяцу {day:%m.%Y}: "
            "зачислите его в открытый месяц после проверки."
        )
    else:
        recipient, charge, why = match(actor.institution_id, line.purpose)
        line.recipient, line.charge = recipient, charge
        if recipient is None:
            line.problem = why
    line.save()
    if line.problem:
        return
    payment_record(
        actor=actor,
        recipient=line.recipient,
        amount=line.amount,
        paid_on=day,
        channel=Channel.STATEMENT,
        charge=line.charge,
        note=f"Выписка: п/п № {line.number} от {line.document_date:%d.%m.%Y}",
        statement_line=line,
    )
    line.status = LineStatus.BOOKED
    line.save(update_fields=["status"])


@transaction.atomic
def statement_import(*, actor: Staff, file_name: str, content: bytes) -> BankStatement:
    """Import a statement file; ValidationError (Russian) refuses it whole."""
    limit = settings.ZABOTA_MAX_UPLOAD_BYTES
    if len(content) > limit:
        raise ValidationError(f"Файл больше {limit // (1024 * 1024)} МБ: это не выписка за день.")
    lock_institution(actor.institution_id)
    digest = hashlib.sha256(content).hexdigest()
    earlier = BankStatement.objects.filter(institution_id=actor.institution_id, sha256=digest)
    if earlier.exists():
        first = earlier.first()
        raise ValidationError(
            f"Эта выписка уже загружена {timezone.localtime(first.imported_at):%d.%m.%Y %H:%M} "
            f"(«{first.file_name}»): повторная загрузка ничего не меняет."
        )
    try:
        statement = read_statement(content)
    except StatementError as error:
        raise ValidationError(f"Выписка не загружена. {error}") from None
    details = payee_details(actor.institution_id)
    ours = details.account if details else statement.account
    if details and statement.account and statement.account != details.account:
        raise ValidationError(
            f"Выписка по счёту {statement.account}, а в реквизитах учреждения счёт "
            f"{details.account}: загрузите выписку своего счёта или исправьте реквизиты."
        )
    record = BankStatement.objects.create(
        institution_id=actor.institution_id,
        file_name=(file_name or "выписка.txt")[:255],
        sha256=digest,
        account=statement.account[:20],
        date_from=statement.date_from,
        date_to=statement.date_to,
        encoding=statement.encoding,
        documents=len(statement.documents),
        warnings="\n".join(statement.warnings),
        imported_by=actor,
    )
    known = set(
        StatementLine.objects.filter(
            institution_id=actor.institution_id,
            fingerprint__in=[d.fingerprint for d in statement.documents],
        ).values_list("fingerprint", flat=True)
    )
    for document in statement.documents:
        if not _is_incoming(document, ours):
            record.outgoing += 1
            continue
        if document.fingerprint in known:
            record.known += 1
            continue
        known.add(document.fingerprint)
        line = _line(record, document)
        _book_or_queue(actor, line, document)
        if line.status == LineStatus.BOOKED:
            record.booked += 1
        else:
            record.queued += 1
    record.save(update_fields=["outgoing", "known", "booked", "queued"])
    audit_event(
        kind=EventKind.IMPORT,
        actor=actor,
        obj=record,
        details=f"зачислено {record.booked}, на проверку {record.queued}, "
        f"загружено ранее {record.known}, не поступлений {record.outgoing}",
    )
    logger.info(
        "statement %s imported: %d booked, %d queued, %d known, %d not incoming",
        record.pk,
        record.booked,
        record.queued,
        record.known,
        record.outgoing,
    )
    return record


@transaction.atomic
def line_book(
    *,
    actor: Staff,
    line: StatementLine,
    recipient: Recipient,
    amount,
    charge: Charge | None = None,
) -> StatementLine:
    """The accountant books a line of the review list: to the recipient chosen, with the
    amount checked; a payment dated in a closed month goes to the first open one."""
    line = StatementLine.objects.select_for_update().get(pk=line.pk)
    if line.status != LineStatus.REVIEW:
        raise ValidationError("Строка уже разобрана.")
    if recipient.institution_id != line.institution_id:
        raise ValidationError({"recipient": "Получатель другого учреждения."})
    day = line.received_on or line.document_date
    if day is None:
        raise ValidationError("У документа нет читаемой даты: зачислите платёж вручную.")
    month = first_open_month(line.institution_id, day)
    payment_record(
        actor=actor,
        recipient=recipient,
        amount=amount,
        paid_on=day,
        channel=Channel.STATEMENT,
        charge=charge,
        note=f"Выписка: п/п № {line.number}, разобрано вручную"
        + (
            f"; поступил {day:%d.%m.%Y}, учтён в {month:%m.%Y}" if month != month_start(day) else ""
        ),
        statement_line=line,
        month=month,
    )
    line.status = LineStatus.BOOKED
    line.recipient, line.charge = recipient, charge
    line.resolved_by, line.resolved_at = actor, timezone.now()
    line.resolution = f"зачислено: {recipient.short_name}, {amount} ₽"
    line.save()
    return line


@transaction.atomic
def line_reject(*, actor: Staff, line: StatementLine, reason: str) -> StatementLine:
    """The accountant decides a line is not a recipient's payment (or is already recorded)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Укажите, почему строка не зачисляется."})
    line = StatementLine.objects.select_for_update().get(pk=line.pk)
    if line.status != LineStatus.REVIEW:
        raise ValidationError("Строка уже разобрана.")
    line.status = LineStatus.REJECTED
    line.resolved_by, line.resolved_at = actor, timezone.now()
    line.resolution = reason[:300]
    line.save()
    audit_event(kind=EventKind.UPDATE, actor=actor, obj=line, details=f"не зачислено: {reason}")
    return line
