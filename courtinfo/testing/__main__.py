"""``python -m courtinfo.testing golden --write`` regenerates the golden results."""

import sys

from courtinfo.testing._golden import main


def _run(argv: list[str]) -> int:
    if not argv or argv[0] != "golden":
        print("usage: python -m courtinfo.testing golden (--write | --check) [SCHEME ...]")
        return 2
    return main(argv[1:])


if __name__ == "__main__":
    sys.exit(_run(sys.argv[1:]))
