"""The letter to ADMINS about a server error: short, and without the request's data.

Django's own letter carries the request's parameters, cookies and the values of every variable
of the traceback — a recipient's name, СНИЛС, address would travel by mail. This one says what
the «Ошибки» page says: the code, the time, the path, the user's id, the exception, the
traceback's lines.
"""

import datetime
import logging
import traceback

from django.utils.log import AdminEmailHandler

from zabota.core.dates import when_text
from zabota.operations.context import current_request_id


class ErrorMailHandler(AdminEmailHandler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            subject, message = error_letter(record)
        except Exception:
            # A broken letter must not hide the error it was about.
            subject = f"Ошибка сервера {current_request_id()}"
            message = record.getMessage()
        self.send_mail(self.format_subject(subject), message, fail_silently=True)


def error_letter(record: logging.LogRecord) -> tuple[str, str]:
    request = getattr(record, "request", None)
    code = getattr(request, "error_code", "") or current_request_id()
    exc_type = record.exc_info[0] if record.exc_info else None
    what = exc_type.__name__ if exc_type else record.levelname
    where = f"{request.method} {request.path}" if request is not None else ""
    moment = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
    lines = [
        "Ошибка сервера в «Заботе».",
        "",
        f"Код ошибки: {code}",
        f"Время: {when_text(moment, seconds=True)}",
    ]
    if request is not None:
        lines.append(f"Запрос: {where}")
        lines.append(f"Пользователь: {_user_text(request)}")
    lines += ["", "Отчёт: страница «Ошибки» (раздел «Администрирование»), поиск по коду."]
    if record.exc_info:
        lines += ["", "".join(traceback.format_exception(*record.exc_info))]
    else:
        lines += ["", record.getMessage()]
    subject = f"Ошибка {code}: {what} {where}"
    return subject.replace("\n", " ").replace("\r", " ").strip(), "\n".join(lines)


def _user_text(request) -> str:
    from zabota.operations.services import who_of

    try:
        user_id, username, _institution = who_of(request)
    except Exception:
        return "не определён"
    if not user_id:
        return "не вошёл в систему"
    return f"id {user_id} ({username})"
