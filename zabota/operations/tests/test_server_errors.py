"""A server error is recorded with a code, the person is shown the code, the log line and the
response carry it, and the administrators get a letter — without the request's data."""

import re

import pytest
from django.core import mail

from zabota.operations.models import ErrorReport

pytestmark = [pytest.mark.django_db, pytest.mark.urls("zabota.operations.tests.urls")]

CODE = re.compile(r"Код ошибки: <strong>([0-9A-F]{8})</strong>")


def test_a_failing_page_is_recorded_and_the_person_is_shown_its_code(personas, failing_client):
    response = failing_client.post("/test/boom/?q=Иванова", {"snils": "112-233-445 95"})
    assert response.status_code == 500
    shown = CODE.search(response.content.decode()).group(1)
    assert response["X-Request-ID"] == shown
    report = ErrorReport.objects.get()
    assert report.code == shown
    assert (report.method, report.path) == ("POST", "/test/boom/")
    assert (report.user_id, report.username) == (personas.worker1.user_id, "worker1")
    assert report.institution_id == personas.institution.pk
    assert (report.exception_type, report.message) == ("RuntimeError", "сломалось на шаге 3")
    assert 'raise RuntimeError("сломалось на шаге 3")' in report.traceback
    stored = " ".join([report.path, report.message, report.traceback])
    assert "Иванова" not in stored and "112-233-445" not in stored


def test_an_anonymous_request_is_recorded_without_a_user(client):
    client.raise_request_exception = False
    response = client.get("/test/anonymous-boom/")
    assert response.status_code == 500
    report = ErrorReport.objects.get()
    assert (report.user_id, report.username, report.institution_id) == (None, "", None)
    assert report.exception_type == "ValueError"
    assert report.code in response.content.decode()


def test_the_error_log_line_carries_the_code_shown(failing_client, collected):
    response = failing_client.get("/test/boom/")
    line = next(r for r in collected if r.getMessage() == "the page is about to fail")
    assert line.request_id == response["X-Request-ID"]


def test_when_the_report_cannot_be_written_the_person_still_gets_the_code_and_the_log_says_why(
    failing_client, monkeypatch, collected
):
    def broken(**fields):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(ErrorReport.objects, "create", broken)
    response = failing_client.get("/test/boom/")
    assert response.status_code == 500
    code = response["X-Request-ID"]
    assert code in response.content.decode()
    assert not ErrorReport.objects.exists()
    failure = next(r for r in collected if "could not be written" in r.getMessage())
    assert code in failure.getMessage() and failure.exc_info is not None


def test_the_administrators_get_a_letter_with_the_code_and_without_the_request_data(
    settings, personas, failing_client
):
    settings.ADMINS = [("Иван Петров", "ivan@example.org"), ("", "ops@example.org")]
    settings.ZABOTA_ERROR_MAIL = True
    response = failing_client.post("/test/boom/?q=Иванова", {"snils": "112-233-445 95"})
    code = response["X-Request-ID"]
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["ivan@example.org", "ops@example.org"]
    assert code in letter.subject and "RuntimeError" in letter.subject
    assert f"Код ошибки: {code}" in letter.body
    assert f"id {personas.worker1.user_id} (worker1)" in letter.body
    assert "сломалось на шаге 3" in letter.body
    assert "Иванова" not in letter.body and "112-233-445" not in letter.body
    assert "csrftoken" not in letter.body and "sessionid" not in letter.body


def test_no_letter_is_sent_without_a_mail_server(settings, failing_client):
    settings.ADMINS = [("", "ops@example.org")]
    settings.ZABOTA_ERROR_MAIL = False
    failing_client.get("/test/boom/")
    assert mail.outbox == []
    assert ErrorReport.objects.count() == 1
