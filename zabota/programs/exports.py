"""Tables of the programs' and contracts' lists, for XLSX export."""

from zabota.core.tables import Column, Table
from zabota.programs.models import ContractStatus, ProgramStatus


def programs_table(programs, title: str) -> Table:
    labels = dict(ProgramStatus.choices)
    return Table(
        title=title,
        sheet_name="ИППСУ",
        columns=[
            Column("Номер", 12),
            Column("Дата составления", 14, "date"),
            Column("ФИО получателя", 36),
            Column("СНИЛС", 16),
            Column("Отделение", 28),
            Column("Действует с", 14, "date"),
            Column("Действует по", 14, "date"),
            Column("Впервые / повторно", 14),
            Column("Состояние", 18),
        ],
        rows=(
            [
                p.number,
                p.drawn_up_on,
                p.recipient.full_name,
                p.recipient.snils_display,
                str(p.recipient.department),
                p.valid_from,
                p.valid_until,
                "повторно" if p.is_repeat else "впервые",
                str(labels.get(p.effective_status, p.effective_status)),
            ]
            for p in programs
        ),
    )


def contracts_table(contracts, title: str) -> Table:
    labels = dict(ContractStatus.choices)
    return Table(
        title=title,
        sheet_name="Договоры",
        columns=[
            Column("Номер", 12),
            Column("Дата заключения", 14, "date"),
            Column("ФИО получателя", 36),
            Column("Заказчик", 36),
            Column("Отделение", 28),
            Column("Действует с", 14, "date"),
            Column("Действует по", 14, "date"),
            Column("Условие оплаты", 18),
            Column("Плата в месяц, ₽", 14, "money"),
            Column("Состояние", 16),
            Column("Дата расторжения", 14, "date"),
        ],
        rows=(
            [
                c.number,
                c.concluded_on,
                c.recipient.full_name,
                c.customer_name,
                str(c.recipient.department),
                c.valid_from,
                c.valid_until,
                c.get_fee_kind_display(),
                c.monthly_fee,
                str(labels.get(c.effective_status, c.effective_status)),
                c.terminated_on,
            ]
            for c in contracts
        ),
    )
