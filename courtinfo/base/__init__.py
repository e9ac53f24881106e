"""The foundations every package uses: errors that carry their problems, read-only tables,
rounding, files written atomically."""

from courtinfo.base._arguments import argument, items_of, of_type
from courtinfo.base._atomic import atomic_file, atomic_write
from courtinfo.base._codes import dense_codes
from courtinfo.base._errors import (
    CourtinfoError,
    DuplicateSnapshotError,
    FormulaError,
    FormulaValidationError,
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
from courtinfo.base._lazy import lazy_face
from courtinfo.base._reading import (
    MAX_INPUT_BYTES,
    RAISE_THE_LIMIT,
    check_max_bytes,
    os_reason,
    path_argument,
    read_at_most,
    read_file,
    too_large,
)
from courtinfo.base._readonly import ReadOnlyDict
from courtinfo.base._rounding import no_negative_zero, round_half_up
from courtinfo.base._spelling import code_spelling, one_spelling

__all__ = [
    "EXTRAS",
    "MAX_INPUT_BYTES",
    "RAISE_THE_LIMIT",
    "CourtinfoError",
    "DuplicateSnapshotError",
    "FormulaError",
    "FormulaValidationError",
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
    "code_spelling",
    "dense_codes",
    "did_you_mean",
    "install_command",
    "items_of",
    "lazy_face",
    "missing_extra",
    "no_negative_zero",
    "of_type",
    "one_spelling",
    "optional_module",
    "os_reason",
    "path_argument",
    "read_at_most",
    "read_file",
    "round_half_up",
    "shorten",
    "shown",
    "too_large",
    "wrong_type",
]
