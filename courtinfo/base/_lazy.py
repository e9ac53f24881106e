"""Package faces that import a module when one of its names is first used (PEP 562).

`import courtinfo` and the command line then load only the modules they use: a command
writing CSV does not pay for the bulletin, ranking, Word and Excel modules at each start.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_face(
    package: str, modules: Mapping[str, tuple[str, ...]]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of the face of `package`, whose names live in
    `modules` (a module, relative as ``"._name"`` or absolute, and the names it gives).

    A name is imported from its module when first asked for, then kept on the package, so
    that it is found directly afterwards. The face lists the same names in `__all__` and
    imports them under `if TYPE_CHECKING:` for type checkers.
    """
    where = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *where})

    return __getattr__, __dir__
