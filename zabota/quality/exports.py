"""Tables of the quality lists, for XLSX export."""

from zabota.core.tables import Column, Table

ANONYMOUS = "анонимно"


def surveys_table(surveys) -> Table:
    return Table(
        title="Опросы удовлетворённости",
        sheet_name="Опросы",
        columns=[
            Column("Дата", 12, "date"),
            Column("Получатель", 32),
            Column("Отделение", 28),
            Column("Сотрудники", 32),
            Column("Как проведён", 18),
            Column("Результат", 18),
            Column("Ответов", 10, "int"),
            Column("Удовлетворён", 12, "int"),
            Column("Провёл", 24),
        ],
        rows=(
            [
                s.taken_on,
                s.recipient.full_name if s.recipient else ANONYMOUS,
                s.department.name,
                ", ".join(w.short_name for w in s.workers.all()),
                s.get_channel_display(),
                s.get_status_display(),
                s.answer_count,
                s.satisfied_count,
                s.taken_by.short_name,
            ]
            for s in surveys
        ),
    )


def complaints_table(complaints) -> Table:
    return Table(
        title="Обращения и жалобы",
        sheet_name="Обращения",
        columns=[
            Column("Номер", 12),
            Column("Дата", 12, "date"),
            Column("Как поступило", 20),
            Column("Заявитель", 28),
            Column("Получатель", 28),
            Column("Отделение", 26),
            Column("Сотрудник", 24),
            Column("Ответственный", 24),
            Column("Срок ответа", 12, "date"),
            Column("Состояние", 18),
            Column("Результат", 20),
            Column("Дата ответа", 12, "date"),
        ],
        rows=(
            [
                c.number,
                c.received_on,
                c.get_channel_display(),
                c.applicant,
                c.recipient.full_name if c.recipient else "",
                c.department.name,
                c.worker.short_name if c.worker else "",
                c.responsible.short_name,
                c.due_on,
                c.get_status_display(),
                c.get_outcome_display(),
                c.answered_on,
            ]
            for c in complaints
        ),
    )


def inspections_table(inspections) -> Table:
    return Table(
        title="Контрольные посещения",
        sheet_name="Посещения",
        columns=[
            Column("Дата", 12, "date"),
            Column("Сотрудник", 28),
            Column("Получатель", 30),
            Column("Отделение", 26),
            Column("Проверил", 24),
            Column("Нарушений", 10, "int"),
        ],
        rows=(
            [
                i.inspected_on,
                i.worker.full_name,
                i.recipient.full_name,
                i.department.name,
                i.inspector.short_name,
                sum(1 for f in i.findings if f.get("result") == "violation"),
            ]
            for i in inspections
        ),
    )


def violations_table(violations) -> Table:
    return Table(
        title="Нарушения, выявленные при контрольных посещениях",
        sheet_name="Нарушения",
        columns=[
            Column("Посещение", 12, "date"),
            Column("Сотрудник", 28),
            Column("Получатель", 30),
            Column("Пункт", 40),
            Column("Нарушение", 40),
            Column("Устранить до", 12, "date"),
            Column("Устранено", 12, "date"),
            Column("Что сделано", 40),
        ],
        rows=(
            [
                v.inspection.inspected_on,
                v.inspection.worker.full_name,
                v.inspection.recipient.full_name,
                v.item,
                v.description,
                v.correct_by,
                v.corrected_on,
                v.correction,
            ]
            for v in violations
        ),
    )
