"""The default consent to processing of personal data (152-ФЗ ст. 9 ч. 4, ст. 10), application
for social services (442-ФЗ ст. 14–15) and notice of discharge (442-ФЗ ст. 18)."""

from zabota.documents.default_templates.writing import (
    clause,
    heading,
    new_document,
    note,
    para,
    place_and_date,
    signatures,
    table,
    tag,
)

R_LIVING = '{{ "ая" if recipient.is_female else "ий" }}'
R_LIVING_GENT = '{{ "ей" if recipient.is_female else "его" }}'
R_REGISTERED = '{{ "ая" if recipient.is_female else "ый" }}'
P_LIVING = '{{ "ая" if representative.is_female else "ий" }}'
P_ACTING = '{{ "ая" if representative.is_female else "ий" }}'
P_ACTING_GENT = '{{ "ей" if representative.is_female else "его" }}'


def build_consent():
    d = new_document(title="Согласие на обработку персональных данных")
    heading(d, "СОГЛАСИЕ", size=13, before=0, after=0)
    heading(d, "на обработку персональных данных", before=0, after=6)
    place_and_date(d, "{{ consent.date|date_words }}")
    para(d, "", after=3)
    clause(
        d,
        "Я, **{{ customer.full_name }}**, "
        "{% if representative %}{% if representative.document %}{{ representative.document }}, "
        f"{{% endif %}}{{% if representative.address %}}проживающ{P_LIVING} по адресу: "
        "{{ representative.address }}, {% endif %}"
        f"действующ{P_ACTING} на основании документа, подтверждающего полномочия "
        "({{ representative.basis }}), от имени и в интересах "
        "{{ recipient.name_gent }}, {{ recipient.birth_date }} года рождения, "
        f"{{{{ recipient.document }}}}, проживающ{R_LIVING_GENT} по адресу: "
        "{{ recipient.address }}{% else %}{{ recipient.birth_date }} года рождения, "
        f"{{{{ recipient.document }}}}, зарегистрированн{R_REGISTERED} по адресу: "
        f"{{{{ recipient.registration_address }}}}, проживающ{R_LIVING} по адресу: "
        "{{ recipient.address }}{% endif %}, в соответствии со статьями 9 и 10 Федерального "
        "закона от 27.07.2006 № 152-ФЗ «О персональных данных» свободно, своей волей и в своём "
        "интересе даю согласие оператору — {{ institution.name }} (ИНН {{ institution.inn }}), "
        "адрес: {{ institution.address }} (далее — Оператор), на обработку "
        "{% if representative %}персональных данных {{ recipient.name_gent }}"
        "{% else %}моих персональных данных{% endif %} на следующих условиях.",
    )
    for text in [
        "1. Цель обработки: предоставление социальных услуг в форме социального обслуживания на "
        "дому в соответствии с Федеральным законом от 28.12.2013 № 442-ФЗ «Об основах "
        "социального обслуживания граждан в Российской Федерации», включая составление "
        "индивидуальной программы и договора, учёт оказанных услуг, расчёт платы за них, "
        "ведение регистра получателей социальных услуг и представление сведений в "
        "государственные информационные системы в случаях, предусмотренных законодательством.",
        "2. Перечень персональных данных: фамилия, имя, отчество; пол; дата и место рождения; "
        "данные документа, удостоверяющего личность; адрес регистрации и фактического "
        "проживания; номер телефона; СНИЛС; сведения о льготной категории и инвалидности; "
        "сведения о составе семьи и доходах; сведения о состоянии здоровья (специальная "
        "категория персональных данных: медицинское заключение, сведения о нуждаемости в "
        "уходе); сведения об оказанных социальных услугах и их оплате.",
        "3. Действия с персональными данными: сбор, запись, систематизация, накопление, "
        "хранение, уточнение (обновление, изменение), извлечение, использование, передача "
        "(предоставление, доступ) органам социальной защиты населения, Социальному фонду "
        "России, медицинским организациям в случаях, предусмотренных законодательством, "
        "обезличивание, блокирование, удаление, уничтожение. Способ обработки — смешанный: с "
        "использованием средств автоматизации и без них.",
        "4. Обработка персональных данных по поручению Оператора третьим лицам не поручается.",
        "5. Согласие действует со дня его подписания в течение срока социального обслуживания и "
        "хранения документов в соответствии с законодательством об архивном деле в Российской "
        "Федерации.",
        "6. Согласие может быть отозвано письменным заявлением, поданным Оператору. После отзыва "
        "Оператор прекращает обработку персональных данных, кроме случаев, когда она "
        "допускается без согласия (пункты 2–11 части 1 статьи 6, часть 2 статьи 10 Федерального "
        "закона № 152-ФЗ).",
    ]:
        clause(d, text)
    clause(
        d,
        "7. Права субъекта персональных данных, предусмотренные главой 3 Федерального закона "
        "№ 152-ФЗ, мне разъяснены.",
        keep=True,
    )
    para(d, "", after=10, keep=True)
    signatures(
        d,
        ["{{ consent.date }}"],
        ["_______________ / {{ customer|initials_first }} /"],
        keep_last=True,
    )
    table(
        d,
        [8.5, 8.5],
        [["", "(подпись)            (расшифровка подписи)"]],
        borders=False,
        header_rows=0,
        bold_rows=(),
        size=8,
        aligns="lr",
    )
    para(d, "", after=8)
    note(d, "Документ № {{ document.number }}; принял: {{ issuer.full_name|initials }}", align="r")
    return d


