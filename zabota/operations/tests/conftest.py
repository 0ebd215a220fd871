import logging

import pytest


class Collect(logging.Handler):
    """Keeps the records of a logger with the request id the console handler would print."""

    def __init__(self):
        super().__init__()
        from zabota.operations.logs import RequestIdFilter

        self.addFilter(RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def collected():
    handler = Collect()
    logger = logging.getLogger("zabota")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.records
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
def failing_client(personas):
    """worker1's browser that gets the error page instead of the test re-raising the error."""
    client = personas.client_for(personas.worker1)
    client.raise_request_exception = False
    return client
