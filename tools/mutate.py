"""Mutation testing of one module against its mirror tests: do the tests catch a wrong line?

    python tools/mutate.py courtinfo/formulas/ratio.py [more modules] [--timeout 60] [--tests T ...]

Each mutant changes one thing in the module's code (an operator, a comparison, a boolean
operator, a constant, a `not`), and the module's mirror tests (`tests/<pkg>/test_<module>.py`,
or `--tests`) run against it with `pytest -x -q`; a failing run kills the mutant. Mutants run
one at a time in a copy of the repository (the working tree is never touched), each
time-boxed by `--timeout` (a mutant that hangs counts as killed). Prints every surviving
mutant with its line, and the score per module and overall. On demand, never in CI: it runs the
mirror tests once per mutant. Standard library only; with coverage.py installed, the tests run
once under it first (one context per test function): a mutant in a statement they never
execute is counted as surviving without running them (it cannot change what they see), and
any other mutant first meets only the tests that execute its statement; only if those pass
does it meet all of them. Forked runs (`_PRELOAD`) save pytest's start-up.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SWAP: dict[type[ast.AST], tuple[type[ast.AST], ...]] = {
    ast.Add: (ast.Sub,),
    ast.Sub: (ast.Add,),
    ast.Mult: (ast.Div,),
    ast.Div: (ast.Mult,),
    ast.FloorDiv: (ast.Div,),
    ast.Mod: (ast.FloorDiv,),
    ast.Pow: (ast.Mult,),
    ast.LShift: (ast.RShift,),
    ast.RShift: (ast.LShift,),
    ast.BitAnd: (ast.BitOr,),
    ast.BitOr: (ast.BitAnd,),
    ast.Lt: (ast.LtE, ast.Gt),
    ast.LtE: (ast.Lt, ast.GtE),
    ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.LtE),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
    ast.And: (ast.Or,),
    ast.Or: (ast.And,),
}


def _skipped(tree: ast.Module) -> set[int]:
    """Nodes no mutant touches: docstrings, annotations, `__all__`, message text."""
    skip: set[int] = set()

    def mark(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for arg in (*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs):
                mark(arg.annotation)
            mark(node.returns)
        elif isinstance(node, ast.AnnAssign):
            mark(node.annotation)
        elif (isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        )) or isinstance(node, (ast.JoinedStr, ast.Raise, ast.Assert)):
            mark(node)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                mark(body[0])
    return skip


def _constant_mutations(value: object) -> list[object]:
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1] if value == 0 else [0, value + 1]
    if isinstance(value, float):
        return [value + 1.0] if value == 0 else [0.0, value * 2]
    return []


def _header(stmt: ast.stmt) -> tuple[int, int]:
    """The lines of `stmt` that run when it runs: all of a simple statement; the decorators
    and header of a compound one (its body's statements are statements of their own)."""
    body = getattr(stmt, "body", None)
    if not isinstance(body, list) or not body:
        return stmt.lineno, stmt.end_lineno or stmt.lineno
    first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", []))])
    return first, max(first, body[0].lineno - 1, stmt.lineno)


def _statement_lines(tree: ast.Module) -> dict[int, tuple[int, int]]:
    """For every node, the lines of the innermost statement holding it (see `_header`)."""
    lines: dict[int, tuple[int, int]] = {}

    def visit(node: ast.AST, span: tuple[int, int]) -> None:
        if isinstance(node, ast.stmt):
            span = _header(node)
        lines[id(node)] = span
        for child in ast.iter_child_nodes(node):
            visit(child, span)

    visit(tree, (0, 0))
    return lines


def mutants(source: str) -> Iterator[tuple[int, str, str]]:
    """(line, description, mutated source) for every single-point mutant of `source`."""
    for line, what, mutated, _ in located_mutants(source):
        yield line, what, mutated


def located_mutants(source: str) -> Iterator[tuple[int, str, str, tuple[int, int]]]:
    """`mutants` with the lines of the statement each mutant changes (first, last)."""
    tree = ast.parse(source)
    skip = _skipped(tree)
    spans = _statement_lines(tree)
    sites: list[tuple[int, str, object]] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, (ast.BinOp, ast.AugAssign, ast.BoolOp)):
            for new in _SWAP.get(type(node.op), ()):
                sites.append((id(node), f"{type(node.op).__name__} -> {new.__name__}", ("op", new)))
        elif isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                for new in _SWAP.get(type(op), ()):
                    what = f"{type(op).__name__} -> {new.__name__}"
                    sites.append((id(node), what, ("cmp", k, new)))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            sites.append((id(node), f"drop {type(node.op).__name__}", ("drop",)))
        elif isinstance(node, ast.Constant):
            for new in _constant_mutations(node.value):
                sites.append((id(node), f"{node.value!r} -> {new!r}", ("const", new)))
        elif isinstance(node, ast.If):
            sites.append((id(node), "negate if", ("negate",)))
    order = {id(n): k for k, n in enumerate(ast.walk(tree))}
    for target, what, change in sites:
        mutated = copy.deepcopy(tree)
        node = next(n for k, n in enumerate(ast.walk(mutated)) if k == order[target])
        kind = change[0]  # type: ignore[index]
        if kind == "op":
            node.op = change[1]()  # type: ignore[attr-defined,index,operator]
        elif kind == "cmp":
            node.ops[change[1]] = change[2]()  # type: ignore[attr-defined,index,operator]
        elif kind == "drop":
            replacement = node.operand  # type: ignore[attr-defined]
            _replace(mutated, node, replacement)
        elif kind == "const":
            node.value = change[1]  # type: ignore[attr-defined,index]
        elif kind == "negate":
            node.test = ast.UnaryOp(ast.Not(), node.test)  # type: ignore[attr-defined]
        ast.fix_missing_locations(mutated)
        yield getattr(node, "lineno", 0), what, ast.unparse(mutated), spans[target]


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list):
                for k, item in enumerate(value):
                    if item is old:
                        value[k] = new
                        return


