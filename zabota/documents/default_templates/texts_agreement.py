"""The default дополнительное соглашение к договору о предоставлении социальных услуг: the
contract's terms changed by agreement of the parties (п. 13 of the примерная форма договора,
приложение 1 к приказу Минтруда России от 10.11.2014 № 874н) — a new ИППСУ with the services it
changes, the fee, the term."""

from zabota.documents.default_templates.texts_contract import (
    DIRECTOR_ACTING,
    FEMALE_A,
    REP_ACTING,
)
from zabota.documents.default_templates.writing import (
    clause,
    heading,
    loop_row,
    new_document,
    note,
    para,
    place_and_date,
    signatures,
    table,
    tag,
)


def build_agreement():
    d = new_document(title="Дополнительное соглашение к договору")
    heading(d, "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № {{ agreement.number }}", size=13, before=0, after=0)
    heading(
        d,
        "к договору о предоставлении социальных услуг № {{ contract.number }} "
        "от {{ contract.concluded_on }}",
        before=0,
        after=6,
    )
    place_and_date(d, "{{ agreement.concluded_on|date_words }}")
    para(d, "", after=3)
    clause(
        d,
        "{{ institution.name }}, именуемое в дальнейшем «Исполнитель», в лице "
        "{{ institution.director_position_gent }} {{ institution.director_name_gent }}, "
        f"действующ{DIRECTOR_ACTING} на основании {{{{ institution.acts_on_basis_of }}}}, "
        "с одной стороны, и {{ recipient.full_name }}, "
        f"именуем{FEMALE_A} в дальнейшем «Заказчик»"
        "{% if representative %}, в лице представителя {{ representative.name_gent }} "
        f"({{{{ representative.kind }}}}), действующ{REP_ACTING} на основании документа, "
        "подтверждающего полномочия ({{ representative.basis }}){% endif %}, с другой стороны, "
        "совместно именуемые в дальнейшем Сторонами, заключили настоящее дополнительное "
        "соглашение к договору о предоставлении социальных услуг № {{ contract.number }} от "
        "{{ contract.concluded_on }} (далее — Договор) о нижеследующем.",
        after=3,
    )
    clause(d, "1. Стороны договорились внести в Договор следующие изменения.")
    tag(d, "{%p if agreement.program_changed %}")
    clause(
        d,
        "1.1. Услуги предоставляются Заказчику на основании индивидуальной программы "
        "предоставления социальных услуг № {{ program.number }} от {{ program.drawn_up_on }} "
        "(срок действия — с {{ program.valid_from }} по {{ program.valid_until }}), составленной "
        "взамен индивидуальной программы № {{ old_program.number }} от "
        "{{ old_program.drawn_up_on }}. Перечень Услуг (приложение № 1 к Договору) изменяется "
        "следующим образом:",
        after=3,
        keep=True,
    )
    # The last change is a loop of its own: it alone keeps with the totals and the signatures.
    row = [
        "{{ c.n }}",
        "{{ c.name }}",
        "{{ c.change }}",
        "{{ c.unit }}",
        "{{ c.quantity_before|number or '—' }}",
        "{{ c.quantity_after|number or '—' }}",
        "{{ c.amount_before|money }}",
        "{{ c.amount_after|money }}",
    ]
    table(
        d,
        [0.7, 4.6, 2.3, 1.7, 1.5, 1.5, 2.35, 2.35],
        [
            ["№", "Наименование услуги", "Изменение", "Единица", "Объём в месяц", None, "Стоимость в месяц, руб.", None],  # noqa: E501
            ["^", "^", "^", "^", "было", "стало", "было", "стало"],
            loop_row("{%tr for c in changes[:-1] %}", 8),
            row,
            loop_row("{%tr endfor %}", 8),
            loop_row("{%tr for c in changes[-1:] %}", 8),
            row,
            loop_row("{%tr endfor %}", 8),
            loop_row("{%tr if not changes %}", 8),
            ["Перечень и объём услуг не изменились", None, None, None, None, None, None, None],
            loop_row("{%tr endif %}", 8),
            ["Итого в месяц по тарифам", None, None, None, None, None, "{{ cost_before|money }}", "{{ cost_after|money }}"],  # noqa: E501
        ],
        header_rows=2,
        aligns="clccccrr",
        size=10,
        bold_rows=(0, 1, 11),
        keep_rows=(6, 9, 11),
    )  # fmt: skip
    tag(d, "{%p endif %}")
    tag(d, "{%p if fee.changed %}")
    clause(
        d,
        "{% if agreement.program_changed %}1.2{% else %}1.1{% endif %}. Размер ежемесячной платы "
        "Заказчика за Услуги (раздел III Договора) составляет {{ fee.amount|rubles }} "
        "({{ fee.amount_words }}), условие оплаты — {{ fee.kind_label }} (ранее — "
        "{{ fee.before_amount|rubles }}, {{ fee.before_kind_label }}).",
        keep=True,
    )
    tag(d, "{%p else %}")
    clause(
        d,
        "{% if agreement.program_changed %}1.2{% else %}1.1{% endif %}. Размер ежемесячной платы "
        "Заказчика за Услуги не изменяется: {{ fee.amount|rubles }} ({{ fee.kind_label }}).",
        keep=True,
    )
    tag(d, "{%p endif %}")
    tag(d, "{%p if agreement.new_valid_until %}")
    clause(
        d,
        "{% if agreement.program_changed %}1.3{% else %}1.2{% endif %}. Срок действия Договора "
        "продлевается по {{ agreement.new_valid_until }}.",
        keep=True,
    )
    tag(d, "{%p endif %}")
    clause(d, "2. Содержание изменений: {{ agreement.description }}", keep=True)
    clause(
        d,
        "3. Остальные условия Договора, не затронутые настоящим соглашением, остаются "
        "неизменными, и Стороны подтверждают по ним свои обязательства.",
        keep=True,
    )
    clause(
        d,
        "4. Настоящее соглашение вступает в силу со дня его подписания Сторонами, является "
        "неотъемлемой частью Договора и составлено в двух экземплярах, имеющих равную "
        "юридическую силу, по одному для каждой из Сторон.",
        after=12,
        keep=True,
    )
    signatures(
        d,
        [
            "**Исполнитель:**",
            "{{ institution.name }}",
            "{{ institution.director_position|capfirst }}",
            "_______________ / {{ institution.director_name|initials_first }} /",
            "М. П.",
        ],
        [
            "**Заказчик:**",
            "{{ recipient.full_name }}",
            "{% if representative %}Представитель: {{ representative.full_name }}{% endif %}",
            "_______________ / {{ customer|initials_first }} /",
            "",
        ],
        size=11,
        keep_last=True,
    )
    note(d, "Документ № {{ document.number }}", align="r")
    return d
