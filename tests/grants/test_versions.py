"""Issue 14, "Versions": every submission and resubmission freezes the application; the versions are
read-only; two versions of a real-size application differ by exactly what the applicant changed, next to
the change request that asked for it; once decided, the printable PDF and the board packet show the
version decided on."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from grants.models import BudgetLine, Partner, ProposalVersion
from grants.models.version import ImmutableVersion
from grants.services import proposals as proposal_services
from grants.services import versions as version_services
from grants.versions import diff, frozen, selectors
from tests import factories
from tests.reporting.test_pdf import long_text, pdf_text
from tests.workflow.helpers import fill_completely
from workflow import packet, services
from workflow import versions as workflow_versions

pytestmark = pytest.mark.django_db
CHANGE_REQUEST = "Précisez vos constats pour 2025 et nommez les deux partenaires municipaux."
TEXTS = ("mission", "territory_details", "target_population", "objectives", "problem_statement",
         "expected_results", "concerns", "complementarity", "gender_impact")


@pytest.fixture
def application(world):
    """A real-size draft (34 partners, 12 budget lines, 9 indicators, 3 other sources, nine 4,700-character
    texts), complete: the real submit guard lets it through."""
    world.call.required_attachment_types.add(factories.AttachmentTypeFactory(code="resolution-ca"))
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, created_by=world.applicant,
                                         title="Cuisines collectives de la Haute-Côte-Nord",
                                         **{name: long_text() for name in TEXTS})
    fill_completely(proposal, world.program)
    for number in range(1, 35):
        factories.PartnerFactory(proposal=proposal, name=f"Partenaire numéro {number:02d}",
                                 role=f"Rôle du partenaire {number:02d}")
    for number in range(1, 12):
        factories.BudgetLineFactory(proposal=proposal, description=f"Poste {number:02d}",
                                    total_amount=Decimal("1500.00"), fund_amount=Decimal("1000.00"))
    for number in range(1, 9):
        factories.IndicatorFactory(proposal=proposal, label=f"Indicateur {number}")
    for source in ("Centraide", "Ville de Forestville", "MRC"):
        factories.CoFundingFactory(proposal=proposal, source=source)
    proposal.secondary_axes.add(factories.AxisFactory(program=world.program, name_fr="Axe 3 : participation"))
    proposal.municipalities.add(factories.MunicipalityFactory(name="Les Escoumins"))
    return proposal


def resubmitted(world, proposal, *, fields=None, lines=None):
    """Submitted, sent back with a change request, changed by the applicant and resubmitted."""
    proposal = services.transition(proposal, "submit", world.applicant)
    proposal = services.transition(proposal, "start_analysis", world.analyst)
    proposal = services.transition(proposal, "request_changes", world.analyst, comment=CHANGE_REQUEST)
    proposal = proposal_services.save_step(proposal, world.applicant, version=proposal.version, fields=fields,
                                           lines=lines)
    return services.transition(proposal, "resubmit", world.applicant)


def the_three_changes(proposal):
    """The problem statement reworded, two partners added, one budget line's amounts changed."""
    line = proposal.budget_lines.get(description="Poste 03")
    new_partner = {"kind": "municipal", "role": "Prêt de locaux", "cash_contribution": Decimal("0"),
                   "in_kind_contribution": Decimal("2500")}
    problem = proposal.problem_statement.replace("hausse de 12 %", "hausse de 18 %", 1)
    return {
        "fields": {"problem_statement": f"{problem}\nDonnées de 2025 : 340 familles inscrites."},
        "lines": {
            "partners": [{"id": None, "delete": False, "values": {"name": "Municipalité des Escoumins", **new_partner}},
                         {"id": None, "delete": False, "values": {"name": "Ville de Forestville", **new_partner}}],
            "budget_lines": [{"id": line.pk, "delete": False,
                              "values": {"total_amount": Decimal("4500.00"), "fund_amount": Decimal("3000.00")}}],
        },
    }


def test_a_submission_freezes_version_1_with_every_section(world, application):
    services.transition(application, "submit", world.applicant)
    version = ProposalVersion.objects.get(proposal=application)
    data = selectors.snapshots(application.pk, [1])[1]
    assert (version.number, version.transition, version.created_by) == (1, "submit", world.applicant)
    assert {len(data[name]) for name in TEXTS} == {4700} and data["title"] == application.title
    assert len(data["partners"]) == 34 and len(data["budget_lines"]) == 12 and len(data["indicators"]) == 9
    assert [row["source"] for row in data["cofundings"]] == ["Centraide", "Ville de Forestville", "MRC"]
    assert data["partners"][0] == {"id": application.partners.first().pk, "name": "Partenaire numéro 01",
                                   "kind": "community", "role": "Rôle du partenaire 01",
                                   "cash_contribution": "1000.00", "in_kind_contribution": "500.00"}
    assert data["requested_amount"] == "20000.00" and data["expected_women"] == 60
    assert data["start_date"] == application.start_date.isoformat()
    assert data["primary_axis"]["name_fr"] == application.primary_axis.name_fr
    assert [row["name_fr"] for row in data["secondary_axes"]] == ["Axe 3 : participation"]
    assert [row["name"] for row in data["municipalities"]] == ["Les Escoumins"] and len(data["mrcs"]) == 1
    assert [row["original_name"] for row in data["attachments"]] == ["résolution du CA.pdf"]


