"""manage.py import_territories: the MAMH register loaded, loaded again without change, merged with the
demo's sample territories."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from grants.models import Territory
from tests import factories

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "data" / "repertoire_municipalites.csv"


def load(path=SAMPLE, *args):
    out = StringIO()
    call_command("import_territories", str(path), *args, stdout=out)
    return out.getvalue()


def tree():
    return sorted((t.kind, t.code, t.name, t.parent.code if t.parent else None) for t in
                  Territory.objects.select_related("parent"))


def test_the_register_loads_regions_mrcs_and_municipalities(db):
    output = load()
    sept_iles = Territory.objects.get(code="mun-97007")
    assert (sept_iles.kind, sept_iles.name) == ("municipality", "Sept-Îles")
    assert (sept_iles.parent.code, sept_iles.parent.name, sept_iles.parent.kind) == ("mrc-971", "Sept-Rivières", "mrc")
    assert (sept_iles.parent.parent.code, sept_iles.parent.parent.name) == ("region-09", "Côte-Nord")
    assert Territory.objects.filter(kind="region").count() == 2
    assert Territory.objects.filter(kind="mrc").count() == 4
    assert Territory.objects.filter(kind="municipality").count() == 7
    assert "municipalités : 7 ajoutées, 0 mises à jour, 0 inchangées" in output
    # Uashat has no MRC in the register: left out, and said so.
    assert "ligne 7 : Uashat : hors MRC" in output and not Territory.objects.filter(name="Uashat").exists()


def test_loading_it_again_changes_nothing_and_follows_a_renaming(db, tmp_path):
    load()
    before = tree()
    output = load()
    assert tree() == before
    assert "municipalités : 0 ajoutées, 0 mises à jour, 7 inchangées" in output
    renamed = tmp_path / "MUN.csv"
    renamed.write_text(SAMPLE.read_text(encoding="utf-8").replace("Port-Cartier", "Port-Cartier (ville)"),
                       encoding="utf-8")
    assert "municipalités : 0 ajoutées, 1 mises à jour, 6 inchangées" in load(renamed)
    assert Territory.objects.get(code="mun-97022").name == "Port-Cartier (ville)"


def test_the_demo_sample_is_adopted_not_duplicated(db):
    region = factories.RegionFactory(code="region-09", name="Côte-Nord")
    mrc = factories.MrcFactory(code="mrc-sept-rivieres", name="Sept-Rivières", parent=region)
    town = factories.MunicipalityFactory(code="mun-sept-iles", name="Sept-Îles", parent=mrc)
    organisation = factories.OrganisationFactory(territory=mrc, municipality=town)
    load()
    town.refresh_from_db()
    mrc.refresh_from_db()
    assert (town.code, mrc.code) == ("mun-97007", "mrc-971")
    assert Territory.objects.filter(name="Sept-Îles").count() == 1
    organisation.refresh_from_db()
    assert organisation.municipality_id == town.pk


def test_a_french_excel_file_with_separate_codes_is_read(db, tmp_path):
    path = tmp_path / "repertoire.csv"
    path.write_bytes("Code géographique;Nom;Région administrative;Code région;MRC;Code MRC\r\n"
                     "2005;Saint-Félicien;Saguenay–Lac-Saint-Jean;2;Le Domaine-du-Roy;91\r\n".encode("cp1252",
                                                                                                       "replace"))
    load(path)
    town = Territory.objects.get(code="mun-02005")
    assert town.parent.code == "mrc-91" and town.parent.parent.code == "region-02"


def test_a_dry_run_writes_nothing_and_a_wrong_file_is_explained(db, tmp_path):
    assert "Simulation" in load(SAMPLE, "--dry-run") and not Territory.objects.exists()
    wrong = tmp_path / "autre.csv"
    wrong.write_text("nom,population\nSept-Îles,24569\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Colonnes introuvables : mcode, regadm, mrc"):
        load(wrong)
    with pytest.raises(CommandError, match="Lecture impossible"):
        load(tmp_path / "absent.csv")
