"""The default ИППСУ (форма — приложение 2 к приказу Минтруда России от 10.11.2014 № 874н),
the monthly act of services (regulations.md §3.4) and the care plan, дополнение к ИППСУ
(regulations.md §1.4)."""

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


def build_program():
    d = new_document(title="Индивидуальная программа предоставления социальных услуг")
    para(d, "{{ program.authority }}", align="c")
    note(d, "(наименование уполномоченного органа субъекта Российской Федерации)")
    heading(d, "ИНДИВИДУАЛЬНАЯ ПРОГРАММА", size=13, before=12, after=0)
    heading(d, "предоставления социальных услуг", before=0, after=6)
    table(
        d,
        [8.5, 8.5],
        [["№ {{ program.number }}", "Дата составления: {{ program.drawn_up_on }}"]],
        borders=False,
        header_rows=0,
        bold_rows=(),
        size=12,
        aligns="lr",
    )
    para(d, "", after=3)
    for text in [
        "1. Фамилия, имя, отчество (при наличии): **{{ recipient.full_name }}**",
        "2. Пол: {{ recipient.gender }}",
        "3. Дата рождения: {{ recipient.birth_date }}",
        "4. Адрес места жительства: {{ recipient.address }}"
        "{% if recipient.phone %}, контактный телефон: {{ recipient.phone }}{% endif %}",
        "5. Адрес места работы: {{ program.work_address }}",
        "6. Серия, номер паспорта или данные иного документа, удостоверяющего личность, дата "
        "выдачи этих документов, наименование выдавшего органа: {{ recipient.document }}",
        "7. Адрес электронной почты (при наличии): {{ program.email }}",
        "Страховой номер индивидуального лицевого счёта (СНИЛС): {{ recipient.snils }}",
        "8. Индивидуальная программа предоставления социальных услуг разработана "
        "{{ program.repeat }} на срок до {{ program.valid_until }}.",
        "9. Форма социального обслуживания: {{ program.form }}.",
        "10. Виды социальных услуг:",
    ]:
        para(d, text, after=2)
    widths = [0.9, 6.2, 2.8, 2.6, 2.6, 1.9]
    header = [
        "№ п/п",
        "Наименование социальной услуги",
        "Объём предоставления социальной услуги",
        "Периодичность предоставления социальной услуги",
        "Срок предоставления социальной услуги",
        "Отметка о выполнении",
    ]
    tag(d, "{%p for t in service_types %}")
    para(d, "{{ t.number }}. {{ t.title }}", bold=True, before=6, after=2, keep=True, align="l")
    table(
        d,
        widths,
        [
            header,
            loop_row("{%tr for s in t.services %}", 6),
            ["{{ s.n }}", "{{ s.name }}", "{{ s.volume }}", "{{ s.periodicity }}", "{{ s.term }}", ""],  # noqa: E501
            loop_row("{%tr endfor %}", 6),
            loop_row("{%tr if not t.services %}", 6),
            ["Социальные услуги этого вида не назначены", None, None, None, None, None],
            loop_row("{%tr endif %}", 6),
        ],
        aligns="clcccc",
        size=10,
    )  # fmt: skip
    tag(d, "{%p endfor %}")
    para(d, "Примечание: {{ program.notes }}", before=6, after=2)
    para(
        d,
        "11. Перечень рекомендуемых поставщиков социальных услуг: {{ program.providers }}",
        after=2,
    )
    para(
        d,
        "12. Отказ от социального обслуживания, социальной услуги: {{ program.refusal }}",
        after=2,
    )
    para(d, "13. Мероприятия по социальному сопровождению:", after=2, keep=True)
    table(
        d,
        [0.9, 6.8, 7.0, 2.3],
        [
            ["№ п/п", "Вид социального сопровождения", "Получатель (кто оказывает помощь)", "Отметка о выполнении"],  # noqa: E501
            loop_row("{%tr for m in social_support %}", 4),
            ["{{ m.n }}", "{{ m.kind }}", "{{ m.provider }}", ""],
            loop_row("{%tr endfor %}", 4),
            loop_row("{%tr if not social_support %}", 4),
            ["Не предусмотрены", None, None, None],
            loop_row("{%tr endif %}", 4),
        ],
        aligns="cllc",
        size=10,
    )  # fmt: skip
    para(
        d,
        "Заключение о выполнении индивидуальной программы предоставления социальных услуг:",
        before=6,
        keep=True,
    )
    para(d, "_" * 78, keep=True)
    para(d, "_" * 78, after=8, keep=True)
    para(d, "С содержанием индивидуальной программы согласен(на):", keep=True)
    signatures(
        d,
        ["_______________ / {{ customer|initials_first }} /"],
        ["{{ program.drawn_up_on }}"],
        keep_last=True,
    )
    note(d, "(подпись получателя социальных услуг или его законного представителя)", align="l")
    d.paragraphs[-1].paragraph_format.keep_with_next = True
    para(d, "", after=6, keep=True)
    para(d, "Лицо, уполномоченное на подписание индивидуальной программы:", keep=True)
    signatures(
        d,
        ["{{ program.signer_position|capfirst }}"],
        ["_______________ / {{ program.signer_name|initials_first }} /"],
        keep_last=True,
    )
    para(d, "М. П.", align="l", before=6)
    note(d, "Документ № {{ document.number }}", align="r")
    return d


