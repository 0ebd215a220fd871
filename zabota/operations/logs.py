"""Filters of the logging configuration (zabota/settings.py, LOGGING)."""

import logging

from django.conf import settings

from zabota.operations.context import current_request_id


class RequestIdFilter(logging.Filter):
    """Gives every record the id of the request it was written in («-» outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class ErrorMailEnabled(logging.Filter):
    """Lets the letter to ADMINS through only when a mail server is configured; read at each
    record, so a test may switch it with the settings."""

    def filter(self, record: logging.LogRecord) -> bool:
        return bool(getattr(settings, "ZABOTA_ERROR_MAIL", False))