def build_application():
    d = new_document(title="Заявление о предоставлении социального обслуживания")
    for text in [
        "{{ institution.director_position_datv|capfirst }}",
        "{{ institution.short_name }}",
        "{{ institution.director_name_datv|initials }}",
        "от **{{ recipient.name_gent }}**,",
        "{{ recipient.birth_date }} года рождения,",
        "{{ recipient.document }},",
        "СНИЛС {{ recipient.snils }},",
        f"проживающ{R_LIVING_GENT} по адресу: {{{{ recipient.address }}}}"
        "{% if recipient.phone %}, тел. {{ recipient.phone }}{% endif %}",
    ]:
        para(d, text, align="l", left=8.5)
    tag(d, "{%p if representative %}")
    para(
        d,
        "в лице представителя {{ representative.name_gent }} "
        f"({{{{ representative.kind }}}}), действующ{P_ACTING_GENT} на основании документа, "
        "подтверждающего полномочия ({{ representative.basis }})",
        align="l",
        left=8.5,
    )
    tag(d, "{%p endif %}")
    heading(d, "ЗАЯВЛЕНИЕ", size=13, before=18, after=0)
    heading(d, "о предоставлении социального обслуживания", before=0, after=8)
    for text in [
        "Прошу предоставить мне социальные услуги. Форма социального обслуживания: "
        "{{ application.form }}. Желаемый поставщик социальных услуг: {{ institution.name }}.",
        "Нуждаюсь в социальных услугах: {{ application.service_types }}.",
        "В предоставлении социальных услуг нуждаюсь по следующим обстоятельствам: "
        "{{ application.circumstances }}.",
        "Льготная категория: {{ recipient.benefit_categories }}. Инвалидность: "
        "{{ recipient.disability }}.",
        "Условия проживания: {{ application.living_conditions }}",
        "Состав семьи: {{ application.family }}",
        "Сведения о доходе, учитываемые для расчёта величины среднедушевого дохода: "
        "{{ application.income }}",
        "Достоверность и полноту настоящих сведений подтверждаю.",
        "На обработку персональных данных о себе в соответствии со статьёй 9 Федерального "
        "закона от 27.07.2006 № 152-ФЗ «О персональных данных» для включения в реестр "
        "получателей социальных услуг: ______________________ (согласен / не согласен).",
    ]:
        clause(d, text, after=3)
    clause(
        d,
        "Приложение: документы по перечню, установленному порядком предоставления социальных "
        "услуг на дому.",
        after=3,
        keep=True,
    )
    para(d, "", after=8, keep=True)
    signatures(
        d,
        ["{{ application.date|date_words }}"],
        ["_______________ / {{ customer|initials_first }} /"],
    )
    para(d, "", after=12)
    para(
        d,
        "Заявление принял(а): {{ issuer.position }} ______________ / "
        "{{ issuer.full_name|initials_first }} /, {{ application.date }}",
        align="l",
        size=10,
    )
    para(d, "Регистрационный № {{ document.number }}", align="l", size=10)
    return d


def build_discharge_notice():
    d = new_document(title="Уведомление о снятии с социального обслуживания")
    table(
        d,
        [8.5, 8.5],
        [
            ["**{{ institution.short_name }}**", "**{{ recipient.name_datv }}**"],
            ["{{ institution.address }}", "{{ recipient.address }}"],
            ["{% if institution.phone %}тел. {{ institution.phone }}{% endif %}", ""],
            ["№ {{ document.number }} от {{ document.date }}", ""],
        ],
        borders=False,
        header_rows=0,
        bold_rows=(),
        size=10,
    )
    heading(d, "УВЕДОМЛЕНИЕ", size=13, before=18, after=0)
    heading(d, "о снятии с социального обслуживания на дому", before=0, after=8)
    para(d, "{{ recipient.salutation }} {{ recipient.first_and_middle }}!", align="c", after=8)
    clause(
        d,
        "{{ institution.name }} уведомляет Вас о том, что {% if discharge.is_planned %}с "
        "{{ discharge.date|date_words }} Вы будете сняты{% else %}{{ discharge.date|date_words }} "
        "Вы сняты{% endif %} с социального обслуживания на дому"
        "{% if discharge.enrolled_on %} (на обслуживании с {{ discharge.enrolled_on }}){% endif %}.",  # noqa: E501
    )
    clause(
        d,
        "Основание: {{ discharge.reason }}{% if discharge.note %} ({{ discharge.note }}){% endif %}.",  # noqa: E501
    )
    clause(
        d,
        "Предоставление социальных услуг прекращается в соответствии со статьёй 18 Федерального "
        "закона от 28.12.2013 № 442-ФЗ «Об основах социального обслуживания граждан в Российской "
        "Федерации»; договор о предоставлении социальных услуг прекращает действие со дня снятия "
        "с обслуживания. Услуги, оказанные до этого дня, оплачиваются по акту сдачи-приёмки.",
    )
    clause(
        d,
        "При возникновении обстоятельств, ухудшающих условия Вашей жизнедеятельности, Вы вправе "
        "вновь обратиться за предоставлением социальных услуг (статья 14 Федерального закона "
        "№ 442-ФЗ). Решение может быть обжаловано в вышестоящий орган или в суд.",
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
        "Исполнитель: {{ issuer.full_name }}, {{ issuer.position }}"
        "{% if issuer.phone %}, тел. {{ issuer.phone }}{% endif %}",
        align="l",
    )
    return d
