"""Work for a second core: a query run on a connection of its own while this thread goes on.

A small centre's server has two cores and a report page uses one. The year's report of a large
centre spends half its time in one query that the database answers alone (the fees of every
recipient-month, zabota.reports.fees.fee_totals); run in a thread, it overlaps the rest of the
report (SQLite and psycopg release the GIL while the database works).
"""

import threading
from concurrent.futures import Future

from django.db import connection, connections


def alongside(function, *args, **kwargs) -> Future:
    """Start `function(*args, **kwargs)` in a thread with its own database connection; the
    caller takes the value with `.result()` (the function's exception, if it raised).

    Inside a transaction it runs at once in this thread instead: another connection would not
    see the transaction's uncommitted rows (a test's, or a service's own writes)."""
    future: Future = Future()
    if connection.in_atomic_block:
        _settle(future, function, args, kwargs)
        return future

    def run():
        try:
            _settle(future, function, args, kwargs)
        finally:
            connections.close_all()  # this thread's connections only

    threading.Thread(target=run, name=f"alongside:{function.__name__}", daemon=True).start()
    return future


def _settle(future: Future, function, args, kwargs) -> None:
    try:
        future.set_result(function(*args, **kwargs))
    except BaseException as error:  # noqa: BLE001 - handed to the caller by .result()
        future.set_exception(error)
