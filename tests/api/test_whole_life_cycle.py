"""Issue 11's "done when": a real-size application (34 partners, 9 indicators, 4,700-character texts with line
breaks and accents) goes through the API alone, from an empty draft to a closed file; every text read back is
byte-identical to what was sent, and the history lists every transition in order.

Factories set up only what has no API by design: people and their roles, the program, its call and rubric,
territories, axes and priorities, the organisation, its membership and its verification. Every step after
that is an HTTP call under /api/v1/, each persona with its own token, on a calendar walked with time_machine.
"""

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from core import tokens
from core.models import ApiToken
from grants.models import Call, Proposal
from tests import factories

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo("America/Toronto")
PDF = b"%PDF-1.4\n%Concerto\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
SENTENCES = (
    "Sur la Côte-Nord, les familles monoparentales vivent une insécurité alimentaire « chronique » ;",
    "l'hiver, l'accès aux épiceries à prix modique diminue de moitié, surtout à Forestville.",
    "Les aîné·e·s isolé·e·s, les personnes immigrantes et les jeunes de 16 à 24 ans y sont surreprésentés.",
    "Œuvre commune des organismes du milieu, le projet mise sur la cuisine collective — et sur l'entraide.",
)


def at(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=ZONE)


def text(seed, length=4700):
    """`length` characters of French prose: numbered paragraphs, blank lines, accents, « guillemets », a
    leading space and a final line break (the API keeps texts as sent: nothing trimmed; \\n only)."""
    body = "".join(f"{n}. {SENTENCES[n % 4]}\n" + ("\n" if n % 3 == 0 else "") for n in range(1, 200))
    return (f" {seed} — « Ensemble à table »\n\n" + body)[:length - 1] + "\n"


def without_ids(items):
    return [{key: value for key, value in item.items() if key != "id"} for item in items]


# --- What the applicant sends -------------------------------------------------------------------------------

TITLE = "Ensemble à table : « cuisines collectives » en Haute-Côte-Nord"
PUBLIC_SUMMARY = ("Des cuisines collectives pour briser l'isolement des familles de la Haute-Côte-Nord.\n"
                  "Deux ateliers par semaine, à Forestville et aux Escoumins, de septembre à juin.")
TEXTS = {name: text(seed) for name, seed in (
    ("mission", "Mission de l'organisme"), ("territory_details", "Territoire"),
    ("target_population", "Population ciblée"), ("objectives", "Objectifs"),
    ("problem_statement", "Problématique"), ("expected_results", "Résultats attendus"),
    ("concerns", "Préoccupations"), ("complementarity", "Complémentarité"), ("gender_impact", "ADS+"))}
PARTNER_KINDS = ("community", "public", "municipal", "private", "indigenous", "other")
PARTNERS = [{"name": f"Partenaire no {n} — « Entraide Côte-Nord »", "kind": PARTNER_KINDS[n % 6],
             "role": f"Rôle no {n} :\n- accueil des familles ;\n- transport vers la cuisine, l'hiver.",
             "cash_contribution": f"{250 * (n % 5)}.00", "in_kind_contribution": f"{37 * n}.50"}
            for n in range(1, 35)]
INDICATORS = [{"label": f"Indicateur {n} : « {label} »", "target": f"{target}.00", "unit": unit}
              for n, (label, target, unit) in enumerate((
                  ("familles rejointes", 120, "familles"), ("ateliers de cuisine tenus", 64, "ateliers"),
                  ("repas préparés", 3200, "repas"), ("bénévoles formés", 18, "personnes"),
                  ("aîné·e·s accompagné·e·s", 40, "personnes"), ("jeunes de 16 à 24 ans", 25, "personnes"),
                  ("partenariats élargis", 6, "ententes"), ("heures de transport", 300, "heures"),
                  ("satisfaction des participantes", 85, "%")), start=1)]


def budget_line(category, description, total, fund):
    return {"category": category, "description": description, "total_amount": total, "fund_amount": fund}