def build_act():
    d = new_document(title="Акт сдачи-приёмки оказанных социальных услуг")
    para(d, "{{ institution.name }}", align="c", size=10, after=8)
    heading(d, "АКТ № {{ document.number }}", size=13, before=0, after=0)
    heading(
        d,
        "сдачи-приёмки социальных услуг, предоставленных в соответствии с индивидуальной "
        "программой от {{ act.program_date }} № {{ act.program_number }}, "
        "за {{ act.month_title }}",
        before=0,
        after=6,
    )
    place_and_date(d, "{{ document.date|date_words }}")
    para(d, "", after=3)
    clause(
        d,
        "Исполнитель — {{ institution.name }} — и Заказчик — {{ recipient.full_name }}"
        "{% if representative %} (представитель — {{ representative.full_name }})"
        "{% endif %} — по договору о предоставлении социальных услуг от {{ act.contract_date }} "
        "№ {{ act.contract_number }} составили настоящий акт о том, что в период с "
        "{{ act.date_from }} по {{ act.date_to }} Исполнитель оказал, а Заказчик принял "
        "следующие социальные услуги:",
        after=6,
    )
    # The last row is a loop of its own so that it alone keeps with «Итого», the totals and
    # the signatures: they never start a page without a line of the table.
    row = [
        "{{ r.n }}",
        "{{ r.name }}",
        "{{ r.unit }}",
        "{{ r.quantity|number }}",
        "{{ r.price|money }}",
        "{{ r.sum|money }}",
    ]  # noqa: E501
    table(
        d,
        [0.9, 7.4, 1.8, 2.0, 2.2, 2.7],
        [
            ["№ п/п", "Наименование услуги", "Единица", "Объём оказанных услуг", "Тариф за услугу, руб.", "Сумма, руб."],  # noqa: E501
            loop_row("{%tr for r in rows[:-1] %}", 6),
            row,
            loop_row("{%tr endfor %}", 6),
            loop_row("{%tr for r in rows[-1:] %}", 6),
            row,
            loop_row("{%tr endfor %}", 6),
            ["Итого", None, None, None, None, "{{ act.total|money }}"],
        ],
        aligns="clccrr",
        size=10,
        bold_rows=(0, 7),
        keep_rows=(5, 7),
    )  # fmt: skip
    # The care services of the social package (дополнение к ИППСУ) are free: listed without
    # tariffs, and only when the month had any.
    tag(d, "{%p if care_rows %}")
    para(
        d,
        "Услуги по уходу в рамках социального пакета долговременного ухода "
        "(предоставляются бесплатно):",
        bold=True,
        align="l",
        before=6,
        after=3,
        keep=True,
    )
    care = ["{{ c.n }}", "{{ c.name }}", "{{ c.unit }}", "{{ c.quantity|number }}"]
    table(
        d,
        [0.9, 10.5, 2.6, 3.0],
        [
            ["№ п/п", "Наименование услуги по уходу", "Единица", "Количество"],
            loop_row("{%tr for c in care_rows[:-1] %}", 4),
            care,
            loop_row("{%tr endfor %}", 4),
            loop_row("{%tr for c in care_rows[-1:] %}", 4),
            care,
            loop_row("{%tr endfor %}", 4),
        ],
        aligns="clcc",
        size=10,
        keep_rows=(0, 5),
    )
    tag(d, "{%p endif %}")
    lines = [
        "Всего оказано услуг на сумму **{{ act.total|rubles }}** ({{ act.total_words }}).",
        # Free by category: the income does not matter and is not printed (442-ФЗ ст. 31 ч. 1).
        "{%p if act.free_by_category %}",
        "Условие оплаты: бесплатно ({{ act.fee_basis }}).",
        "{%p else %}",
        "Условие оплаты: {{ act.fee_kind_label }}"
        "{% if act.fee_basis %} ({{ act.fee_basis }}){% endif %}.",
        "Среднедушевой доход Заказчика: {{ act.income_per_capita|rubles }}.",
        "Предельная величина среднедушевого дохода: {{ act.threshold|rubles }}.",
        '{%p if act.fee_kind != "free" %}',
        "50 % разницы между среднедушевым доходом Заказчика и предельной величиной "
        "среднедушевого дохода: {{ act.half_difference|rubles }}.",
        "{%p endif %}",
        "{%p endif %}",
        "{%p if act.additional %}",
        "Дополнительные платные услуги (оплачиваются полностью): {{ act.additional|rubles }}.",
        "{%p endif %}",
        "**Размер оплаты: {{ act.to_pay|rubles }}** ({{ act.to_pay_words }}).",
        # From the ledger of payments (zabota.billing), when it has any.
        "{%p if act.debt_at_start > 0 %}",
        "Задолженность по оплате на начало месяца: {{ act.debt_at_start|rubles }}.",
        "{%p endif %}",
        "{%p if act.advance_at_start > 0 %}",
        "Переплата на начало месяца (засчитывается в оплату): {{ act.advance_at_start|rubles }}.",
        "{%p endif %}",
    ]
    for text in lines:
        if text.startswith("{%p"):
            tag(d, text)
        else:
            para(d, text, before=2, align="l", keep=True)
    clause(
        d,
        "Услуги оказаны в полном объёме, в установленные сроки и с надлежащим качеством. "
        "Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет. Акт составлен "
        "в двух экземплярах, по одному для каждой из Сторон.",
        after=12,
        keep=True,
    )
    signatures(
        d,
        [
            "**Исполнитель:**",
            "{{ signatures.provider_position|capfirst }}",
            "_______________ / {{ signatures.provider_name|initials_first }} /",
            "М. П.",
        ],
        [
            "**Заказчик:**",
            # A signature drawn on the tablet, when the recipient signed the month there.
            "{% if signatures.customer_signature %}{{ signatures.customer_signature }}{% endif %}",
            "_______________ / {{ signatures.customer_name|initials_first }} /",
        ],
    )
    return d


