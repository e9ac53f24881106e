"""Lazy package faces: each name imported from its module when first used, the same names
as the face's `__all__` and its imports for type checkers."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from courtinfo.base import lazy_face

ROOT = Path(__file__).resolve().parents[2] / "courtinfo"


def _lazy_faces() -> list[Path]:
    return sorted(p for p in ROOT.rglob("__init__.py") if "lazy_face(" in p.read_text("utf-8"))


def _face_names(path: Path) -> tuple[dict[str, set[str]], dict[str, set[str]], list[str]]:
    """Per module, the names imported under TYPE_CHECKING and those given to `lazy_face`;
    and `__all__`, as written in the face."""
    tree = ast.parse(path.read_text("utf-8"))
    package = ".".join(path.relative_to(ROOT.parent).parent.parts)
    typed: dict[str, set[str]] = {}
    lazy: dict[str, set[str]] = {}
    listed: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module
                typed.setdefault(imp.module, set()).update(a.name for a in imp.names)
            call = node.orelse[0].value  # type: ignore[attr-defined]
            assert call.func.id == "lazy_face"
            for key, names in zip(call.args[1].keys, call.args[1].values, strict=True):
                module = importlib.util.resolve_name(key.value, package)
                lazy[module] = {n.value for n in names.elts}
        elif isinstance(node, ast.Assign) and node.targets[0].id == "__all__":  # type: ignore[attr-defined]
            listed = [e.value for e in node.value.elts]  # type: ignore[attr-defined]
    return typed, lazy, listed


def test_the_command_line_and_the_package_faces_are_lazy() -> None:
    faces = {str(p.relative_to(ROOT.parent)) for p in _lazy_faces()}
    assert {
        "courtinfo/__init__.py",
        "courtinfo/io/__init__.py",
        "courtinfo/report/__init__.py",
    } <= faces


@pytest.mark.parametrize("path", _lazy_faces(), ids=lambda p: str(p.relative_to(ROOT.parent)))
def test_a_lazy_face_lists_each_name_once_in_all_three_places(path: Path) -> None:
    typed, lazy, listed = _face_names(path)
    assert typed == lazy
    every = [n for names in lazy.values() for n in names]
    assert len(every) == len(set(every))
    assert listed == sorted(listed, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
    assert set(listed) == set(every)
    face = importlib.import_module(".".join(path.relative_to(ROOT.parent).parent.parts))
    for module, names in lazy.items():
        source = importlib.import_module(module)
        for name in names:
            assert getattr(face, name) is getattr(source, name), (module, name)
    assert set(listed) <= set(dir(face))


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(*sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {m for m in out.stdout.split() if m.startswith("courtinfo")}


def test_import_courtinfo_loads_the_foundations_only() -> None:
    assert _loaded_after("import courtinfo") <= {"courtinfo"} | {
        m for m in sys.modules if m.startswith("courtinfo.base")
    }
    # A name is imported with its module, and what that module needs.
    loaded = _loaded_after("from courtinfo import Period")
    assert "courtinfo.periods._period" in loaded and "courtinfo.evaluation" not in loaded


def test_the_command_line_loads_no_report_it_does_not_run() -> None:
    loaded = _loaded_after("import courtinfo.cli")
    for module in ("_bulletin", "_ranking", "_score", "_docx", "_xlsx", "_trend", "_explain"):
        assert f"courtinfo.report.{module}" not in loaded
    assert "courtinfo.report._export" in loaded  # CSV and JSON: written by most runs
    assert "courtinfo.report._bulletin" in _loaded_after(
        "from courtinfo.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stderr(io.StringIO()):\n"
        "    main(['bulletin', '--scheme', 'spc-2019', '--court', 'x', '--week', '2022-W1', '/no/such'])"
    )


def test_an_unknown_name_is_an_attribute_error() -> None:
    getattr_, dir_ = lazy_face("courtinfo.base", {".": ("lazy_face",)})
    assert getattr_("lazy_face") is lazy_face
    assert "lazy_face" in dir_()
    with pytest.raises(AttributeError, match=r"module 'courtinfo\.report' has no attribute 'bulletn'"):
        import courtinfo.report

        _ = courtinfo.report.bulletn  # type: ignore[attr-defined]
    with pytest.raises(ImportError, match="cannot import name 'bulletn'"):
        exec("from courtinfo.report import bulletn", {})
