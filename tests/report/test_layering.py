"""Reports read results; they never evaluate or roll up (the caller does, once)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import courtinfo.report

REPORT = Path(courtinfo.report.__file__).parent
MODULES = sorted(REPORT.glob("*.py"))
#: Names that evaluate or roll up: a report module that mentions one could recompute.
FORBIDDEN = {
    "Evaluator",
    "evaluate",
    "rollup_departments",
    "rollup_tree",
    "court_figures",
    "peer_figures",
}


def names_used(tree: ast.AST) -> set[str]:
    """Every name a module imports, reads or reaches as an attribute."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            found |= {a.name for a in node.names}
            found.add(node.module or "")
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def test_the_check_finds_a_forbidden_name() -> None:
    tree = ast.parse("from courtinfo.evaluation import evaluate\nx = ev.rollup_tree(b)\n")
    assert {"evaluate", "rollup_tree"} <= names_used(tree) & FORBIDDEN


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_no_report_module_evaluates_or_rolls_up(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = names_used(tree)
    assert not used & FORBIDDEN, f"{path.name} uses {sorted(used & FORBIDDEN)}"
    assert not any(n.startswith(("courtinfo.evaluation._", "rollup")) for n in used)
