"""Staff exports streamed from the export page: CSV (BOM, formulas neutralised), XLSX (typed cells, frozen
bold header, no formula) and the scope (an export never holds another program's rows, nor a draft)."""

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reporting.exports import service
from reporting.exports.tables import TABLES
from reporting.models import ExportJob
from tests import factories

from .exports_world import FORMULAS, two_programs

URL = reverse("reporting:exports")
BOM = b"\xef\xbb\xbf"
Q_MARKERS = ("de Q", "REF-Q", "RES-Q", "VIR-Q")
P_MARKERS = ("de P", "REF-P", "RES-P", "VIR-P")


@pytest.fixture
def data(world):
    return two_programs(world, p_texts=FORMULAS)


def export(client, user, **fields):
    client.force_login(user)
    return client.post(URL, {"format": "csv", "table": "", "program": "", "call": "", "state": "", **fields})


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response):
    raw = content(response)
    assert raw.startswith(BOM)
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def workbook(response):
    return load_workbook(io.BytesIO(content(response)))


def every_value(book):
    return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for cell in row if cell is not None)


def column(rows, header):
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def test_csv_starts_with_a_bom_and_neutralises_every_formula(client, world, data):
    response = export(client, world.analyst, table="demandes")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="concerto-demandes-')
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    assert column(rows, "Titre du projet") == ["'" + FORMULAS["title"]]
    # Numbers and dates are written plainly, never neutralised.
    assert column(rows, "Montant demandé") == ["20000.50"]
    assert column(rows, "Date de début") == ["2025-09-01"]

    partners = csv_rows(export(client, world.analyst, table="partenaires"))
    assert column(partners, "Partenaire") == ["'" + FORMULAS["partner"]]
    assert column(partners, "Rôle dans le projet") == ["'" + FORMULAS["role"]]
    assert column(partners, "Contribution en argent") == ["1234.56"]
    assert column(csv_rows(export(client, world.analyst, table="indicateurs")), "Indicateur") == \
        ["'" + FORMULAS["indicator"]]
    assert column(csv_rows(export(client, world.analyst, table="evaluations")), "Commentaire général") == \
        ["'" + FORMULAS["comment"]]
    assert column(csv_rows(export(client, world.analyst, table="budget")), "Description") == ["'" + FORMULAS["budget"]]


