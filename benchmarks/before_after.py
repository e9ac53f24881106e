"""The CLI's table and Markdown output and Parquet loading, against an earlier version.

    python benchmarks/before_after.py                          # this version alone
    python benchmarks/before_after.py --before ../old-checkout # interleaved A B A B ...
    python benchmarks/before_after.py --scale small --rounds 2 --json

Data (`shanghai-2022`, synthetic): one national week saved as CSV (3,504 courts x 20
departments = 70,080 department-weeks, 1,401,600 result lines) and the whole year saved as
Parquet (52 weeks, 3,644,160 rows); `--data DIR` keeps both there and reuses them.

Each round runs, each in a fresh process: ``courtinfo evaluate --format table`` and
``--format markdown`` on the week (written to a file), and ``load_dataset`` of the Parquet
file; with ``--before DIR`` (a checkout of an earlier version: its ``courtinfo`` is put first
on ``PYTHONPATH``) each is run by the earlier version right before this one, and the outputs
are checked byte for byte the same. Times are CPU time (user + system of the child: steady on
a machine shared with other work) and wall time; each ratio is the median of the per-round
ratios, with its min and max, and the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import courtinfo
from courtinfo import Dataset, save_dataset
from courtinfo.indicators import get_scheme
from courtinfo.synthetic import generate, national

#: What the year is loaded by, in a child process: it prints its own CPU and wall time.
LOAD = (
    "import sys, time, json\n"
    "from courtinfo import evaluate, load_dataset\n"
    "c, t = time.process_time(), time.perf_counter()\n"
    "ds = load_dataset(sys.argv[1])\n"
    "cpu, wall = time.process_time() - c, time.perf_counter() - t\n"
    "evaluate('shanghai-2022', ds)\n"
    "both = time.process_time() - c\n"
    "print(json.dumps({'cpu_s': cpu, 'wall_s': wall, 'rows': len(ds.batch()), 'both_cpu_s': both}))\n"
)


def _env(tree: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], tree: Path | None) -> tuple[float, float, bytes]:
    """Wall time, CPU time and standard output of `python args` run by `tree`'s courtinfo."""
    cpu, t = _children_cpu(), time.perf_counter()
    # Run from the temporary directory: Python puts the working directory first on the path.
    done = subprocess.run(
        [sys.executable, *args],
        env=_env(tree),
        cwd=tempfile.gettempdir(),
        capture_output=True,
        check=False,
    )
    wall, used = time.perf_counter() - t, _children_cpu() - cpu
    if done.returncode != 0:
        msg = f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}"
        raise RuntimeError(msg)
    return wall, used, done.stdout


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _version_of(tree: Path | None) -> str:
    code = "import courtinfo, sys; sys.stdout.write(courtinfo.__file__)"
    return _run(["-c", code], tree)[2].decode()


def data_files(scale: str, seed: int, where: Path) -> tuple[Path, Path]:
    """The week as CSV and the year as Parquet, written once into `where`."""
    s = get_scheme("shanghai-2022")
    week, year = where / f"week-{scale}-{seed}.csv", where / f"year-{scale}-{seed}.parquet"
    if not week.exists() or not year.exists():
        if scale == "national":
            data = national(s, seed=seed)
        else:
            data = generate(s, seed=seed, provinces=3, cities_per_province=4, basic_per_city=5)
        save_dataset(Dataset.from_batch(data.batch), year)
        first = data.batch.take((data.batch.period_index == 0).nonzero()[0])
        save_dataset(Dataset.from_batch(first), week)
    return week, year


