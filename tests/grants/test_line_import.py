"""Many rows at once: pasted from a spreadsheet or imported from a CSV file, into the step's formset."""

import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.forms.line_import import MAX_ROWS, read_pasted, rows_for
from grants.forms.lines import PartnerForm
from grants.models import Partner
from tests import factories

pytestmark = pytest.mark.django_db

# The 34 partners of the Jonquière table's real application (reference/seeds/001), with a type and a role.
NAMES = [
    "Accès-Travail-Femmes", "Aide-parents-plus", "Association des résidents des logements municipaux de Jonquière",
    "Bureau du député fédéral", "Bureau du député provincial", "Carrefour communautaire d'action, d'aide et entraide",
    "Carrefour Jeunesse Emploi Jonquière", "CEGEP de Jonquière", "Centre Alpha de Jonquière",
    "Centre d'action Bénévole de Jonquière", "Centre d'intervention familiale le Transit",
    "Centre de services du Mieux-Vivre", "Centre l'Escale", "Centre Local d'Emploi de Jonquière",
    "Commission scolaire de la Jonquière (SARCA)", "Corporation de Développement Communautaire des Deux-Rives",
    "CSN", "CSSS Jonquière", "Entre-Êtres", "Épicerie communautaire Halte-ternative", "Fonds entraide communautaire",
    "Habitations partagées du Saguenay", "Maison d'hébergement Le Séjour", "Maison d'un Nouvel élan",
    "Maison de Quartier de Jonquière", "MEPAC", "Office Municipal d'habitation (OMH)", "Patro de Jonquière",
    "Service budgétaire et communautaire de Jonquière", "Solidarité sociale Paroisse Ste-Thérèse",
    "St-Vincent de Paul Jonquière/Kénogami", "Table Sécurité Alimentaire", "Travailleur de rue de Jonquière",
    "Citoyens intéressés",
]
KINDS = ["Communautaire", "public ou parapublic", "MUNICIPAL", "Privé", "autochtone", "other"]


def spreadsheet_rows(headings=False):
    """Tab-separated rows as a spreadsheet copies them; every third partner has no role (optional)."""
    lines = ["Nom\tType\tRôle\tContribution en argent\tContribution en nature"] if headings else []
    for n, name in enumerate(NAMES):
        role = "" if n % 3 == 0 else f"Accueil des familles ({n})"
        lines.append(f"{name}\t{KINDS[n % 6]}\t{role}\t{n * 100} $\t{n} 000,00")
    return "\r\n".join(lines) + "\r\n"


def step_url(proposal, slug="partenaires"):
    return reverse("proposal_step", args=[proposal.pk, slug])


def blank_partners_post(proposal, **extra):
    """What the partners step of a new draft posts: its one untouched blank row."""
    return {"version": proposal.version, "partners-TOTAL_FORMS": "1", "partners-INITIAL_FORMS": "0",
            "partners-0-name": "", "partners-0-kind": "", "partners-0-role": "",
            "partners-0-cash_contribution": "0,00", "partners-0-in_kind_contribution": "0,00", **extra}


def formset_data(context):
    formset = next(fs for fs in context["formsets"] if fs.prefix == "partners")
    return formset, [form for form in formset.forms if form.has_changed()]


