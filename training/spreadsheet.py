"""CSV that is safe to open in a spreadsheet: no cell is read as a formula."""

from __future__ import annotations

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run: text starting with = + - @ (or a tab/CR) gets a leading quote."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def csv_line(values) -> str:
    """One CSV line (with its line end), every cell made safe; None is an empty cell."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([safe_cell("" if v is None else str(v)) for v in values])
    return buffer.getvalue()
