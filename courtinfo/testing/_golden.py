"""Golden results: every shipped scheme on its example data, with the results expected."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from courtinfo.base import UnknownNameError
from courtinfo.data import Dataset
from courtinfo.evaluation import Results, evaluate
from courtinfo.indicators import Scheme, get_scheme, schemes
from courtinfo.io import dataset_from_data, dataset_to_data, load_dataset
from courtinfo.synthetic import Synthetic, generate
from courtinfo.testing._compare import ExpectedResults, results_differences

#: Where the golden files live, inside the package.
GOLDEN_DIR = Path(__file__).parent / "golden"

#: The command that writes the golden files again, run from a checkout of the repository.
REGENERATE = "python -m courtinfo.testing golden --write"

#: The example data of each shipped scheme, relative to the repository; a scheme not listed
#: gets seeded synthetic data (`synthetic_dataset`), kept in its golden file.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "spc-2019": ("examples/data/changqing-2019.json",),
    "shanghai-2022": (
        "examples/data/jiading-2022.json",
        "examples/data/shanghai-2nd-2022-W21.json",
    ),
}

#: The seed of the synthetic data of schemes without example data.
SEED = 2026

#: Golden values are compared within this relative tolerance, so that another platform's
#: last-bit rounding does not fail them; anything a formula change makes is far larger.
RTOL = 1e-12


@attrs.frozen(eq=False)
class GoldenCase:
    """One data set of a scheme and the results expected of it."""

    scheme: str
    name: str
    source: str
    dataset: Dataset
    expected: ExpectedResults

    def evaluate(self) -> Results:
        """The data set evaluated by this courtinfo."""
        return evaluate(get_scheme(self.scheme), self.dataset)

    def check(self, results: Results | None = None, *, rtol: float = RTOL) -> None:
        """Raise AssertionError unless `results` (default: `evaluate()`) are the expected."""
        got = self.evaluate() if results is None else results
        text = results_differences(got, self.expected, rtol=rtol)
        if text is not None:
            msg = (
                f"golden results of {self.scheme} on {self.name} ({self.source}): {text}\n"
                f"If the change is intended, regenerate the golden files: {REGENERATE}"
            )
            raise AssertionError(msg)


@attrs.frozen(eq=False)
class Golden:
    """A shipped scheme's golden data sets (`cases`), each with its expected results."""

    scheme: str
    cases: tuple[GoldenCase, ...]

    def case(self, name: str) -> GoldenCase:
        """The case named `name` (its data file's name, such as ``jiading-2022``)."""
        for c in self.cases:
            if c.name == name:
                return c
        raise UnknownNameError("golden data set", name, [c.name for c in self.cases])

    def check(self, *, rtol: float = RTOL) -> None:
        """Evaluate every case and raise AssertionError where results differ."""
        for c in self.cases:
            c.check(rtol=rtol)

    def to_data(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "regenerate": REGENERATE,
            "cases": [
                {
                    "name": c.name,
                    "source": c.source,
                    "dataset": dataset_to_data(c.dataset),
                    "expected": c.expected.to_data(),
                }
                for c in self.cases
            ],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any], source: str = "<golden>") -> Golden:
        scheme = str(data["scheme"])
        return cls(
            scheme,
            tuple(
                GoldenCase(
                    scheme=scheme,
                    name=str(c["name"]),
                    source=str(c["source"]),
                    dataset=dataset_from_data(c["dataset"], f"{source}: {c['name']}"),
                    expected=ExpectedResults.from_data(c["expected"]),
                )
                for c in data["cases"]
            ),
        )


def golden_path(scheme: str) -> Path:
    """The golden file of a shipped scheme."""
    return GOLDEN_DIR / f"{scheme}.json"


