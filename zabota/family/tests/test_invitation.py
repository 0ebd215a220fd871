"""The head records the consent and invites; the one-time link lets the relative in once."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from zabota.audit.models import EventKind, SecurityEvent
from zabota.family.models import Invitation, Relative
from zabota.family.services import (
    EXPIRED,
    REVOKED,
    USED,
    consent_withdraw,
    relative_invite,
    relative_revoke,
)
from zabota.family.tests.conftest import NOW, TODAY, client_of
from zabota.testing import make_guardian

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Kotik-na-okne-2026"


def invite(personas, **fields):
    values = {
        "actor": personas.head1,
        "recipient": personas.recipient_of_worker1,
        "representative": None,
        "last_name": "Иванов",
        "first_name": "Сергей",
        "middle_name": "Петрович",
        "relation": "сын",
        "consent_given_on": TODAY,
        "consent_signed_by_representative": False,
        "today": TODAY,
    }
    return relative_invite(**(values | fields))


def accept(client, token, username="ivanov_s", password=NEW_PASSWORD):
    return client.post(
        reverse("family:accept", args=[token]),
        {"username": username, "password1": password, "password2": password},
    )


def test_the_head_records_the_consent_and_gets_a_link_shown_once(personas):
    client = client_of(personas.head1.user)
    recipient = personas.recipient_of_worker1
    response = client.post(
        reverse("family:invite", args=[recipient.pk]),
        {
            "last_name": "Иванов",
            "first_name": "Сергей",
            "middle_name": "Петрович",
            "relation": "сын",
            "consent_given_on": "2026-11-20",
        },
    )
    assert response.status_code == 200
    link = response.context["link"]
    assert link.startswith("http://testserver/family/invitation/")
    relative = Relative.objects.get()
    assert (relative.recipient, relative.consent_given_on) == (
        recipient,
        datetime.date(2026, 11, 20),
    )
    invitation = Invitation.objects.get()
    assert invitation.expires_at == NOW + datetime.timedelta(hours=72)
    # Only the hash is kept: the token itself is nowhere in the database or the journal.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    assert not SecurityEvent.objects.filter(details__contains=token).exists()
    assert SecurityEvent.objects.filter(
        kind=EventKind.CREATE, object_type="family.relative", recipient_id=recipient.pk
    ).exists()
    # The card shows the section, and the page lists the person.
    card = client.get(reverse("recipients:card", args=[recipient.pk])).content.decode()
    assert "Доступ родственников" in card
    page = client.get(reverse("family:manage", args=[recipient.pk])).content.decode()
    assert "Иванов Сергей Петрович" in page and "ссылка не использована" in page


def test_a_representative_from_the_card_lends_the_name(personas):
    guardian = make_guardian(personas.recipient_of_worker1)
    client = client_of(personas.head1.user)
    response = client.post(
        reverse("family:invite", args=[personas.recipient_of_worker1.pk]),
        {
            "representative": guardian.pk,
            "relation": "опекун",
            "consent_given_on": "2026-11-20",
            "consent_signed_by_representative": "on",
        },
    )
    assert response.status_code == 200
    relative = Relative.objects.get()
    assert (relative.full_name, relative.representative) == ("Орлова Нина Сергеевна", guardian)


def test_a_representative_of_another_recipient_is_refused(personas):
    guardian = make_guardian(personas.recipient_of_worker2)
    client = client_of(personas.head1.user)
    response = client.post(
        reverse("family:invite", args=[personas.recipient_of_worker1.pk]),
        {"representative": guardian.pk, "relation": "опекун", "consent_given_on": "2026-11-20"},
    )
    assert response.status_code == 400
    assert not Relative.objects.exists()


def test_a_consent_dated_tomorrow_is_refused(personas):
    client = client_of(personas.head1.user)
    response = client.post(
        reverse("family:invite", args=[personas.recipient_of_worker1.pk]),
        {
            "last_name": "Иванов",
            "first_name": "Сергей",
            "relation": "сын",
            "consent_given_on": "2026-11-25",
        },
    )
    assert response.status_code == 400
    assert "позже сегодняшней" in response.content.decode()
    assert not Relative.objects.exists() and not Invitation.objects.exists()


def test_the_link_lets_the_relative_choose_a_login_and_in(personas, served):
    invited = invite(personas)
    client = Client()
    page = client.get(reverse("family:accept", args=[invited.token]))
    assert page.status_code == 200 and "Придумайте имя для входа" in page.content.decode()
    response = accept(client, invited.token)
    assert response.status_code == 302 and response["Location"] == reverse("family:home")
    relative = Relative.objects.get()
    assert relative.user.username == "ivanov_s" and relative.user.check_password(NEW_PASSWORD)
    assert Invitation.objects.get().used_at is not None
    home = client.get(reverse("family:home"))
    assert home.status_code == 200 and "Иванова Мария Петровна" in home.content.decode()


def test_a_link_used_twice_says_so_and_shows_nothing(personas):
    invited = invite(personas)
    accept(Client(), invited.token)
    again = Client()
    page = again.get(reverse("family:accept", args=[invited.token]))
    assert page.status_code == 410
    text = page.content.decode()
    assert USED in text and "Иванова" not in text and "<form" not in text
    response = accept(again, invited.token, username="someone_else")
    assert response.status_code == 410 and USED in response.content.decode()
    assert get_user_model().objects.filter(username="someone_else").count() == 0
    assert again.get(reverse("family:home")).status_code == 302


def test_an_expired_link_says_so_and_creates_nothing(personas):
    invited = invite(personas)
    with time_machine.travel(NOW + datetime.timedelta(hours=72, seconds=1)):
        client = Client()
        page = client.get(reverse("family:accept", args=[invited.token]))
        response = accept(client, invited.token)
    assert page.status_code == response.status_code == 410
    assert EXPIRED in response.content.decode() and "Иванова" not in response.content.decode()
    assert Relative.objects.get().user is None
    assert Invitation.objects.get().used_at is None


@pytest.mark.parametrize("how", ["revoked", "consent_withdrawn", "renewed"])
def test_a_link_after_revocation_says_so_and_creates_nothing(personas, how):
    invited = invite(personas)
    if how == "revoked":
        relative_revoke(actor=personas.head1, relative=invited.relative)
    elif how == "consent_withdrawn":
        consent_withdraw(
            actor=personas.head1, relative=invited.relative, withdrawn_on=TODAY, today=TODAY
        )
    else:
        client_of(personas.head1.user).post(reverse("family:link", args=[invited.relative.pk]))
    response = accept(Client(), invited.token)
    assert response.status_code == 410 and REVOKED in response.content.decode()
    assert Relative.objects.get().user is None


def test_an_unknown_or_garbage_link_is_404_with_the_reason(client):
    for token in ("nonsense", "x" * 500, "%00", "' OR 1=1 --"):
        response = client.get(reverse("family:accept", args=[token]))
        assert response.status_code == 404, token
        assert "Ссылка недействительна" in response.content.decode()


def test_a_new_link_for_a_relative_with_a_login_sets_a_new_password(personas, relative):
    client = client_of(personas.head1.user)
    response = client.post(reverse("family:link", args=[relative.pk]))
    token = response.context["link"].rstrip("/").rsplit("/", 1)[1]
    page = Client().get(reverse("family:accept", args=[token])).content.decode()
    assert "relative1" in page
    accept(Client(), token, username="ignored")
    relative.user.refresh_from_db()
    assert relative.user.username == "relative1" and relative.user.check_password(NEW_PASSWORD)


def test_a_weak_or_mismatched_password_is_refused_and_the_link_still_works(personas):
    invited = invite(personas)
    assert accept(Client(), invited.token, password="123").status_code == 200
    response = Client().post(
        reverse("family:accept", args=[invited.token]),
        {"username": "ivanov_s", "password1": NEW_PASSWORD, "password2": "other"},
    )
    assert "Пароли не совпадают" in response.content.decode()
    assert Relative.objects.get().user is None
    assert accept(Client(), invited.token).status_code == 302


def test_a_taken_login_is_refused(personas, relative):
    invited = invite(personas, last_name="Петров")
    response = accept(Client(), invited.token, username="RELATIVE1")
    assert "занято" in response.content.decode()
    assert Invitation.objects.get(relative=invited.relative).used_at is None


def test_the_withdrawal_of_consent_is_recorded_in_the_journal(personas, relative):
    client = client_of(personas.head1.user)
    client.post(reverse("family:withdraw", args=[relative.pk]), {"withdrawn_on": "2026-11-23"})
    relative.refresh_from_db()
    assert relative.consent_withdrawn_on == datetime.date(2026, 11, 23)
    assert relative.revoked_at is not None
    assert SecurityEvent.objects.filter(
        object_type="family.relative", details__contains="отозвано 23.11.2026"
    ).exists()


def test_a_withdrawal_before_the_consent_is_refused(personas, relative):
    client = client_of(personas.head1.user)
    response = client.post(
        reverse("family:withdraw", args=[relative.pk]), {"withdrawn_on": "2026-10-01"}, follow=True
    )
    assert "не раньше даты согласия" in response.content.decode()
    relative.refresh_from_db()
    assert relative.is_open
