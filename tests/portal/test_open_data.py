"""Open data: the portal's records as CSV (Excel-safe) and as 360Giving JSON, valid against the schema kept
in the repository."""

import csv
import io
import json
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import jsonschema
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import PeriodicTask

from core.csvsafe import csv_lines, neutralise
from portal import selectors as portal_selectors
from portal import stored_files
from portal.tasks import write_open_data
from tests import factories

from .conftest import SECRET, funded_project

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(settings.BASE_DIR) / "portal" / "schemas" / "grants-360giving.schema.json").read_text())


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def csv_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response)
    assert text.startswith("\ufeff")  # Excel reads UTF-8 with its byte-order mark
    return list(csv.DictReader(io.StringIO(text[1:])))


def json_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(body(response))


def validate(package):
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(package)


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_json_validates_and_follows_360giving(client, portal_world, settings):
    settings.CONCERTO_OPEN_DATA_PUBLISHER = {"name": "Table régionale", "identifier": "360G-cn",
                                             "website": "https://solidarite.example.org"}
    settings.CONCERTO_OPEN_DATA_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    package = json_of(client, "/public/donnees/parsis-cn/projets.json")
    validate(package)
    assert package["publisher"] == {"name": "Table régionale", "identifier": "360G-cn",
                                    "website": "https://solidarite.example.org"}
    assert (package["license"], package["licenseName"]) == ("https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0")
    grants = {grant["title"]: grant for grant in package["grants"]}
    assert set(grants) == {"Cuisines collectives", "Halte-garderie", "Transport solidaire"}
    funded = grants["Cuisines collectives"]
    assert funded["id"] == f"360G-cn-{portal_world.funded.pk}"
    assert funded["description"] == "Des repas partagés pour briser l'isolement."
    assert (funded["currency"], funded["amountAwarded"], funded["awardDate"]) == ("CAD", 15000, "2025-06-12")
    assert funded["recipientOrganization"] == [
        {"id": f"360G-cn-org-{portal_world.funded.organisation_id}", "name": "Cuisine amicale"}]
    assert funded["fundingOrganization"] == [{"id": "360G-cn", "name": "Table régionale"}]
    assert funded["grantProgramme"] == [{"code": "parsis-cn", "title": portal_world.program.name_fr}]
    assert funded["beneficiaryLocation"] == [
        {"name": "Manicouagan", "geoCode": "mrc-manicouagan", "countryCode": "CA"},
        {"name": "Sept-Rivières", "geoCode": "mrc-sept-rivieres", "countryCode": "CA"}]
    assert funded["plannedDates"] == [{"startDate": "2025-07-01", "endDate": "2026-06-30"}]
    assert funded["classifications"] == [{"vocabulary": "parsis-cn-axes", "code": "AXE-1", "title": "Conditions de vie"}]
    assert funded["indicators"] == [{"label": "Repas servis", "unit": "repas", "target": 1000, "actual": 640}]
    # No summary: the title stands in for the description 360Giving requires.
    assert grants["Transport solidaire"]["description"] == "Transport solidaire"


def test_the_all_programs_file_holds_every_published_project(client, portal_world):
    package = json_of(client, "/public/donnees/projets.json")
    validate(package)
    assert sorted(grant["title"] for grant in package["grants"]) == [
        "Cuisines collectives", "Halte-garderie", "Transport solidaire", "Épicerie solidaire"]
    rows = csv_of(client, "/public/donnees/projets.csv")
    assert sorted(row["title"] for row in rows) == sorted(grant["title"] for grant in package["grants"])


def test_csv_and_json_hold_the_same_records_as_the_page(client, portal_world):
    page = client.get("/public/parsis-cn/").context["records"]
    rows = csv_of(client, "/public/donnees/parsis-cn/projets.csv")
    grants = json_of(client, "/public/donnees/parsis-cn/projets.json")["grants"]
    assert [row["title"] for row in rows] == [grant["title"] for grant in grants] == [r.title for r in page]
    funded = next(row for row in rows if row["title"] == "Cuisines collectives")
    assert funded["recipient_org_name"] == "Cuisine amicale"
    assert funded["amount_awarded"] == "15000.00" and funded["award_date"] == "2025-06-12"
    assert funded["beneficiary_location_names"] == "Manicouagan ; Sept-Rivières"
    assert (funded["axis_code"], funded["state"], funded["state_label"]) == ("AXE-1", "funded", "Financé")
    assert funded["indicators"] == "Repas servis : 640 / 1000 repas"


@pytest.mark.parametrize("path", ["/public/donnees/projets.csv", "/public/donnees/projets.json",
                                  "/public/donnees/parsis-cn/projets.csv", "/public/donnees/parsis-cn/projets.json"])
def test_no_confidential_text_nor_hidden_project_in_the_files(client, portal_world, path):
    response = client.get(path)
    text = body(response)
    assert SECRET not in text and "Victimes" not in text
    assert f"-{portal_world.withheld.pk}," not in text and f"-{portal_world.withheld.pk}\"" not in text
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_english_page_does_not_change_the_files(client, portal_world):
    french = body(client.get("/public/donnees/parsis-cn/projets.csv"))
    assert body(client.get("/public/donnees/parsis-cn/projets.csv?lang=en")) == french
    assert "Conditions de vie" in french and "Living conditions" not in french


def test_formulas_are_neutralised_in_the_csv(client, portal_world):
    funded_project(portal_world.funded.call, title='=HYPERLINK("http://evil.example","clic")', amount="1000",
                   public_summary="+33 600 000", organisation=factories.OrganisationFactory(legal_name="@SUM(A1)"))
    rows = csv_of(client, "/public/donnees/parsis-cn/projets.csv")
    row = next(row for row in rows if "HYPERLINK" in row["title"])
    assert row["title"] == """'=HYPERLINK("http://evil.example","clic")"""
    assert row["description"] == "'+33 600 000"
    assert row["recipient_org_name"] == "'@SUM(A1)"
    assert row["amount_awarded"] == "1000.00"  # numbers stay numbers


