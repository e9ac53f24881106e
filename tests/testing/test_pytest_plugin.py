"""The pytest plug-in: its fixtures in a vendor's test run (a pytest subprocess)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from courtinfo.indicators import schemes

TESTS = """
import sqlite3
import pytest
from courtinfo import evaluate, load_dataset
from courtinfo.sources import from_query

def test_each_shipped_scheme(courtinfo_scheme, courtinfo_court_tree, courtinfo_synthetic):
    assert len(courtinfo_court_tree) == 4  # a high court, an intermediate court, two basic
    results = evaluate(courtinfo_scheme, courtinfo_synthetic.batch, courts=courtinfo_court_tree)
    assert len(results) == len(courtinfo_synthetic.batch) > 0
    print("scheme", courtinfo_scheme.code)

@pytest.mark.courtinfo_scheme("spc-2019")
def test_marked(courtinfo_scheme, courtinfo_data_file, courtinfo_dataset):
    assert courtinfo_scheme.code == "spc-2019"
    assert load_dataset(courtinfo_data_file).snapshots == courtinfo_dataset.snapshots
    print("file", courtinfo_data_file.suffix)

@pytest.mark.courtinfo_scheme("shanghai-2022")
def test_database(courtinfo_scheme, courtinfo_database, courtinfo_dataset):
    connection = sqlite3.connect(courtinfo_database)
    batch = from_query(connection, "SELECT * FROM snapshots", scheme=courtinfo_scheme)
    connection.close()
    assert tuple(batch.to_snapshots()) == courtinfo_dataset.snapshots
    print("database rows", len(batch))
"""


def run(tmp_path: Path, *args: str) -> str:
    (tmp_path / "test_vendor.py").write_text(TESTS, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-o",
            "addopts=",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            *args,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_fixtures_run_once_per_shipped_scheme_and_format(tmp_path: Path) -> None:
    out = run(tmp_path)
    assert sorted(re.findall(r"scheme (\S+)", out)) == sorted(schemes())
    assert sorted(re.findall(r"file (\S+)", out)) == [".csv", ".json", ".parquet", ".xlsx"]
    # 4 courts (high, intermediate, two basic) x 3 departments x 2 weeks
    assert re.findall(r"database rows (\d+)", out) == ["24"]
    assert f"{len(schemes()) + 4 + 1} passed" in out


def test_the_ini_option_chooses_the_scheme(tmp_path: Path) -> None:
    out = run(tmp_path, "-o", "courtinfo_scheme=shanghai-2022", "-k", "each_shipped")
    assert re.findall(r"scheme (\S+)", out) == ["shanghai-2022"]