def build_care_plan():
    d = new_document(title="Дополнение к ИППСУ (индивидуальный план ухода)")
    tag(d, "{%p if care_plan.is_example_methodology %}")
    para(
        d,
        "ОБРАЗЕЦ: уровень нуждаемости установлен по примерной методике "
        "«{{ care_plan.methodology_title }}», а не по утверждённому акту региона.",
        bold=True,
        align="c",
        size=10,
        after=6,
    )
    tag(d, "{%p endif %}")
    heading(d, "ДОПОЛНЕНИЕ", size=13, before=0, after=0)
    heading(
        d,
        "к индивидуальной программе предоставления социальных услуг"
        "{% if care_plan.program_number %} № {{ care_plan.program_number }} от "
        "{{ care_plan.program_date }}{% endif %}",
        before=0,
        after=0,
    )
    para(d, "(социальный пакет долговременного ухода; {{ care_plan.status }})", align="c", after=6)
    table(
        d,
        [5.5, 11.5],
        [
            ["Фамилия, имя, отчество", "**{{ recipient.full_name }}**"],
            ["Дата рождения", "{{ recipient.birth_date }}"],
            ["Пол", "{{ recipient.gender }}"],
            ["СНИЛС", "{{ recipient.snils }}"],
        ],
        header_rows=0,
        bold_rows=(),
        size=11,
    )
    for text in [
        "1. Установлен уровень нуждаемости в уходе: **{{ care_plan.level }}**.",
        "2. Объём социального пакета долговременного ухода для установленного уровня: "
        "{{ care_plan.level_hours_per_week|number }} ч в неделю.",
        "3. Назначенный объём: {{ care_plan.assigned_minutes_per_week }} мин "
        "({{ care_plan.assigned_hours_per_week|number }} ч) в неделю.",
        "4. Условия предоставления социального пакета долговременного ухода:",
        "4.1. Количество дней в неделю: {{ care_plan.days_per_week }}.",
        "4.2. Количество посещений в день по дням недели:",
    ]:
        para(d, text, before=3, align="l")
    days = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]
    table(
        d,
        [4.0] + [1.85] * 7,
        [
            ["Посещений в день", *days],
            loop_row("{%tr for g in care_plan.grid %}", 8),
            ["{{ g.times }}", "{{ g.mon }}", "{{ g.tue }}", "{{ g.wed }}", "{{ g.thu }}", "{{ g.fri }}", "{{ g.sat }}", "{{ g.sun }}"],  # noqa: E501
            loop_row("{%tr endfor %}", 8),
        ],
        aligns="lccccccc",
        size=10,
    )  # fmt: skip
    para(
        d,
        "4.3. Распределение в течение месяца: 5 расчётных недель, 30 расчётных дней "
        "(5 + 7 + 7 + 7 + 4):",
        before=3,
        align="l",
    )
    table(
        d,
        [4.0, 4.0, 4.0],
        [
            ["Расчётная неделя", "Дней", "Минут ухода"],
            loop_row("{%tr for w in care_plan.weeks %}", 3),
            ["{{ w.n }}", "{{ w.days }}", "{{ w.minutes }}"],
            loop_row("{%tr endfor %}", 3),
        ],
        aligns="ccc",
        size=10,
    )
    para(
        d,
        "4.4. Перечень и объём услуг по уходу, на предоставление которых получатель дал согласие:",
        before=3,
        align="l",
    )
    table(
        d,
        [0.8, 5.0, 2.3, 1.3, 0.9, 0.9, 0.9, 0.9, 0.9, 1.4, 1.7],
        [
            ["№", "Услуга по уходу", "Периодичность", "Норма, мин", "Количество по расчётным неделям", None, None, None, None, "Раз в месяц", "Минут в месяц"],  # noqa: E501
            ["^", "^", "^", "^", "1", "2", "3", "4", "5", "^", "^"],
            loop_row("{%tr for s in care_plan.services %}", 11),
            ["{{ s.n }}", "{{ s.name }}", "{{ s.periodicity }}", "{{ s.minutes }}", "{{ s.w1 }}", "{{ s.w2 }}", "{{ s.w3 }}", "{{ s.w4 }}", "{{ s.w5 }}", "{{ s.month_count }}", "{{ s.month_minutes }}"],  # noqa: E501
            loop_row("{%tr endfor %}", 11),
        ],
        header_rows=2,
        aligns="cllcccccccc",
        size=9,
    )  # fmt: skip
    para(
        d,
        "4.5. Объём в месяц: {{ care_plan.month_minutes }} мин "
        "({{ care_plan.month_hours|number }} ч), услуг — {{ care_plan.month_services }}.",
        before=3,
        align="l",
    )
    para(
        d,
        "5. Услуги по уходу, не включённые в социальный пакет, так как их обеспечивают "
        "родственники (иные лица):",
        before=3,
        align="l",
        keep=True,
    )
    table(
        d,
        [0.8, 7.2, 5.5, 3.5],
        [
            ["№", "Услуга по уходу", "ФИО того, кто обеспечивает", "Кем приходится"],
            loop_row("{%tr for b in care_plan.by_relatives %}", 4),
            ["{{ b.n }}", "{{ b.name }}", "{{ b.person }}", "{{ b.status }}"],
            loop_row("{%tr endfor %}", 4),
            loop_row("{%tr if not care_plan.by_relatives %}", 4),
            ["Нет", None, None, None],
            loop_row("{%tr endif %}", 4),
        ],
        aligns="cllc",
        size=10,
    )
    para(
        d,
        "6. Услуги по уходу, не включённые в социальный пакет в связи с отсутствием потребности:",
        before=3,
        align="l",
        keep=True,
    )
    table(
        d,
        [0.8, 16.2],
        [
            ["№", "Услуга по уходу"],
            loop_row("{%tr for x in care_plan.not_needed %}", 2),
            ["{{ x.n }}", "{{ x.name }}"],
            loop_row("{%tr endfor %}", 2),
            loop_row("{%tr if not care_plan.not_needed %}", 2),
            ["Нет", None],
            loop_row("{%tr endif %}", 2),
        ],
        aligns="cl",
        size=10,
    )
    para(
        d,
        "7. Сроки предоставления: с {{ care_plan.valid_from }} по {{ care_plan.valid_until }}.",
        before=3,
        align="l",
    )
    para(d, "Поставщик социальных услуг: {{ institution.name }}.", before=3, after=8, keep=True)
    para(d, "С социальным пакетом долговременного ухода согласен(на):", keep=True)
    signatures(
        d,
        ["_______________ / {{ customer|initials_first }} /"],
        ["{{ document.date }}"],
        keep_last=True,
    )
    para(d, "", after=4, keep=True)
    para(d, "Подтверждаю:", keep=True)
    signatures(
        d,
        ["{{ issuer.position|capfirst }}"],
        ["_______________ / {{ issuer.full_name|initials_first }} /"],
        keep_last=True,
    )
    para(d, "М. П.", align="l", before=4)
    note(d, "Документ № {{ document.number }}", align="r")
    return d
