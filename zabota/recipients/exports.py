"""Tables of the registry's lists, for XLSX export."""

from zabota.core.tables import Column, Table


def recipients_table(recipients, title: str) -> Table:
    return Table(
        title=title,
        sheet_name="Получатели",
        columns=[
            Column("ФИО", 36),
            Column("Дата рождения", 14, "date"),
            Column("СНИЛС", 16),
            Column("Адрес", 45),
            Column("Телефон", 16),
            Column("Отделение", 28),
            Column("Социальный работник", 28),
            Column("Сиделка", 28),
            Column("Состояние", 20),
        ],
        rows=(
            [
                r.full_name,
                r.birth_date,
                r.snils_display,
                r.address,
                r.phone,
                str(r.department),
                r.social_worker.short_name if r.social_worker else "",
                r.caregiver.short_name if r.caregiver else "",
                r.get_status_display(),
            ]
            for r in recipients
        ),
    )


def journal_table(entries, *, kind: str, title: str, subtitle: str) -> Table:
    if kind == "discharged":
        columns = [
            Column("№", 6, "int"),
            Column("Дата снятия", 14, "date"),
            Column("ФИО", 36),
            Column("Дата рождения", 14, "date"),
            Column("СНИЛС", 16),
            Column("Отделение", 28),
            Column("Причина", 30),
            Column("Примечание", 30),
        ]
        rows = (
            [
                n,
                e.discharged_on,
                e.recipient.full_name,
                e.recipient.birth_date,
                e.recipient.snils_display,
                str(e.department),
                str(e.discharge_reason or ""),
                e.discharge_note,
            ]
            for n, e in enumerate(entries, start=1)
        )
    else:
        columns = [
            Column("№", 6, "int"),
            Column("Дата постановки", 14, "date"),
            Column("ФИО", 36),
            Column("Дата рождения", 14, "date"),
            Column("СНИЛС", 16),
            Column("Отделение", 28),
            Column("Основание", 40),
        ]
        rows = (
            [
                n,
                e.enrolled_on,
                e.recipient.full_name,
                e.recipient.birth_date,
                e.recipient.snils_display,
                str(e.department),
                e.basis,
            ]
            for n, e in enumerate(entries, start=1)
        )
    return Table(title=title, subtitle=subtitle, columns=columns, rows=rows, sheet_name="Журнал")


def certificates_table(recipients, title: str) -> Table:
    return Table(
        title=title,
        sheet_name="Мед. заключения",
        columns=[
            Column("ФИО", 36),
            Column("Отделение", 28),
            Column("Действует до", 14, "date"),
            Column("Адрес", 45),
            Column("Телефон", 16),
        ],
        rows=(
            [r.full_name, str(r.department), r.certificate_valid_until, r.address, r.phone]
            for r in recipients
        ),
    )