def mirror_tests(module: Path) -> list[Path]:
    """`tests/<pkg>/test_<name>.py` for `courtinfo/<pkg>/[_]<name>.py` (every such file)."""
    rel = module.resolve().relative_to(ROOT / "courtinfo")
    name = rel.stem.lstrip("_")
    folder = ROOT / "tests" / rel.parent
    found = sorted(folder.glob(f"test_{name}.py")) + sorted(folder.glob(f"test_{name}_*.py"))
    return found


#: Third-party modules the test runs import, loaded once so that every forked run starts
#: with them (courtinfo itself is imported afresh in each run, mutant included).
_PRELOAD = ("numpy", "attrs", "cattrs", "dateutil", "hypothesis", "pytest")


def _pytest_args(copy_root: Path, tests: list[Path] | list[str]) -> list[str]:
    """pytest's arguments: test files (under ROOT) or node ids (relative to the copy)."""
    args = ["-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    return args + [t if isinstance(t, str) else str(copy_root / t.relative_to(ROOT)) for t in tests]


def run_tests(copy_root: Path, tests: list[Path] | list[str], timeout: float) -> bool:
    """Whether the tests pass in the copy (False on failure or time-out).

    Where the system can fork, each run is a fork of this process with the third-party
    modules already imported (`_PRELOAD`), which saves most of pytest's start-up per mutant;
    elsewhere a fresh interpreter.
    """
    if hasattr(os, "fork"):
        return _run_forked(copy_root, tests, timeout)
    env = dict(os.environ, PYTHONPATH=str(copy_root), PYTHONDONTWRITEBYTECODE="1")
    args = [sys.executable, "-m", "pytest", *_pytest_args(copy_root, tests)]
    try:
        done = subprocess.run(
            args, cwd=copy_root, env=env, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def _run_forked(copy_root: Path, tests: list[Path] | list[str], timeout: float) -> bool:
    for name in _PRELOAD:
        with contextlib.suppress(ImportError):
            __import__(name)
    pid = os.fork()
    if pid == 0:  # the child: run pytest on the copy, never return into the caller
        code = 1
        try:
            os.setpgrp()
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            os.chdir(copy_root)
            os.environ["PYTHONPATH"] = str(copy_root)
            os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
            sys.dont_write_bytecode = True
            sys.path.insert(0, str(copy_root))
            import pytest

            code = int(pytest.main(_pytest_args(copy_root, tests)))
        finally:
            os._exit(code)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status) == 0
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, 9)
            os.waitpid(pid, 0)
            return False
        time.sleep(0.02)


#: Coverage's name for code run outside any test function (imports, collection, fixtures).
_NO_TEST = ""


