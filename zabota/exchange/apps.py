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
                50,
                "Выгрузка для региональной системы",
                "Список получателей за период в CSV или XLSX со столбцами, которые задаёт "
                "региональное министерство (АС АСП и другие).",
                "exchange:export",
                direction="export",
            )
        )
