"""Demo data of billing: the payee's details, the charges of the past months, payments in cash
and through the bank (one statement imported, with lines left for review), the oldest month
closed, and a statement of the last month's payments to import by hand (`demo_statement`,
written to ZABOTA_VAR_DIR/demo-statement.txt and by `manage.py billing demo-statement`).

The bank details are the worked examples of the Bank of Russia's «Порядок расчета контрольного
ключа» (№ 515), so their control keys hold; the bank itself is invented."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from django.conf import settings

from zabota.billing.models import Channel, Charge, PayeeDetails, Payment
from zabota.billing.selectors import charge_due, next_month, personal_account
from zabota.billing.services.charges import charges_for_month
from zabota.billing.services.closing import ledger_close
from zabota.billing.services.payments import payment_record
from zabota.billing.services.statements import statement_import
from zabota.core.demo import DemoContext
from zabota.organisation.roles import Role
from zabota.rules.bank_statement import encode

DEMO_BANK = {
    "bank_name": "ПАО «Демобанк»",
    "bic": "049805746",
    "account": "40602810700000000025",
    "correspondent_account": "30101810800000000746",
}
DEMO_KPP = "420501001"
STATEMENT_FILE = "demo-statement.txt"


def _accountant(ctx: DemoContext):
    return next(
        (s for s in ctx.staff.values() if s.role == Role.ACCOUNTANT),
        None,
    )


def _day_in(month: datetime.date, rng: random.Random, today: datetime.date) -> datetime.date:
    day = month.replace(day=rng.randint(2, 20))
    return min(day, today)


def demo_statement(
    institution, charges: list[Charge], *, paid_in: datetime.date, today: datetime.date, seed=7
) -> bytes:
    """A 1CClientBankExchange statement (windows-1251) paying most of `charges` in the month
    `paid_in`: by the receipt's number, by the personal account only, without either (for the
    review list), one amount written with a comma, and one outgoing payment."""
    rng = random.Random(seed)
    details = PayeeDetails.objects.get(institution=institution)
    end = min(next_month(paid_in) - datetime.timedelta(days=1), today)
    documents = []
    number = 100
    for charge in charges:
        due = charge_due(charge)
        roll = rng.random()
        if due <= 0 or roll > 0.85:
            continue  # not paid this month: arrears
        number += 1
        account = personal_account(charge.recipient_id)
        if roll < 0.6:
            purpose = f"Оплата соц. услуг за {charge.service_month:%m.%Y}, квит. № {charge.number}"
        elif roll < 0.75:
            purpose = f"Оплата социального обслуживания. ЛС {account}"
        else:
            purpose = f"За маму, {charge.recipient.last_name}, соц. обслуживание"
        amount = f"{due:.2f}"
        if number == 105:
            amount = amount.replace(".", ",")  # a bank's mistake: goes to review
        day = _day_in(paid_in, rng, end)
        payer = f"{charge.recipient.last_name} {charge.recipient.first_name}"
        documents.append(
            [
                "СекцияДокумент=Платежное поручение",
                f"Номер={number}",
                f"Дата={day:%d.%m.%Y}",
                f"Сумма={amount}",
                f"ПлательщикСчет=40817810{rng.randint(10**11, 10**12 - 1)}",
                f"Плательщик={payer}",
                f"ПолучательСчет={details.account}",
                f"Получатель={details.name}",
                f"ПолучательИНН={details.inn}",
                f"ДатаПоступило={day:%d.%m.%Y}",
                f"НазначениеПлатежа={purpose}",
                "КонецДокумента",
            ]
        )
    documents.append(
        [
            "СекцияДокумент=Платежное поручение",
            "Номер=9001",
            f"Дата={end:%d.%m.%Y}",
            "Сумма=150.00",
            f"ПлательщикСчет={details.account}",
            f"Плательщик={details.name}",
            "ПолучательСчет=70601810000000000001",
            "Получатель=ПАО «Демобанк»",
            "ДатаСписано=" + f"{end:%d.%m.%Y}",
            "НазначениеПлатежа=Комиссия банка за обслуживание счёта",
            "КонецДокумента",
        ]
    )
    lines = [
        "1CClientBankExchange",
        "ВерсияФормата=1.03",
        "Кодировка=Windows",
        "Отправитель=Демобанк Бизнес",
        f"ДатаСоздания={today:%d.%m.%Y}",
        f"ДатаНачала={paid_in:%d.%m.%Y}",
        f"ДатаКонца={end:%d.%m.%Y}",
        f"РасчСчет={details.account}",
        "СекцияРасчСчет",
        f"РасчСчет={details.account}",
        "КонецРасчСчет",
    ]
    for document in documents:
        lines.extend(document)
    lines.append("КонецФайла")
    return encode("\n".join(lines) + "\n")


def populate(ctx: DemoContext) -> None:
    accountant = _accountant(ctx)
    if accountant is None or not ctx.is_small:
        return  # the large demo of the benchmark has no billing
    institution = ctx.institution
    PayeeDetails.objects.create(
        institution=institution,
        name=institution.name[:160],
        inn=institution.inn,
        kpp=institution.kpp or DEMO_KPP,
        updated_by=accountant,
        **DEMO_BANK,
    )
    months = ctx.month_starts()[:-1]  # the past months; the current one is still being worked
    if not months:
        return
    rng = random.Random(ctx.seed)
    for month in months:
        charges_for_month(actor=accountant, month=month)
    oldest = months[0]
    oldest_charges = list(Charge.objects.filter(institution=institution, month=oldest))
    # The oldest month: a third paid in cash through the social worker, the rest by the bank.
    cash, bank = [], []
    for charge in oldest_charges:
        (cash if rng.random() < 0.33 else bank).append(charge)
    paid_in = next_month(oldest)
    for charge in cash:
        worker = charge.recipient.social_worker
        if worker is None or rng.random() < 0.15:
            continue
        payment_record(
            actor=accountant,
            recipient=charge.recipient,
            amount=charge_due(charge),
            paid_on=_day_in(paid_in, rng, ctx.today),
            channel=Channel.CASH_WORKER,
            charge=charge,
            worker=worker,
        )
    if bank:
        statement_import(
            actor=accountant,
            file_name=f"kl_to_1c {paid_in:%Y-%m}.txt",
            content=demo_statement(institution, bank, paid_in=paid_in, today=ctx.today),
        )
    if len(months) > 1:
        ledger_close(actor=accountant, month=oldest)
    # The last past month's payments arrive this month: a file for the accountant to import.
    last = months[-1]
    content = demo_statement(
        institution,
        list(Charge.objects.filter(institution=institution, month=last)),
        paid_in=next_month(last),
        today=ctx.today,
        seed=ctx.seed + 1,
    )
    path = Path(settings.VAR_DIR) / STATEMENT_FILE
    try:
        path.write_bytes(content)
        ctx.log(f"    выписка банка для загрузки: {path}")
    except OSError:
        ctx.log("    выписку для загрузки выгрузит «manage.py billing demo-statement»")
    ctx.log(
        f"    начислений: {Charge.objects.filter(institution=institution).count()}, "
        f"платежей: {Payment.objects.filter(institution=institution).count()}"
    )
