"""Search and similar-project figures at scale (issue 13 targets: a search under 200 ms at p95, one proposal's
similar projects under 2 s, at 100,000 proposals). PostgreSQL only.

Reuses the proposals already in the database when there are at least --proposals submitted ones (the
bench_scale dataset, or an earlier run's); otherwise adds the missing ones to a program of its own
("bench-search"), their sections cut from the French seed texts of ../shared/reference/seeds (or a short
built-in text), shuffled so that each is different, two partners each, and a report for one in ten. Then
prints p50 and p95 of --searches searches by an analyst of that program, and of computing --similar
proposals' similar projects; then the sequential scans of the large tables and the GIN indexes read in the
plans of one search and one computation.
"""

import os
import random
import statistics
import time
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accountability.models import Agreement, Report
from grants import similarity
from grants.models import Call, Organisation, Partner, Program, ProgramRole, Proposal, Territory, User
from grants.states import State
from workflow import search

CODE = "bench-search"
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "reference" / "seeds"
FALLBACK = ("Briser l'isolement des familles à faible revenu par une cuisine collective et un jardin de quartier ; "
            "l'équipe accompagne les personnes aînées vers les services ; transport solidaire en milieu rural.")
QUERIES = ("équipe", "familles", "sécurité alimentaire", "transport rural", "jardin collectif", "logement social",
           "personnes aînées isolées", "insertion emploi jeunes", "concertation locale", "préjugés pauvreté",
           "Centre comunautaire", "Banc organisme 42")  # the last two: a partner's name with a typo, a name
PARTNERS = ("Centre communautaire", "Table de concertation", "Maison des jeunes", "Cuisine collective",
            "Corporation de développement communautaire", "Carrefour jeunesse-emploi", "Municipalité")
BATCH = 2000
LARGE = ("grants_proposal", "grants_partner", "grants_report", "grants_proposalsimilarity")
GIN = ("proposal_search_vector_idx", "organisation_name_search_idx", "partner_name_search_idx",
       "report_search_vector_idx")


