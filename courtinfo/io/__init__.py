"""Readers and writers of datasets, one module per format (JSON, CSV)."""

from courtinfo.io._csv import dataset_from_csv, dataset_to_csv, format_cell, parse_cell
from courtinfo.io._files import load_csv, load_dataset, load_json, save_csv, save_dataset, save_json
from courtinfo.io._json import (
    dataset_from_data,
    dataset_from_json,
    dataset_to_data,
    dataset_to_json,
)

__all__ = [
    "dataset_from_csv",
    "dataset_from_data",
    "dataset_from_json",
    "dataset_to_csv",
    "dataset_to_data",
    "dataset_to_json",
    "format_cell",
    "load_csv",
    "load_dataset",
    "load_json",
    "parse_cell",
    "save_csv",
    "save_dataset",
    "save_json",
]
