"""Readers and writers of datasets, one module per format (JSON, CSV, xlsx, SQL databases),
and the data collection form."""

from courtinfo.io._arrow import (
    load_parquet,
    read_parquet,
    read_parquet_table,
    save_parquet,
    write_parquet,
)
from courtinfo.io._csv import dataset_from_csv, dataset_to_csv, format_cell
from courtinfo.io._files import (
    INPUT_FORMATS,
    dataset_from_bytes,
    decode,
    load_csv,
    load_dataset,
    load_json,
    load_xlsx,
    save_csv,
    save_dataset,
    save_json,
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
from courtinfo.io._xlsx import EXCEL_EXTRA, dataset_from_xlsx, openpyxl_module

__all__ = [
    "EXCEL_EXTRA",
    "INPUT_FORMATS",
    "LABEL_ALIASES",
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
    "read_parquet",
    "read_parquet_table",
    "result_rows",
    "save_csv",
    "save_dataset",
    "save_json",
    "save_parquet",
    "save_template",
    "template_csv",
    "template_xlsx",
    "to_sql",
    "write_parquet",
    "write_text",
]