def test_pasting_34_partners_fills_34_rows_in_one_go_without_javascript(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(step_url(proposal), blank_partners_post(
        proposal, paste_rows="partners", **{"partners-paste": spreadsheet_rows()}))
    assert response.status_code == 200
    formset, filled = formset_data(response.context)
    # The blank row is used first: 34 rows, no empty one left before them.
    assert formset.total_form_count() == 34 and len(filled) == 34
    assert "34 lignes ajoutées (partenaires). Vérifiez-les, puis enregistrez la section." in response.content.decode()
    assert not Partner.objects.exists()  # nothing is saved before the person checks and saves

    page = response.content.decode()
    data = {name: html.unescape(value) for name, value in re.findall(r'name="(partners-[^"]+)" value="([^"]*)"',
                                                                      page)}
    data.update({f"partners-{n}-kind": form["kind"].value() for n, form in enumerate(formset.forms)})
    data.update({f"partners-{n}-role": form["role"].value() for n, form in enumerate(formset.forms)})
    response = client.post(step_url(proposal), {**data, "version": proposal.version, "stay": "1"})
    assert response.status_code == 302, response.context and response.context.get("error_entries")
    partners = list(proposal.partners.order_by("id"))
    assert [partner.name for partner in partners] == NAMES
    assert [partner.kind for partner in partners[:6]] == ["community", "public", "municipal", "private",
                                                           "indigenous", "other"]
    assert partners[0].role == "" and partners[1].role == "Accueil des familles (1)"
    assert (partners[33].cash_contribution, partners[33].in_kind_contribution) == (Decimal("3300"),
                                                                                   Decimal("33000"))


def test_a_headings_row_is_recognised_and_columns_may_come_in_any_order(client, world):
    records = read_pasted("Rôle\tNom du partenaire\ttype\r\nTransport\tCISSS\tPublic\r\n\r\n\tCDC\tcommunautaire\n")
    assert rows_for(PartnerForm, records) == [
        {"role": "Transport", "name": "CISSS", "kind": "public"}, {"name": "CDC", "kind": "community"}]
    # Without headings the columns are the form's, in its order; a type not in the list is left to correct.
    assert rows_for(PartnerForm, read_pasted("CISSS\tHôpital")) == [{"name": "CISSS", "kind": "Hôpital"}]


def test_a_cell_with_line_breaks_copied_from_a_spreadsheet_stays_one_cell():
    records = read_pasted('CISSS\tPublic\t"Accueil\r\net transport"\t0\t0\r\nCDC\tCommunautaire\r\n')
    assert rows_for(PartnerForm, records)[0]["role"] == "Accueil\net transport"


def test_pasted_rows_follow_the_rows_already_there(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    existing = factories.PartnerFactory(proposal=proposal, name="Déjà là", role="R")
    client.force_login(world.applicant)
    response = client.post(step_url(proposal), {
        "version": proposal.version, "partners-TOTAL_FORMS": "1", "partners-INITIAL_FORMS": "1",
        "partners-0-id": existing.pk, "partners-0-name": "Déjà là (modifié)", "partners-0-kind": "community",
        "partners-0-role": "R", "partners-0-cash_contribution": "0", "partners-0-in_kind_contribution": "0",
        "paste_rows": "partners", "partners-paste": "CISSS\tPublic\nCDC\tCommunautaire"})
    formset, _filled = formset_data(response.context)
    assert [form["name"].value() for form in formset.forms] == ["Déjà là (modifié)", "CISSS", "CDC"]


def test_with_htmx_the_paste_answers_only_the_group_of_rows(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(step_url(proposal), blank_partners_post(
        proposal, paste_rows="partners", **{"partners-paste": spreadsheet_rows(headings=True)}), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<fieldset id="formset-partners"')
    assert body.count('class="formset-row"') == 34
    # The message about the added rows takes the focus, so keyboard and screen reader users hear it.
    assert re.search(r'<p class="alert alert-success" role="status" tabindex="-1" autofocus>34 lignes', body)


def test_a_csv_file_from_french_excel_is_imported(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    content = "Nom;Type;Rôle;Contribution en argent;Contribution en nature\r\n" \
              "Maison des familles;Communautaire;Halte-garderie;1 500,00;250,50\r\n" \
              "Ville de Sept-Îles;Municipal;;10 000;0\r\n"
    upload = SimpleUploadedFile("partenaires.csv", content.encode("cp1252"), content_type="text/csv")
    client.force_login(world.applicant)
    response = client.post(step_url(proposal), blank_partners_post(
        proposal, import_rows="partners", **{"partners-file": upload}))
    formset, filled = formset_data(response.context)
    assert [(form["name"].value(), form["kind"].value(), form["cash_contribution"].value()) for form in filled] == [
        ("Maison des familles", "community", "1 500,00"), ("Ville de Sept-Îles", "municipal", "10 000")]
    assert formset.is_valid()


def test_a_utf8_csv_with_commas_is_imported_too(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    content = '\ufeffDescription,Catégorie,Coût total,Demandé au fonds\n"Salaire, coordination",Salaires et ' \
              'charges sociales,"60 000,00 $","45 000,00 $"\n'
    upload = SimpleUploadedFile("budget.csv", content.encode("utf-8"), content_type="text/csv")
    client.force_login(world.applicant)
    response = client.post(step_url(proposal, "budget"), {
        "version": proposal.version, "budget_lines-TOTAL_FORMS": "1", "budget_lines-INITIAL_FORMS": "0",
        "cofundings-TOTAL_FORMS": "0", "cofundings-INITIAL_FORMS": "0", "import_rows": "budget_lines",
        "budget_lines-file": upload})
    formset = next(fs for fs in response.context["formsets"] if fs.prefix == "budget_lines")
    row = formset.forms[0]
    assert (row["description"].value(), row["category"].value(), row["total_amount"].value()) == (
        "Salaire, coordination", "salaries", "60 000,00 $")
    assert formset.total_form_count() == 1 and formset.is_valid()
    assert formset.forms[0].cleaned_data["fund_amount"] == Decimal("45000")


def test_problems_are_said_in_plain_words_and_nothing_changes(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    empty = client.post(step_url(proposal), blank_partners_post(proposal, paste_rows="partners",
                                                                **{"partners-paste": "  \r\n\t\r\n"}))
    assert "Aucune ligne trouvée : copiez les lignes dans votre tableur" in empty.content.decode()
    no_file = client.post(step_url(proposal), blank_partners_post(proposal, import_rows="partners"))
    assert "Choisissez d&#x27;abord le fichier CSV à importer." in no_file.content.decode()
    too_many = "\n".join(f"Partenaire {n}\tCommunautaire" for n in range(MAX_ROWS + 2))
    refused = client.post(step_url(proposal), blank_partners_post(proposal, paste_rows="partners",
                                                                  **{"partners-paste": too_many}))
    assert f"Ajoutez au plus {MAX_ROWS} lignes à la fois" in refused.content.decode()
    assert formset_data(refused.context)[0].total_form_count() == 1
    assert not Partner.objects.exists()


def test_the_pasted_text_is_ignored_by_a_plain_save(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(step_url(proposal), blank_partners_post(
        proposal, stay="1", **{"partners-paste": "CISSS\tPublic"}))
    assert response.status_code == 302 and not Partner.objects.exists()
