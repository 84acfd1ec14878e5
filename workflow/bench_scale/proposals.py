"""The proposals, with what real ones carry: long texts, a dossier number per program and year (and the
counters the next submission continues from), the program and the assigned analyst copied on the row, an
MRC, a budget line, an indicator, and the transition log of the way they came to their state."""

import random
from collections import defaultdict, namedtuple
from datetime import timedelta
from decimal import Decimal

from grants.models import BudgetLine, Indicator, Proposal
from workflow.models import ReferenceCounter, TransitionLog
from workflow.references import prefix_for

from .bulk import Table, text
from .sizes import COMMITTED, CURRENT_MIX, OLDER_MIX

Planned = namedtuple("Planned", "id program call closes state organisation submitted requested granted analyst axis mrc")
# How each final state was reached: (transition, from, to, who).
PATHS = {
    "draft": [], "submitted": [("submit", "draft", "submitted", "applicant")],
    "withdrawn": [("submit", "draft", "submitted", "applicant"), ("withdraw", "submitted", "withdrawn", "applicant")],
}
_ANALYSED = [("submit", "draft", "submitted", "applicant"),
             ("start_analysis", "submitted", "under_analysis", "analyst")]
PATHS.update({
    "under_analysis": _ANALYSED,
    "changes_requested": [*_ANALYSED, ("request_changes", "under_analysis", "changes_requested", "analyst")],
    "recommended": [*_ANALYSED, ("recommend", "under_analysis", "recommended", "analyst")],
    "not_recommended": [*_ANALYSED, ("do_not_recommend", "under_analysis", "not_recommended", "analyst")],
    "declined": [*_ANALYSED, ("do_not_recommend", "under_analysis", "not_recommended", "analyst"),
                 ("decline", "not_recommended", "declined", "board")],
    "funded": [*_ANALYSED, ("recommend", "under_analysis", "recommended", "analyst"),
               ("approve", "recommended", "funded", "board")],
})
PATHS["reported"] = [*PATHS["funded"], ("accept_final_report", "funded", "reported", "analyst")]
PATHS["closed"] = [*PATHS["reported"], ("close", "reported", "closed", "manager")]
NEEDS_COMMENT = {"request_changes", "do_not_recommend", "decline", "withdraw"}
# Older calls by age (1 = a year ago … 4): projects whose final report is accepted come from the oldest.
CALLS_FOR = {"funded": (1, 2), "reported": (3, 4), "closed": (3, 4)}


def steps_at(planned):
    """When each step of the proposal's path happened, relative to its call's closing."""
    closes, offset = planned.closes, planned.id % 10
    starts, ends = agreement_dates(planned)
    final_accepted = _at(ends, closes) + timedelta(days=70)
    return {"submit": planned.submitted, "withdraw": (planned.submitted or closes) + timedelta(days=10),
            "start_analysis": closes + timedelta(days=5 + offset), "request_changes": closes + timedelta(days=30 + offset),
            "recommend": closes + timedelta(days=30 + offset), "do_not_recommend": closes + timedelta(days=30 + offset),
            "approve": closes + timedelta(days=60 + offset % 5), "decline": closes + timedelta(days=60 + offset % 5),
            "accept_final_report": final_accepted, "close": final_accepted + timedelta(days=30)}


def agreement_dates(planned):
    starts = (planned.closes + timedelta(days=90)).date()
    return starts, starts + timedelta(days=730)


def _at(day, like):
    return like.replace(year=day.year, month=day.month, day=day.day)


def plan(sizes, frame, seed):
    rng, planned, next_id = random.Random(seed), [], Table(Proposal, ()).next_id()
    for index, calls in enumerate(frame.calls):
        count = sizes.program_proposals(index)
        current = sizes.big_call if index == 0 else count // len(calls)
        for number in range(count):
            mix = CURRENT_MIX if number < current else OLDER_MIX
            state = rng.choices(list(mix), list(mix.values()))[0]
            call = calls[0] if number < current else calls[rng.choice(CALLS_FOR.get(state, range(1, len(calls))))]
            submitted = None if state == "draft" else call.opens_at + timedelta(minutes=rng.randrange(60 * 24 * 60))
            requested = Decimal(rng.randrange(40, 300) * 500)
            analysed = any(who == "analyst" for *_step, who in PATHS[state])
            analyst = rng.choice(frame.analysts[index]) if analysed else None
            organisation = 0 if rng.random() < 1 / 6 else rng.randrange(1, len(frame.organisations))
            planned.append(Planned(next_id + len(planned), index, call.pk, call.closes_at, state, organisation,
                                   submitted, requested, requested * Decimal("0.8") if state in COMMITTED else None,
                                   analyst, rng.choice(frame.axes[index]), rng.choice(frame.mrcs[index])))
    return planned


