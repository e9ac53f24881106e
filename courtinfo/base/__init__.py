"""The foundations every package uses: errors that carry their problems, read-only tables,
rounding, files written atomically."""

from courtinfo.base._arguments import argument, items_of, of_type
from courtinfo.base._atomic import atomic_file, atomic_write
from courtinfo.base._errors import (
    CourtinfoError,
    DuplicateSnapshotError,
    FormulaError,
    InputError,
    MissingInputError,
    OrgError,
    PeriodError,
    Problem,
    RegistryError,
    SchemeError,
    SchemeValidationError,
    UnknownNameError,
    ValidationError,
    close_matches,
    did_you_mean,
    shorten,
    shown,
    wrong_type,
)
from courtinfo.base._extras import EXTRAS, install_command, missing_extra, optional_module
from courtinfo.base._reading import MAX_INPUT_BYTES, check_max_bytes, read_at_most, too_large
from courtinfo.base._readonly import ReadOnlyDict
from courtinfo.base._rounding import round_half_up

__all__ = [
    "EXTRAS",
    "MAX_INPUT_BYTES",
    "CourtinfoError",
    "DuplicateSnapshotError",
    "FormulaError",
    "InputError",
    "MissingInputError",
    "OrgError",
    "PeriodError",
    "Problem",
    "ReadOnlyDict",
    "RegistryError",
    "SchemeError",
    "SchemeValidationError",
    "UnknownNameError",
    "ValidationError",
    "argument",
    "atomic_file",
    "atomic_write",
    "check_max_bytes",
    "close_matches",
    "did_you_mean",
    "install_command",
    "items_of",
    "missing_extra",
    "of_type",
    "optional_module",
    "read_at_most",
    "round_half_up",
    "shorten",
    "shown",
    "too_large",
    "wrong_type",
]
