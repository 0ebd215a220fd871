"""The tasks of the «Обмен данными» page. Each exchange (the recipients' import, the regional
export, the ЕГИССО export, the income import, …) registers its entry in its `extensions` module;
the page shows the entries the person's role may use and whose page exists."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class ExchangeTask:
    order: int
    title: str
    description: str
    url_name: str
    capability: str = "exchange.run"
    # "import" or "export": the page groups them.
    direction: str = "import"


TASKS: list[ExchangeTask] = []


def register(task: ExchangeTask) -> None:
    if task.url_name not in {t.url_name for t in TASKS}:
        TASKS.append(task)
        TASKS.sort(key=lambda t: t.order)


def tasks_for(staff) -> list[tuple[ExchangeTask, str]]:
    shown = []
    for task in TASKS:
        if not staff.can(task.capability):
            continue
        try:
            shown.append((task, reverse(task.url_name)))
        except NoReverseMatch:
            continue
    return shown