@pytest.mark.parametrize("value, expected", [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Cuisines", "Cuisines"), ("", ""), (None, None), (-5, -5), ("a=b", "a=b"),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_lines_start_with_the_bom_and_neutralise_the_header_too():
    lines = list(csv_lines(["=titre", "montant"], [["-x", 12]]))
    assert lines == ["\ufeff'=titre,montant\r\n", "'-x,12\r\n"]


def test_an_unknown_program_has_no_files(client, portal_world):
    assert client.get("/public/donnees/inconnu/projets.csv").status_code == 404
    assert client.get("/public/donnees/inconnu/projets.json").status_code == 404


def test_an_empty_program_gives_an_empty_valid_package(client, db):
    factories.ProgramFactory(code="vide")
    package = json_of(client, "/public/donnees/vide/projets.json")
    validate(package)
    assert package["grants"] == []
    assert len(csv_of(client, "/public/donnees/vide/projets.csv")) == 0


def test_a_file_is_written_once_per_published_version_and_the_older_one_removed(client, portal_world):
    """The whole file cost seconds of a web process at every download (40,000 projects): it is written to
    storage by the first request of a published version and read from there by the next ones."""
    first = csv_of(client, "/public/donnees/projets.csv")
    with CaptureQueriesContext(connection) as queries:
        again = csv_of(client, "/public/donnees/projets.csv")
    assert again == first and not any("grants_proposal_mrcs" in query["sql"] for query in queries)
    folder = f"{stored_files.FOLDER}/tous-les-programmes"
    [kept] = default_storage.listdir(folder)[1]
    funded_project(portal_world.funded.call, title="Nouveau projet publié")  # a new published version
    assert "Nouveau projet publié" in {row["title"] for row in csv_of(client, "/public/donnees/projets.csv")}
    assert default_storage.listdir(folder)[1] != [kept] and len(default_storage.listdir(folder)[1]) == 1


def test_the_first_download_is_streamed_as_it_is_written(client, portal_world):
    """The version's first visitor used to wait for the whole file to be written (seconds at 40,000 projects)
    before its first byte: it now receives the pieces as they are written, and the file is kept once all are
    out."""
    folder = f"{stored_files.FOLDER}/tous-les-programmes"
    response = client.get("/public/donnees/projets.csv")
    assert response.streaming and not isinstance(response, FileResponse)
    pieces = iter(response.streaming_content)
    first = next(pieces)
    assert first.startswith("\ufeff".encode())
    assert not default_storage.exists(folder) or not default_storage.listdir(folder)[1]  # not written yet
    text = (first + b"".join(pieces)).decode()
    [kept] = default_storage.listdir(folder)[1]
    with default_storage.open(f"{folder}/{kept}") as stored:
        assert stored.read().decode() == text
    again = client.get("/public/donnees/projets.csv")
    assert isinstance(again, FileResponse) and body(again) == text


def test_a_download_given_up_half_way_keeps_nothing_and_lets_the_next_write(client, portal_world):
    folder = f"{stored_files.FOLDER}/tous-les-programmes"
    pieces = stored_files.stored_or_streamed(SimpleNamespace(), None, "json")
    next(pieces)
    pieces.close()  # the visitor went away: the server closes the response, and with it the pieces
    assert not default_storage.exists(folder) or not default_storage.listdir(folder)[1]
    whole = json_of(client, "/public/donnees/projets.json")  # the lock was let go: this one writes it
    assert whole["grants"] and len(default_storage.listdir(folder)[1]) == 1


def test_a_storage_failing_at_the_end_still_gives_the_whole_file_and_the_next_download_writes(client, portal_world):
    """The storage refusing the file once it is streamed must not cut the visitor's download short (a chunked
    answer without its last chunk): the file is not kept, the lock is let go."""
    folder = f"{stored_files.FOLDER}/tous-les-programmes"
    with mock.patch.object(default_storage, "save", side_effect=OSError("stockage indisponible")):
        streamed = json_of(client, "/public/donnees/projets.json")
    assert streamed["grants"]
    assert not default_storage.exists(folder) or not default_storage.listdir(folder)[1]
    assert json_of(client, "/public/donnees/projets.json") == streamed
    assert len(default_storage.listdir(folder)[1]) == 1


def test_while_another_request_writes_the_file_it_is_streamed(client, portal_world):
    written = json_of(client, "/public/donnees/projets.json")
    funded_project(portal_world.funded.call, title="Nouveau projet publié")
    with mock.patch.object(stored_files.cache, "add", return_value=False):  # someone else is writing it
        response = client.get("/public/donnees/projets.json")
    assert response.streaming and not isinstance(response, FileResponse)
    streamed = json.loads(body(response))
    assert len(streamed["grants"]) == len(written["grants"]) + 1


def test_the_beat_task_writes_the_current_files_before_anyone_asks(client, portal_world):
    assert write_open_data() == 2 * (1 + len(portal_selectors.programs()))
    with CaptureQueriesContext(connection) as queries:
        rows = csv_of(client, "/public/donnees/projets.csv")
    assert rows and not any("grants_proposal_mrcs" in query["sql"] for query in queries)  # read from storage
    assert write_open_data() == 2 * (1 + len(portal_selectors.programs()))  # already there: nothing rewritten
    assert len(default_storage.listdir(f"{stored_files.FOLDER}/tous-les-programmes")[1]) == 2
    assert PeriodicTask.objects.get(task="portal.write_open_data").interval.every == 5
