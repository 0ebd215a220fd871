"""Pseudonyms and localities of the depersonalised export, without a database."""

import pytest

from zabota.rules.depersonalise import locality, pseudonym


def test_a_pseudonym_is_stable_for_one_secret_and_differs_between_secrets():
    first = pseudonym(b"secret-of-centre-1", 42)
    assert first == pseudonym(b"secret-of-centre-1", 42)
    assert first.startswith("П-") and len(first) == 14
    assert first != pseudonym(b"secret-of-centre-1", 43)
    assert first != pseudonym(b"secret-of-centre-2", 42)


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        (
            "650012, Кемеровская обл. — Кузбасс, г. Кемерово, ул. Весенняя, д. 5, кв. 12",
            "г. Кемерово",
        ),
        ("Кемеровский р-н, с. Ягуново, ул. Школьная, д. 3", "Кемеровский р-н, с. Ягуново"),
        ("пгт Промышленная, ул. Кирова, 1", "пгт Промышленная"),
        ("д. Береговая, ул. Новая, д.7", "д. Береговая"),
        ("г Кемерово, пр-т Ленина, 5", "г Кемерово"),
        ("ул. Весенняя, 5", ""),
        ("", ""),
    ],
)
def test_an_address_keeps_the_settlement_and_district_only(address, kept):
    assert locality(address) == kept
