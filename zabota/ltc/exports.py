"""Tables of the long-term care lists, for XLSX export."""

import datetime

from zabota.core.tables import Column, Table


def methodologies_table(methodologies, in_force) -> Table:
    return Table(
        title="Методики оценки нуждаемости",
        sheet_name="Методики",
        columns=[
            Column("Код", 12),
            Column("Наименование", 50),
            Column("Версия", 12),
            Column("Пример (заменить актом региона)", 16),
            Column("Действует с", 14, "date"),
            Column("Введена в действие", 14),
            Column("Действует сегодня", 14),
            Column("Загружена", 18, "date"),
            Column("Черновик", 12),
        ],
        rows=(
            [
                m.code,
                m.title,
                m.version,
                m.is_example,
                m.effective_from,
                m.is_active,
                in_force is not None and m.pk == in_force.pk,
                m.uploaded_at.date(),
                m.is_draft,
            ]
            for m in methodologies
        ),
    )


def reassessment_state(next_on: datetime.date, today: datetime.date) -> str:
    days = (next_on - today).days
    if days < 0:
        return f"просрочена на {-days} дн."
    if days == 0:
        return "сегодня"
    return f"через {days} дн."


def reassessments_table(assessments, *, today: datetime.date, subtitle: str) -> Table:
    return Table(
        title="Повторные оценки нуждаемости",
        subtitle=subtitle,
        sheet_name="Повторные оценки",
        columns=[
            Column("№", 6, "int"),
            Column("ФИО", 36),
            Column("Дата рождения", 14, "date"),
            Column("СНИЛС", 16),
            Column("Отделение", 28),
            Column("Социальный работник", 26),
            Column("Дата оценки", 14, "date"),
            Column("Уровень нуждаемости", 30),
            Column("Повторная оценка", 14, "date"),
            Column("Состояние", 20),
            Column("Причина переноса", 36),
        ],
        rows=(
            [
                n,
                a.recipient.full_name,
                a.recipient.birth_date,
                a.recipient.snils_display,
                str(a.recipient.department),
                a.recipient.social_worker.short_name if a.recipient.social_worker else "",
                a.assessed_on,
                a.outcome_title,
                a.next_assessment_on,
                reassessment_state(a.next_assessment_on, today),
                a.next_reason,
            ]
            for n, a in enumerate(assessments, start=1)
        ),
    )