def test_a_resubmission_freezes_version_2_and_leaves_version_1_as_filed(world, application):
    original = application.problem_statement
    resubmitted(world, application, **the_three_changes(application))
    versions = list(ProposalVersion.objects.filter(proposal=application).order_by("number"))
    assert [(v.number, v.transition) for v in versions] == [(1, "submit"), (2, "resubmit")]
    snapshots = selectors.snapshots(application.pk, [1, 2])
    assert snapshots[1]["problem_statement"] == original
    assert snapshots[2]["problem_statement"].endswith("340 familles inscrites.")
    assert (len(snapshots[1]["partners"]), len(snapshots[2]["partners"])) == (34, 36)


def test_a_version_cannot_be_changed_nor_deleted(world, application):
    services.transition(application, "submit", world.applicant)
    version = ProposalVersion.objects.get(proposal=application)
    version.snapshot = {"title": "Autre chose"}
    for attempt in (version.save, version.delete, ProposalVersion.objects.all().delete,
                    lambda: ProposalVersion.objects.filter(pk=version.pk).update(snapshot={})):
        with pytest.raises(ImmutableVersion), transaction.atomic():
            attempt()
    assert ProposalVersion.objects.get(pk=version.pk).snapshot["title"] == application.title


def test_a_refused_submission_freezes_nothing(world, application):
    application.attachments.all().delete()
    with pytest.raises(services.GuardFailed):
        services.transition(application, "submit", world.applicant)
    assert not ProposalVersion.objects.exists()


def test_the_diff_of_a_real_size_application_lists_exactly_the_three_changes(world, application):
    resubmitted(world, application, **the_three_changes(application))
    comparison = workflow_versions.compare(application.pk)
    assert (comparison.older, comparison.newer) == (1, 2)
    assert sorted(comparison.diff.summary()) == [
        ("budget_lines", "changed", "Poste 03"),
        ("partners", "added", "Municipalité des Escoumins"),
        ("partners", "added", "Ville de Forestville"),
        ("problem_statement",),
    ]
    [problem] = [change for section in comparison.diff.sections for change in section.changes]
    assert [(p.kind, p.text) for p in problem.pieces if p.kind in ("ins", "del")] == [
        ("del", "12"), ("ins", "18"), ("ins", "\nDonnées de 2025 : 340 familles inscrites.")]
    # "18" and the six words of the new line (the colon and the period are no words).
    assert (problem.added_words, problem.removed_words) == (7, 1)
    assert any(piece.kind == "gap" for piece in problem.pieces)  # 4,700 characters: the unchanged runs elided
    [table] = [t for section in comparison.diff.sections for t in section.tables if t.key == "budget_lines"]
    assert table.rows[0].changed_columns == ["Coût total ($)", "Montant demandé au fonds ($)"]
    assert (table.total_old, table.total_new) == (Decimal("31000.00"), Decimal("33000.00"))
    # The change request that caused the version, next to it.
    assert [log.comment for log in comparison.requests] == [CHANGE_REQUEST]


def test_the_same_two_versions_show_no_difference_and_unknown_numbers_fall_back(world, application):
    resubmitted(world, application, fields={"mission": application.mission})
    comparison = workflow_versions.compare(application.pk)
    assert comparison.diff.empty and comparison.diff.summary() == []
    fallback = workflow_versions.compare(application.pk, 1, 7)
    assert (fallback.older, fallback.newer) == (1, 2) and "deux versions différentes" in fallback.error


def test_lists_and_removed_rows_are_compared_too():
    older = {"mrcs": [{"id": 1, "name": "La Haute-Côte-Nord"}], "partners": [{"id": 4, "name": "Centraide"}],
             "title": "Cuisines", "start_date": "2026-01-05"}
    newer = {"mrcs": [{"id": 2, "name": "Manicouagan"}], "partners": [], "title": "Cuisines",
             "start_date": "2026-02-01"}
    found = diff.compare(older, newer)
    assert found.summary() == [("start_date",), ("mrcs",), ("partners", "removed", "Centraide")]
    [dates, mrcs] = [change for section in found.sections for change in section.changes]
    assert (dates.old.isoformat(), dates.new.isoformat()) == ("2026-01-05", "2026-02-01")
    assert (mrcs.added, mrcs.removed) == (["Manicouagan"], ["La Haute-Côte-Nord"])


def test_a_submit_freezes_its_version_in_one_statement_however_big(world, application, settings):
    from django.test.utils import CaptureQueriesContext

    settings.CONCERTO_PREPARED_STATEMENTS = False  # the statement itself, not its name (tests/core/test_prepared.py)
    with CaptureQueriesContext(connection) as captured:
        services.transition(application, "submit", world.applicant)
    touching = [q["sql"] for q in captured.captured_queries if "grants_proposalversion" in q["sql"]]
    assert len(touching) == 1 and touching[0].startswith('INSERT INTO "grants_proposalversion"')


