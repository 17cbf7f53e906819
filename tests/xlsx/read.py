#!/usr/bin/python3
"""Read an XLSX file with openpyxl and print what it holds as JSON.

The real reader the XLSX unit tests (tests/unit/test_xlsx.c) check the
writer (src/doc/xlsx.c) against:

    /usr/bin/python3 tests/xlsx/read.py FILE          every cell of every sheet
    /usr/bin/python3 tests/xlsx/read.py --count FILE  sheet names and row counts only

Output: {"properties": {...}, "sheets": [{"name", "freeze_panes",
"auto_filter", "max_row", "max_column", "widths", "header_height", "rows":
[[cell, ...], ...]}]} where a cell is {"v": value, "t": type} with type one of
str, int, float, bool, datetime, none, plus "fill" (RRGGBB of a solid fill),
"fmt" (the number format unless General) and "bold" when they apply.  A
datetime's value is its ISO text.  --count gives each sheet's "rows", the
number of rows holding a value, counted by streaming the sheet.
"""
import datetime
import json
import sys

import openpyxl
from openpyxl.utils import get_column_letter


def cell_json(c):
    v = c.value
    if v is None:
        out = {"v": None, "t": "none"}
    elif isinstance(v, bool):
        out = {"v": v, "t": "bool"}
    elif isinstance(v, datetime.datetime):
        out = {"v": v.isoformat(), "t": "datetime"}
    elif isinstance(v, int):
        out = {"v": v, "t": "int"}
    elif isinstance(v, float):
        out = {"v": v, "t": "float"}
    else:
        out = {"v": str(v), "t": type(v).__name__}
    if c.fill is not None and c.fill.fill_type == "solid":
        rgb = c.fill.fgColor.rgb
        if isinstance(rgb, str):
            out["fill"] = rgb[-6:].lower()
    if c.number_format and c.number_format != "General":
        out["fmt"] = c.number_format
    if c.font is not None and c.font.b:
        out["bold"] = True
    return out


def props(wb):
    p = wb.properties
    return {"title": p.title, "creator": p.creator, "subject": p.subject, "description": p.description,
            "created": p.created.isoformat() if p.created else None}


def full(path):
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        widths = []
        for i in range(1, ws.max_column + 1):
            d = ws.column_dimensions.get(get_column_letter(i))
            widths.append(d.width if d is not None and d.customWidth else None)
        sheets.append({
            "name": ws.title,
            "freeze_panes": ws.freeze_panes,
            "auto_filter": ws.auto_filter.ref,
            "max_row": ws.max_row,
            "max_column": ws.max_column,
            "widths": widths,
            "header_height": ws.row_dimensions[1].height,
            "rows": [[cell_json(c) for c in row] for row in ws.iter_rows()],
        })
    return {"properties": props(wb), "sheets": sheets}


def count(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    sheets = []
    for ws in wb.worksheets:
        n = 0
        last = None
        for row in ws.iter_rows(values_only=True):
            if any(v is not None for v in row):
                n += 1
                last = row
        sheets.append({"name": ws.title, "rows": n,
                       "last": [v.isoformat() if isinstance(v, datetime.datetime) else v for v in last or []]})
    return {"properties": props(wb), "sheets": sheets}


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--count":
        out = count(args[1])
    elif len(args) == 1:
        out = full(args[0])
    else:
        sys.exit("usage: read.py [--count] FILE")
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
