"""What the exchanges add to the «Обмен данными» page (zabota.exchange.registry); the fields
the regional export may write are registered by zabota.exchange.catalogue on import."""

from zabota.exchange import catalogue  # noqa: F401
from zabota.exchange.egisso.jobs import EGISSO_JOB
from zabota.exchange.jobs import IMPORT_JOB
from zabota.exchange.registry import ExchangeTask, register
from zabota.jobs.kinds import register as register_job

# Large imports and ЕГИССО files run as jobs (zabota.jobs).
register_job(IMPORT_JOB)
register_job(EGISSO_JOB)

register(
    ExchangeTask(
        10,
        "Загрузка получателей из Excel",
        "Первоначальная загрузка списка получателей из XLSX или CSV и обновление "
        "карточек по СНИЛС: проверка каждой строки до загрузки.",
        "exchange:import_upload",
        direction="import",
    )
)
register(
    ExchangeTask(
        20,
        "Загрузка доходов (пенсий) по СНИЛС",
        "Суммы пенсий и других доходов получателей по месяцам из XLSX или CSV для "
        "расчёта среднедушевого дохода; после загрузки — пересчёт условий оплаты.",
        "exchange:incomes_upload",
        direction="import",
    )
)
register(
    ExchangeTask(
        30,
        "Выгрузка в ЕГИССО (ЕЦП)",
        "Факты назначения социальных услуг за период и изменения выгруженных "
        "(прекращения, исправления, удаления) в формате 10.06.S (версия 1.1.0), "
        "проверенные по официальной XSD-схеме; результат загрузки и ошибки ЕГИССО.",
        "exchange:egisso",
        direction="export",
    )
)
register(
    ExchangeTask(
        60,
        "Обезличенная выгрузка для анализа",
        "Получатели и услуги по месяцам с псевдонимами вместо ФИО, СНИЛС и документов, "
        "годом рождения и населённым пунктом — для анализа вне центра.",
        "exchange:depersonalised",
        direction="export",
    )
)
register(
    ExchangeTask(
        50,
        "Выгрузка для региональной системы",
        "Список получателей за период в CSV или XLSX со столбцами, которые задаёт "
        "региональное министерство (АС АСП и другие).",
        "exchange:export",
        direction="export",
    )
)
