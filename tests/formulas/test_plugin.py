"""A third-party formula found through the ``courtinfo.formulas`` entry-point group.

The plugin lives in tests/plugin (an installable distribution, ``courtinfo-test-plugin``).
Each test makes it visible to importlib.metadata in a temporary directory put on sys.path,
in one of two ways, and never touches the environment the tests run in:

* ``dist-info``: a ``*.dist-info`` folder written from the plugin's pyproject.toml
  (fast, needs nothing but the standard library);
* ``pip``: ``pip install --no-deps --no-build-isolation --no-index --target <tmp>`` of the
  plugin's source, which checks the distribution really builds and installs (skipped when
  pip, setuptools >= 61 or a bdist_wheel command (setuptools >= 70.1, or the wheel
  package) is missing, as building offline needs them).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import math
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from courtinfo.base._errors import FormulaError, UnknownNameError
from courtinfo.formulas import Formula, Status, registry
from courtinfo.indicators import scheme_from_data, scheme_to_data

PLUGIN_DIR = Path(__file__).resolve().parents[1] / "plugin"
MODULE = "courtinfo_test_plugin"
NAME = "share_of_target"


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((PLUGIN_DIR / "pyproject.toml").read_text(encoding="utf-8"))


def _write_dist_info(site: Path) -> None:
    """What an installer would leave: the module and a dist-info with its entry points."""
    project = _pyproject()["project"]
    shutil.copy(PLUGIN_DIR / f"{MODULE}.py", site)
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
        encoding="utf-8",
    )
    lines = []
    for group, entries in project["entry-points"].items():
        lines.append(f"[{group}]")
        lines += [f"{name} = {target}" for name, target in entries.items()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _version(dist: str) -> tuple[int, ...] | None:
    try:
        version = importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None
    return tuple(int(p) for p in version.split(".")[:2] if p.isdigit())


def _pip_install(site: Path, work: Path) -> None:
    if importlib.util.find_spec("pip") is None:
        pytest.skip("pip is not available in this interpreter")
    setuptools = _version("setuptools")
    if setuptools is None or setuptools < (61,):
        pytest.skip("building the plugin offline needs setuptools >= 61 in this interpreter")
    if setuptools < (70, 1) and _version("wheel") is None:
        pytest.skip("building the plugin offline needs the wheel package with setuptools < 70.1")
    # Build from a copy so that the build leaves no build/ or *.egg-info in the source tree.
    src = work / "src"
    shutil.copytree(
        PLUGIN_DIR, src, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--no-cache-dir",
        "--disable-pip-version-check",
        "--quiet",
        "--target",
        str(site),
        str(src),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, f"pip install failed:\n{proc.stdout}\n{proc.stderr}"


def _forget_plugin() -> None:
    """The registry and the import system as if the plugin had never been seen."""
    registry.remove(NAME)
    sys.modules.pop(MODULE, None)
    registry._entry_points_loaded = False
    importlib.invalidate_caches()


@pytest.fixture(scope="module", params=["dist-info", "pip"])
def plugin_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the installed plugin, made once per way of installing it."""
    site = tmp_path_factory.mktemp(f"plugin-{request.param}")
    if request.param == "dist-info":
        _write_dist_info(site)
    else:
        _pip_install(site, tmp_path_factory.mktemp("plugin-src"))
    return site