BUDGET_LINES = [
    budget_line("salaries", "Coordination du projet — 0,6 ETP", "62000.00", "48000.00"),
    budget_line("activities", "Ateliers « cuisine collective » et denrées", "21000.00", "15000.00"),
    budget_line("travel", "Déplacements entre les municipalités", "6500.00", "5500.00"),
    budget_line("rent", "Location de la cuisine communautaire", "9000.00", "6000.00"),
    budget_line("communication", "Affiches, dépliants et site Web", "3000.00", "2500.00"),
    budget_line("administration", "Frais d'administration (10 %)", "8000.00", "7000.00"),
]
REQUESTED = "84000.00"  # the sum of the amounts asked of the fund
COFUNDINGS = [{"source": "Centraide Haute-Côte-Nord–Manicouagan", "amount": "12000.00",
               "status": "confirmed"},
              {"source": "MRC de La Haute-Côte-Nord", "amount": "3000.00", "status": "pending"},
              {"source": "Caisse Desjardins — fonds d'aide au développement", "amount": "2500.00",
               "status": "confirmed"}]
DOCUMENTS = ("Résolution du CA — 2026.pdf", "Lettres d'appui.pdf")
SUGGESTED, GRANTED = "80000.00", "78500.00"
TRANCHES = ["39250.00", "31400.00", "7850.00"]  # the default schedule: 50 % at signature, 40 %, 10 %
CONDITIONS = "Verser la 2e tranche après le rapport d'étape ;\nmentionner le soutien du fonds."
SHARES = {"interim": Decimal("0.5"), "final": Decimal("1.1")}  # of each indicator's target, reached
COMMENTS = {"start_analysis": "Dossier complet ; analyse amorcée.",
            "recommend": "Recommandé : projet mobilisateur,\nbudget réaliste.",
            "approve": "Adopté à l'unanimité.",
            "close": "Dossier complet :\ntous les versements sont faits."}
PATH = [("submit", "draft", "submitted"), ("start_analysis", "submitted", "under_analysis"),
        ("recommend", "under_analysis", "recommended"), ("approve", "recommended", "funded"),
        ("accept_final_report", "funded", "reported"), ("close", "reported", "closed")]


