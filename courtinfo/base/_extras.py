"""Optional extras: libraries outside the core dependencies, imported when a feature needs them.

`import courtinfo` needs none of them; a feature that does imports its library through
`optional_module`, so a missing one is one line naming the extra to install, the same for
every extra.
"""

from __future__ import annotations

import importlib
from typing import Any

from courtinfo.base._errors import CourtinfoError

#: Each optional library, by the module imported: (the package pip installs, the extra of
#: pyproject.toml that brings it).
EXTRAS: dict[str, tuple[str, str]] = {
    "dask": ("dask", "dask"),
    "distributed": ("distributed", "dask"),
    "docx": ("python-docx", "word"),
    "hypothesis": ("hypothesis", "testing"),
    "matplotlib": ("matplotlib", "plot"),
    "openpyxl": ("openpyxl", "excel"),
    "pandas": ("pandas", "pandas"),
    "psycopg": ("psycopg", "sql"),
    "pyarrow": ("pyarrow", "arrow"),
}


def install_command(extra: str) -> str:
    """What to run to install an extra: ``pip install "courtinfo[EXTRA]"``."""
    return f'pip install "courtinfo[{extra}]"'


def missing_extra(module: str, what: str) -> str:
    """The one line saying that `what` needs the library of `module` and the extra to install:
    ``WHAT needs PACKAGE: pip install "courtinfo[EXTRA]"``."""
    package, extra = EXTRAS[module.partition(".")[0]]
    return f"{what} needs {package}: {install_command(extra)}"


def optional_module(
    module: str, what: str, error: type[CourtinfoError] = CourtinfoError
) -> Any:
    """Module `module` (of an optional library listed in `EXTRAS`), imported; if the library
    is not installed, `error` with the one line of `missing_extra`."""
    try:
        return importlib.import_module(module)
    except ImportError:
        msg = missing_extra(module, what)
        raise error(msg) from None