@pytest.fixture
def plugin_site(plugin_build: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The plugin on sys.path for one test, and the registry fresh before and after."""
    _forget_plugin()
    monkeypatch.syspath_prepend(str(plugin_build))  # also invalidates the import caches
    yield plugin_build
    _forget_plugin()  # before monkeypatch takes the directory off sys.path again


def _scheme_data(target: object = 0.2) -> dict[str, Any]:
    # Jiaozuo (焦中法〔2022〕77号) 网上阅卷: 案均网上阅卷数达到0.2以上.
    return {
        "code": "jiaozuo-review",
        "title_zh": "网上阅卷考核",
        "title_en": "Online file review",
        "issuer": "焦作市中级人民法院",
        "document": "焦中法〔2022〕77号",
        "date": "2022-07-28",
        "inputs": [
            {"id": "reviews", "label_zh": "网上阅卷数", "kind": "count"},
            {"id": "cases", "label_zh": "案件数", "kind": "count"},
        ],
        "indicators": [
            {
                "code": "review_target",
                "name_zh": "案均网上阅卷数达标程度",
                "name_en": "Share of the per-case online review target reached",
                "category": "review",
                "unit": "percentage",
                "formula": {
                    "kind": NAME,
                    "numerator": "reviews",
                    "denominator": "cases",
                    "target": target,
                },
            }
        ],
    }


def test_plugin_is_found_through_its_entry_point(plugin_site: Path) -> None:
    module = importlib.import_module(MODULE)
    assert Path(module.__file__ or "").parent == plugin_site
    cls = module.ShareOfTarget
    assert issubclass(cls, Formula)
    assert cls.kind == ""  # not registered by the module itself: no @register

    assert registry.get(NAME) is cls
    assert cls.kind == NAME
    assert registry.origin(NAME) == f"entry point {MODULE}:ShareOfTarget"
    assert NAME in registry.names()


def test_names_lists_the_plugin(plugin_site: Path) -> None:
    assert NAME in registry.names()
    assert registry.origin(NAME).startswith("entry point ")


def test_a_scheme_uses_the_plugin(plugin_site: Path) -> None:
    scheme = scheme_from_data(_scheme_data(), source="jiaozuo.toml")
    formula = scheme.indicator("review_target").formula
    assert type(formula) is registry.get(NAME)
    assert formula.references() == ("reviews", "cases")
    out = formula.evaluate(
        {"reviews": [30, 30, 45, 0, 5, math.nan], "cases": [200, 150, 150, 0, 100, 10]}
    )
    # 30 / 200 = 0.15 per case; 0.15 / 0.2 = 0.75 of the target
    # 30 / 150 = 0.2 per case: the target exactly → 1.0
    # 45 / 150 = 0.3 per case: 1.5 of the target, capped → 1.0
    # 0 cases: no answer (NAP)
    # 5 / 100 = 0.05 per case: 0.05 / 0.2 = 0.25
    # reviews not reported: NA
    np.testing.assert_allclose(
        out.value, [0.75, 1.0, 1.0, math.nan, 0.25, math.nan], rtol=0, atol=1e-12
    )
    ok, na, nap = Status.OK, Status.NOT_PROVIDED, Status.ZERO_DENOMINATOR
    np.testing.assert_array_equal(out.status, [ok, ok, ok, nap, ok, na])
    # And back to data under its entry-point name.
    data = scheme_to_data(scheme)
    assert data["indicators"][0]["formula"] == {
        "kind": NAME,
        "numerator": "reviews",
        "denominator": "cases",
        "target": 0.2,
    }
    assert scheme_from_data(data) == scheme


def test_plugin_parameters_are_checked_like_the_built_ins(plugin_site: Path) -> None:
    from courtinfo import SchemeValidationError

    with pytest.raises(SchemeValidationError, match=r"indicators\[0\]\.formula"):
        scheme_from_data(_scheme_data(target=0))


def test_without_the_plugin_the_kind_is_unknown() -> None:
    from courtinfo import SchemeValidationError

    if any(
        ep.name == NAME for ep in importlib.metadata.entry_points(group=registry.ENTRY_POINT_GROUP)
    ):
        pytest.skip("courtinfo-test-plugin is installed in this environment")
    _forget_plugin()
    with pytest.raises(SchemeValidationError, match=f"unknown formula '{NAME}'"):
        scheme_from_data(_scheme_data())


def test_a_broken_plugin_is_reported_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = tmp_path / "broken_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[courtinfo.formulas]\nbroken_formula = no_such_module_for_courtinfo:Nothing\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry._entry_points_loaded = False
    try:
        with pytest.raises(FormulaError, match="broken_formula") as exc:
            registry.names()
        assert "no_such_module_for_courtinfo:Nothing" in str(exc.value)
    finally:
        registry.remove("broken_formula")
        registry._entry_points_loaded = False
        importlib.invalidate_caches()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("raise SystemExit(3)", "SystemExit: 3"),
        ("import sys\nsys.exit('plugin gave up')", "SystemExit: plugin gave up"),
        ("raise SystemExit", "SystemExit"),
        ("1 / 0", "ZeroDivisionError: division by zero"),
        ("raise GeneratorExit('odd')", "GeneratorExit: odd"),
        ("raise ImportError('needs scipy')", "ImportError: needs scipy"),
    ],
)
def test_a_plugin_raising_anything_on_import_is_reported_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, reason: str
) -> None:
    module = f"courtinfo_exiting_plugin_{abs(hash(body))}"
    (tmp_path / f"{module}.py").write_text(body + "\n")
    info = tmp_path / "exiting_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: exiting-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[courtinfo.formulas]\nexiting = {module}:Formula\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry._entry_points_loaded = False
    try:
        with pytest.raises(FormulaError) as exc:
            registry.names()
        assert str(exc.value) == (
            f"formula plugin 'exiting' ({module}:Formula) failed to load: {reason}"
        )
        # The plugin's failure hides no scheme error: a misspelt formula is still named.
        with pytest.raises(UnknownNameError) as unknown:
            registry.get("ratoi")
        assert str(unknown.value).startswith("unknown formula 'ratoi'; did you mean 'ratio'")
        assert registry.get("ratio").kind == "ratio"
    finally:
        registry.remove("exiting")
        registry._entry_points_loaded = False
        sys.modules.pop(module, None)
        importlib.invalidate_caches()


@pytest.mark.parametrize("name", [None, "", 3])
def test_register_refuses_a_name_that_is_no_name(name: object) -> None:
    with pytest.raises(FormulaError) as exc:
        registry.register(name)  # type: ignore[arg-type]
    assert str(exc.value) == (
        f"register: name must be a formula name (a non-empty str); got {name!r} of type "
        f"{type(name).__name__}"
    )
