"""The default answer to an appeal (59-ФЗ «О порядке рассмотрения обращений граждан»: a written
answer on the substance of every question, ст. 10 ч. 1 п. 4)."""

from zabota.documents.default_templates.writing import (
    clause,
    heading,
    new_document,
    note,
    para,
    signatures,
    table,
)


def build_complaint_answer():
    d = new_document(title="Ответ на обращение")
    table(
        d,
        [8.5, 8.5],
        [
            ["**{{ institution.short_name }}**", "**{{ applicant.name_datv }}**"],
            ["{{ institution.address }}", "{{ applicant.address }}"],
            ["{% if institution.phone %}тел. {{ institution.phone }}{% endif %}", ""],
            ["№ {{ document.number }} от {{ document.date }}", ""],
            ["на № {{ complaint.number }} от {{ complaint.received_on }}", ""],
        ],
        borders=False,
        header_rows=0,
        bold_rows=(),
        size=10,
    )
    heading(d, "ОТВЕТ НА ОБРАЩЕНИЕ", size=13, before=18, after=8)
    clause(
        d,
        "{{ institution.name }} рассмотрело Ваше обращение, поступившее "
        "{{ complaint.received_on }} ({{ complaint.channel }}), по вопросу: "
        "{{ complaint.content }}",
    )
    clause(d, "{{ complaint.answer }}")
    clause(
        d,
        "По результатам рассмотрения обращение признано {{ complaint.outcome }}."
        "{% if complaint.measures %} Приняты меры: {{ complaint.measures }}{% endif %}",
    )
    clause(
        d,
        "Если Вы не согласны с ответом, Вы вправе обжаловать его в вышестоящий орган или в суд.",
        after=18,
        keep=True,
    )
    signatures(
        d,
        ["{{ institution.director_position|capfirst }}"],
        ["_______________ / {{ institution.director_name|initials_first }} /"],
    )
    para(d, "", after=24)
    note(
        d,
        "Исполнитель: {{ responsible.full_name }}, {{ responsible.position }}",
        align="l",
    )
    return d
