"""The id of the request being served, for log lines written anywhere below the view."""

from contextvars import ContextVar, Token

_current: ContextVar[str] = ContextVar("zabota_request_id", default="-")


def current_request_id() -> str:
    """The id of the request being served, «-» outside a request (a command, a job)."""
    return _current.get()


def set_request_id(request_id: str) -> Token:
    return _current.set(request_id)


def reset_request_id(token: Token) -> None:
    _current.reset(token)
