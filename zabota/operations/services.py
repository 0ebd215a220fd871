"""Writing and removing error reports.

These are records about the program, not about people: no audit entry is written for them
(docs/security.md); the purge says in the log and on its output what it removed.
"""

import datetime
import logging
import sys
import traceback
from types import TracebackType

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from zabota.operations.context import current_request_id
from zabota.operations.models import ErrorReport

logger = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
MAX_MESSAGE = 1000
MAX_TRACEBACK = 60_000


def error_report_from_signal(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """Receiver of Django's got_request_exception: the exception is being handled now."""
    exc_info = sys.exc_info()
    if request is None or exc_info[0] is None:
        return
    error_report_record(request=request, exc_info=exc_info)


def error_report_record(*, request: HttpRequest, exc_info: ExcInfo) -> ErrorReport | None:
    """Write the report of a server error; never raises. The request keeps the code
    (`request.error_code`) for the error page. When the report cannot be written (the
    database is what failed), the log line says so and the code still reaches the person."""
    code = getattr(request, "request_id", "") or current_request_id()
    request.error_code = code
    try:
        user_id, username, institution_id = who_of(request)
        exc_type, exc, tb = exc_info
        with transaction.atomic():
            return ErrorReport.objects.create(
                code=code[:64],
                method=(request.method or "")[:10],
                path=request.path[:500],
                user_id=user_id,
                username=username[:150],
                institution_id=institution_id,
                exception_type=_qualified_name(exc_type)[:200],
                message=str(exc)[:MAX_MESSAGE],
                traceback="".join(traceback.format_exception(exc_type, exc, tb))[-MAX_TRACEBACK:],
            )
    except Exception:
        logger.exception("the report of server error %s could not be written", code)
        return None


def who_of(request: HttpRequest) -> tuple[int | None, str, int | None]:
    """(user id, login, institution id) of the person whose request failed, if known. A page
    has passed `allow()` (request.staff), the API its device key; else the session's user."""
    staff = getattr(request, "staff", None)
    if staff is not None:
        return staff.user_id, staff.user.get_username(), staff.institution_id
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None, "", None
    from zabota.organisation.models import Staff

    institution_id = (
        Staff.objects.filter(user_id=user.pk).values_list("institution_id", flat=True).first()
    )
    return user.pk, user.get_username(), institution_id


def _qualified_name(exc_type: type) -> str:
    module = exc_type.__module__
    return exc_type.__qualname__ if module == "builtins" else f"{module}.{exc_type.__qualname__}"


def error_reports_purge(*, older_than_days: int, now: datetime.datetime | None = None) -> int:
    """Remove reports older than the retention period (ZABOTA_ERROR_REPORT_DAYS)."""
    if older_than_days < 1:
        raise ValueError("the retention period must be at least one day")
    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    removed, _ = ErrorReport.objects.filter(occurred_at__lt=cutoff).delete()
    logger.info("error reports older than %s removed: %d", cutoff.date().isoformat(), removed)
    return removed