def executed_lines(
    copy_root: Path, target: Path, tests: list[Path], timeout: float
) -> dict[int, set[str]] | None:
    """Per line of `target` the tests execute, the tests that execute it (coverage.py, one
    context per test function; `_NO_TEST` for code run outside one), or None when coverage.py
    is missing or the tests fail, so that the caller reports that plainly."""
    try:
        import coverage
    except ImportError:
        return None
    data_file = copy_root / ".mutate-coverage"
    rc_file = copy_root / ".mutate-coveragerc"
    rc_file.write_text("[run]\ndynamic_context = test_function\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(copy_root), PYTHONDONTWRITEBYTECODE="1")
    args = [sys.executable, "-m", "coverage", "run", f"--rcfile={rc_file}",
            f"--data-file={data_file}", f"--include={target}", "-m", "pytest",
            *_pytest_args(copy_root, tests)]
    try:
        done = subprocess.run(
            args, cwd=copy_root, env=env, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0 or not data_file.exists():
        return None
    data = coverage.CoverageData(basename=str(data_file))
    data.read()
    found = data.contexts_by_lineno(str(target))
    data_file.unlink()
    return {line: set(contexts) for line, contexts in found.items()}


def _node_id(copy_root: Path, context: str) -> str | None:
    """The pytest node id of a test function named by coverage (``tests.pkg.test_x.Class.test_y``
    is ``tests/pkg/test_x.py::Class::test_y``), or None when no test file matches."""
    parts = context.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        path = Path(*parts[:cut]).with_suffix(".py")
        if (copy_root / path).is_file():
            return "::".join([str(path), *parts[cut:]])
    return None


def selected_tests(
    copy_root: Path, ran: dict[int, set[str]], first: int, last: int
) -> list[str] | None:
    """The node ids of the tests that run lines first..last, or None for all of them
    (a line run outside a test function, or a test that cannot be named)."""
    contexts = set().union(*(ran.get(line, set()) for line in range(first, last + 1)))
    if _NO_TEST in contexts:
        return None
    nodes = [_node_id(copy_root, c) for c in sorted(contexts)]
    if any(node is None for node in nodes):
        return None
    return [node for node in nodes if node is not None]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="+", type=Path)
    parser.add_argument("--tests", nargs="*", type=Path, help="test files (default: the mirror)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per mutant")
    args = parser.parse_args()
    total_killed = total = 0
    scores: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        copy_root = Path(tmp)
        for part in ("courtinfo", "tests"):
            shutil.copytree(ROOT / part, copy_root / part)
        for extra in ("pyproject.toml", "conftest.py", "README.md", "docs", "examples"):
            src = ROOT / extra
            if src.is_dir():
                shutil.copytree(src, copy_root / extra)
            elif src.exists():
                shutil.copy2(src, copy_root / extra)
        for module in args.modules:
            module = module.resolve()
            tests = [t.resolve() for t in args.tests] if args.tests else mirror_tests(module)
            if not tests:
                print(f"{module.relative_to(ROOT)}: no mirror test file", file=sys.stderr)
                return 2
            target = copy_root / module.relative_to(ROOT)
            original = module.read_text(encoding="utf-8")
            start = time.monotonic()
            # Line numbers are the original file's: measured on it, as mutants report them.
            ran = executed_lines(copy_root, target, tests, args.timeout * 3)
            target.write_text(ast.unparse(ast.parse(original)), encoding="utf-8")
            if not run_tests(copy_root, tests, args.timeout * 3):
                print(f"{module.relative_to(ROOT)}: the tests fail without a mutant", file=sys.stderr)
                return 2
            killed = n = unrun = 0
            try:
                for line, what, source, (first, last) in located_mutants(original):
                    n += 1
                    if ran is not None and not ran.keys() & range(first, last + 1):
                        unrun += 1
                        print(f"{module.relative_to(ROOT)}: survived line {line}: {what}"
                              " (not run by the tests)", flush=True)
                        continue
                    target.write_text(source, encoding="utf-8")
                    # The tests that run the changed statement first, as they are the ones
                    # that can see it; only a mutant they miss runs every test (a fixture may
                    # have run the statement on another test's behalf).
                    few = None if ran is None else selected_tests(copy_root, ran, first, last)
                    survived = (few is None or run_tests(copy_root, few, args.timeout)) and run_tests(
                        copy_root, tests, args.timeout
                    )
                    if survived:
                        print(f"{module.relative_to(ROOT)}: survived line {line}: {what}", flush=True)
                    else:
                        killed += 1
            finally:
                target.write_text(original, encoding="utf-8")
            rel = module.relative_to(ROOT)
            pct = 100.0 * killed / n if n else 100.0
            took = time.monotonic() - start
            note = f", {unrun} in code the tests never run" if unrun else ""
            scores.append(f"{rel}: {killed}/{n} killed ({pct:.1f}%{note}) in {took:.0f} s")
            print(scores[-1], flush=True)
            total_killed += killed
            total += n
    print("score per module:")
    for line in scores:
        print("  " + line)
    if total:
        print(f"total: {total_killed}/{total} killed ({100.0 * total_killed / total:.1f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
