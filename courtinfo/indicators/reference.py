"""Write the generated scheme-format reference: ``python -m courtinfo.indicators.reference --write``.

Regenerates `docs/schemes.md` (from a checkout) and the shipped JSON Schema
`courtinfo/indicators/scheme.schema.json`; without ``--write`` it reports which are stale.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from courtinfo.base import atomic_write
from courtinfo.indicators._reference import scheme_json_schema_text, scheme_reference

SCHEMA_FILE = Path(__file__).parent / "scheme.schema.json"
DOCS_FILE = Path(__file__).parents[2] / "docs" / "schemes.md"


def main(argv: Sequence[str] | None = None) -> int:
    """Check (default) or rewrite the generated files; exit 1 when one is stale."""
    parser = argparse.ArgumentParser(prog="python -m courtinfo.indicators.reference")
    parser.add_argument("--write", action="store_true", help="rewrite the stale files")
    args = parser.parse_args(argv)
    stale = 0
    for path, text in ((SCHEMA_FILE, scheme_json_schema_text()), (DOCS_FILE, scheme_reference())):
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            print(f"{path}: current")
            continue
        if args.write:
            atomic_write(path, text)
            print(f"{path}: written")
        else:
            print(f"{path}: stale; run python -m courtinfo.indicators.reference --write")
            stale += 1
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
