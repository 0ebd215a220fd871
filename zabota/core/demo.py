"""The demo data set: each area adds its part in `<app>/demo.py: populate(ctx)`, in order.

`python manage.py demo_data` builds the small demo (one institution, three departments, about
150 recipients); `--recipients N --months M` builds data at any size for the benchmark with
bulk inserts.
"""

import datetime
import random
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.utils import timezone

# The order in which areas fill the demo: later ones use what the earlier ones made.
STEPS = [
    "zabota.organisation.demo",
    "zabota.recipients.demo",
    "zabota.catalog.demo",
    "zabota.payments.demo",
    "zabota.programs.demo",
    "zabota.ltc.demo",
    "zabota.delivery.demo",
    "zabota.documents.demo",
    "zabota.exchange.demo",
]

DEMO_PASSWORD = "demo12345"


@dataclass
class DemoContext:
    recipients: int = 150
    months: int = 3
    seed: int = 1
    today: datetime.date = field(default_factory=timezone.localdate)
    log: Any = print
    rng: random.Random = field(init=False)
    # Filled by the steps, read by the later ones.
    institution: Any = None
    departments: list = field(default_factory=list)
    staff: dict = field(default_factory=dict)  # login -> Staff
    workers: list = field(default_factory=list)  # social workers and caregivers
    heads: dict = field(default_factory=dict)  # department id -> head Staff
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    @property
    def is_small(self) -> bool:
        return self.recipients <= 500

    def month_starts(self) -> list[datetime.date]:
        """The first days of the last `months` months, the current one included, oldest first."""
        first = self.today.replace(day=1)
        starts = []
        for _ in range(self.months):
            starts.append(first)
            first = (first - datetime.timedelta(days=1)).replace(day=1)
        return sorted(starts)


def run_steps(ctx: DemoContext) -> None:
    for module_name in STEPS:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue
            raise
        started = timezone.now()
        module.populate(ctx)
        seconds = (timezone.now() - started).total_seconds()
        ctx.log(f"  {module_name.split('.')[1]}: {seconds:.1f} с")
