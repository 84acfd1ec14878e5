"""Search and similar-project figures at scale (issue 13 targets: a search under 200 ms at p95, one proposal's
similar projects under 2 s, at 100,000 proposals). PostgreSQL only.

Reuses the proposals already in the database when there are at least --proposals submitted ones (the
bench_scale dataset, or an earlier run's); otherwise adds the missing ones to a program of its own
("bench-search"), their sections cut from the French seed texts of ../shared/reference/seeds (or a short
built-in text), shuffled so that each is different. Then prints p50 and p95 of --searches searches by an
analyst of that program, and of computing --similar proposals' similar projects.
"""

import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from grants import similarity
from grants.models import Call, Organisation, Program, ProgramRole, Proposal, Territory, User
from grants.states import State
from workflow import search

CODE = "bench-search"
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "reference" / "seeds"
FALLBACK = ("Briser l'isolement des familles à faible revenu par une cuisine collective et un jardin de quartier ; "
            "l'équipe accompagne les personnes aînées vers les services ; transport solidaire en milieu rural.")
QUERIES = ("équipe", "familles", "sécurité alimentaire", "transport rural", "jardin collectif", "logement social",
           "personnes aînées isolées", "insertion emploi jeunes", "concertation locale", "préjugés pauvreté")
BATCH = 2000


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
        total = Proposal.objects.exclude(state=State.DRAFT).count()
        self.stdout.write(f"{total} demandes déposées")
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
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE grants_proposal")
        self.stdout.write(f"\n{missing} demandes ajoutées en {time.perf_counter() - started:.0f} s")


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
