"""The request that is being served, for audit entries written deep inside services.

Services take the acting member of staff as an argument but not the request; the address and
the browser of the request are picked up here, so every entry says where it came from.
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip_address: str | None
    user_agent: str


_current: ContextVar[RequestInfo | None] = ContextVar("zabota_request", default=None)


def current_request_info() -> RequestInfo:
    return _current.get() or RequestInfo(ip_address=None, user_agent="командная строка")


def set_request_info(info: RequestInfo | None):
    return _current.set(info)


def reset_request_info(token) -> None:
    _current.reset(token)