def test_xlsx_has_typed_money_and_date_cells_a_frozen_bold_header_and_no_formula(client, world, data):
    response = export(client, world.analyst, format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    raw = content(response)
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["Demandes", "Partenaires", "Postes budgétaires", "Autres sources de financement",
                               "Indicateurs", "Réponses aux questions", "Évaluations", "Notes par critère",
                               "Décisions", "Conventions", "Versements", "Résultats des rapports"]
    sheet = book["Demandes"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert all(cell.font.bold for cell in sheet[1])
    row = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    requested = row["Montant demandé"]
    assert requested.data_type == "n" and requested.value == pytest.approx(20000.50)
    assert requested.number_format == '#,##0.00 "$"'
    start = row["Date de début"]
    assert start.is_date and start.value == datetime(2025, 9, 1) and start.number_format == "yyyy-mm-dd"
    assert row["Déposée le"].is_date
    title = row["Titre du projet"]
    assert title.data_type == "s" and title.value == FORMULAS["title"]  # text as typed, not a formula
    tranche = dict(zip([c.value for c in book["Versements"][1]], book["Versements"][2], strict=True))
    assert tranche["Montant"].value == pytest.approx(7500.13) and tranche["Versé le"].value == datetime(2025, 7, 15)
    # No cell of any sheet is stored as a formula.
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert len(sheets) == 12
        assert not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)


def test_xlsx_in_english_writes_the_dollar_sign_first(client, world, data):
    world.analyst.language = "en"
    world.analyst.save(update_fields=["language"])
    book = workbook(export(client, world.analyst, format="xlsx", table="conventions"))
    sheet = book.worksheets[0]
    money = [cell for cell in sheet[2] if cell.data_type == "n" and cell.number_format != "0"]
    assert money and {cell.number_format for cell in money} == {'"$"#,##0.00'}


def test_an_export_never_includes_another_programs_data_nor_a_draft(client, world, data):
    text = every_value(workbook(export(client, world.analyst, format="xlsx")))
    assert all(marker not in text for marker in Q_MARKERS), "a row of program Q leaked into P's export"
    assert "Brouillon privé" not in text
    for code in TABLES:
        rows = csv_rows(export(client, world.analyst, table=code))
        flat = "\n".join(",".join(row) for row in rows)
        assert "REF-P" in flat, code
        assert all(marker not in flat for marker in Q_MARKERS), code

    text = every_value(workbook(export(client, world.outside_analyst, format="xlsx")))
    assert all(marker in text for marker in Q_MARKERS)
    assert all(marker not in text for marker in P_MARKERS)


def test_a_manager_exports_their_program_and_an_admin_every_program(client, world, data):
    manager = every_value(workbook(export(client, world.manager, format="xlsx", table="demandes")))
    assert "REF-P" in manager and "REF-Q" not in manager
    admin = every_value(workbook(export(client, world.admin, format="xlsx", table="demandes")))
    assert "REF-P" in admin and "REF-Q" in admin


def test_another_programs_filter_is_refused_and_filters_narrow_the_rows(client, world, data):
    response = export(client, world.analyst, table="demandes", program=str(data.other_program.pk))
    assert response.status_code == 400
    assert not ExportJob.objects.exists()
    other_call = factories.CallFactory(program=world.program)
    factories.ProposalFactory(call=other_call, organisation=world.organisation, state="submitted", reference="REF-P2")
    rows = csv_rows(export(client, world.analyst, table="demandes", call=str(other_call.pk)))
    assert column(rows, "Numéro de dossier") == ["REF-P2"]
    rows = csv_rows(export(client, world.analyst, table="demandes", state="funded"))
    assert column(rows, "Numéro de dossier") == ["REF-P"]


def test_reviews_of_a_proposal_the_analyst_is_tied_to_are_left_out(client, world, data):
    factories.DeclaredTieFactory(reviewer=world.analyst, organisation=world.organisation)
    for table in ("evaluations", "notes"):
        assert len(csv_rows(export(client, world.analyst, table=table))) == 1  # the header only
    assert len(csv_rows(export(client, world.manager, table="evaluations"))) == 2


def test_each_export_is_recorded_with_its_scope(client, world, data):
    export(client, world.analyst, table="demandes")
    job = ExportJob.objects.get()
    assert (job.requested_by, job.state, job.table, job.format) == (world.analyst, "streamed", "demandes", "csv")
    assert job.program_ids == [world.program.pk] and job.proposals == 1 and not job.file


def test_a_csv_needs_one_table(client, world, data):
    response = export(client, world.analyst, table="")
    assert response.status_code == 400
    assert "Un fichier CSV contient une seule table" in response.content.decode()


def test_the_page_lists_the_tables_for_analysts_and_refuses_others(client, world):
    client.force_login(world.analyst)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert all(str(table.label) in html for table in TABLES.values())
    for persona in (world.board, world.reviewer, world.applicant, world.nobody):
        client.force_login(persona)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"format": "csv", "table": "demandes"}).status_code == 403


def test_writing_a_table_costs_the_same_queries_for_one_or_many_proposals(world):
    def queries(extra):
        for _ in range(extra):
            proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, state="submitted")
            proposal.mrcs.add(factories.MrcFactory())
            factories.PartnerFactory(proposal=proposal)
        job = ExportJob(requested_by=world.analyst, table="", format="xlsx", filters={},
                        program_ids=[world.program.pk])
        with CaptureQueriesContext(connection) as captured:
            service.write(job, io.BytesIO())
        return len(captured)

    queries(0)  # the person's roles are read once, then cached on them
    assert queries(1) == queries(4)


def test_amounts_are_decimals_in_the_tables(world, data):
    from reporting.exports.scope import Scope

    row = next(TABLES["demandes"].rows(Scope.of(world.analyst, {})))
    assert Decimal("20000.50") in row and date(2025, 9, 1) in row


def test_the_menu_links_to_the_exports_for_those_who_may_export(client, world):
    for persona, shown in ((world.analyst, True), (world.manager, True), (world.admin, True), (world.board, False),
                           (world.reviewer, False), (world.applicant, False)):
        client.force_login(persona)
        assert (URL in client.get(reverse("notifications:list")).content.decode()) is shown, persona
