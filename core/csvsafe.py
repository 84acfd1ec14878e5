"""CSV files that spreadsheets open safely: UTF-8 with a byte-order mark (Excel reads the accents right) and
no cell that a spreadsheet would run as a formula (CSV injection).

Every CSV that leaves Concerto (open data, staff exports) is written through `csv_lines`.
"""

import csv

BOM = "\ufeff"
# What makes a spreadsheet read a cell as a formula or split it (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell starting like a formula gets a leading apostrophe, so it is shown as text; numbers, dates
    and empty cells are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """csv.writer writes into it; writerow then returns the line instead of buffering it."""

    def write(self, line):
        return line


def csv_lines(header, rows):
    """The lines of the file, the byte-order mark first: a generator, so a large file streams."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])