def test_retention_blanks_the_versions_as_it_blanks_the_proposal(world, application):
    services.transition(application, "submit", world.applicant)
    version_services.redact([application.pk], ("problem_statement", "contact_name"))
    version = ProposalVersion.objects.get(proposal=application)
    assert version.redacted_at and version.snapshot["problem_statement"] == "" and version.snapshot["attachments"] == []
    assert {row["role"] for row in version.snapshot["partners"]} == {""}
    assert version.snapshot["title"] == application.title  # the file's trace stays


# --- the version decided on: printable PDF and board packet -----------------------------------------------


def decided_after_a_later_change(world, application):
    """Version 1 filed, the board's decision recorded, then the live rows changed (by an admin, say)."""
    services.transition(application, "submit", world.applicant)
    meeting = factories.BoardMeetingFactory(program=world.program)
    factories.DecisionFactory(proposal=application, meeting=meeting, recorded_by=world.board)
    application.refresh_from_db()
    type(application).objects.filter(pk=application.pk).update(objectives="Objectifs réécrits après la décision.")
    Partner.objects.filter(proposal=application, name="Partenaire numéro 01").update(name="Partenaire renommé")
    return meeting


def test_the_printable_pdf_shows_the_version_decided_on(client, world, application):
    decided_after_a_later_change(world, application)
    client.force_login(world.analyst)
    _reader, text = pdf_text(client.get(reverse("reporting:proposal_pdf", args=[application.pk])).content)
    assert "Partenaire numéro 01" in text and "Partenaire renommé" not in text
    assert "réécrits après la décision" not in text and "Version 1, déposée le" in text


def test_the_printable_pdf_shows_the_live_proposal_before_a_decision(client, world, application):
    services.transition(application, "submit", world.applicant)
    type(application).objects.filter(pk=application.pk).update(objectives="Objectifs du dossier vivant.")
    client.force_login(world.analyst)
    _reader, text = pdf_text(client.get(reverse("reporting:proposal_pdf", args=[application.pk])).content)
    assert "Objectifs du dossier vivant." in text and "Version 1, déposée le" not in text


def test_the_board_packet_shows_the_version_decided_on(world, application):
    meeting = decided_after_a_later_change(world, application)
    [item] = packet.packet_context(meeting)["items"]
    assert item["proposal"].frozen_version.number == 1
    assert item["proposal"].objectives == long_text() and item["proposal"].partners.all()[0].name == "Partenaire numéro 01"
    assert "réécrits après la décision" not in packet.render_html(meeting, "fr")


def test_a_frozen_proposal_answers_its_relations_without_a_query(world, application):
    from django.test.utils import CaptureQueriesContext

    services.transition(application, "submit", world.applicant)
    version = ProposalVersion.objects.get(proposal=application)
    live = type(application).objects.select_related("call__program", "organisation").get(pk=application.pk)
    with CaptureQueriesContext(connection) as captured:
        proposal = frozen.as_proposal(version, live)
        counts = [len(getattr(proposal, name).all()) for name in (
            "partners", "budget_lines", "cofundings", "indicators", "attachments", "mrcs", "municipalities",
            "secondary_axes", "priorities")]
    assert counts == [34, 12, 3, 9, 1, 1, 1, 1, 0] and captured.captured_queries == []
    assert proposal.partners.all()[0].cash_contribution == Decimal("1000.00")
    assert proposal.primary_axis.name == application.primary_axis.name_fr


def test_the_decided_version_is_the_one_current_at_the_decision(world, application):
    services.transition(application, "submit", world.applicant)
    later = timezone.now() + timedelta(days=1)
    ProposalVersion.objects.bulk_create([ProposalVersion(
        proposal=application, number=2, transition="resubmit", created_by=world.applicant, created_at=later,
        snapshot={**selectors.snapshots(application.pk, [1])[1], "title": "Après la décision"})])
    factories.DecisionFactory(proposal=application, meeting=factories.BoardMeetingFactory(program=world.program),
                              recorded_by=world.board)
    assert workflow_versions.as_decided(application).frozen_version.number == 1
    assert BudgetLine.objects.filter(proposal=application).count() == 12


@pytest.mark.parametrize("old, new", [
    ("Un. Deux trois.\n\nQuatre 12.5 cinq", "Un. Deux et trois.\n\nQuatre 12.6 cinq… Six ?"),
    ("", "Tout est nouveau."),
    ("Tout est retiré.", ""),
    (long_text(), long_text().replace("Forestville", "Tadoussac", 3)[:3000]),
])
def test_the_word_runs_rebuild_both_texts(old, new):
    runs = diff._runs(old, new)
    assert "".join("".join(tokens) for kind, tokens in runs if kind != "ins") == old
    assert "".join("".join(tokens) for kind, tokens in runs if kind != "del") == new
