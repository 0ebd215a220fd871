"""Broken JSON, wrong types, missing fields and huge bodies get a 4xx with a Russian message."""

import json
import random
import uuid

import pytest
from django.test import Client

from zabota.delivery.models import ServiceRecord

GOOD = {
    "uuid": "7b0d8a52-4a6e-4d7e-9a53-0b8b3c1f4f10",
    "recipient_id": 999999,  # nobody's: even a body that happens to be valid stores nothing
    "service_id": 999999,
    "date": "2026-11-18",
    "quantity": "1",
    "note": "",
    "arrived_at": None,
    "left_at": None,
    "lat": None,
    "lon": None,
}
WRONG_VALUES = [
    None,
    "",
    "не число",
    -1,
    0,
    2**70,
    1.5,
    "1e400",
    "NaN",
    [],
    {},
    True,
    "2026-02-30",
    "x" * 600,
    "💥",
]


def has_cyrillic(text: str) -> bool:
    return any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in text)


@pytest.fixture
def tablet(world):
    key = world.token_for(world.personas.worker1)
    client = Client()

    def send(body: bytes | str, content_type="application/json", **extra):
        return client.post(
            "/api/v1/field/sync",
            body,
            content_type=content_type,
            headers={"Authorization": f"Bearer {key}"},
            **extra,
        )

    return send


def malformed_bodies(rng: random.Random):
    """Broken bodies of every kind: syntax, shapes, missing and wrongly typed fields."""
    yield b"{"
    yield b"not json at all"
    yield b"\xff\xfe\x00garbage"
    yield b"[" * 5000 + b"]" * 5000
    yield b"null"
    yield b"[]"
    yield b'"records"'
    yield json.dumps({})
    yield json.dumps({"records": None})
    yield json.dumps({"records": {}})
    yield json.dumps({"records": [None]})
    yield json.dumps({"records": ["x"]})
    yield json.dumps({"records": [GOOD] * 501})
    for field in GOOD:
        if field in ("uuid", "recipient_id", "service_id", "date", "quantity"):
            yield json.dumps({"records": [{k: v for k, v in GOOD.items() if k != field}]})
    for _ in range(60):
        record = dict(GOOD)
        for field in rng.sample(sorted(GOOD), rng.randint(1, 3)):
            record[field] = rng.choice(WRONG_VALUES)
        yield json.dumps({"records": [record]})


def test_malformed_bodies_get_4xx_with_a_russian_message_never_5xx(tablet, world):
    rng = random.Random(20261118)
    for body in malformed_bodies(rng):
        response = tablet(body)
        data = response.json()
        assert response.status_code < 500, (body[:200], response.status_code)
        if response.status_code == 200:
            # A random change that happens to be valid: the record is answered, never lost.
            answered = data["accepted"] + [r["uuid"] for r in data["rejected"]]
            assert answered == [GOOD["uuid"]], data
            continue
        assert 400 <= response.status_code, (body[:200], response.status_code)
        assert has_cyrillic(data["detail"]), (body[:200], data)
    assert not ServiceRecord.objects.exists()


def test_a_record_with_a_wrong_field_names_it(tablet):
    record = GOOD | {"quantity": "много", "date": "18.11.2026"}

    response = tablet(json.dumps({"records": [record]}))

    assert response.status_code == 422
    data = response.json()
    assert {e["field"] for e in data["errors"]} == {"records.0.quantity", "records.0.date"}
    assert "records.0.date: нужна дата в формате ГГГГ-ММ-ДД" in data["detail"]


def test_a_missing_field_is_named(tablet):
    record = {k: v for k, v in GOOD.items() if k != "service_id"}

    response = tablet(json.dumps({"records": [record]}))

    assert response.json()["errors"] == [
        {"field": "records.0.service_id", "message": "обязательное поле"}
    ]


def test_broken_json_gets_400(tablet):
    response = tablet(b'{"records": [')

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Тело запроса не удалось прочитать: нужен JSON в кодировке UTF-8."
    }


def test_a_batch_over_500_records_is_refused_whole(tablet):
    records = [GOOD | {"uuid": str(uuid.uuid4())} for _ in range(501)]

    response = tablet(json.dumps({"records": records}))

    assert response.status_code == 422
    assert "не больше 500 элементов: отправьте записи частями" in response.json()["detail"]


@pytest.mark.parametrize("megabytes", [4.5, 7])  # over our limit; over Django's limit too
def test_a_huge_body_gets_413_before_it_is_read(tablet, megabytes):
    body = json.dumps({"records": [GOOD | {"note": "z" * 1000}]}) + " " * int(
        megabytes * 1024 * 1024
    )

    response = tablet(body)

    assert response.status_code == 413
    assert response.json() == {"detail": "Запрос больше 4 МБ: отправьте записи частями."}


def test_a_huge_body_without_a_key_gets_401_unread(world):
    response = Client().post(
        "/api/v1/field/sync", "x" * (3 * 1024 * 1024), content_type="application/json"
    )

    assert response.status_code == 401


def test_an_unknown_method_gets_405(tablet, world):
    key = world.token_for(world.personas.worker1)

    response = Client().delete("/api/v1/field/sync", headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 405


@pytest.mark.parametrize("query", ["date=2026-13-01", "date=вчера", "date=0001-01-01"])
def test_a_wrong_date_in_the_query_gets_4xx_in_russian(world, query):
    key = world.token_for(world.personas.worker1)

    response = Client().get(
        f"/api/v1/field/visits?{query}", headers={"Authorization": f"Bearer {key}"}
    )

    assert 400 <= response.status_code < 500
    assert has_cyrillic(response.json()["detail"])


def test_a_nul_character_is_refused_by_the_schema(tablet, world):
    response = tablet(json.dumps({"records": [GOOD | {"note": "a\x00b"}]}))
    token = Client().post(
        "/api/v1/token",
        json.dumps({"username": "worker1\x00", "password": "x", "device": "Планшет"}),
        content_type="application/json",
    )

    assert response.status_code == token.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "records.0.note",
            "message": "недопустимый управляющий символ U+0000 (NUL), знак № 2",
        }
    ]
