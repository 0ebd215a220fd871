"""Tables of the exchange's pages for XLSX download (the list of uploads, a row report)."""

from zabota.core.dates import when_text
from zabota.core.tables import Column, Table

ACTION_LABELS = {
    "create": "новый",
    "update": "изменения",
    "unchanged": "без изменений",
    "error": "ошибка",
}


def batches_table(batches) -> Table:
    return Table(
        title="Загрузки файлов",
        sheet_name="Загрузки",
        columns=[
            Column("Загружен", 18),
            Column("Файл", 40),
            Column("Что загружалось", 26),
            Column("Загрузил", 28),
            Column("Состояние", 26),
            Column("Новых", 10, "int"),
            Column("Изменено", 10, "int"),
            Column("Без изменений", 12, "int"),
            Column("Строк с ошибками", 12, "int"),
        ],
        rows=(
            [
                when_text(b.created_at),
                b.file_name,
                b.get_kind_display(),
                b.created_by.short_name,
                b.get_status_display(),
                *(b.counts.get(k) for k in ("create", "update", "unchanged", "error")),
            ]
            for b in batches
        ),
    )


def report_table(batch, rows) -> Table:
    """One line per row of the file; an update lists its changes, an error its messages."""
    lines = []
    for row in rows:
        details = [f"{label}: {before} → {after}" for label, before, after in row["changes"]]
        details += [
            f"{column}: {message}" if column else message for column, message in row["errors"]
        ]
        lines.append(
            [
                row["row"],
                ACTION_LABELS[row["action"]],
                row["name"],
                row["snils"],
                "\n".join(details),
            ]
        )
    return Table(
        title=f"Проверка файла «{batch.file_name}»",
        subtitle=f"загружен {when_text(batch.created_at)}, {batch.get_status_display()}",
        sheet_name="Проверка",
        columns=[
            Column("Строка", 8, "int"),
            Column("Результат", 16),
            Column("ФИО", 36),
            Column("СНИЛС", 16),
            Column("Изменения и ошибки", 80),
        ],
        rows=lines,
    )
