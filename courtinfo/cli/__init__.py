"""The `courtinfo` command line."""

from courtinfo.cli._main import main

__all__ = ["main"]
