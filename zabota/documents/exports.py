"""The archive list as a table for XLSX export."""

from django.utils import timezone

from zabota.core.tables import Column, Table


def issued_table(documents) -> Table:
    return Table(
        title="Архив выданных документов",
        sheet_name="Архив",
        columns=[
            Column("Номер", 16),
            Column("Дата", 12, "date"),
            Column("Документ", 45),
            Column("Получатель", 32),
            Column("Период", 10),
            Column("Версия шаблона", 10, "int"),
            Column("Выдал", 24),
            Column("Время выдачи", 18),
            Column("Контрольная сумма SHA-256", 66),
        ],
        rows=(
            [
                d.number,
                d.issued_on,
                d.title,
                d.recipient.full_name if d.recipient_id else "",
                d.period,
                d.template_version,
                d.issued_by.short_name if d.issued_by_id else "",
                timezone.localtime(d.issued_at).strftime("%d.%m.%Y %H:%M"),
                d.checksum,
            ]
            for d in documents
        ),
    )
