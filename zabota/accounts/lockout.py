"""Counters of failed logins that hold under parallel requests (Приказ ФСТЭК № 21, УПД.6).

Three counters watch each attempt:
- the login and the address together ("pair"): ZABOTA_LOCKOUT_ATTEMPTS failures lock that login
  from that address — someone guessing from one place locks only themselves out;
- the login from any address ("user"): ZABOTA_LOCKOUT_ACCOUNT_ATTEMPTS failures lock the login
  everywhere — guessing spread over many addresses;
- the address for any login ("ip"): past ZABOTA_ADDRESS_SLOWDOWN_ATTEMPTS failures it may try
  once per pause that doubles up to ZABOTA_ADDRESS_SLOWDOWN_MAX_SECONDS. It never locks, and
  a login that has already succeeded from that address is not slowed at all: invented logins
  tried from an office's shared address cannot keep its staff out.

Before the password is checked, the attempt takes a place on its counters with one
`UPDATE … WHERE failures + pending < limit`. The database applies such updates one at a time, so
of any number of parallel attempts at most `limit` reach the password check. After the check the
place becomes a failure or is given back. Every statement commits on its own and touches one
row: holding a row lock (on SQLite, the database's write lock) through the slow password hash
would stall every login, and statements locking several rows deadlock on PostgreSQL when two
of them meet the rows in different orders.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, F, PositiveIntegerField, Q, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from zabota.accounts.models import LoginLock


@dataclass
class Gate:
    """The places an attempt holds, or why it was turned away."""

    pair: str
    user: str
    address: str | None
    held: list[str] = field(default_factory=list)
    locked_until: datetime.datetime | None = None
    slowed_until: datetime.datetime | None = None

    @property
    def open(self) -> bool:
        return self.locked_until is None and self.slowed_until is None


def normalise(username: str) -> str:
    # Cut to a login's length: lower() can lengthen some letters, and the key has 200 characters.
    return username.strip().lower()[:150]


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.ZABOTA_LOCKOUT_MINUTES)


def _free(now: datetime.datetime) -> Q:
    return Q(locked_until__isnull=True) | Q(locked_until__lte=now)


def _prepare(keys: list[str], now: datetime.datetime) -> None:
    for key in keys:
        # INSERT … ON CONFLICT DO NOTHING: parallel first attempts cannot race to create a row.
        LoginLock.objects.bulk_create(
            [LoginLock(key=key, window_started_at=now)], ignore_conflicts=True
        )
        # A window that ran out, with no lock holding, starts afresh. A place left by an attempt
        # that died half-way (a killed worker) is forgotten here too.
        LoginLock.objects.filter(key=key, window_started_at__lte=now - _window()).filter(
            _free(now)
        ).update(failures=0, pending=0, window_started_at=now, locked_until=None)


def _take(key: str, limit: int, now: datetime.datetime) -> bool:
    taken = (
        LoginLock.objects.filter(key=key, failures__lt=Value(limit) - F("pending"))
        .filter(_free(now))
        .update(pending=F("pending") + 1)
    )
    return taken == 1


def _one_less(name: str) -> Greatest:
    return Greatest(F(name) - 1, Value(0), output_field=PositiveIntegerField())


def _give_back(keys: list[str]) -> None:
    for key in keys:
        LoginLock.objects.filter(key=key).update(pending=_one_less("pending"))


def _take_address(key: str, now: datetime.datetime) -> datetime.datetime | None:
    """None when the address may try now (a place is held), else when it may try next."""
    threshold = settings.ZABOTA_ADDRESS_SLOWDOWN_ATTEMPTS
    if _take(key, threshold, now):
        return None
    row = LoginLock.objects.get(key=key)
    # Past the threshold: one attempt per pause, the pause doubling with every failure.
    beyond = max(row.failures - threshold, 0)
    pause = datetime.timedelta(seconds=min(2 ** min(beyond, 20), _max_pause()))
    claimed = (
        LoginLock.objects.filter(key=key)
        .filter(_free(now))
        .update(locked_until=now + pause, pending=F("pending") + 1)
    )
    if claimed:
        return None
    row.refresh_from_db(fields=["locked_until"])
    return row.locked_until if row.locked_until and row.locked_until > now else now + pause


def _max_pause() -> int:
    return max(settings.ZABOTA_ADDRESS_SLOWDOWN_MAX_SECONDS, 1)


def _lock_time(key: str, now: datetime.datetime) -> datetime.datetime:
    # No lock yet means the limit is full of attempts being checked right now: they lock it.
    return _locked_until([key], now) or now + _window()


def enter(username: str, ip_address: str | None) -> Gate:
    """Take a place on every counter of the attempt, or say why it may not be checked."""
    now = timezone.now()
    name = normalise(username)
    gate = Gate(
        pair=f"pair:{name}|{ip_address or '-'}",
        user=f"user:{name}",
        address=f"ip:{ip_address}" if ip_address else None,
    )
    _prepare([key for key in (gate.pair, gate.user, gate.address) if key], now)
    if gate.address:
        known_here = LoginLock.objects.filter(key=gate.pair, last_success_at__isnull=False)
        if not known_here.exists():
            gate.slowed_until = _take_address(gate.address, now)
            if gate.slowed_until:
                return gate
            gate.held.append(gate.address)
    for key, limit in (
        (gate.user, settings.ZABOTA_LOCKOUT_ACCOUNT_ATTEMPTS),
        (gate.pair, settings.ZABOTA_LOCKOUT_ATTEMPTS),
    ):
        if not _take(key, limit, now):
            _give_back(gate.held)
            gate.held = []
            gate.locked_until = _lock_time(key, now)
            return gate
        gate.held.append(key)
    return gate


def leave_failed(gate: Gate) -> datetime.datetime | None:
    """The password was wrong: the places become failures. Returns the lock now holding."""
    now = timezone.now()
    counted = [key for key in (gate.pair, gate.user, gate.address) if key]
    first_failure = Case(When(failures=0, then=Value(now)), default=F("window_started_at"))
    for key in counted:
        # An address that does not slow this login down held no place, but counts the failure.
        held = {"pending": _one_less("pending")} if key in gate.held else {}
        LoginLock.objects.filter(key=key).update(
            failures=F("failures") + 1, window_started_at=first_failure, **held
        )
    gate.held = []
    for key, limit in (
        (gate.user, settings.ZABOTA_LOCKOUT_ACCOUNT_ATTEMPTS),
        (gate.pair, settings.ZABOTA_LOCKOUT_ATTEMPTS),
    ):
        LoginLock.objects.filter(key=key, failures__gte=limit).filter(_free(now)).update(
            locked_until=now + _window()
        )
    return _locked_until([gate.user, gate.pair], now)


def leave_succeeded(gate: Gate) -> None:
    """The password was right: the failures of this login from this address are forgiven; those
    of the login from elsewhere and those of the address stand until their window ends."""
    now = timezone.now()
    LoginLock.objects.filter(key=gate.pair).update(
        pending=_one_less("pending"),
        # Only when no other attempt is being checked: a success must not wipe the places of
        # guesses checked beside it.
        failures=Case(
            When(pending__lte=1, then=Value(0)),
            default=F("failures"),
            output_field=PositiveIntegerField(),
        ),
        last_success_at=now,
    )
    _give_back([key for key in gate.held if key != gate.pair])
    gate.held = []


def leave_unjudged(gate: Gate) -> None:
    """The check itself broke (a database error): give the places back uncounted."""
    _give_back(gate.held)
    gate.held = []


def _locked_until(keys: list[str], now: datetime.datetime) -> datetime.datetime | None:
    until = LoginLock.objects.filter(key__in=keys, locked_until__gt=now).values_list(
        "locked_until", flat=True
    )
    return max(until, default=None)
