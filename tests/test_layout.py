"""The layout holds: imports point one way, only through faces, and form no cycle.

Every module of courtinfo is read with `ast` (imports inside functions and under
`TYPE_CHECKING` included), so the test sees what a reader of the code sees, without importing it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parent.parent / "courtinfo"

# The packages in the direction their imports point: a package imports only packages of
# EARLIER rows, and only through their `__init__`. Packages of one row do not import each other.
# To add a package, add a row (or join the last one) here and in docs/design.md.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("base",),
    ("periods",),
    ("org",),
    ("data",),
    ("formulas",),
    ("convert",),
    ("indicators",),
    ("evaluation", "synthetic"),
    ("io",),
    ("report", "sources"),
    ("cli",),
    ("dask", "testing"),
)
RANK = {package: rank for rank, row in enumerate(LAYERS) for package in row}
TOP = "courtinfo"  # `courtinfo/__init__.py` and `__main__.py`: they import anything, nothing imports them


@attrs.frozen
class Import:
    """One import statement's target: `module` (a module that exists) and the `name` taken from it."""

    source: str  # the importing module, dotted
    line: int
    module: str
    name: str | None
    typing_only: bool = False  # under `if TYPE_CHECKING:`: for annotations, never run


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def is_package(name: str, known: dict[str, Path]) -> bool:
    return known[name].name == "__init__.py"


def resolve(source: str, node: ast.ImportFrom, known: dict[str, Path]) -> str:
    if not node.level:
        return node.module or ""
    base = source.split(".")
    if not is_package(source, known):
        base = base[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(source: str, known: dict[str, Path]) -> list[Import]:
    """Every courtinfo import of `source`, at any depth of its code."""
    tree = ast.parse(known[source].read_text(encoding="utf-8"))
    typing_only = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        and (
            (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
            or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
        )
        for stmt in node.body
        for sub in ast.walk(stmt)
    }
    found: list[Import] = []
    for node in ast.walk(tree):
        hint = id(node) in typing_only
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == TOP:
                    found.append(Import(source, node.lineno, alias.name, None, hint))
        elif isinstance(node, ast.ImportFrom):
            target = resolve(source, node, known)
            if target.split(".")[0] != TOP:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in known:  # `from courtinfo.formulas import registry`: a module
                    found.append(Import(source, node.lineno, sub, None, hint))
                else:
                    found.append(Import(source, node.lineno, target, alias.name, hint))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and str(node.args[0].value).split(".")[0] == TOP
        ):
            found.append(Import(source, node.lineno, str(node.args[0].value), None))
    return found


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and not parts[1].startswith("__") else TOP


def is_private(part: str) -> bool:
    return part.startswith("_") and not part.startswith("__")


def where(imp: Import) -> str:
    shown = imp.module + (f" import {imp.name}" if imp.name else "")
    return f"{imp.source}:{imp.line} imports {shown}"


def layout_problems(known: dict[str, Path]) -> list[str]:
    """What breaks the layout: unknown or misplaced packages, private reaches, backward imports."""
    problems: list[str] = []
    for source in known:
        package = package_of(source)
        if package != TOP and package not in RANK:
            problems.append(
                f"package courtinfo.{package} is in no row of LAYERS in tests/test_layout.py "
                "(add it there and to the flow in docs/design.md)"
            )
        for imp in imports_of(source, known):
            if imp.module not in known:
                problems.append(f"{where(imp)}, which is no module of courtinfo")
                continue
            target = package_of(imp.module)
            if target == package:
                continue
            if target == TOP:
                problems.append(
                    f"{where(imp)}: only `courtinfo/__init__` re-exports; import the package"
                )
                continue
            inner = imp.module.split(".")[2:] + ([imp.name] if imp.name else [])
            if any(is_private(part) for part in inner):
                problems.append(f"{where(imp)}: a private part of courtinfo.{target}; use its face")
            if (
                package != TOP
                and package in RANK
                and target in RANK
                and RANK[target] >= RANK[package]
            ):
                problems.append(
                    f"{where(imp)}: courtinfo.{package} may import only packages of earlier rows "
                    f"of LAYERS, and courtinfo.{target} is not one"
                )
    return sorted(set(problems))


