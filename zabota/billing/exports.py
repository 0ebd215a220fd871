"""The accountant's files: the month's charges and payments (XLSX and CSV, columns documented in
docs/billing.md), the summary for the accounting entry, the turnover statement and arrears by
age — each a `zabota.core.tables.Table`, written as XLSX by core or as CSV here."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from zabota.billing.models import Channel, PaymentKind
from zabota.billing.selectors import (
    AGE_BUCKETS,
    ZERO,
    ArrearsRow,
    Turnover,
    arrears_totals,
    personal_account,
)
from zabota.core.tables import Column, Table
from zabota.core.text import looks_like_dangerous_formula, printable

CHARGE_COLUMNS = [
    Column("Номер начисления", 16),
    Column("Вид", 14),
    Column("Учётный месяц", 12, "date"),
    Column("Месяц услуг", 12, "date"),
    Column("Лицевой счёт", 12),
    Column("ФИО получателя", 34),
    Column("Отделение", 28),
    Column("Сумма, ₽", 14, "money"),
    Column("Основание", 40),
]
PAYMENT_COLUMNS = [
    Column("Дата", 12, "date"),
    Column("Учётный месяц", 12, "date"),
    Column("Вид", 10),
    Column("Способ", 30),
    Column("Сумма, ₽", 14, "money"),
    Column("Лицевой счёт", 12),
    Column("ФИО получателя", 34),
    Column("Отделение", 28),
    Column("Квитанция №", 16),
    Column("Принял(а)", 24),
    Column("Документ", 40),
]


def charges_table(charges, month: datetime.date) -> Table:
    return Table(
        title=f"Начисления за {month:%m.%Y}",
        sheet_name="Начисления",
        columns=CHARGE_COLUMNS,
        rows=[
            [
                c.number,
                c.get_kind_display(),
                c.month,
                c.service_month,
                personal_account(c.recipient_id),
                c.recipient.full_name,
                c.department.name,
                c.amount,
                c.reason,
            ]
            for c in charges
        ],
    )


def payments_table(payments, month: datetime.date) -> Table:
    return Table(
        title=f"Платежи за {month:%m.%Y}",
        sheet_name="Платежи",
        columns=PAYMENT_COLUMNS,
        rows=[
            [
                p.paid_on,
                p.month,
                p.get_kind_display(),
                p.get_channel_display(),
                p.amount,
                personal_account(p.recipient_id),
                p.recipient.full_name,
                p.department.name,
                p.charge.number if p.charge else "",
                p.worker.full_name if p.worker else "",
                p.note,
            ]
            for p in payments
        ],
    )


# Typical accounts of a state budget institution (Инструкция № 174н) — a hint for the entry,
# the institution's accounting policy decides.
ENTRIES = {
    "charged": "Дт 4.205.31 Кт 4.401.10.131",
    "cash": "Дт 4.201.34 Кт 4.205.31",
    "bank": "Дт 4.201.11 Кт 4.205.31",
    "refund": "Дт 4.205.31 Кт 4.201.11 (4.201.34)",
}


def summary_table(charges, payments, month: datetime.date) -> Table:
    """The month per department: charged, received in cash and through the bank, refunded —
    what one accounting entry of each kind needs."""
    by_department: dict[str, dict[str, Decimal]] = {}

    def line(name: str) -> dict[str, Decimal]:
        return by_department.setdefault(
            name, {"charged": ZERO, "cash": ZERO, "bank": ZERO, "refund": ZERO}
        )

    for c in charges:
        line(c.department.name)["charged"] += c.amount
    for p in payments:
        entry = line(p.department.name)
        if p.kind == PaymentKind.REFUND:
            entry["refund"] += p.amount
        elif p.channel in (Channel.CASH_WORKER, Channel.CASH_OFFICE):
            entry["cash"] += p.amount
        else:
            entry["bank"] += p.amount
    rows = [
        [name, v["charged"], v["cash"], v["bank"], v["refund"]]
        for name, v in sorted(by_department.items())
    ]
    totals = ["Итого"] + [sum((r[i] for r in rows), ZERO) for i in range(1, 5)]
    return Table(
        title=f"Сводка для бухгалтерской проводки за {month:%m.%Y}",
        sheet_name="Сводка",
        columns=[
            Column("Отделение", 32),
            Column("Начислено, ₽", 16, "money"),
            Column("Поступило наличными, ₽", 18, "money"),
            Column("Поступило через банк, ₽", 18, "money"),
            Column("Возвращено, ₽", 16, "money"),
        ],
        rows=rows,
        totals=totals,
        notes=[
            "Типовые проводки бюджетного учреждения (Инструкция № 174н), сверьте с учётной "
            "политикой: начисление — "
            + ENTRIES["charged"]
            + "; наличные — "
            + ENTRIES["cash"]
            + "; банк — "
            + ENTRIES["bank"]
            + "; возврат — "
            + ENTRIES["refund"]
            + ".",
        ],
    )


def turnover_table(statement: Turnover) -> Table:
    totals = statement.totals()
    return Table(
        title=f"Оборотная ведомость по оплате социальных услуг за {statement.month:%m.%Y}",
        sheet_name="Оборотная ведомость",
        columns=[
            Column("Отделение", 28),
            Column("Лицевой счёт", 12),
            Column("ФИО получателя", 34),
            Column("Сальдо на начало, ₽", 16, "money"),
            Column("Начислено, ₽", 14, "money"),
            Column("Оплачено, ₽", 14, "money"),
            Column("Сальдо на конец, ₽", 16, "money"),
        ],
        rows=[
            [
                r.department.name,
                personal_account(r.recipient.pk),
                r.recipient.full_name,
                r.opening,
                r.charged,
                r.paid,
                r.closing,
            ]
            for r in statement.rows
        ],
        totals=[
            "Итого",
            "",
            "",
            totals["opening"],
            totals["charged"],
            totals["paid"],
            totals["closing"],
        ],
        notes=[
            "Сальдо больше нуля — задолженность получателя, меньше нуля — переплата. "
            "«Оплачено» — поступления за вычетом возвратов."
        ],
    )


def arrears_table(rows: list[ArrearsRow], month: datetime.date) -> Table:
    totals = arrears_totals(rows)
    return Table(
        title=f"Задолженность по сроку на конец {month:%m.%Y}",
        sheet_name="Задолженность",
        columns=[
            Column("Лицевой счёт", 12),
            Column("ФИО получателя", 34),
            Column("Отделение", 28),
            *[Column(f"{label}, ₽", 16, "money") for _, label in AGE_BUCKETS],
            Column("Всего, ₽", 14, "money"),
        ],
        rows=[
            [
                personal_account(r.recipient.pk),
                r.recipient.full_name,
                r.recipient.department.name,
                *[r.buckets[key] for key, _ in AGE_BUCKETS],
                r.total,
            ]
            for r in rows
        ],
        totals=["Итого", "", "", *[totals[key] for key, _ in AGE_BUCKETS], totals["total"]],
        notes=[
            "Срок считается от учётного месяца начисления: оплаты гасят самые старые начисления."
        ],
    )


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    text = printable(str(value))
    return f"'{text}" if looks_like_dangerous_formula(text) else text


def table_to_csv(table: Table) -> bytes:
    """CSV for Russian spreadsheets and 1С: «;» between fields, a decimal comma, dates
    ДД.ММ.ГГГГ, UTF-8 with a byte-order mark (Excel then reads the Cyrillic right)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")