def write(planned, frame):
    """Every planned proposal and what hangs from it; returns each proposal's indicator id."""
    references = _references(planned, frame)
    fields = ("state", "call", "program", "organisation", "created_by", "title", "reference", "mission",
              "territory_details", "target_population", "objectives", "problem_statement", "expected_results",
              "complementarity", "gender_impact", "primary_axis", "expected_women", "expected_men", "start_date",
              "end_date", "requested_amount", "suggested_amount", "amount_granted", "public_summary", "created_at",
              "updated_at", "submitted_at", "assigned_analyst", "assigned_analyst_name", "organisation_name",
              "state_changed_at")

    def rows():
        for p in planned:
            steps, path = steps_at(p), PATHS[p.state]
            created = (p.submitted or p.closes) - timedelta(days=3 + p.id % 20)
            updated = steps[path[-1][0]] if path else created
            starts, ends = agreement_dates(p)
            yield (p.id, p.state, p.call, frame.programs[p.program].pk, frame.organisations[p.organisation],
                   frame.applicants[p.organisation], f"Projet {p.id} : solidarité et inclusion sociale",
                   references.get(p.id, ""), text(p.id, 400), text(p.id + 7, 150), text(p.id + 11, 200),
                   text(p.id + 13, 600), text(p.id + 17, 800), text(p.id + 19, 500), text(p.id + 23, 300),
                   text(p.id + 29, 300), p.axis, 10 + p.id % 40, 8 + p.id % 30, starts, ends, p.requested,
                   p.granted or (p.requested if p.state == "recommended" else None), p.granted,
                   text(p.id + 31, 250) if p.granted else "", created, updated, p.submitted,
                   p.analyst[0] if p.analyst else None, p.analyst[1] if p.analyst else None,
                   frame.organisation_names[p.organisation], updated)

    Table(Proposal, fields).copy(rows())
    Table(Proposal.mrcs.through, ("proposal", "territory"), with_id=False).copy((p.id, p.mrc) for p in planned)
    Table(BudgetLine, ("proposal", "category", "description", "total_amount", "fund_amount"), with_id=False).copy(
        (p.id, "salaries", "Salaires de l'intervenante", p.requested * 2, p.requested) for p in planned)
    indicators = Table(Indicator, ("proposal", "label", "target", "unit"))
    first = indicators.next_id()
    indicators.copy((first + number, p.id, "Personnes rejointes", Decimal(50 + p.id % 200), "personnes")
                    for number, p in enumerate(planned))
    _log(planned, frame)
    return {p.id: first + number for number, p in enumerate(planned)}


def _references(planned, frame):
    """Numbers in submission order within each program and year, and each counter at the last one given."""
    numbers, found = defaultdict(int), {}
    for p in sorted((p for p in planned if p.submitted), key=lambda p: p.submitted):
        key = (p.program, p.submitted.year)
        numbers[key] += 1
        found[p.id] = f"{prefix_for(frame.programs[p.program], p.submitted.year)}{numbers[key]:04d}"
    ReferenceCounter.objects.bulk_create(ReferenceCounter(program=frame.programs[program], year=year, last=last)
                                         for (program, year), last in numbers.items())
    return found


def _log(planned, frame):
    def actor(p, who):
        return {"applicant": lambda: frame.applicants[p.organisation], "analyst": lambda: p.analyst[0],
                "board": lambda: frame.board[p.program], "manager": lambda: frame.managers[p.program]}[who]()

    def rows():
        for p in planned:
            steps = steps_at(p)
            for name, source, target, who in PATHS[p.state]:
                comment = "Motifs consignés au dossier." if name in NEEDS_COMMENT else ""
                yield p.id, actor(p, who), name, source, target, comment, "{}", steps[name]

    fields = ("proposal", "actor", "transition", "from_state", "to_state", "comment", "data", "created_at")
    Table(TransitionLog, fields, with_id=False).copy(rows())
