"""What a new ИППСУ version changes in a contract's services (pure, no database)."""

from decimal import Decimal

from zabota.rules.program_changes import ADDED, CHANGED, REMOVED, Line, compare

D = Decimal


def line(key: str, quantity: str, amount: str) -> Line:
    return Line(key, key, f"Услуга {key}", "услуга", D(quantity), D(amount))


def test_comparing_two_programs_lists_added_removed_and_changed_lines_only():
    changes = compare(
        [line("a", "8", "440"), line("b", "120", "1200"), line("c", "2", "100")],
        [line("a", "12", "660"), line("c", "2", "100"), line("d", "4", "220")],
    )
    assert [(c.code, c.change, c.quantity_before, c.quantity_after) for c in changes.lines] == [
        ("a", CHANGED, D("8"), D("12")),
        ("d", ADDED, None, D("4")),
        ("b", REMOVED, D("120"), None),
    ]
    assert (changes.cost_before, changes.cost_after) == (D("1740"), D("980"))
    assert [c.label for c in changes.lines] == ["изменён объём", "добавлена", "исключена"]


def test_two_programs_with_the_same_volumes_change_nothing():
    same = [line("a", "8", "440")]
    changes = compare(same, [line("a", "8.00", "440")])
    assert changes.lines == [] and not changes.services_changed
    assert changes.cost_before == changes.cost_after == D("440")