class Persona:
    """One person's integration: an API client authenticated by that person's own token."""

    def __init__(self, user, scope=ApiToken.Scope.WRITE):
        _token, key = tokens.issue(user, name=f"Intégration ({scope})", scope=scope)
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    def call(self, method, path, body=None, *, status=200, multipart=False):
        url = f"/api/v1/{path}"
        if method == "get":
            response = self.client.get(url, body)
        else:
            response = getattr(self.client, method)(url, body, format="multipart" if multipart else "json")
        assert response.status_code == status, (method, url, response.status_code, response.content[:3000])
        return response.json() if response.content else None

    def get(self, path, query=None, **kwargs):
        return self.call("get", path, query, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.call("post", path, body or {}, **kwargs)

    def patch(self, path, body, **kwargs):
        return self.call("patch", path, body, **kwargs)

    def put(self, path, body, **kwargs):
        return self.call("put", path, body, **kwargs)

    def transition(self, proposal_id, name, *, status=200, **body):
        return self.post(f"proposals/{proposal_id}/transitions/{name}/", body, status=status)


@pytest.fixture
def setting(world):
    """What has no API by design: the call's rules and rubric, the territories, axes, local plan, a second
    reviewer and the organisation's verification."""
    Call.objects.filter(pk=world.call.pk).update(
        opens_at=at(date(2026, 2, 1), 8), closes_at=at(date(2026, 3, 31), 17), max_amount=Decimal("100000"),
        required_reviews=2, requires_verified_organisation=True)
    kinds = [factories.AttachmentTypeFactory(code="resolution-ca", name_fr="Résolution du CA"),
             factories.AttachmentTypeFactory(code="lettres-appui", name_fr="Lettres d'appui des partenaires")]
    world.call.required_attachment_types.add(*kinds)
    axes = [factories.AxisFactory(program=world.program, order=n) for n in range(3)]
    rubric = factories.RubricFactory(call=world.call, version=1)
    for axis, weight, label in ((axes[0], 2, "Pertinence pour l'axe principal"),
                                (axes[1], 1, "Retombées sur l'axe secondaire")):
        factories.CriterionFactory(rubric=rubric, section="axis", axis=axis, weight=Decimal(weight),
                                   scale_max=5, label=label)
    factories.CriterionFactory(rubric=rubric, section="feasibility", weight=Decimal("1"), scale_max=10,
                               label="Faisabilité et réalisme du budget")
    factories.CriterionFactory(rubric=rubric, section="admissibility", eliminatory=True, weight=0,
                               scale_max=1, label="Admissibilité de l'organisme")
    mrc = factories.MrcFactory(parent=world.program.region, name="La Haute-Côte-Nord")
    towns = [factories.MunicipalityFactory(parent=mrc, name=name)
             for name in ("Forestville", "Les Escoumins")]
    plan = factories.LocalPlanFactory()
    world.program.local_plans.add(plan)
    priorities = [factories.PriorityFactory(local_plan=plan, order=n) for n in range(2)]
    second_reviewer = factories.UserFactory(email="second-reviewer@example.org")
    factories.ProgramRoleFactory(user=second_reviewer, program=world.program, role="reviewer")
    world.organisation.verified_at, world.organisation.verified_by = at(date(2026, 1, 15)), world.analyst
    world.organisation.save(update_fields=["verified_at", "verified_by"])
    return {"kinds": kinds, "axes": axes, "mrc": mrc, "towns": towns, "priorities": priorities,
            "reviewers": [world.reviewer, second_reviewer]}


class LifeCycle:
    """The file's story, one phase per method, each persona acting through its own token."""

    def __init__(self, world, setting, clock):
        self.world, self.setting, self.clock = world, setting, clock
        self.applicant, self.analyst, self.board, self.manager = (
            Persona(world.applicant), Persona(world.analyst), Persona(world.board), Persona(world.manager))
        self.reviewers = [Persona(person) for person in setting["reviewers"]]
        self.pk = self.agreement = None
        self.reviews, self.reports = {}, {}

    def on(self, day, hour=10):
        self.clock.move_to(at(day, hour))

    def sections(self):
        """One PATCH per form step, as the pages save them."""
        axes, setting = self.setting["axes"], self.setting
        return [
            {"title": TITLE, "public_summary": PUBLIC_SUMMARY, "mission": TEXTS["mission"],
             "project_lead_name": "Julie Bérubé", "project_lead_role": "Coordonnatrice"},
            {"mrcs": [setting["mrc"].pk], "municipalities": [town.pk for town in setting["towns"]],
             "territory_details": TEXTS["territory_details"],
             "target_population": TEXTS["target_population"]},
            {name: TEXTS[name] for name in ("objectives", "problem_statement", "expected_results",
                                            "concerns", "complementarity")},
            {"primary_axis": axes[0].pk, "secondary_axes": [axes[1].pk, axes[2].pk],
             "priorities": [priority.pk for priority in setting["priorities"]]},
            {"expected_women": 140, "expected_men": 95, "expected_other": 6,
             "gender_impact": TEXTS["gender_impact"]},
            {"start_date": "2026-07-01", "end_date": "2027-06-30"},
        ]

    def apply(self):
        """The applicant: an empty draft, every section and list, the required documents, the deposit."""
        applicant = self.applicant
        self.on(date(2026, 2, 16))
        created = applicant.post("proposals/", {"call": self.world.call.pk,
                                                "organisation": self.world.organisation.pk, "title": TITLE},
                                 status=201)
        self.pk, version = created["id"], created["version"]
        assert (created["state"], created["partners"], created["history"]) == ("draft", [], [])
        for step in self.sections():
            saved = applicant.patch(f"proposals/{self.pk}/", {"version": version, **step})
            assert saved["version"] == version + 1
            version = saved["version"]
        lists = (("partners", PARTNERS), ("indicators", INDICATORS), ("budget-lines", BUDGET_LINES),
                 ("cofundings", COFUNDINGS))
        for path, items in lists:
            replaced = applicant.put(f"proposals/{self.pk}/{path}/", {"version": version, "items": items})
            assert without_ids(replaced["items"]) == items, path
            version = replaced["version"]
        missing = applicant.get(f"proposals/{self.pk}/completeness/")
        assert {item["field"] for item in missing["missing"]} == {"attachment-resolution-ca",
                                                                  "attachment-lettres-appui"}
        for kind, name in zip(self.setting["kinds"], DOCUMENTS, strict=True):
            upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
            document = applicant.post(f"proposals/{self.pk}/attachments/", {"kind": kind.pk, "file": upload},
                                      status=201, multipart=True)
            assert (document["original_name"], document["size"]) == (name, len(PDF))
        assert applicant.get(f"proposals/{self.pk}/completeness/") == {"complete": True, "missing": []}
        self.refused_writes(version)

        self.on(date(2026, 3, 2))
        [submit] = applicant.get(f"proposals/{self.pk}/transitions/")[:1]
        assert (submit["name"], submit["ready"]) == ("submit", True)
        submitted = applicant.transition(self.pk, "submit", expected_state="draft")
        assert (submitted["state"], submitted["requested_amount"]) == ("submitted", REQUESTED)
        assert submitted["reference"]

    def refused_writes(self, version):
        """The applicant's read-only token reads but may not write; a stale write is a 409 that changes
        nothing."""
        reader = Persona(self.world.applicant, scope=ApiToken.Scope.READ)
        before = reader.get(f"proposals/{self.pk}/")
        refused = reader.patch(f"proposals/{self.pk}/", {"version": version, "mission": "Autre."}, status=403)
        assert refused["code"] == "read_only_token"
        stale = self.applicant.patch(f"proposals/{self.pk}/", {"version": version - 1, "mission": "Périmé."},
                                     status=409)
        assert stale["code"] == "stale_version"
        assert self.applicant.get(f"proposals/{self.pk}/") == before and before["version"] == version

    def analyse(self):
        """The analyst assigns two reviewers; each declares no conflict and submits a full review; the
        analyst reads them and recommends."""
        self.on(date(2026, 3, 9))
        self.analyst.transition(self.pk, "start_analysis", comment=COMMENTS["start_analysis"])
        assignments = [self.analyst.post("assignments/", {"proposal": self.pk, "reviewer": person.pk,
                                                          "due_on": "2026-03-27"}, status=201)
                       for person in self.setting["reviewers"]]
        assert [item["state"] for item in assignments] == ["pending", "pending"]
        assert assignments[0]["partner_names"] == [partner["name"] for partner in PARTNERS]
        for number, (reviewer, assignment) in enumerate(zip(self.reviewers, assignments, strict=True),
                                                        start=1):
            self.on(date(2026, 3, 15 + number))
            self.review(reviewer, assignment["id"], number)

        self.on(date(2026, 4, 1))
        read = {item["id"]: item for item in self.analyst.get("reviews/", {"proposal": self.pk})["results"]}
        assert set(read) == set(self.reviews)
        for review_id, sent in self.reviews.items():
            assert (read[review_id]["state"], read[review_id]["overall_comment"]) == (
                "submitted", sent["overall_comment"])
            assert ({score["criterion"]: score["comment"] for score in read[review_id]["scores"]}
                    == {score["criterion"]: score["comment"] for score in sent["scores"]})
        assert set(self.reviews) <= {item["id"] for item in self.analyst.get("reviews/")["results"]}
        recommended = self.analyst.transition(self.pk, "recommend", suggested_amount=SUGGESTED,
                                              comment=COMMENTS["recommend"])
        assert (recommended["state"], recommended["suggested_amount"]) == ("recommended", SUGGESTED)

    def review(self, reviewer, assignment_id, number):
        declared = reviewer.post(f"assignments/{assignment_id}/declaration/", {"has_conflict": False})
        assert declared["state"] == "active" and declared["declaration"]["has_conflict"] is False
        review = reviewer.post(f"assignments/{assignment_id}/review/", status=201)
        scores = [
            {"criterion": score["criterion"], "passed": True, "comment": "Organisme admissible."}
            if score["eliminatory"] else
            {"criterion": score["criterion"], "value": f"{score['scale_max'] * (3 + number) / 5:.2f}",
             "comment": f"« {score['criterion_label']} » :\nbien documenté (évaluation {number})."}
            for score in review["scores"]]
        sent = {"scores": scores, "recommendation": "fund_with_conditions", "suggested_amount": SUGGESTED,
                "overall_comment": f"Projet structurant pour la Haute-Côte-Nord.\nÉvaluation no {number}."}
        assert reviewer.put(f"reviews/{review['id']}/", sent)["state"] == "draft"
        assert reviewer.post(f"reviews/{review['id']}/submit/")["state"] == "submitted"
        self.reviews[review["id"]] = sent

    def decide(self):
        """The manager schedules the board meeting; the board reads its packet and approves there."""
        self.on(date(2026, 4, 6))
        meeting = self.manager.post("meetings/", {"program": self.world.program.pk, "date": "2026-05-06",
                                                  "title": "Séance du conseil — printemps 2026",
                                                  "place": "Baie-Comeau"}, status=201)
        self.on(date(2026, 5, 6), 19)
        packet = self.board.get(f"meetings/{meeting['id']}/packet/")
        [item] = [item for item in packet["items"] if item["proposal"]["id"] == self.pk]
        assert (item["review_count"], item["recommended"]) == (2, True)
        axes = self.setting["axes"]  # each axis criterion: 4/5 and 5/5 from the two reviewers
        assert [(row["axis"], row["name"], row["score"]) for row in item["axis_scores"]] == [
            (axis.pk, axis.name, 90.0) for axis in axes[:2]]
        assert item["proposal"]["objectives"] == TEXTS["objectives"]
        approved = self.board.transition(self.pk, "approve", meeting=meeting["id"], amount_granted=GRANTED,
                                         resolution_number="CA-2026-041", conditions=CONDITIONS,
                                         comment=COMMENTS["approve"])
        assert (approved["state"], approved["amount_granted"]) == ("funded", GRANTED)
        [decision] = self.manager.get("decisions/", {"proposal": self.pk})["results"]
        assert (decision["meeting"], decision["decided_on"], decision["amount_granted"]) == (
            meeting["id"], "2026-05-06", GRANTED)
        assert (decision["conditions"], decision["resolution_number"]) == (CONDITIONS, "CA-2026-041")

    def sign(self):
        """The manager records the signature: the first tranche is payable, and paid a week later."""
        self.on(date(2026, 5, 20))
        [agreement] = self.manager.get("agreements/", {"call": self.world.call.pk})["results"]
        assert (agreement["amount_granted"], agreement["conditions"]) == (GRANTED, CONDITIONS)
        assert [tranche["amount"] for tranche in agreement["tranches"]] == TRANCHES
        signed = self.manager.post(f"agreements/{agreement['id']}/signature/", {"signed_on": "2026-05-20"})
        assert [tranche["state"] for tranche in signed["tranches"]] == ["payable", "scheduled", "scheduled"]
        # The report schedule: an interim report at mid-term, the final one 60 days after the end.
        assert [(r["kind"], r["due_on"]) for r in signed["reports"]] == [("interim", "2026-12-30"),
                                                                        ("final", "2027-08-29")]
        self.agreement = signed
        self.on(date(2026, 5, 27))
        self.pay(signed["tranches"][0]["id"], date(2026, 5, 27), "VIR-2026-0001")

    def pay(self, tranche_id, day, reference):
        paid = self.manager.post(f"tranches/{tranche_id}/payment/", {"paid_on": day.isoformat(),
                                                                     "reference": reference})
        assert (paid["state"], paid["paid_on"], paid["payment_reference"]) == (
            "paid", day.isoformat(), reference)

    def account(self):
        """The applicant files every scheduled report with the indicators' actuals; the analyst accepts each;
        the tranche tied to it becomes payable and the manager pays it. The final one makes the proposal
        "reported", and the file cannot close while a tranche is unpaid."""
        proposal = self.applicant.get(f"proposals/{self.pk}/")
        for number, report in enumerate(self.agreement["reports"], start=2):
            due, kind, share = date.fromisoformat(report["due_on"]), report["kind"], SHARES[report["kind"]]
            self.on(due - timedelta(days=10))
            sent = {
                "narrative": text(f"Rapport {kind} — bilan narratif"),
                "objectives_progress": text(f"Rapport {kind} — progression par objectif", 2000),
                "participants_women": 70, "participants_men": 48, "participants_other": 3,
                "indicator_results": [
                    {"indicator": line["id"], "actual": f"{Decimal(line['target']) * share:.2f}",
                     "comment": f" Résultat « {line['label']} » :\natteint à {share:.0%}.\n"}
                    for line in proposal["indicators"]],
                "spendings": [
                    {"budget_line": line["id"], "spent": f"{Decimal(line['fund_amount']) * share / 2:.2f}"}
                    for line in proposal["budget_lines"]],
            }
            filed = self.applicant.patch(f"reports/{report['id']}/", sent)
            assert (filed["state"], filed["narrative"]) == ("draft", sent["narrative"])
            assert self.applicant.get(f"reports/{report['id']}/missing/") == {"missing": []}
            assert self.applicant.post(f"reports/{report['id']}/submit/")["state"] == "submitted"
            self.reports[report["id"]] = sent

            self.on(due - timedelta(days=3))
            accepted = self.analyst.post(f"reports/{report['id']}/accept/",
                                         {"comment": f"Rapport {kind} reçu."})
            assert accepted["state"] == "accepted"
            if kind == "final":
                assert self.applicant.get(f"proposals/{self.pk}/")["state"] == "reported"
                [close] = self.manager.get(f"proposals/{self.pk}/transitions/")
                assert (close["name"], close["ready"]) == ("close", False) and close["blocked_by"]
                assert self.manager.transition(self.pk, "close", status=409)["code"] == "tranches_settled"
            [payable] = self.manager.get("tranches/", {"agreement": self.agreement["id"],
                                                       "state": "payable"})["results"]
            tied = self.agreement["tranches"][number - 1]["id"]
            assert (payable["id"], payable["report"]) == (tied, report["id"])
            self.on(due)
            self.pay(payable["id"], due, f"VIR-{due.year}-000{number}")

    def close(self):
        self.on(date(2027, 9, 3))
        closed = self.manager.transition(self.pk, "close", comment=COMMENTS["close"])
        assert closed["state"] == "closed"


def test_a_real_size_application_lives_its_whole_life_through_the_api(world, setting):
    assert {len(value) for value in TEXTS.values()} == {4700} and not any("\r" in v for v in TEXTS.values())
    with time_machine.travel(at(date(2026, 2, 16)), tick=False) as clock:
        story = LifeCycle(world, setting, clock)
        story.apply()
        story.analyse()
        story.decide()
        story.sign()
        story.account()
        story.close()
        pk, applicant, analyst = story.pk, story.applicant, story.analyst

        # Every text and line of the application reads back exactly as sent.
        final = applicant.get(f"proposals/{pk}/")
        assert (final["state"], final["amount_granted"], final["requested_amount"]) == (
            "closed", GRANTED, REQUESTED)
        assert (final["title"], final["public_summary"]) == (TITLE, PUBLIC_SUMMARY)
        for name, value in TEXTS.items():
            assert final[name] == value, name
        assert without_ids(final["partners"]) == PARTNERS
        assert without_ids(final["indicators"]) == INDICATORS
        assert without_ids(final["budget_lines"]) == BUDGET_LINES
        assert without_ids(final["cofundings"]) == COFUNDINGS
        assert (final["expected_women"], final["expected_men"], final["expected_other"]) == (140, 95, 6)
        assert (final["start_date"], final["end_date"]) == ("2026-07-01", "2027-06-30")
        axes = setting["axes"]
        assert final["primary_axis"]["id"] == axes[0].pk
        assert [axis["id"] for axis in final["secondary_axes"]] == [axes[1].pk, axes[2].pk]
        assert {priority["id"] for priority in final["priorities"]} == {p.pk for p in setting["priorities"]}
        assert [mrc["id"] for mrc in final["mrcs"]] == [setting["mrc"].pk]
        assert {town["id"] for town in final["municipalities"]} == {town.pk for town in setting["towns"]}
        assert sorted(document["original_name"] for document in final["attachments"]) == sorted(DOCUMENTS)
        for document in final["attachments"]:  # the analyst reads the very bytes the applicant sent
            download = analyst.client.get(document["download_url"])
            assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
        stored = Proposal.objects.get(pk=pk)
        assert all(getattr(stored, name) == value for name, value in TEXTS.items())
        listed = applicant.get("proposals/", {"state": "closed"})["results"]
        assert [(item["id"], item["title"]) for item in listed] == [(pk, TITLE)]

        # So does every report, with its indicators' actuals and spending.
        for report_id, sent in story.reports.items():
            report = applicant.get(f"reports/{report_id}/")
            assert report["state"] == "accepted"
            assert (report["narrative"], report["objectives_progress"]) == (sent["narrative"],
                                                                           sent["objectives_progress"])
            assert [{"indicator": row["indicator"]["id"], "actual": row["actual"], "comment": row["comment"]}
                    for row in report["indicator_results"]] == sent["indicator_results"]
            assert report["spendings"] == sent["spendings"]
        [agreement] = applicant.get("agreements/")["results"]
        assert [tranche["state"] for tranche in agreement["tranches"]] == ["paid", "paid", "paid"]
        assert [report["state"] for report in agreement["reports"]] == ["accepted", "accepted"]

        # The history lists every transition in order (newest first in the API), with its comment for staff;
        # the organisation sees the same steps, without the team's internal recommendation.
        history = list(reversed(analyst.get(f"proposals/{pk}/")["history"]))
        assert [(entry["transition"], entry["from_state"], entry["to_state"]) for entry in history] == PATH
        assert [entry["comment"] for entry in history] == [
            "", COMMENTS["start_analysis"], COMMENTS["recommend"], COMMENTS["approve"],
            "Rapport final accepté.", COMMENTS["close"]]
        assert [entry["at"] for entry in history] == sorted(entry["at"] for entry in history)
        seen = list(reversed(applicant.get(f"proposals/{pk}/")["history"]))
        assert [(entry["transition"], entry["from_state"], entry["to_state"]) for entry in seen] == PATH
        assert seen[2]["comment"] == ""

        # Published once funded: the applicant's public summary, and the indicators with the final results.
        public = Client().get(f"/public/donnees/{world.program.code}/projets.json")
        [grant] = json.loads(b"".join(public.streaming_content))["grants"]
        assert (grant["title"], grant["description"], grant["state"]) == (TITLE, PUBLIC_SUMMARY, "closed")
        assert [(row["label"], row["target"], row["actual"]) for row in grant["indicators"]] == [
            (line["label"], float(line["target"]), float(Decimal(line["target"]) * SHARES["final"]))
            for line in INDICATORS]


def test_the_public_summary_is_written_and_read_like_any_section(world):
    """The portal's published summary (Proposal.public_summary) is the applicant's, through the API too."""
    applicant = Persona(world.applicant)
    draft = applicant.post("proposals/", {"call": world.call.pk, "organisation": world.organisation.pk,
                                          "title": TITLE}, status=201)
    url = f"proposals/{draft['id']}/"
    assert draft["public_summary"] == ""
    saved = applicant.patch(url, {"version": draft["version"], "public_summary": PUBLIC_SUMMARY})
    assert (saved["public_summary"], saved["version"]) == (PUBLIC_SUMMARY, draft["version"] + 1)
    too_long = applicant.patch(url, {"version": saved["version"], "public_summary": "é" * 1001}, status=400)
    assert list(too_long["details"]) == ["public_summary"]
    again = applicant.get(url)
    assert (again["public_summary"], again["version"]) == (PUBLIC_SUMMARY, saved["version"])
    assert Proposal.objects.get(pk=draft["id"]).public_summary == PUBLIC_SUMMARY
