"""`python -m courtinfo`: the command line."""

import sys

from courtinfo.cli import main

if __name__ == "__main__":
    sys.exit(main())
