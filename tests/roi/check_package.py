#!/usr/bin/python3
"""Open an xBRL-CSV report package with Python's own zipfile, json and csv.

usage: check_package.py PACKAGE.zip

A reader that owes nothing to src/roi/xbrl_csv.c: the archive must pass
zipfile's CRC check and hold one folder with META-INF/reportPackage.json,
reports/report.json and CSV files every row of which has as many cells as
its header.  Prints the folder's name, then one line per CSV file ("path
rows", the header counted) and B_01.01's c0020 of its first data row, line
breaks shown as \\n.  Exits 1 with a message on the first problem.
"""
import csv
import io
import json
import sys
import zipfile


def main(path):
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad:
            sys.exit(f"{bad}: CRC mismatch")
        names = z.namelist()
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) != 1 or any("/" not in n for n in names):
            sys.exit(f"expected one top folder, got {sorted(tops)}")
        top = tops.pop()
        print(top)
        pkg = json.loads(z.read(f"{top}/META-INF/reportPackage.json").decode("utf-8"))
        assert pkg["documentInfo"]["documentType"] == "https://xbrl.org/report-package/2023", pkg
        rep = json.loads(z.read(f"{top}/reports/report.json").decode("utf-8"))
        assert rep["documentInfo"]["documentType"] == "https://xbrl.org/2021/xbrl-csv", rep
        for n in names:
            if not n.endswith(".csv"):
                continue
            text = z.read(n).decode("utf-8")
            rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
            for i, row in enumerate(rows):
                if len(row) != len(rows[0]):
                    sys.exit(f"{n} row {i + 1}: {len(row)} cells, header {len(rows[0])}")
            rel = n[len(top) + 1:]
            print(rel, len(rows))
            if rel == "reports/b_01.01.csv" and len(rows) > 1:
                cell = rows[1][rows[0].index("c0020")]
                print("B_01.01 c0020: " + cell.replace("\r", "\\r").replace("\n", "\\n"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