def measure(
    week: Path,
    year: Path,
    before: Path | None,
    rounds: int,
    log: Any,
    parts: tuple[str, ...] = ("table", "markdown", "parquet"),
) -> dict[str, Any]:
    """Every figure, the contenders interleaved round by round."""
    contenders: list[tuple[str, Path | None]] = [("after", None)]
    if before is not None:
        contenders.insert(0, ("before", before))
    out: dict[str, Any] = {
        "load_average_at_start": os.getloadavg(),
        "versions": {name: _version_of(tree) for name, tree in contenders},
    }
    times: dict[str, dict[str, dict[str, list[float]]]] = {}
    same: dict[str, bool] = {}
    with tempfile.TemporaryDirectory() as tmp:
        loads: list[tuple[float, ...]] = []
        for r in range(rounds):
            for fmt in [p for p in ("table", "markdown") if p in parts]:
                texts = []
                for name, tree in contenders:
                    target = Path(tmp) / f"{name}.{fmt}"
                    cmd = ["-m", "courtinfo", "evaluate", "--scheme", "shanghai-2022"]
                    cmd += ["--format", fmt, str(week), "-o", str(target)]
                    wall, cpu, _ = _run(cmd, tree)
                    got = times.setdefault(fmt, {}).setdefault(name, {"wall_s": [], "cpu_s": []})
                    got["wall_s"].append(wall)
                    got["cpu_s"].append(cpu)
                    if r == 0:
                        texts.append(target.read_bytes())
                if r == 0:
                    same[fmt] = len(set(texts)) == 1
                    out[f"{fmt}_lines"] = texts[-1].count(b"\n")
            for name, tree in contenders if "parquet" in parts else ():
                _, _, printed = _run(["-c", LOAD, str(year)], tree)
                child = json.loads(printed)
                got = times.setdefault("parquet_load", {}).setdefault(
                    name, {"wall_s": [], "cpu_s": []}
                )
                got["wall_s"].append(child["wall_s"])
                got["cpu_s"].append(child["cpu_s"])
                both = times.setdefault("parquet_load_evaluate", {}).setdefault(
                    name, {"cpu_s": []}
                )
                both["cpu_s"].append(child["both_cpu_s"])
                out["parquet_rows"] = child["rows"]
            loads.append(os.getloadavg())
            log(f"  round {r + 1}/{rounds} done, load average {loads[-1][0]:.1f}")
    out["load_average_per_round"] = loads
    out["same_output"] = same
    out["week_rows"] = sum(1 for _ in week.open(encoding="utf-8")) - 1
    out["parquet_mib"] = year.stat().st_size / 2**20
    figures: dict[str, Any] = {}
    for what, by_name in times.items():
        entry: dict[str, Any] = {
            name: {k: _spread(v) for k, v in t.items()} for name, t in by_name.items()
        }
        if before is not None:
            for k in [k for k in ("cpu_s", "wall_s") if k in by_name["after"]]:
                a, b = by_name["after"][k], by_name["before"][k]
                entry[f"after_over_before_{k[:-2]}"] = _spread(
                    [x / y for x, y in zip(a, b, strict=True)]
                )
        figures[what] = entry
    out["figures"] = figures
    return out


def show(out: dict[str, Any], log: Any) -> None:
    log(
        f"week: {out['week_rows']:,} rows, {out.get('table_lines', 0):,} table lines; year as "
        f"Parquet: {out.get('parquet_rows', 0):,} rows, {out['parquet_mib']:.0f} MiB"
    )
    for what, entry in out["figures"].items():
        for name in ("before", "after"):
            if name in entry:
                c, w = entry[name]["cpu_s"], entry[name].get("wall_s")
                wall = f", wall {w['median']:7.2f} s ({w['min']:.2f}-{w['max']:.2f})" if w else ""
                log(
                    f"{what:<14} {name:<6} CPU {c['median']:7.2f} s ({c['min']:.2f}-{c['max']:.2f})"
                    + wall
                )
        for k in ("cpu", "wall"):
            r = entry.get(f"after_over_before_{k}")
            if r:
                log(
                    f"{what:<14} after / before, {k:<4} {r['median']:.3f}"
                    f" ({r['min']:.3f}-{r['max']:.3f})"
                )
    if out["same_output"]:
        log("same bytes, before and after: " + ", ".join(f"{k} {v}" for k, v in out["same_output"].items()))
    loads = [x[0] for x in out["load_average_per_round"]]
    log(f"load average (1 min) over the rounds: {min(loads):.1f}-{max(loads):.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", type=Path, help="a checkout of an earlier version")
    parser.add_argument("--scale", choices=("national", "small"), default="national")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", type=Path, help="keep the data files here and reuse them")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--parts", default="table,markdown,parquet", help="what to time, comma-separated"
    )
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        if not args.json:
            print(line, flush=True)

    log(f"courtinfo from {Path(courtinfo.__file__).parent}")
    with tempfile.TemporaryDirectory() as tmp:
        where = args.data or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        week, year = data_files(args.scale, args.seed, where)
        log(f"data ready in {time.perf_counter() - t:.1f} s")
        parts = tuple(p.strip() for p in args.parts.split(",") if p.strip())
        out = measure(week, year, args.before, max(1, args.rounds), log, parts)
    show(out, log)
    if args.json:
        print(json.dumps(out, indent=2))
    return 0 if all(out["same_output"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
