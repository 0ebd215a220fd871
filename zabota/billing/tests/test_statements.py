"""A bank statement imports whole: payments matched by the receipt's number or the personal
account are booked, the rest wait on the review list; the same payment is never booked twice."""

import pytest
from django.core.exceptions import ValidationError

from zabota.billing.models import BankStatement, Charge, LineStatus, Payment, StatementLine
from zabota.billing.selectors import balance_of, personal_account
from zabota.billing.services.charges import charges_for_month
from zabota.billing.services.statements import line_book, line_reject, statement_import
from zabota.billing.tests.conftest import D
from zabota.billing.tests.statements import document, statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def charged(personas, october, bank):
    charges_for_month(actor=personas.accountant, month=october)
    return {c.recipient_id: c for c in Charge.objects.all()}


def import_(personas, content: bytes, name: str = "kl_to_1c.txt") -> BankStatement:
    return statement_import(actor=personas.accountant, file_name=name, content=content)


def test_it_books_by_the_receipt_number_and_by_the_personal_account(personas, charged):
    first = charged[personas.recipient_of_worker1.pk]
    third = personas.recipient_in_department2
    record = import_(
        personas,
        statement(
            document("1190.00", f"Оплата соц. услуг, квит. № {first.number}", number=1),
            document("165.00", f"Соцобслуживание ЛС {personal_account(third.pk)}", number=2),
            document("300.00", "За маму", number=3),
            document("150.00", "Комиссия", number=4, to="70601810000000000001"),
        ),
    )
    assert (record.booked, record.queued, record.outgoing, record.known) == (2, 1, 1, 0)
    assert balance_of(personas.recipient_of_worker1) == 0
    assert balance_of(third) == 0
    payment = Payment.objects.get(charge=first)
    assert payment.statement_line.status == LineStatus.BOOKED
    waiting = StatementLine.objects.get(status=LineStatus.REVIEW)
    assert waiting.problem == "В назначении платежа нет номера квитанции или лицевого счёта."


def test_the_same_file_twice_is_refused_and_changes_nothing(personas, charged):
    first = charged[personas.recipient_of_worker1.pk]
    content = statement(document("1190.00", f"квитанция {first.number}"))
    import_(personas, content)
    with pytest.raises(ValidationError, match="уже загружена"):
        import_(personas, content, "копия.txt")
    assert (BankStatement.objects.count(), Payment.objects.count()) == (1, 1)


def test_an_overlapping_statement_books_only_the_new_payments(personas, charged):
    first = charged[personas.recipient_of_worker1.pk]
    third = charged[personas.recipient_in_department2.pk]
    one = document("1190.00", f"квитанция {first.number}", number=1)
    import_(personas, statement(one))
    record = import_(personas, statement(one, document("165.00", third.number, number=2)))
    assert (record.booked, record.known) == (1, 1)
    assert Payment.objects.count() == 2


def test_a_purpose_naming_two_people_waits_for_review(personas, charged):
    first = charged[personas.recipient_of_worker1.pk]
    account = personal_account(personas.recipient_in_department2.pk)
    import_(personas, statement(document("100.00", f"{first.number} л/с {account}")))
    assert StatementLine.objects.get().problem.startswith("Назначение платежа указывает на разных")


def test_an_unknown_number_of_another_institution_is_not_matched(personas, charged):
    outsider = personas.outsider_recipient
    import_(personas, statement(document("100.00", f"л/с {personal_account(outsider.pk)}")))
    assert StatementLine.objects.get().status == LineStatus.REVIEW
    assert not Payment.objects.exists()


def test_the_accountant_books_or_rejects_a_line_of_the_review_list(personas, charged):
    import_(
        personas,
        statement(document("300.00", "За маму", number=1), document("5,00", "?", number=2)),
    )
    waiting, comma = StatementLine.objects.order_by("line")
    line_book(
        actor=personas.accountant,
        line=waiting,
        recipient=personas.recipient_of_worker1,
        amount=D("300.00"),
    )
    assert balance_of(personas.recipient_of_worker1) == D("890.00")
    with pytest.raises(ValidationError, match="уже разобрана"):
        line_reject(actor=personas.accountant, line=waiting, reason="x")
    line_reject(actor=personas.accountant, line=comma, reason="платёж не наш")
    assert StatementLine.objects.filter(status=LineStatus.REVIEW).count() == 0


def test_a_statement_of_another_account_is_refused(personas, charged):
    with pytest.raises(ValidationError, match="Выписка по счёту"):
        import_(personas, statement(document("1.00", "x"), account="40702810138250123017"))
    assert not BankStatement.objects.exists()
