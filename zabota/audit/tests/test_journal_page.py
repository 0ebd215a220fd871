import pytest

from zabota.audit.models import EventKind

pytestmark = pytest.mark.django_db


def test_the_administrator_filters_the_journal_and_exports_it(personas, client):
    client.post("/accounts/login/", {"username": "worker1", "password": "wrong"})
    personas.client_for(personas.worker1).get(f"/recipients/{personas.recipient_of_worker1.pk}/")
    admin = personas.client_for(personas.admin)
    failed = admin.get("/audit/?kind=login_failed").context["page"].object_list
    assert [(e.kind, e.username) for e in failed] == [(EventKind.LOGIN_FAILED, "worker1")]
    views = (
        admin.get(f"/audit/?recipient={personas.recipient_of_worker1.pk}")
        .context["page"]
        .object_list
    )
    assert [e.kind for e in views] == [EventKind.VIEW]
    export = admin.get("/audit/?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_journal_of_another_institution_is_not_shown(personas):
    personas.client_for(personas.outsider_director).get(
        f"/recipients/{personas.outsider_recipient.pk}/"
    )
    admin = personas.client_for(personas.admin)
    shown = admin.get("/audit/?kind=view").context["page"].object_list
    assert list(shown) == []


@pytest.mark.parametrize("persona", ["director", "head1", "worker1", "accountant", "specialist"])
def test_only_the_administrator_reads_the_journal(personas, persona):
    assert personas.client_for(getattr(personas, persona)).get("/audit/").status_code == 403


def test_the_journal_page_only_reads(personas):
    from django.urls import get_resolver

    admin = personas.client_for(personas.admin)
    assert admin.post("/audit/", {"kind": "login"}).status_code == 405
    audit_routes = [p for p in get_resolver().url_patterns if str(p.pattern) == "audit/"]
    assert [str(p.pattern) for p in audit_routes[0].url_patterns] == [""]
