"""Québec's regions, MRCs and municipalities from the government's register: the Répertoire des
municipalités du Québec of the ministère des Affaires municipales et de l'Habitation (MAMH), as published
in CSV on Données Québec. Codes are the keys, so loading a newer edition again updates names and links
and adds what is new; nothing is deleted (proposals and organisations point at territories).

Columns are found by their heading, whatever their order, case or accents (grants.tabular.heading_key):

| what                    | headings accepted                                   | example                 |
|-------------------------|-----------------------------------------------------|-------------------------|
| municipality code       | `mcode`, `Code géographique`, `code`                | `97007`                 |
| municipality name       | `munnom`, `Nom`, `Municipalité`                     | `Sept-Îles`             |
| administrative region   | `regadm`, `Région administrative`, `Région`         | `Côte-Nord (09)`        |
| MRC or equivalent (TE)  | `mrc`, `MRC`, `MRC/TE`                              | `Sept-Rivières (971)`   |
| region code (optional)  | `Code région`, `regadm_code`                        | `09`                    |
| MRC code (optional)     | `Code MRC`, `mrc_code`                              | `971`                   |

A region or MRC is written "Name (code)" as in the register, or as a plain name with its code in the
optional column. Stored codes: `region-09`, `mrc-971`, `mun-97007`. A municipality without an MRC
("hors MRC") is left out and counted: Concerto places every municipality in an MRC. A territory entered by
hand or by the demo with the same name under the same parent (`mrc-sept-rivieres`…) is adopted: it takes
the register's code rather than being duplicated.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from grants.models import Territory
from grants.tabular import heading_key

HEADINGS = {
    "code": ("mcode", "code geographique", "code", "code municipalite"),
    "name": ("munnom", "nom", "municipalite", "nom de la municipalite"),
    "region": ("regadm", "region administrative", "region"),
    "mrc": ("mrc", "mrc te", "municipalite regionale de comte"),
    "region_code": ("code region", "regadm code", "code de la region administrative"),
    "mrc_code": ("code mrc", "mrc code", "code de la mrc"),
}
REQUIRED = ("code", "name", "region", "mrc")
NAMED_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>\d+)\)\s*$")
OFFICIAL = {"region": re.compile(r"^region-\d+$"), "mrc": re.compile(r"^mrc-\d+$"),
            "municipality": re.compile(r"^mun-\d+$")}


class RegisterError(Exception):
    """The file cannot be read as the register (the message says which columns are missing)."""


@dataclass
class Outcome:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: list = field(default_factory=list)  # (line number, reason)


def _columns(headings):
    keys = [heading_key(cell) for cell in headings]
    found = {}
    for what, accepted in HEADINGS.items():
        index = next((keys.index(name) for name in accepted if name in keys), None)
        if index is not None:
            found[what] = index
    missing = [what for what in REQUIRED if what not in found]
    if missing:
        raise RegisterError("Colonnes introuvables : " + ", ".join(HEADINGS[what][0] for what in missing)
                            + ". Colonnes lues : " + ", ".join(headings))
    return found


def _named(value, code_value, width):
    """(name, code) from "Côte-Nord (09)", or from a name and its code column."""
    match = NAMED_CODE.match(value)
    name, code = (match["name"], match["code"]) if match else (value, code_value)
    if not name or not (code or "").isdigit():
        return None
    return name.strip(), str(int(code)).zfill(width)


class _Loader:
    """Upserts by code, each region and MRC once per file; adopts an unregistered namesake."""

    def __init__(self, outcome):
        self.outcome = outcome
        territories = list(Territory.objects.all())
        self.by_code = {territory.code: territory for territory in territories}
        self.unregistered = {self._key(t.kind, t.parent_id, t.name): t for t in territories
                             if not OFFICIAL[t.kind].match(t.code)}
        self.done = {}

    @staticmethod
    def _key(kind, parent_id, name):
        return kind, parent_id, name.casefold()

    def once(self, kind, code, name, parent):
        if code not in self.done:
            self.done[code] = self.upsert(kind, code, name, parent)
        return self.done[code]

    def upsert(self, kind, code, name, parent):
        parent_id = parent.pk if parent else None
        territory = self.by_code.get(code) or self.unregistered.pop(self._key(kind, parent_id, name), None)
        if territory is None:
            territory = Territory.objects.create(kind=kind, code=code, name=name, parent=parent)
            self.outcome.created[kind] += 1
        elif (territory.kind, territory.code, territory.name, territory.parent_id) != (kind, code, name, parent_id):
            territory.kind, territory.code, territory.name, territory.parent = kind, code, name, parent
            territory.save()
            self.outcome.updated[kind] += 1
        else:
            self.outcome.unchanged[kind] += 1
        self.by_code[code] = territory
        return territory


def _cells(columns, row):
    return {what: row[index].strip() if index < len(row) else "" for what, index in columns.items()}


def import_register(rows):
    """Load the register's rows (the first one holds the headings) in one transaction; an Outcome."""
    if not rows:
        raise RegisterError("Le fichier est vide.")
    columns = _columns(rows[0])
    outcome = Outcome()
    with transaction.atomic():
        loader = _Loader(outcome)
        for line, row in enumerate(rows[1:], start=2):
            cells = _cells(columns, row)
            region = _named(cells["region"], cells.get("region_code"), 2)
            mrc = _named(cells["mrc"], cells.get("mrc_code"), 2)
            code, name = cells["code"], cells["name"]
            if not code.isdigit() or not name:
                outcome.skipped.append((line, "code ou nom de municipalité manquant"))
            elif region is None:
                outcome.skipped.append((line, f"{name} : région illisible « {cells['region']} »"))
            elif mrc is None:
                outcome.skipped.append((line, f"{name} : hors MRC"))
            else:
                region_territory = loader.once("region", f"region-{region[1]}", region[0], None)
                mrc_territory = loader.once("mrc", f"mrc-{mrc[1]}", mrc[0], region_territory)
                loader.upsert("municipality", f"mun-{str(int(code)).zfill(5)}", name, mrc_territory)
    return outcome
