"""The demo data set: each area adds its part in `<app>/demo.py: populate(ctx)`, in order.

`python manage.py demo_data` builds the small demo (an institution of three departments and
about 150 recipients, then a second, smaller one — 25 recipients, last month's records and
this month's — with logins ending in «2», e.g. director2, head2_1, worker2_1, and a supervisor
over both);
`--recipients N --months M` builds one institution's data at any size (tests, the benchmark)
with bulk inserts.
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
    "zabota.field.demo",
    "zabota.rota.demo",
    "zabota.absences.demo",
    "zabota.documents.demo",
    "zabota.billing.demo",
    "zabota.exchange.demo",
    "zabota.quality.demo",
    "zabota.supervision.demo",
    "zabota.family.demo",
]

DEMO_PASSWORD = "demo12345"
SECOND_RECIPIENTS = 25


@dataclass
class DemoContext:
    recipients: int = 150
    months: int = 3
    seed: int = 1
    # The institution's ordinal in a region built by `demo_data --institutions N`: the first is
    # the demo's own, the others get numbered names, INNs and logins.
    number: int = 1
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
    # The second institution's pass: its logins end with this (zabota.organisation.demo), and
    # the steps keep keying ctx.staff by the first institution's logins ("director", …).
    login_suffix: str = ""
    # The demo as shown (`manage.py demo_data` without --recipients) has a second institution;
    # a data set of a given size (tests, benchmarks) has one.
    with_second: bool = False

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def login(self, name: str) -> str:
        """The login of the demo's `name` («worker1», «head1», «director») in this institution:
        unchanged in the first; «worker2_1», «head2_1», «director2» in the small demo's second;
        «i3-worker1» in a region's third (`demo_data --institutions`)."""
        if self.login_suffix:
            stem = name.rstrip("0123456789")
            number = name[len(stem) :]
            return f"{stem}{self.login_suffix}_{number}" if number else f"{stem}{self.login_suffix}"
        return name if self.number == 1 else f"i{self.number}-{name}"

    def second(self) -> "DemoContext":
        """The context of the small demo's second institution."""
        return DemoContext(
            recipients=SECOND_RECIPIENTS,
            months=2,
            seed=self.seed + 1,
            today=self.today,
            log=self.log,
            login_suffix="2",
        )

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


def run_demo(ctx: DemoContext) -> None:
    """The demo: every step for the institution, and for a small one's second institution
    every step again (its own staff, recipients, ИППСУ, contracts, a month of services)."""
    run_steps(ctx)
    if ctx.with_second and not ctx.login_suffix:
        ctx.log("Второе учреждение:")
        run_steps(ctx.second())


def analyze() -> None:
    """Statistics for the query planner after a bulk load. Without them SQLite picks indexes by
    rule of thumb and chose, for the programs in force of one department, the index of every
    program in force (30 ms) over the one by recipient (2 ms); PostgreSQL would gather them
    only when autovacuum next passes.

    On PostgreSQL, outside a transaction, VACUUM as well: after millions of rows are loaded it
    sets the visibility map, without which the covering indexes of the monthly totals cannot be
    read alone, and it keeps autovacuum from doing it in the middle of someone's work (or of a
    benchmark). Inside a transaction (a test's) VACUUM is not allowed: statistics only."""
    from django.db import connection

    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")


def fast_insert(model, columns: list[str], rows) -> int:
    """INSERT many rows with executemany (COPY on PostgreSQL), bypassing model instances: the
    large demo writes millions of service records, where bulk_create costs minutes. Rows carry
    plain Python values in `columns` order (ids included when the caller assigns them)."""
    import datetime as dt
    import uuid as uuid_module
    from decimal import Decimal

    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    if connection.vendor == "postgresql":
        # COPY streams the rows in one statement: executemany sends an INSERT per row, which
        # took PostgreSQL longer than SQLite for the 2.4 million records of the large demo.
        count = 0
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"

    if connection.vendor == "sqlite":

        def convert(value):
            if isinstance(value, dt.datetime):
                return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, uuid_module.UUID):
                return value.hex
            if isinstance(value, Decimal):
                return str(value)
            return value
    else:

        def convert(value):
            return value

    count = 0
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(convert(v) for v in row))
            if len(batch) >= 10_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def reset_sequences(*models) -> None:
    """After inserting explicit ids, PostgreSQL's sequences must move past them."""
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def foreign_keys_drop(*models) -> list[tuple[str, str, str]]:
    """Drop the foreign keys of these tables for a bulk load (PostgreSQL only; inside the
    load's transaction, so a failure brings them back). PostgreSQL checks every key of every
    row at commit, one look-up each: for the 3 million rows of the large demo that took minutes;
    adding a key again checks all rows in one pass. Returns what `foreign_keys_restore` needs."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        keys = cursor.fetchall()
        # Checks still pending from earlier inserts of the transaction would forbid the change.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return keys


def foreign_keys_restore(keys: list[tuple[str, str, str]]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )
        if keys:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
