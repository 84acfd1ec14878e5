"""Reading the spreadsheets people export: CSV files saved by Excel (French or English), LibreOffice or
Google Sheets, and rows copied to the clipboard (tab-separated)."""

import csv
import io
import re
import unicodedata

from grants.forms.text import normalise_newlines


def decode(raw):
    """UTF-8 (with or without the BOM Excel writes), else Windows-1252, Excel's other encoding in Québec."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def delimiter_of(text):
    """Semicolon (Excel in French), comma or tab: whichever the first line uses most; comma if none."""
    first = text.split("\n", 1)[0]
    found = max(";,\t", key=first.count)
    return found if first.count(found) else ","


def records(text, delimiter=None):
    """Non-empty rows of cells (stripped); a cell may hold line breaks inside double quotes."""
    text = normalise_newlines(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter or delimiter_of(text))
    return [[cell.strip() for cell in row] for row in reader if any(cell.strip() for cell in row)]


def heading_key(text):
    """A heading or a choice as compared: "Rôle dans le projet" -> "role dans le projet"."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())
