"""The logging and mail settings as a started program reads them from its environment."""

import re

from zabota.core.tests.test_deploy_settings import run_manage

KEY = "k" * 60
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO \[-\] zabota\.check: started job 7$", re.M
)


def test_log_lines_carry_the_time_the_level_the_request_id_and_the_module():
    result = run_manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('zabota.check').info('started job %s', 7);"
        "logging.getLogger('zabota.check').debug('not at INFO')",
        ZABOTA_SECRET_KEY=KEY,
        ZABOTA_LOG_LEVEL="info",
    )
    assert result.returncode == 0, result.stderr
    assert LINE.search(result.stderr), result.stderr
    assert "not at INFO" not in result.stderr and "\x1b[" not in result.stderr


def test_error_mail_is_on_with_admins_and_a_mail_server_only():
    show = (
        "from django.conf import settings as s;"
        "print(s.ADMINS, s.ZABOTA_ERROR_MAIL, s.EMAIL_HOST, s.EMAIL_PORT, s.SERVER_EMAIL)"
    )
    on = run_manage(
        "shell",
        "-c",
        show,
        ZABOTA_SECRET_KEY=KEY,
        ZABOTA_ADMINS="Иван Петров <ivan@example.org>, ops@example.org",
        ZABOTA_EMAIL_URL="smtps://zabota:secret@smtp.example.org",
        ZABOTA_SERVER_EMAIL="Забота <zabota@example.org>",
    )
    assert on.stdout.strip().splitlines()[-1] == (
        "[('Иван Петров', 'ivan@example.org'), ('', 'ops@example.org')] True "
        "smtp.example.org 465 Забота <zabota@example.org>"
    ), on.stderr
    console = run_manage(
        "shell",
        "-c",
        show,
        ZABOTA_SECRET_KEY=KEY,
        ZABOTA_ADMINS="ops@example.org",
        ZABOTA_EMAIL_URL="console://",
    )
    assert " False " in console.stdout.strip().splitlines()[-1], console.stderr


def test_a_malformed_mail_setting_stops_the_start():
    result = run_manage("check", ZABOTA_SECRET_KEY=KEY, ZABOTA_EMAIL_URL="smtp://:25")
    assert result.returncode != 0
    assert "ZABOTA_EMAIL_URL" in result.stderr
