"""The one spelling of a label or code, kept by every reader and every value object."""

from __future__ import annotations

import unicodedata


def one_spelling(text: str) -> str:
    """`text` in Unicode NFKC (full-width letters, digits and brackets as their ASCII forms)
    with the white space at both ends removed, so that two spellings of one label are equal."""
    label = text if text.isascii() else unicodedata.normalize("NFKC", text)
    return label.strip()


def code_spelling(value: object) -> object:
    """`one_spelling` of a str, anything else as it is (for a validator to refuse): the
    converter of the code fields of courts and departments."""
    return one_spelling(value) if isinstance(value, str) else value
