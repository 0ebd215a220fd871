from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "zabota.exchange"
    label = "exchange"
    verbose_name = "Обмен данными"

    def ready(self):
        # The catalogue registers its recipient fields on import.
        from zabota.exchange import catalogue  # noqa: F401
        from zabota.exchange.registry import ExchangeTask, register

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
