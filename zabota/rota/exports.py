"""The week's grid as a table for XLSX: one row per worker, a column per day."""

from zabota.core.tables import Column, Table
from zabota.rota.selectors import WeekRota

DAY_NAMES = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")


def _cell_text(cell) -> str:
    if not cell.visits:
        return "" if cell.works else "выходной"
    lines = [f"{v.recipient.short_name} — {v.minutes} мин" for v in cell.visits]
    return "\n".join(lines + [f"итого {cell.minutes} мин"])


def week_table(rota: WeekRota) -> Table:
    days = [f"{DAY_NAMES[d.weekday()]} {d:%d.%m}" for d in rota.days]
    columns = [
        Column("Работник", 28),
        *(Column(day, 30) for day in days),
        Column("Минут за неделю", 12, "int"),
        Column("Рабочее время, мин", 12, "int"),
        Column("Загрузка, %", 10, "int"),
        Column("Получателей", 10, "int"),
    ]
    rows = [
        [
            row.worker.short_name,
            *(_cell_text(c) for c in row.cells),
            row.minutes,
            row.capacity,
            row.percent,
            row.recipients,
        ]
        for row in rota.rows
    ]
    end = rota.days[-1]
    notes = [
        f"Не помещаются: {u.visit.recipient.short_name}, {u.visit.day:%d.%m.%Y} — {u.reason}"
        for u in rota.unplaced
    ]
    return Table(
        title=f"График отделения «{rota.department.name}» на {rota.monday:%d.%m}–{end:%d.%m.%Y}",
        columns=columns,
        rows=rows,
        totals=["Итого", *rota.day_minutes, rota.minutes, rota.capacity, None, None],
        sheet_name="График",
        notes=notes,
    )
