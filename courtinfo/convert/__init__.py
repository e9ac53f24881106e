"""The one cattrs converter, every hook registered in one module; errors carry `$` paths."""

from courtinfo.convert._converter import converter, structure, unstructure

__all__ = [
    "converter",
    "structure",
    "unstructure",
]
