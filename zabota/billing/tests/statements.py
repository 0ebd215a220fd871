"""Building bank statements for the tests: documents in the 1CClientBankExchange format."""

import datetime

from zabota.billing.tests.conftest import BANK
from zabota.rules.bank_statement import encode


def document(
    amount: str,
    purpose: str,
    *,
    number: int = 1,
    day: datetime.date = datetime.date(2026, 11, 12),
    to: str = BANK["account"],
    payer: str = "40817810000000000001",
) -> str:
    return f"""СекцияДокумент=Платежное поручение
Номер={number}
Дата={day:%d.%m.%Y}
Сумма={amount}
ПлательщикСчет={payer}
Плательщик=Иванова Анна Петровна
ПолучательСчет={to}
Получатель=ГБУ КЦСОН Тестовый
ДатаПоступило={day:%d.%m.%Y}
НазначениеПлатежа={purpose}
КонецДокумента
"""


def statement(*documents: str, account: str = BANK["account"], encoding: str = "cp1251") -> bytes:
    text = (
        "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\n"
        f"ДатаНачала=01.11.2026\nДатаКонца=24.11.2026\nРасчСчет={account}\n"
        + "".join(documents)
        + "КонецФайла\n"
    )
    return encode(text, encoding)
