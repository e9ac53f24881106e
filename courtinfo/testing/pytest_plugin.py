"""pytest fixtures for code that feeds courtinfo (installed with ``courtinfo[testing]``).

pytest loads this plug-in through the ``pytest11`` entry point. Without hypothesis (the
``testing`` extra not installed) it defines nothing, so it never gets in the way.

* ``courtinfo_scheme``: a shipped scheme (or a scheme file): the one named by
  ``@pytest.mark.courtinfo_scheme("shanghai-2022")`` or by the ini option ``courtinfo_scheme``;
  with neither, a test that asks for it runs once per shipped scheme.
* ``courtinfo_synthetic``: a small synthetic court tree for that scheme (an intermediate court
  over two basic courts, three departments each, two periods) with its data
  (`courtinfo.synthetic.Synthetic`); ``courtinfo_court_tree`` and ``courtinfo_dataset`` are
  its tree and its data as a `Dataset`.
* ``courtinfo_data_file``: that dataset written to a temporary file, once per file format
  courtinfo reads (`DATA_FORMATS`: JSON, CSV, .xlsx with openpyxl, Parquet with pyarrow),
  through `courtinfo.save_dataset`.
* ``courtinfo_database``: that dataset in a temporary sqlite3 database file, table
  ``snapshots`` (`DATABASE_TABLE`) laid out as the CSV, through
  `courtinfo.sources.dataset_to_sql`; read it with
  ``from_query(sqlite3.connect(path), "SELECT * FROM snapshots")``.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest

from courtinfo.data import Dataset
from courtinfo.indicators import Scheme, resolve_scheme, schemes
from courtinfo.io import dataset_to_sql, save_dataset
from courtinfo.org import CourtTree
from courtinfo.synthetic import Synthetic
from courtinfo.testing._golden import small_synthetic

#: The file suffixes `courtinfo_data_file` writes, one test run each: JSON and CSV, .xlsx when
#: openpyxl is installed (``courtinfo[excel]``) and Parquet when pyarrow is (``courtinfo[arrow]``).
DATA_FORMATS = (
    (".json", ".csv")
    + ((".xlsx",) if importlib.util.find_spec("openpyxl") is not None else ())
    + ((".parquet",) if importlib.util.find_spec("pyarrow") is not None else ())
)

#: The table `courtinfo_database` holds the snapshots in.
DATABASE_TABLE = "snapshots"

try:
    import hypothesis  # noqa: F401  (only whether the extra is installed)
except ImportError:
    ACTIVE = False
else:
    ACTIVE = True
"""Whether the ``testing`` extra is installed (hypothesis importable): else no fixtures."""

_MARK = "courtinfo_scheme"


def _chosen_scheme(node: pytest.Item | pytest.FixtureRequest, config: pytest.Config) -> str | None:
    marker = (
        node.node.get_closest_marker(_MARK) if isinstance(node, pytest.FixtureRequest) else None
    )
    if marker is None and isinstance(node, pytest.Item):
        marker = node.get_closest_marker(_MARK)
    if marker is not None and marker.args:
        return str(marker.args[0])
    value = config.getini(_MARK)
    return str(value) if value else None


if ACTIVE:

    def pytest_addoption(parser: pytest.Parser) -> None:
        parser.addini(
            _MARK,
            "the scheme (a shipped code or a scheme file) the courtinfo_scheme fixture gives",
            default="",
        )

    def pytest_configure(config: pytest.Config) -> None:
        config.addinivalue_line(
            "markers", f"{_MARK}(code): the scheme the courtinfo_scheme fixture gives this test"
        )

    def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
        if _MARK not in metafunc.fixturenames:
            return
        marker = metafunc.definition.get_closest_marker(_MARK)
        if (marker is not None and marker.args) or metafunc.config.getini(_MARK):
            return
        metafunc.parametrize(_MARK, schemes(), indirect=True)

    @pytest.fixture
    def courtinfo_scheme(request: pytest.FixtureRequest) -> Scheme:
        """The scheme under test: the marker's, the ini option's, or each shipped one."""
        code = getattr(request, "param", None) or _chosen_scheme(request, request.config)
        if code is None:  # pragma: no cover - pytest_generate_tests parametrizes instead
            code = schemes()[0]
        return resolve_scheme(code)

    @pytest.fixture
    def courtinfo_synthetic(courtinfo_scheme: Scheme) -> Synthetic:
        """A small synthetic court tree with its departments and data for the scheme."""
        return small_synthetic(courtinfo_scheme)

    @pytest.fixture
    def courtinfo_court_tree(courtinfo_synthetic: Synthetic) -> CourtTree:
        """The court tree of `courtinfo_synthetic`."""
        return courtinfo_synthetic.tree

    @pytest.fixture
    def courtinfo_dataset(courtinfo_synthetic: Synthetic) -> Dataset:
        """`courtinfo_synthetic` as a dataset: snapshots, courts and departments."""
        return Dataset(
            courtinfo_synthetic.batch.to_snapshots(),
            courts=tuple(courtinfo_synthetic.tree.courts),
            departments=courtinfo_synthetic.departments,
        )

    @pytest.fixture(params=DATA_FORMATS, ids=[s.lstrip(".") for s in DATA_FORMATS])
    def courtinfo_data_file(
        request: pytest.FixtureRequest, tmp_path: Path, courtinfo_dataset: Dataset
    ) -> Path:
        """`courtinfo_dataset` saved to a temporary file, once per format courtinfo reads."""
        path = tmp_path / f"data{request.param}"
        save_dataset(courtinfo_dataset, path)
        return path

    @pytest.fixture
    def courtinfo_database(tmp_path: Path, courtinfo_dataset: Dataset) -> Path:
        """`courtinfo_dataset` in a sqlite3 database file, table `DATABASE_TABLE`."""
        path = tmp_path / "courtinfo.db"
        connection = sqlite3.connect(path)
        try:
            dataset_to_sql(courtinfo_dataset, connection, DATABASE_TABLE)
        finally:
            connection.close()
        return path
