"""The menu: what each role finds in it. Every page a person may open is reachable from here."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    capability: str
    section: str


MENU: list[MenuItem] = [
    MenuItem("Главная", "dashboard:home", "staff", "Работа"),
    MenuItem("Мои задания", "jobs:list", "jobs.view", "Работа"),
    MenuItem("Планшет", "field:app", "services.record", "Работа"),
    MenuItem("Получатели", "recipients:list", "recipients.view", "Получатели"),
    MenuItem("Оформление на обслуживание", "intake:list", "recipients.edit", "Получатели"),
    MenuItem("Журналы постановки и снятия", "recipients:journal", "journals.view", "Получатели"),
    MenuItem(
        "Списки по льготным категориям", "recipients:by_category", "journals.view", "Получатели"
    ),
    MenuItem("Медицинские заключения", "recipients:certificates", "journals.view", "Получатели"),
    MenuItem("Архив документов", "documents:issued", "recipients.view", "Получатели"),
    MenuItem("Каталог услуг", "catalog:services", "recipients.view", "Услуги"),
    MenuItem("Типовые наборы услуг", "programs:typical_sets", "catalog.manage", "Услуги"),
    MenuItem("Программы (ИППСУ)", "programs:programs", "recipients.edit", "Услуги"),
    MenuItem("Договоры", "programs:contracts", "recipients.edit", "Услуги"),
    MenuItem("Региональные параметры оплаты", "payments:parameters", "parameters.view", "Услуги"),
    MenuItem("Журнал оказанных услуг", "delivery:records", "services.record", "Услуги"),
    MenuItem("Закрытие месяца", "delivery:months", "months.close", "Услуги"),
    MenuItem("Проверка посещений", "delivery:visit_review", "visits.review", "Услуги"),
    MenuItem("Посещения (время и место)", "field:visits", "visits.review", "Услуги"),
    MenuItem("График отделения на неделю", "rota:week", "rota.plan", "Услуги"),
    MenuItem("Отсутствия и замены", "absences:list", "absences.manage", "Услуги"),
    MenuItem("Маршрут дня", "field:route", "services.record", "Услуги"),
    MenuItem("Адреса без координат", "field:unplaced", "recipients.edit", "Услуги"),
    MenuItem("Повторные оценки", "ltc:reassessments", "assessments.edit", "Долговременный уход"),
    MenuItem("Опросы удовлетворённости", "quality:surveys", "quality.surveys", "Качество"),
    MenuItem("Выборка для опроса", "quality:samples", "quality.surveys", "Качество"),
    MenuItem("Обращения и жалобы", "quality:complaints", "quality.complaints", "Качество"),
    MenuItem("Контрольные посещения", "quality:inspections", "quality.inspect", "Качество"),
    MenuItem("План контрольных посещений", "quality:plan", "quality.inspect", "Качество"),
    MenuItem("Нарушения", "quality:violations", "quality.inspect", "Качество"),
    MenuItem("Показатели качества", "quality:report", "quality.report", "Качество"),
    MenuItem("Акты", "acts:list", "acts.view", "Отчёты"),
    MenuItem("Оплата услуг", "billing:index", "billing.view", "Отчёты"),
    MenuItem("Выписки банка", "billing:statements", "billing.manage", "Отчёты"),
    MenuItem("Отчёты", "reports:index", "reports.view", "Отчёты"),
    MenuItem("Условия оплаты", "payments:statistics", "reports.view", "Отчёты"),
    MenuItem("Аналитика", "reports:analytics", "analytics.view", "Отчёты"),
    MenuItem("Мой отчёт", "reports:mine", "reports.own", "Отчёты"),
    MenuItem("Свод по учреждениям", "supervision:index", "supervision.view", "Свод"),
    MenuItem("Форма 6-собес, свод", "supervision:sobes", "supervision.view", "Свод"),
    MenuItem("Учреждения", "organisation:installation", "installation.manage", "Установка"),
    MenuItem(
        "Новое учреждение",
        "organisation:installation_institution_new",
        "installation.manage",
        "Установка",
    ),
    MenuItem(
        "Кураторы", "organisation:installation_supervisors", "installation.manage", "Установка"
    ),
    # The whole installation's journal; the same page, so not again under «Администрирование».
    MenuItem("Журнал событий установки", "audit:events", "audit.everything", "Установка"),
    MenuItem("Обмен данными", "exchange:index", "exchange.run", "Обмен"),
    MenuItem("Сотрудники", "organisation:staff_list", "staff.manage", "Администрирование"),
    MenuItem(
        "Учреждение и отделения", "organisation:institution", "staff.manage", "Администрирование"
    ),
    MenuItem("Справочники", "recipients:references", "references.manage", "Администрирование"),
    MenuItem("Шаблоны документов", "documents:templates", "templates.manage", "Администрирование"),
    MenuItem("Методики оценки", "ltc:methodologies", "methodologies.manage", "Администрирование"),
    MenuItem(
        "Анкета удовлетворённости", "quality:questionnaire", "quality.manage", "Администрирование"
    ),
    MenuItem(
        "Перечень контрольного посещения",
        "quality:checklist",
        "quality.manage",
        "Администрирование",
    ),
    MenuItem("Журнал событий", "audit:events", "audit.view", "Администрирование"),
    MenuItem("Ошибки", "operations:errors", "errors.view", "Администрирование"),
]


def menu_for(staff) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(section, [(label, url), …]), …] for a member of staff; items not yet built are skipped."""
    sections: dict[str, list[tuple[str, str]]] = {}
    seen: set[str] = set()
    for item in MENU:
        if not staff.can(item.capability):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        if url in seen:
            continue
        seen.add(url)
        sections.setdefault(item.section, []).append((item.label, url))
    return list(sections.items())


@dataclass(frozen=True)
class HeaderLink:
    """A link in the page header beside the person's name, with a number (unread alerts)
    fetched by htmx after the page has loaded: no page pays a query for it."""

    label: str
    url_name: str
    capability: str
    # A page answering the number as a small HTML fragment (empty when there is none).
    badge_url_name: str = ""


HEADER: list[HeaderLink] = []


def register_header_link(link: HeaderLink) -> None:
    """An app above core adds a header link in its extensions module (quality: «Оповещения»)."""
    if link.url_name not in {h.url_name for h in HEADER}:
        HEADER.append(link)


def header_for(staff) -> list[tuple[str, str, str]]:
    """[(label, url, badge url), …] of the header links the person may open."""
    links = []
    for link in HEADER:
        if staff.can(link.capability):
            try:
                url = reverse(link.url_name)
                badge = reverse(link.badge_url_name) if link.badge_url_name else ""
            except NoReverseMatch:
                continue
            links.append((link.label, url, badge))
    return links
