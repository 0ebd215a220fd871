# ruff: noqa: E501 — a table of catalog rows reads better one service a line
"""The demo catalog: about forty home services of the eight types, additional paid services and
the 50 care services of long-term care (loaded from the shipped list by care_services_load), each
with a tariff of last year and of this year.

Sources of names, units, time norms and tariffs (regulations.md §4.2; none is one Кузбасс
order, whose tables were not retrievable):
  A — АНО «Изгелек», тарифы на социальные услуги (70 мин, 55,00 / 45,00 ₽);
  B — regional tariff table at helpiks.su/4-92785 (per м², per kg, 6,29–18,86 ₽);
  C — regional tariffs at base.garant.ru/17136464 (38,43–127,60 ₽);
  D — Чувашия, standard of the service «помощь в приготовлении пищи» (60–90 мин);
  E — г. Ростов-на-Дону, additional paid services, 2008 (names only; prices re-estimated);
  «—» — a demo estimate: a plausible norm and price, not taken from a source.
Source prices are used as this year's tariffs; last year's are 7 % lower (a typical indexation).

The few care-like services of the list below are no longer care services (is_care False): they
were invented and do not match the federal list; the ИППСУ of the demo still holds them as
ordinary services. The 50 care services are free under a care plan; their demo tariff (a demo
estimate, CARE_RATE a minute) prices them only where an ИППСУ holds one outside a care plan.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from zabota.catalog.models import Service, ServiceType, Tariff
from zabota.catalog.services import care_services_load
from zabota.core.demo import DemoContext

D = Decimal
WEEKLY_2 = "2 раза в неделю"
WEEKLY_1 = "1 раз в неделю"
MONTHLY_1 = "1 раз в месяц"
TWICE_MONTHLY = "2 раза в месяц"
DAILY = "ежедневно (рабочие дни)"
AS_NEEDED = "по мере необходимости"

# (code, type, name, unit, minutes, tariff this year, periodicity, is_care, source); is_care
# stays in the table for the catalog's shape, no row of it is a care service now.
GUARANTEED = [
    ("1.01", 1, "Покупка за счёт средств получателя и доставка на дом продуктов питания (кроме алкоголя), горячих готовых блюд", "услуга", 70, "55.00", WEEKLY_2, False, "A"),
    ("1.02", 1, "Покупка за счёт средств получателя и доставка на дом промышленных товаров первой необходимости, средств санитарии и гигиены, средств ухода", "услуга", 70, "45.00", MONTHLY_1, False, "A"),
    ("1.03", 1, "Покупка за счёт средств получателя и доставка на дом книг, газет, журналов", "услуга", 30, "38.43", WEEKLY_1, False, "C"),
    ("1.04", 1, "Помощь в приготовлении пищи из продуктов получателя", "услуга", 60, "101.47", WEEKLY_2, False, "C, D"),
    ("1.05", 1, "Помощь в приёме пищи (кормление)", "услуга", 30, "76.87", DAILY, False, "C"),
    ("1.06", 1, "Содействие в обеспечении твёрдым топливом", "услуга", 30, "101.47", AS_NEEDED, False, "C"),
    ("1.07", 1, "Топка печей при печном отоплении", "услуга", 40, "101.47", WEEKLY_2, False, "C"),
    ("1.08", 1, "Доставка топлива от мест хранения к печи", "услуга", 15, "24.60", WEEKLY_2, False, "C"),
    ("1.09", 1, "Доставка воды при отсутствии центрального водоснабжения", "услуга", 20, "32.29", WEEKLY_2, False, "C"),
    ("1.10", 1, "Содействие в организации ремонта жилых помещений", "услуга", 60, "127.60", AS_NEEDED, False, "C"),
    ("1.11", 1, "Мытьё пола в жилых помещениях (с приготовлением и уборкой инвентаря)", "м²", 2, "9.43", WEEKLY_1, False, "B"),
    ("1.12", 1, "Удаление пыли с открытых поверхностей, мебели, подоконника", "м²", 1, "6.29", WEEKLY_1, False, "B"),
    ("1.13", 1, "Чистка напольных покрытий пылесосом", "м²", 1, "6.29", WEEKLY_1, False, "B"),
    ("1.14", 1, "Мытьё посуды (не более 10 предметов)", "услуга", 10, "12.58", WEEKLY_2, False, "B"),
    ("1.15", 1, "Мытьё окон", "м²", 5, "9.02", "2 раза в год", False, "B"),
    ("1.16", 1, "Вынос бытового мусора", "услуга", 10, "6.29", WEEKLY_2, False, "B"),
    ("1.17", 1, "Сдача вещей в стирку, химчистку, ремонт и обратная доставка", "услуга", 60, "18.86", MONTHLY_1, False, "B"),
    ("1.18", 1, "Ручная стирка нательного и постельного белья (при отсутствии стиральной машины)", "кг", 20, "12.58", WEEKLY_1, False, "B"),
    ("1.19", 1, "Оплата за счёт средств получателя жилищно-коммунальных услуг и услуг связи", "услуга", 40, "45.00", MONTHLY_1, False, "—"),
    ("1.20", 1, "Помощь в написании и прочтении писем, отправка за счёт средств получателя почтовой корреспонденции", "услуга", 20, "30.00", AS_NEEDED, False, "—"),
    ("1.21", 1, "Помощь в одевании и раздевании", "услуга", 15, "40.00", DAILY, False, "—"),
    ("1.22", 1, "Помощь в выполнении гигиенических процедур: умывание, обтирание, смена абсорбирующего белья", "услуга", 20, "55.00", DAILY, False, "—"),
    ("1.23", 1, "Гигиеническая обработка рук и ногтей на руках", "услуга", 15, "40.00", TWICE_MONTHLY, False, "—"),
    ("1.24", 1, "Обработка ног и ногтей на ногах", "услуга", 20, "55.00", MONTHLY_1, False, "—"),
    ("1.25", 1, "Смена положения тела в постели (профилактика пролежней)", "услуга", 10, "30.00", DAILY, False, "—"),
    ("1.26", 1, "Помощь в передвижении по дому и при прогулке", "услуга", 30, "60.00", WEEKLY_2, False, "—"),
    ("1.27", 1, "Смена нательного и постельного белья", "услуга", 15, "35.00", WEEKLY_1, False, "—"),
    ("2.01", 2, "Измерение температуры тела, артериального давления", "услуга", 10, "25.00", WEEKLY_2, False, "—"),
    ("2.02", 2, "Напоминание о приёме лекарственных препаратов по назначению врача и контроль их приёма", "услуга", 5, "15.00", DAILY, False, "—"),
    ("2.03", 2, "Содействие в получении медицинской помощи: запись к врачу, сопровождение в медицинскую организацию", "услуга", 60, "90.00", AS_NEEDED, False, "—"),
    ("2.04", 2, "Покупка за счёт средств получателя и доставка лекарственных препаратов и медицинских изделий по назначению врача", "услуга", 60, "60.00", AS_NEEDED, False, "—"),
    ("2.05", 2, "Проведение оздоровительных мероприятий (гимнастика, прогулка)", "услуга", 30, "45.00", WEEKLY_1, False, "—"),
    ("2.06", 2, "Систематическое наблюдение за получателем для выявления отклонений в состоянии здоровья", "услуга", 15, "25.00", WEEKLY_2, False, "—"),
    ("3.01", 3, "Социально-психологическое консультирование", "услуга", 30, "60.00", MONTHLY_1, False, "—"),
    ("3.02", 3, "Психологическая поддержка, беседы, общение", "услуга", 30, "45.00", WEEKLY_1, False, "—"),
    ("4.01", 4, "Обучение родственников практическим навыкам общего ухода за получателем", "услуга", 45, "70.00", AS_NEEDED, False, "—"),
    ("4.02", 4, "Организация досуга: чтение вслух, настольные игры, прогулки", "услуга", 30, "40.00", WEEKLY_1, False, "—"),
    ("5.01", 5, "Проведение мероприятий по использованию остаточных трудовых возможностей", "услуга", 30, "40.00", MONTHLY_1, False, "—"),
    ("6.01", 6, "Помощь в оформлении и восстановлении документов", "услуга", 60, "80.00", AS_NEEDED, False, "—"),
    ("6.02", 6, "Оказание помощи в получении юридических услуг, в том числе бесплатно", "услуга", 30, "50.00", AS_NEEDED, False, "—"),
    ("7.01", 7, "Обучение пользованию средствами ухода и техническими средствами реабилитации", "услуга", 30, "50.00", AS_NEEDED, False, "—"),
    ("7.02", 7, "Обучение навыкам пользования компьютером и телефоном для общения с близкими", "услуга", 45, "60.00", WEEKLY_1, False, "—"),
    ("8.01", 8, "Обеспечение бесплатным горячим питанием или наборами продуктов", "услуга", 30, "0.00", AS_NEEDED, False, "—"),
    ("8.02", 8, "Содействие в получении экстренной психологической помощи", "услуга", 30, "0.00", AS_NEEDED, False, "—"),
]  # fmt: skip

# Дополнительные платные услуги: the centre's own price list (source E for the style only).
ADDITIONAL = [
    ("Д.01", "Мытьё холодильника", "услуга", 60, "250.00", "E"),
    ("Д.02", "Помощь в приготовлении пищи сверх гарантированного объёма (более 45 минут)", "услуга", 45, "150.00", "E"),
    ("Д.03", "Мытьё стен, потолков, дверей", "м²", 3, "25.00", "—"),
    ("Д.04", "Глажение белья", "кг", 15, "40.00", "—"),
    ("Д.05", "Очистка придомовой территории от снега", "м²", 2, "15.00", "—"),
    ("Д.06", "Работы на приусадебном участке: прополка, полив", "м²", 2, "12.00", "—"),
    ("Д.07", "Вызов мастера и присутствие при ремонте бытовой техники", "услуга", 60, "200.00", "—"),
]  # fmt: skip

INDEXATION = D("1.07")
CARE_RATE = D("2.60")  # ₽ a minute of care, a demo estimate («—»)


def tariff_dates(ctx: DemoContext) -> tuple[datetime.date, datetime.date]:
    """1 January of last year (or of the first demo month's year, whichever is earlier, so
    every demo month has a tariff) and 1 January of this year."""
    first_month = ctx.month_starts()[0]
    earlier = min(ctx.today.year - 1, first_month.year)
    return datetime.date(earlier, 1, 1), datetime.date(ctx.today.year, 1, 1)


def populate(ctx: DemoContext) -> None:
    types = {t.code: t for t in ServiceType.objects.all()}
    services = [
        Service(
            institution=ctx.institution,
            service_type=types[type_code],
            code=code,
            name=name,
            unit=unit,
            time_norm_minutes=minutes,
            periodicity_hint=periodicity,
            is_care=is_care,
        )
        for code, type_code, name, unit, minutes, _price, periodicity, is_care, _src in GUARANTEED
    ] + [
        Service(
            institution=ctx.institution,
            service_type=types[1],
            code=code,
            name=name,
            unit=unit,
            time_norm_minutes=minutes,
            is_additional=True,
        )
        for code, name, unit, minutes, _price, _src in ADDITIONAL
    ]
    services = Service.objects.bulk_create(services)
    prices = {row[0]: D(row[5]) for row in GUARANTEED} | {row[0]: D(row[4]) for row in ADDITIONAL}
    old_date, new_date = tariff_dates(ctx)
    director = ctx.staff.get("director")
    care_services_load(actor=director, institution=ctx.institution)
    care = list(Service.objects.filter(institution=ctx.institution, care_number__isnull=False))
    services += care
    prices |= {s.code: (s.time_norm_minutes * CARE_RATE).quantize(D("0.01")) for s in care}
    tariffs = []
    for service in services:
        price = prices[service.code]
        old_price = (price / INDEXATION).quantize(D("0.01"), rounding=ROUND_HALF_UP)
        tariffs.append(
            Tariff(service=service, effective_from=old_date, price=old_price, created_by=director)
        )
        tariffs.append(
            Tariff(service=service, effective_from=new_date, price=price, created_by=director)
        )
    Tariff.objects.bulk_create(tariffs)
    ctx.extra["services"] = {s.code: s for s in services}
