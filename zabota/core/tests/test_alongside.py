"""zabota.core.alongside: a second thread outside transactions, this one inside them."""

import threading

import pytest
from django.db import transaction

from zabota.core.alongside import alongside
from zabota.organisation.models import Institution


def where_and_how_many():
    return threading.current_thread().name, Institution.objects.count()


def fails():
    raise ValueError("нет данных")


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_runs_in_a_thread_that_sees_committed_rows(personas):
    name, count = alongside(where_and_how_many).result(timeout=30)
    assert name == "alongside:where_and_how_many"
    assert count == Institution.objects.count() > 0


@pytest.mark.django_db
def test_inside_a_transaction_it_runs_here_and_sees_the_uncommitted_rows(personas):
    with transaction.atomic():
        Institution.objects.create(name="Новое учреждение", inn="7707083893")
        name, count = alongside(where_and_how_many).result()
    assert name == threading.current_thread().name
    assert count == Institution.objects.count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_transaction", [False, True])
def test_the_functions_error_reaches_the_caller(in_transaction):
    if in_transaction:
        with transaction.atomic(), pytest.raises(ValueError, match="нет данных"):
            alongside(fails).result()
    else:
        with pytest.raises(ValueError, match="нет данных"):
            alongside(fails).result(timeout=30)
