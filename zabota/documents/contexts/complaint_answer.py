"""The answer to an appeal (ответ на обращение): the fields its builder must return.

The kind is registered with its builder by zabota.quality (its extensions module); the answer
is issued from the appeal's page and kept with the appeal, not in the general archive, so that
the worker the appeal is about never reads it (docs/quality.md)."""

from __future__ import annotations

import datetime

FIELDS = [
    ("complaint.number", "регистрационный номер обращения"),
    ("complaint.received_on", "дата регистрации обращения"),
    ("complaint.channel", "как поступило: лично, письмом, из министерства…"),
    ("complaint.content", "краткое содержание обращения"),
    (
        "complaint.outcome",
        "обращение признано (кем?): обоснованным, частично обоснованным, необоснованным",
    ),
    ("complaint.justified", "обращение признано обоснованным (полностью или частично)"),
    ("complaint.measures", "принятые меры (может быть пустым: {% if complaint.measures %})"),
    ("complaint.answer", "текст ответа по существу"),
    ("complaint.answered_on", "дата ответа"),
    ("complaint.extended", "срок рассмотрения продлевался"),
    ("applicant.full_name", "заявитель (кто?)"),
    ("applicant.name_datv", "заявитель в дательном падеже (кому?)"),
    ("applicant.address", "адрес заявителя для ответа"),
    ("responsible.full_name", "ответственный за рассмотрение"),
    ("responsible.short_name", "ответственный: фамилия и инициалы"),
    ("responsible.position", "должность ответственного"),
]


def sample() -> dict:
    return {
        "complaint": {
            "number": "О-7/2026",
            "received_on": datetime.date(2026, 10, 12),
            "channel": "письмом",
            "content": "Социальный работник дважды не пришёл в назначенный день, продукты "
            "были куплены с опозданием на три дня.",
            "outcome": "обоснованным",
            "justified": True,
            "measures": "С социальным работником проведена беседа, график посещений "
            "согласован с получателем, заведующий проверил посещения в ноябре.",
            "answer": "Ваше обращение рассмотрено. Факты, изложенные в нём, подтвердились при "
            "контрольном посещении 20.10.2026.",
            "answered_on": datetime.date(2026, 10, 30),
            "extended": False,
        },
        "applicant": {
            "full_name": "Иванов Сергей Николаевич",
            "name_datv": "Иванову Сергею Николаевичу",
            "address": "650000, г. Кемерово, пр-т Ленина, д. 10, кв. 3",
        },
        "responsible": {
            "full_name": "Лебедева Ольга Викторовна",
            "short_name": "Лебедева О. В.",
            "position": "заведующий отделением",
        },
    }
