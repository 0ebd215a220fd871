import ipaddress
import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("zabota.operations.tests.urls")]


def test_every_response_carries_a_new_short_id(client):
    first = client.get("/test/logs/")["X-Request-ID"]
    second = client.get("/test/logs/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9A-F]{8}", first) and first != second


def test_every_log_line_of_a_request_carries_its_id(client, collected):
    response = client.get("/test/logs/")
    line = next(r for r in collected if r.getMessage() == "a line of this request")
    assert line.request_id == response["X-Request-ID"]


def test_a_log_line_outside_a_request_says_so(collected):
    import logging

    logging.getLogger("zabota.operations.tests").warning("from a command")
    assert collected[-1].request_id == "-"


def test_the_id_of_a_trusted_proxy_is_kept(client, settings):
    settings.ZABOTA_TRUSTED_PROXIES = (ipaddress.ip_network("127.0.0.1/32"),)
    response = client.get("/test/logs/", HTTP_X_REQUEST_ID="nginx-4f7c2a", REMOTE_ADDR="127.0.0.1")
    assert response["X-Request-ID"] == "nginx-4f7c2a"


@pytest.mark.parametrize(
    ("peer", "incoming"),
    [("203.0.113.5", "forged-id"), ("127.0.0.1", "bad id\nInjected: 1"), ("127.0.0.1", "x" * 65)],
)
def test_an_id_from_anyone_else_or_malformed_is_replaced(client, settings, peer, incoming):
    settings.ZABOTA_TRUSTED_PROXIES = (ipaddress.ip_network("127.0.0.1/32"),)
    response = client.get("/test/logs/", HTTP_X_REQUEST_ID=incoming, REMOTE_ADDR=peer)
    assert re.fullmatch(r"[0-9A-F]{8}", response["X-Request-ID"])
