"""Readers and writers of datasets, one module per format (JSON, CSV, xlsx, Parquet, SQL databases),
and the data collection form."""

from typing import TYPE_CHECKING

from courtinfo.base import lazy_face

if TYPE_CHECKING:
    from courtinfo.base import (
        MAX_INPUT_BYTES,
    )
    from courtinfo.io._arrow import (
        load_parquet,
        read_parquet,
        read_parquet_table,
        save_parquet,
        write_parquet,
    )
    from courtinfo.io._csv import (
        dataset_from_csv,
        dataset_to_csv,
        format_cell,
    )
    from courtinfo.io._files import (
        INPUT_FORMATS,
        dataset_from_bytes,
        decode,
        load_csv,
        load_dataset,
        load_json,
        load_xlsx,
        read_input,
        save_csv,
        save_dataset,
        save_json,
        save_xlsx,
        write_text,
    )
    from courtinfo.io._json import (
        dataset_from_data,
        dataset_from_json,
        dataset_to_data,
        dataset_to_json,
    )
    from courtinfo.io._sql import (
        DatabaseError,
        connect,
        dataset_to_sql,
        from_query,
        paramstyle_of,
        result_rows,
        to_sql,
    )
    from courtinfo.io._table import (
        LABEL_ALIASES,
        NOTES_ROW,
        dataset_from_table,
        form_header,
        parse_cell,
    )
    from courtinfo.io._template import (
        form_inputs,
        input_note,
        save_template,
        template_csv,
        template_xlsx,
    )
    from courtinfo.io._xlsx import (
        DATA_SHEET,
        EXCEL_EXTRA,
        dataset_from_xlsx,
        dataset_to_xlsx,
        openpyxl_module,
    )
else:
    # Each module imported when one of its names is first used: see `lazy_face`.
    __getattr__, __dir__ = lazy_face(
        __name__,
        {
            "courtinfo.base": ("MAX_INPUT_BYTES",),
            "._arrow": ("load_parquet", "read_parquet", "read_parquet_table", "save_parquet", "write_parquet"),
            "._csv": ("dataset_from_csv", "dataset_to_csv", "format_cell"),
            "._files": ("INPUT_FORMATS", "dataset_from_bytes", "decode", "load_csv", "load_dataset", "load_json", "load_xlsx", "read_input", "save_csv", "save_dataset", "save_json", "save_xlsx", "write_text"),
            "._json": ("dataset_from_data", "dataset_from_json", "dataset_to_data", "dataset_to_json"),
            "._sql": ("DatabaseError", "connect", "dataset_to_sql", "from_query", "paramstyle_of", "result_rows", "to_sql"),
            "._table": ("LABEL_ALIASES", "NOTES_ROW", "dataset_from_table", "form_header", "parse_cell"),
            "._template": ("form_inputs", "input_note", "save_template", "template_csv", "template_xlsx"),
            "._xlsx": ("DATA_SHEET", "EXCEL_EXTRA", "dataset_from_xlsx", "dataset_to_xlsx", "openpyxl_module"),
        },
    )

__all__ = [
    "DATA_SHEET",
    "EXCEL_EXTRA",
    "INPUT_FORMATS",
    "LABEL_ALIASES",
    "MAX_INPUT_BYTES",
    "NOTES_ROW",
    "DatabaseError",
    "connect",
    "dataset_from_bytes",
    "dataset_from_csv",
    "dataset_from_data",
    "dataset_from_json",
    "dataset_from_table",
    "dataset_from_xlsx",
    "dataset_to_csv",
    "dataset_to_data",
    "dataset_to_json",
    "dataset_to_sql",
    "dataset_to_xlsx",
    "decode",
    "form_header",
    "form_inputs",
    "format_cell",
    "from_query",
    "input_note",
    "load_csv",
    "load_dataset",
    "load_json",
    "load_parquet",
    "load_xlsx",
    "openpyxl_module",
    "paramstyle_of",
    "parse_cell",
    "read_input",
    "read_parquet",
    "read_parquet_table",
    "result_rows",
    "save_csv",
    "save_dataset",
    "save_json",
    "save_parquet",
    "save_template",
    "save_xlsx",
    "template_csv",
    "template_xlsx",
    "to_sql",
    "write_parquet",
    "write_text",
]