class Command(BaseCommand):
    help = "Mesure la recherche et le calcul des projets semblables à grande échelle (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--proposals", type=int, default=100_000)
        parser.add_argument("--searches", type=int, default=50)
        parser.add_argument("--similar", type=int, default=10)
        parser.add_argument("--seed", type=int, default=13)

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_search mesure PostgreSQL (DATABASE_URL=postgres://…).")
        rng = random.Random(options["seed"])
        program, analyst = self._program()
        have = Proposal.objects.exclude(state=State.DRAFT).count()
        if have < options["proposals"]:
            self._fill(program, options["proposals"] - have, rng)
        self._partners(program, rng)
        self._reports(program, rng)
        total = Proposal.objects.exclude(state=State.DRAFT).count()
        load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
        self.stdout.write(f"{total} demandes déposées ; charge de la machine (1, 5, 15 min) : {load}")
        timings = []
        for index in range(options["searches"]):
            started = time.perf_counter()
            search.search(analyst, {"q": QUERIES[index % len(QUERIES)]})
            timings.append(time.perf_counter() - started)
        self._print("recherche (demandes, organismes, partenaires, rapports)", timings)
        ids = list(Proposal.objects.filter(program=program).values_list("pk", flat=True)[:2000])
        timings = []
        for proposal_id in rng.sample(ids, min(options["similar"], len(ids))):
            started = time.perf_counter()
            similarity.compute(proposal_id)
            timings.append(time.perf_counter() - started)
        self._print("projets semblables d'une demande", timings)
        with plans() as found:
            search.search(analyst, {"q": QUERIES[0]})
            similarity.compute(ids[0])
        scans = sorted({line.strip() for plan in found.values() for line in plan.splitlines()
                        if any(f"Seq Scan on {table} " in line for table in LARGE)})
        self.stdout.write("parcours séquentiels des grandes tables : " + ("; ".join(scans) or "aucun"))
        used = [index for index in GIN if any(f"Index Scan on {index} " in plan for plan in found.values())]
        self.stdout.write(f"index GIN lus : {', '.join(used) or 'aucun'}")

    def _print(self, what, timings):
        timings = sorted(timings)
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        self.stdout.write(f"{what} : p50 {statistics.median(timings) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
                          f"({len(timings)} mesures)")

    def _program(self):
        today = timezone.localdate()
        region, _ = Territory.objects.get_or_create(code=CODE, defaults={"kind": "region", "name": "Banc recherche"})
        program, _ = Program.objects.get_or_create(code=CODE, defaults={
            "name_fr": "Banc d'essai de la recherche", "region": region, "decision_body": "CA", "analysis_body": "ERS",
            "envelope": Decimal("1000000000"), "starts_on": today - timedelta(days=30),
            "ends_on": today + timedelta(days=700)})
        analyst, _ = User.objects.get_or_create(email=f"{CODE}@example.org", defaults={"full_name": "Analyste banc"})
        ProgramRole.objects.get_or_create(user=analyst, program=program, role="analyst")
        return program, analyst

    def _fill(self, program, missing, rng):
        paragraphs = _paragraphs()
        now, today = timezone.now(), timezone.localdate()
        call, _ = Call.objects.get_or_create(program=program, slug=CODE, defaults={
            "title": "Appel du banc", "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=30),
            "max_amount": Decimal("1000000")})
        organisations = list(Organisation.objects.filter(legal_name__startswith="Banc ")[:500]) or \
            Organisation.objects.bulk_create([Organisation(legal_name=f"Banc organisme {index}", kind="obnl")
                                              for index in range(500)])
        started = time.perf_counter()
        for offset in range(0, missing, BATCH):
            with transaction.atomic():
                Proposal.objects.bulk_create([_proposal(call, rng.choice(organisations), paragraphs, rng, today)
                                              for _ in range(min(BATCH, missing - offset))])
            self.stdout.write(f"  {offset + BATCH} / {missing} demandes ajoutées", ending="\r")
        self.stdout.write(f"\n{missing} demandes ajoutées en {time.perf_counter() - started:.0f} s")

    def _partners(self, program, rng):
        """Two partners for each bench proposal that has none, named from a few thousand names (the search's
        trigram matching of names is measured on them)."""
        lacking = Proposal.objects.filter(program=program, partners__isnull=True)
        while ids := list(lacking.values_list("pk", flat=True)[:BATCH]):
            Partner.objects.bulk_create([
                Partner(proposal_id=proposal_id, kind="community", name=f"{rng.choice(PARTNERS)} {rng.randrange(500)}")
                for proposal_id in ids for _ in range(2)])

    def _reports(self, program, rng):
        """An agreement and an interim report, its narrative cut from the seed texts, for one bench proposal in
        ten, once (the search reads reports' texts too); then the statistics the planner reads."""
        if not Report.objects.filter(program=program).exists():
            paragraphs, today = _paragraphs(), timezone.localdate()
            funded = list(Proposal.objects.filter(program=program).order_by("pk")
                          .values_list("pk", "organisation_id", "call_id"))[::10]
            for offset in range(0, len(funded), BATCH):
                with transaction.atomic():
                    agreements = Agreement.objects.bulk_create([Agreement(
                        proposal_id=pk, organisation_id=organisation_id, program=program, call_id=call_id,
                        amount_granted=Decimal(50_000), starts_on=today, ends_on=today + timedelta(days=365))
                        for pk, organisation_id, call_id in funded[offset:offset + BATCH]])
                    Report.objects.bulk_create([Report(
                        agreement=agreement, organisation_id=organisation_id, program=program, kind="interim",
                        due_on=today + timedelta(days=rng.randrange(-300, 300)),
                        narrative=". ".join(rng.sample(paragraphs, min(5, len(paragraphs)))))
                        for agreement, (_pk, organisation_id, _call) in zip(agreements, funded[offset:offset + BATCH],
                                                                     strict=True)])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE grants_proposal, grants_partner, grants_organisation, grants_call, grants_report, "
                           "grants_agreement")


@contextmanager
def plans():
    """{sql: plan} of every SELECT run inside, EXPLAINed just before it runs on the same connection, under the
    settings then in effect (the search's are local to its transaction)."""
    found = {}

    def explain(execute, sql, params, many, context):
        if not many and sql.lstrip().upper().startswith(("SELECT", "WITH")):
            raw = context["cursor"].cursor
            raw.execute(f"EXPLAIN {sql}", params)
            found[sql] = "\n".join(row[0] for row in raw.fetchall())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain):
        yield found


def _paragraphs():
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))] or [FALLBACK]
    sentences = [" ".join(part.split()) for text in texts for part in text.replace("\n", ". ").split(". ")]
    return [sentence for sentence in sentences if len(sentence) > 30] or [FALLBACK]


def _proposal(call, organisation, paragraphs, rng, today):
    def text(count):
        return ". ".join(rng.sample(paragraphs, min(count, len(paragraphs))))

    start = today + timedelta(days=rng.randrange(-700, 400))
    # Written as filed, as bench_scale writes its rows: the state given at construction.
    return Proposal(call=call, organisation=organisation, state=State.SUBMITTED, title=rng.choice(paragraphs)[:120],
                    objectives=text(4), problem_statement=text(6), mission=text(2), expected_results=text(3),
                    start_date=start, end_date=start + timedelta(days=rng.randrange(90, 700)),
                    requested_amount=Decimal(rng.randrange(5, 150) * 1000), submitted_at=timezone.now())
