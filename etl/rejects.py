"""Rejected rows as a workbook a steward can correct and upload again.

One sheet per input file, named after it. The columns are the file's own, in its order (from each
reject's raw JSON), then 拒收原因 / reason and 原行号 / row. A corrected sheet loads as it is: the
loader recognises the file's headers and ignores the two added columns. Every cell is written as
text, so a value that looks like a formula (=…) stays a value."""

from __future__ import annotations

import io
import json
import re

import polars as pl

REASON = "拒收原因 / reason"
ROW = "原行号 / row"


def _sheet_name(label: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", label.rsplit("/", 1)[-1])[:28] or "rejects"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base[:25]}~{n}"
    taken.add(name)
    return name


def rejects_workbook(rejects: pl.DataFrame) -> bytes:
    """`rejects` has etl_rejects' columns (source_file, row_number, reason_code, reason, raw)."""
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    taken: set[str] = set()
    for (label,), part in rejects.sort("source_file", "row_number").group_by("source_file", maintain_order=True):
        rows = [json.loads(raw) if raw else {} for raw in part["raw"].to_list()]
        columns: list[str] = []
        for row in rows:
            columns += [c for c in row if c not in columns]
        sheet = book.add_worksheet(_sheet_name(str(label), taken))
        for j, name in enumerate([*columns, REASON, ROW]):
            sheet.write_string(0, j, name, bold)
        for i, (row, reason, number) in enumerate(zip(rows, part["reason"].to_list(), part["row_number"].to_list(), strict=True), 1):
            for j, name in enumerate(columns):
                value = row.get(name)
                if value is not None:
                    sheet.write_string(i, j, str(value))
            sheet.write_string(i, len(columns), reason)
            if number is not None:
                sheet.write_number(i, len(columns) + 1, number)
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, len(columns) - 1 if columns else 0, 16)
        sheet.set_column(len(columns), len(columns), 60)
    if not taken:
        book.add_worksheet("rejects").write_string(0, 0, REASON, bold)
    book.close()
    return buf.getvalue()
