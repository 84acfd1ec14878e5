"""Time the ranking of a 10,000-proposal call and the exact scenario over 1,000 candidates.

    python manage.py bench_scoring [--proposals 10000] [--candidates 1000] [--keep]

The call is built inside a transaction that is rolled back at the end (unless --keep), so the
database is left as it was. Proposals are created directly in "under_analysis" (a first value of
the protected state field, not a transition) and reviews directly as submitted with their stored
totals: the benchmark measures reading and solving, not the forms that produce them.
Targets on the team's machine: ranking under 1 s, scenario under 2 s. Figures are printed only.
"""

import random
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from grants.models import Axis, Call, Organisation, Program, Proposal, Territory, User
from scoring import ranking, solver
from scoring.models import Review, ReviewerAssignment, Rubric

REVIEWS_PER_PROPOSAL = 3
MRC_COUNT = 6
BATCH = 2000
# The exact scenario's target: stopped there, the bench prints the best answer and its bound, not a pass.
SCENARIO_SECONDS = 2


class Stopwatch:
    """Wall-clock and CPU time: on a shared, loaded machine the CPU time says what the code costs."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self):
        return f"{self.wall:.3f} s (processeur {self.cpu:.3f} s)"


class Command(BaseCommand):
    help = "Mesure le classement d'un appel de 10 000 demandes et le scénario exact sur 1 000 candidates."

    def add_arguments(self, parser):
        parser.add_argument("--proposals", type=int, default=10_000)
        parser.add_argument("--candidates", type=int, default=1_000)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--keep", action="store_true", help="Keep the generated call (no rollback).")

    def handle(self, *args, proposals, candidates, seed, keep, **options):
        rng = random.Random(seed)
        with transaction.atomic():
            started = time.perf_counter()
            call, mrcs = self._build(rng, proposals)
            if connection.vendor == "postgresql":
                # A production database has statistics; rows just bulk-inserted in this transaction have
                # none until ANALYZE, and the planner would pick nested loops over 30,000 reviews.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            self.stdout.write(f"Jeu d'essai : {proposals} demandes, {proposals * REVIEWS_PER_PROPOSAL} "
                              f"évaluations soumises ({time.perf_counter() - started:.1f} s de préparation)")
            rows = self._time_ranking(call)
            self._time_scenario(rng, rows[:candidates], mrcs)
            if not keep:
                transaction.set_rollback(True)

    def _build(self, rng, count):
        tag = uuid.uuid4().hex[:8]
        region = Territory.objects.create(kind="region", name=f"Région banc d'essai {tag}", code=f"bench-{tag}")
        mrcs = Territory.objects.bulk_create(
            Territory(kind="mrc", name=f"MRC {i + 1}", code=f"bench-{tag}-mrc-{i}", parent=region)
            for i in range(MRC_COUNT))
        program = Program.objects.create(
            code=f"bench-{tag}", name_fr="Programme banc d'essai", region=region, decision_body="CA",
            analysis_body="Équipe", envelope=Decimal("50000000"), starts_on=date(2025, 1, 1),
            ends_on=date(2028, 12, 31))
        axes = Axis.objects.bulk_create(Axis(program=program, code=f"A{i}", name_fr=f"Axe {i}", order=i)
                                        for i in range(6))
        now = timezone.now()
        call = Call.objects.create(program=program, title="Appel banc d'essai", slug=f"bench-{tag}",
                                   opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1),
                                   max_amount=Decimal("100000"))
        rubric = Rubric.objects.create(call=call, title="Grille banc d'essai")
        organisations = Organisation.objects.bulk_create(
            Organisation(legal_name=f"Organisme {i}", kind="obnl", territory=mrcs[i % MRC_COUNT]) for i in range(50))
        reviewers = User.objects.bulk_create(
            User(email=f"bench-{tag}-{i}@example.org", password="!") for i in range(30))
        proposals = Proposal.objects.bulk_create(
            (Proposal(call=call, organisation=rng.choice(organisations), title=f"Projet {i}", state="under_analysis",
                      requested_amount=Decimal(rng.randrange(50, 1000) * 100), primary_axis=rng.choice(axes))
             for i in range(count)), batch_size=BATCH)
        Proposal.mrcs.through.objects.bulk_create(
            (Proposal.mrcs.through(proposal_id=p.pk, territory_id=rng.choice(mrcs).pk) for p in proposals),
            batch_size=BATCH)
        picks = [(p, r) for p in proposals for r in rng.sample(reviewers, REVIEWS_PER_PROPOSAL)]
        assignments = ReviewerAssignment.objects.bulk_create(
            (ReviewerAssignment(proposal=p, reviewer=r, state="active") for p, r in picks), batch_size=BATCH)
        Review.objects.bulk_create(
            (Review(assignment=a, proposal=a.proposal, reviewer=a.reviewer, rubric=rubric, state="submitted",
                    submitted_at=now, weighted_total=Decimal(rng.randrange(2000, 10000)) / 100,
                    axis_scores={str(a.proposal.primary_axis_id): rng.randrange(0, 100)})
             for a in assignments), batch_size=BATCH)
        return call, mrcs

    def _time_ranking(self, call):
        rows = None
        for method in ranking.METHODS:
            with Stopwatch() as watch:
                result = ranking.rank_call(call, method)
            rows = rows or result
            self.stdout.write(f"Agrégation et classement ({method}) : {watch} pour {len(result)} demandes "
                              f"(cible < 1 s)")
        return rows

    def _time_scenario(self, rng, rows, mrcs):
        candidates = tuple(
            solver.Candidate(key=row.proposal.pk, score=float(row.score), request=row.proposal.requested_amount,
                             mrcs=tuple(t.pk for t in row.proposal.mrcs.all()), axis=row.proposal.primary_axis_id)
            for row in rows)
        total = sum((c.request for c in candidates), Decimal("0"))
        envelope = (total * Decimal("0.3")).quantize(Decimal("1"))
        # Floors: a sixth of the envelope spread unevenly, so some bind and the greedy order must change.
        limits = tuple(solver.Limit(solver.MRC, mrc.pk, mrc.name, floor=(envelope * share).quantize(Decimal("1")))
                       for mrc, share in zip(mrcs, [Decimal(x) for x in ("0.02", "0.03", "0.05", "0.08", "0.1",
                                                                             "0.12")], strict=True))
        for partial in (False, True):
            problem = solver.Problem(candidates, envelope, solver.SCORE, partial, Decimal("0.5"), limits)
            with Stopwatch() as watch:
                result = solver.optimise(problem, time_limit=SCENARIO_SECONDS)
            label = "partiel" if partial else "tout ou rien"
            if result.feasible and result.proven:
                state = "optimum prouvé"
            elif result.feasible:
                # HiGHS's relative gap: the best bound lies at most this far above the answer's value.
                state = (f"arrêté à {SCENARIO_SECONDS} s sans preuve : valeur {result.value:,.1f}, meilleure borne "
                         f"{result.value * (1 + result.gap):,.1f} (écart {result.gap:.2%})")
            else:
                state = "; ".join(result.issues)
            self.stdout.write(f"Scénario exact ({label}) : {watch} pour {len(candidates)} candidates et "
                              f"{len(limits)} planchers de MRC, {len(result.amounts)} retenues, {state} "
                              f"(cible < 2 s)")