def cycles(known: dict[str, Path]) -> list[list[str]]:
    """The import cycles among modules (strongly connected components of more than one module).

    Imports inside functions count (they only put a cycle off until the call); imports under
    `if TYPE_CHECKING:` do not, as they never run.
    """
    graph = {
        m: sorted(
            {i.module for i in imports_of(m, known) if i.module in known and not i.typing_only}
            - {m}
        )
        for m in known
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph[node]:
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_every_package_has_a_row_and_every_row_package_a_face() -> None:
    known = modules()
    packages = {package_of(m) for m in known} - {TOP}
    assert packages - set(RANK) == set()
    # the packages of the flow in docs/design.md exist
    for package in (
        "base",
        "periods",
        "org",
        "data",
        "formulas",
        "convert",
        "indicators",
        "evaluation",
        "synthetic",
        "io",
        "report",
        "cli",
    ):
        assert f"courtinfo.{package}" in known


def test_imports_point_one_way_through_faces() -> None:
    assert layout_problems(modules()) == []


def test_no_import_cycle() -> None:
    assert cycles(modules()) == []


# The checks themselves, on a small tree of modules written for the purpose.


def write(tmp: Path, files: dict[str, str]) -> dict[str, Path]:
    for name, text in files.items():
        path = tmp / "courtinfo" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {module_name_in(tmp, p): p for p in sorted((tmp / "courtinfo").rglob("*.py"))}


def module_name_in(tmp: Path, path: Path) -> str:
    parts = path.relative_to(tmp).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.fixture
def tree(tmp_path: Path) -> dict[str, str]:
    return {
        "__init__.py": "from courtinfo.data import Value\n",
        "base/__init__.py": "from courtinfo.base._errors import Oops\n",
        "base/_errors.py": "class Oops(Exception): ...\n",
        "data/__init__.py": "from courtinfo.data._values import Value\n",
        "data/_values.py": "from courtinfo.base import Oops\nValue = 1\n",
        "data/_cells.py": "from ._values import Value\n",
    }


def test_a_clean_tree_passes(tmp_path: Path, tree: dict[str, str]) -> None:
    known = write(tmp_path, tree)
    assert layout_problems(known) == []
    assert cycles(known) == []


def test_a_private_reach_is_caught_even_inside_a_function(
    tmp_path: Path, tree: dict[str, str]
) -> None:
    tree["data/_cells.py"] = "def f():\n    from courtinfo.base._errors import Oops\n"
    problems = layout_problems(write(tmp_path, tree))
    assert problems == [
        "courtinfo.data._cells:2 imports courtinfo.base._errors import Oops: "
        "a private part of courtinfo.base; use its face"
    ]


def test_a_private_name_from_a_face_is_caught(tmp_path: Path, tree: dict[str, str]) -> None:
    tree["data/_cells.py"] = "from courtinfo.base import _hidden\n"
    assert layout_problems(write(tmp_path, tree)) == [
        "courtinfo.data._cells:1 imports courtinfo.base import _hidden: "
        "a private part of courtinfo.base; use its face"
    ]


def test_a_backward_import_is_caught(tmp_path: Path, tree: dict[str, str]) -> None:
    tree["base/_errors.py"] = "import courtinfo.data\n"
    problems = layout_problems(write(tmp_path, tree))
    assert problems == [
        "courtinfo.base._errors:1 imports courtinfo.data: courtinfo.base may import only packages "
        "of earlier rows of LAYERS, and courtinfo.data is not one"
    ]


def test_a_package_of_the_same_row_is_refused(tmp_path: Path, tree: dict[str, str]) -> None:
    tree["synthetic/__init__.py"] = "from courtinfo.evaluation import x\n"
    tree["evaluation/__init__.py"] = "x = 1\n"
    problems = layout_problems(write(tmp_path, tree))
    assert problems == [
        "courtinfo.synthetic:1 imports courtinfo.evaluation import x: courtinfo.synthetic may "
        "import only packages of earlier rows of LAYERS, and courtinfo.evaluation is not one"
    ]


def test_an_unknown_package_and_the_top_are_refused(tmp_path: Path, tree: dict[str, str]) -> None:
    tree["extra/__init__.py"] = "from courtinfo import Value\n"
    problems = layout_problems(write(tmp_path, tree))
    assert problems == [
        "courtinfo.extra:1 imports courtinfo import Value: only `courtinfo/__init__` re-exports; "
        "import the package",
        "package courtinfo.extra is in no row of LAYERS in tests/test_layout.py "
        "(add it there and to the flow in docs/design.md)",
    ]


def test_a_cycle_within_a_package_is_caught(tmp_path: Path, tree: dict[str, str]) -> None:
    tree["data/_values.py"] = "def f():\n    from courtinfo.data._cells import g\nValue = 1\n"
    tree["data/_cells.py"] = "from ._values import Value\ng = 1\n"
    assert cycles(write(tmp_path, tree)) == [["courtinfo.data._cells", "courtinfo.data._values"]]


def test_a_type_checking_import_makes_no_cycle(tmp_path: Path, tree: dict[str, str]) -> None:
    tree["data/_values.py"] = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from courtinfo.data._cells import g\n"
        "Value = 1\n"
    )
    tree["data/_cells.py"] = "from ._values import Value\ng = 1\n"
    assert cycles(write(tmp_path, tree)) == []
    tree["data/_values.py"] = tree["data/_values.py"].replace("TYPE_CHECKING:", "True:", 1)
    assert cycles(write(tmp_path, tree)) == [["courtinfo.data._cells", "courtinfo.data._values"]]


def test_a_module_importing_its_own_face_makes_a_cycle(
    tmp_path: Path, tree: dict[str, str]
) -> None:
    tree["data/_cells.py"] = "from courtinfo.data import Value\n"
    tree["data/__init__.py"] = (
        "from courtinfo.data._values import Value\nfrom courtinfo.data._cells import *\n"
    )
    assert cycles(write(tmp_path, tree)) == [["courtinfo.data", "courtinfo.data._cells"]]


def mirror_test(module: Path) -> Path:
    """The test file of a module: `courtinfo/<pkg>/_name.py` -> `tests/<pkg>/test_name.py`."""
    rel = module.relative_to(ROOT)
    name = "test_" + rel.stem.removeprefix("_") + ".py"
    return ROOT.parent / "tests" / rel.parent / name


def test_every_module_has_its_mirror_test_file() -> None:
    modules = [
        p
        for p in sorted(ROOT.rglob("*.py"))
        # A package's face only re-exports, `__main__` only calls `main`: their modules' tests
        # are theirs. Modules directly under courtinfo/ have none but these two.
        if p.name not in ("__init__.py", "__main__.py")
    ]
    missing = [str(m.relative_to(ROOT.parent)) for m in modules if not mirror_test(m).is_file()]
    assert missing == [], "modules without tests/<pkg>/test_<module>.py: " + ", ".join(missing)
    assert mirror_test(ROOT / "formulas" / "ratio.py").name == "test_ratio.py"
