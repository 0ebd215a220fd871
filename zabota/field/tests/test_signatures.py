import base64
import datetime
import io
import json
import uuid

import pytest
import time_machine
from django.test import Client
from PIL import Image

from zabota.field.models import ActSignature
from zabota.field.selectors import act_signature_for, signature_data_uri

NOW = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def png() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 24), "white").save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def send(world, staff, *signatures):
    key = world.token_for(staff)
    return Client().post(
        "/api/v1/field/signatures",
        json.dumps({"signatures": list(signatures)}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


def signature(world, **fields):
    return {
        "uuid": str(uuid.uuid4()),
        "recipient_id": world.personas.recipient_of_worker1.pk,
        "month": "2026-11-18",
        "image": png(),
        "signed_at": "2026-11-18T11:50:00+03:00",
    } | fields


def test_a_signature_drawn_on_the_tablet_is_stored_once_for_the_months_act(world):
    sent = signature(world)

    first = send(world, world.personas.worker1, sent).json()
    again = send(world, world.personas.worker1, sent).json()

    assert first == again == {"accepted": [sent["uuid"]], "rejected": []}
    stored = ActSignature.objects.get()
    assert stored.month == datetime.date(2026, 11, 1)
    assert bytes(stored.image).startswith(b"\x89PNG")
    found = act_signature_for(world.personas.recipient_of_worker1, datetime.date(2026, 11, 30))
    assert found == stored
    assert signature_data_uri(found).startswith("data:image/png;base64,iVBOR")


@pytest.mark.parametrize(
    "change, reason",
    [
        (
            {"image": base64.b64encode(b"GIF89a....").decode()},
            "Подпись должна быть изображением PNG.",
        ),
        ({"image": "abc"}, "Изображение подписи не удалось прочитать."),
        ({"month": "2026-12-01"}, "Нельзя подписать акт за месяц, который ещё не начался."),
        ({"recipient": "recipient_of_worker2"}, "Получатель не закреплён за вами."),
    ],
)
def test_a_wrong_signature_is_rejected_with_the_reason(world, change, reason):
    if "recipient" in change:
        change = {"recipient_id": world.personas.recipient_of_worker2.pk}

    data = send(world, world.personas.worker1, signature(world, **change)).json()

    assert data["accepted"] == [] and data["rejected"][0]["reason"] == reason
    assert not ActSignature.objects.exists()


def test_an_implausible_tablet_clock_is_replaced_by_the_servers(world):
    send(world, world.personas.worker1, signature(world, signed_at="0001-01-01T00:00:00+03:00"))

    assert ActSignature.objects.get().signed_at == NOW


def test_the_signature_shows_on_the_card_for_those_who_may_see_the_recipient(world):
    send(world, world.personas.worker1, signature(world))
    stored = ActSignature.objects.get()
    person = world.personas.recipient_of_worker1

    card = world.personas.client_for(world.personas.head1).get(f"/recipients/{person.pk}/")
    image = world.personas.client_for(world.personas.head1).get(
        f"/field/signatures/{stored.pk}.png"
    )
    foreign = world.personas.client_for(world.personas.worker2).get(
        f"/field/signatures/{stored.pk}.png"
    )

    assert f"/field/signatures/{stored.pk}.png" in card.content.decode()
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert foreign.status_code == 404
