"""Tables as files people open in Excel: CSV (UTF-8 with BOM) and XLSX, safe to open.

A cell that begins with =, +, - or @ (or a tab or carriage return) could run as a formula in a
spreadsheet; such text cells get a leading apostrophe. Numbers are left alone.
"""

from __future__ import annotations

import io

import polars as pl


def neutralise(df: pl.DataFrame) -> pl.DataFrame:
    text = [c for c, t in df.schema.items() if t == pl.String]
    return df.with_columns(
        pl.when(pl.col(c).str.contains(r"^[=+\-@\t\r]"))
        .then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )


def _flatten(df: pl.DataFrame) -> pl.DataFrame:
    """Lists and structs as text, so every cell fits a spreadsheet."""
    nested = [c for c, t in df.schema.items() if isinstance(t, (pl.List, pl.Struct, pl.Array))]
    return df.with_columns(pl.col(c).map_elements(str, return_dtype=pl.String) for c in nested) if nested else df


def csv_bytes(df: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    neutralise(_flatten(df)).write_csv(buf)
    return b"\xef\xbb\xbf" + buf.getvalue()


def xlsx_bytes(sheets: dict[str, pl.DataFrame]) -> bytes:
    buf = io.BytesIO()
    import xlsxwriter

    with xlsxwriter.Workbook(buf, {"strings_to_formulas": False, "strings_to_urls": False}) as wb:
        for name, df in sheets.items():
            neutralise(_flatten(df)).write_excel(wb, worksheet=name[:31], autofit=True)
    return buf.getvalue()


def parquet_bytes(df: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.write_parquet(buf)
    return buf.getvalue()