def golden(scheme: str) -> Golden:
    """The golden data sets of a shipped scheme and the results expected of them.

    ``golden("spc-2019").cases[0]`` is Changqing's 2019 answers (`dataset`) and their
    expected results (`expected`); feed the dataset through your integration and compare
    what comes out with `assert_results_equal(results, case.expected)`.
    """
    if scheme not in schemes():
        get_scheme(scheme)  # UnknownNameError with close matches
    path = golden_path(scheme)
    if not path.exists():
        raise UnknownNameError("golden scheme", scheme, [p.stem for p in GOLDEN_DIR.glob("*.json")])
    return Golden.from_data(json.loads(path.read_text(encoding="utf-8")), str(path))


def small_synthetic(
    scheme: Scheme,
    seed: int = 0,
    *,
    missing: float = 0.002,
    zero_denominators: float = 0.005,
) -> Synthetic:
    """Two basic courts under an intermediate court (and their high court), three departments
    each, two weeks (or more periods of a coarser scheme, cut to two by callers that want two)."""
    return generate(
        scheme,
        provinces=1,
        cities_per_province=1,
        basic_per_city=2,
        supreme=False,
        departments=3,
        weeks=2,
        missing=missing,
        zero_denominators=zero_denominators,
        seed=seed,
        threads=1,
    )


def synthetic_dataset(scheme: str, seed: int = SEED) -> Dataset:
    """Seeded synthetic data for a scheme without example data: two basic courts under an
    intermediate court, three departments each, two periods, a few gaps and zeros."""
    syn = small_synthetic(get_scheme(scheme), seed, missing=0.05, zero_denominators=0.05)
    snaps = syn.batch.to_snapshots()
    periods = sorted({s.period for s in snaps})[:2]
    return Dataset(
        [s for s in snaps if s.period in periods],
        courts=tuple(syn.tree.courts),
        departments=syn.departments,
    )


def build(scheme: str, root: Path, *, redraw: bool = False) -> Golden:
    """A scheme's golden data: its example files under `root`, or its synthetic data (kept
    from the present golden file unless `redraw`), evaluated by this courtinfo."""
    cases: list[tuple[str, str, Dataset]] = []
    if scheme in EXAMPLES:
        for rel in EXAMPLES[scheme]:
            cases.append((Path(rel).stem, rel, load_dataset(root / rel)))
    else:
        source = f"courtinfo.testing.synthetic_dataset({scheme!r}, seed={SEED})"
        path = golden_path(scheme)
        if path.exists() and not redraw:
            old = Golden.from_data(json.loads(path.read_text(encoding="utf-8")), str(path))
            cases += [(c.name, c.source, c.dataset) for c in old.cases]
        else:
            cases.append((f"synthetic-{SEED}", source, synthetic_dataset(scheme)))
    sch = get_scheme(scheme)
    return Golden(
        scheme,
        tuple(
            GoldenCase(scheme, name, src, ds, ExpectedResults.from_results(evaluate(sch, ds)))
            for name, src, ds in cases
        ),
    )


def write(golden: Golden) -> Path:
    """Write a golden file atomically (a temporary file renamed into place)."""
    path = golden_path(golden.scheme)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(golden.to_data(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a package file is read by all
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def main(argv: Sequence[str]) -> int:
    """``golden --write``: regenerate every golden file; ``golden --check``: compare."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m courtinfo.testing golden",
        description="Regenerate or check the golden results of the shipped schemes.",
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="evaluate and write the files")
    action.add_argument("--check", action="store_true", help="evaluate and compare")
    parser.add_argument("--root", default=".", help="the repository checkout (examples/data)")
    parser.add_argument("--redraw", action="store_true", help="draw synthetic data afresh")
    parser.add_argument("schemes", nargs="*", help="schemes (default: every shipped one)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    failed = 0
    for code in args.schemes or schemes():
        if args.write:
            path = write(build(code, root, redraw=args.redraw))
            print(f"wrote {path}")
            continue
        try:
            golden(code).check()
        except AssertionError as exc:
            failed += 1
            print(exc)
        else:
            print(f"{code}: golden results agree")
    return 1 if failed else 0
