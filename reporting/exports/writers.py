"""The files: CSV (one table, UTF-8 with a BOM so Excel reads the accents) and XLSX (openpyxl in write-only
mode, one sheet per table). Headers come out in the active language.

Neither file can run anything when opened: CSV text that a spreadsheet would read as a formula gets a
leading apostrophe (core.csvsafe); XLSX text cells are stored as strings, never formulas. Numbers and dates
stay typed in XLSX (money with two decimals and a dollar sign, dates as dates), and plain in CSV
(12345.67, 2025-06-12) so that any program reads them.
"""

import csv

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.csvsafe import neutralise

from .tables import DATE, DATETIME, INTEGER, MONEY, NUMBER, TEXT

BOM = "\ufeff"
XLSX_TEXT_MAX = 32767  # Excel's limit for one cell
DATE_FORMAT, DATETIME_FORMAT, INTEGER_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "0"
# Two decimals and a dollar sign, where each language writes it (12 345,67 $ / $12,345.67 with the
# reader's own separators).
MONEY_FORMATS = {"fr": '#,##0.00 "$"', "en": '"$"#,##0.00'}


class _Echo:
    """csv.writer writes into this and gets the line back."""

    def write(self, value):
        return value


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None)


def _csv_value(kind, value):
    if value is None or value == "":
        return ""
    if kind == DATETIME:
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if kind == DATE:
        return value.isoformat()
    if kind in (MONEY, NUMBER, INTEGER):
        return str(value)
    return neutralise(str(value))


def csv_lines(table, scope, tick=None):
    """The CSV file as lines of text: the BOM and the header line, then one line per row."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([neutralise(str(column.header)) for column in table.columns])
    kinds = [column.kind for column in table.columns]
    for values in table.rows(scope):
        yield writer.writerow([_csv_value(kind, value) for kind, value in zip(kinds, values, strict=True)])
        if tick:
            tick()


def _text_cell(sheet, value, font=None):
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value))[:XLSX_TEXT_MAX])
    cell.data_type = "s"  # a string even if it starts with "=": never a formula
    if font is not None:
        cell.font = font
    return cell


def _cell(sheet, kind, value, money_format):
    if value is None or value == "":
        return None
    if kind == TEXT:
        return _text_cell(sheet, value)
    cell = WriteOnlyCell(sheet, value=_local(value) if kind == DATETIME else value)
    cell.number_format = {DATETIME: DATETIME_FORMAT, DATE: DATE_FORMAT, MONEY: money_format,
                          INTEGER: INTEGER_FORMAT}.get(kind, "General")
    return cell


def write_xlsx(tables, scope, target, tick=None):
    """One sheet per table, its header row bold and frozen, into `target` (a path or a binary file)."""
    language = "en" if (translation.get_language() or "fr").startswith("en") else "fr"
    money_format = MONEY_FORMATS[language]
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(title=str(table.label)[:31])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(table.columns, 1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.append([_text_cell(sheet, column.header, bold) for column in table.columns])
        kinds = [column.kind for column in table.columns]
        for values in table.rows(scope):
            sheet.append([_cell(sheet, kind, value, money_format)
                          for kind, value in zip(kinds, values, strict=True)])
            if tick:
                tick()
    book.save(target)
