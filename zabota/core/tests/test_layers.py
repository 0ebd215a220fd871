"""The import contracts of .importlinter (`make lint`) hold on the tree and fire on an import
that breaks them: the graph of the tree is read once, and a test adds the one import it names."""

import copy
from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.adapters.building import GraphBuilder
from importlinter.application import use_cases
from importlinter.application.app_config import settings

CONFIG = str(Path(__file__).resolve().parents[3] / ".importlinter")
CONTRACTS = ("layers", "rules")


class TreeWithImport(GraphBuilder):
    """The tree's graph, built once, plus the imports a test adds."""

    graph: grimp.ImportGraph | None = None

    def __init__(self, *imports: tuple[str, str]):
        self.imports = imports

    def build(self, **options) -> grimp.ImportGraph:
        if TreeWithImport.graph is None:
            TreeWithImport.graph = super().build(**options | {"cache_dir": None})
        graph = copy.deepcopy(TreeWithImport.graph)
        for importer, imported in self.imports:
            graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
        return graph


def broken_contracts(*imports: tuple[str, str]) -> set[str]:
    """The ids of the contracts `lint-imports` finds broken once `imports` are added."""
    configuration.configure()
    settings.configure(GRAPH_BUILDER=TreeWithImport(*imports))
    try:
        return {
            contract
            for contract in CONTRACTS
            if not use_cases.lint_imports(
                CONFIG, (contract,), cache_dir=None, is_debug_mode=True, no_logo=True
            )
        }
    finally:
        configuration.configure()


def test_the_tree_keeps_every_contract():
    assert broken_contracts() == set()


@pytest.mark.parametrize(
    "importer, imported",
    [
        # core is the ground floor: it imports no app (a refusal is journalled by audit's
        # middleware, not by core.access).
        ("zabota.core.access", "zabota.audit.services"),
        # an import inside a function is an import all the same
        ("zabota.audit.presentation", "zabota.programs.models"),
        # payments sits below programs: the cost of services comes through payments.costs
        ("zabota.payments.statistics", "zabota.programs.selectors"),
        # a registry below, not the start page above, is what programs registers its block in
        ("zabota.programs.card", "zabota.dashboard.blocks"),
        # neighbours on one floor do not import each other
        ("zabota.acts.documents", "zabota.reports.queries"),
    ],
)
def test_an_import_up_the_floors_breaks_the_layers(importer, imported):
    assert broken_contracts((importer, imported)) == {"layers"}


def test_an_import_down_the_floors_is_allowed():
    assert broken_contracts(("zabota.dashboard.blocks", "zabota.rules.words")) == set()


def test_the_rules_may_not_import_django():
    assert broken_contracts(("zabota.rules.payment", "django")) == {"rules"}


def test_a_new_app_must_take_its_floor():
    # The layers contract is exhaustive: an app missing from .importlinter fails the check.
    assert broken_contracts(("zabota.newapp", "zabota.core.forms")) == {"layers"}
