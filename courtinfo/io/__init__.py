"""Readers and writers of datasets, one module per format (JSON, CSV, SQL databases)."""

from courtinfo.io._arrow import (
    load_parquet,
    read_parquet,
    read_parquet_table,
    save_parquet,
    write_parquet,
)
from courtinfo.io._csv import (
    dataset_from_csv,
    dataset_from_table,
    dataset_to_csv,
    format_cell,
    parse_cell,
)
from courtinfo.io._files import load_csv, load_dataset, load_json, save_csv, save_dataset, save_json
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

__all__ = [
    "DatabaseError",
    "connect",
    "dataset_from_csv",
    "dataset_from_data",
    "dataset_from_json",
    "dataset_from_table",
    "dataset_to_csv",
    "dataset_to_data",
    "dataset_to_json",
    "format_cell",
    "from_query",
    "load_csv",
    "load_dataset",
    "load_json",
    "load_parquet",
    "paramstyle_of",
    "parse_cell",
    "read_parquet",
    "read_parquet_table",
    "result_rows",
    "save_csv",
    "save_dataset",
    "save_json",
    "save_parquet",
    "to_sql",
    "write_parquet",
]
