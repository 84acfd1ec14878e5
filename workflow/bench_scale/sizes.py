"""How big each part of the dataset is, from the two sizes asked for: proposals and reports.

The defaults are issue 17's: 100,000 proposals across 20 programs and 100 calls, one program holding 80 %
of them (a province-wide program: its analyst queue is 80,000 rows deep), one call of 5,000 proposals, one
organisation with 16,000; 3.5 reviews of 5 scores per reviewed proposal (~286,000 and ~1.43 M), an agreement
for each funded proposal (~48 %) and 20 reports each (~960,000).
"""

from dataclasses import dataclass

MARKER = "bench-scale"  # the big program's code: its presence means a complete dataset (built in one transaction)
DOMAIN = "banc-echelle.example"  # every person of the dataset has an address there
CALLS_PER_PROGRAM = 5
AXES = 5  # per program; each rubric has one criterion per axis: 5 scores per review
BIG_PROGRAM_SHARE = 0.8
BIG_CALL_SHARE = 0.05
BIG_ORGANISATION_SHARE = 1 / 6
PROPOSALS_PER_ORGANISATION = 16
ASSIGNMENTS_PER_REVIEWER = 300
PROPOSALS_PER_ANALYST = 8000

# Final states: the call under analysis, and the older calls whose decisions are taken (weights in %).
CURRENT_MIX = {"draft": 5, "submitted": 15, "under_analysis": 60, "changes_requested": 5, "recommended": 10,
               "not_recommended": 5}
OLDER_MIX = {"draft": 4, "submitted": 3, "under_analysis": 8, "changes_requested": 2, "recommended": 4,
             "not_recommended": 3, "declined": 15, "withdrawn": 8, "funded": 20, "reported": 18, "closed": 15}
REVIEWED = {"under_analysis", "recommended", "not_recommended", "declined", "funded", "reported", "closed"}
COMMITTED = {"funded", "reported", "closed"}
DECIDED = COMMITTED | {"declined"}


@dataclass(frozen=True)
class Sizes:
    proposals: int = 100_000
    reports: int = 960_000

    @property
    def programs(self):
        return max(3, round(self.proposals / 5000))

    @property
    def organisations(self):
        return max(6, self.proposals // PROPOSALS_PER_ORGANISATION)

    @property
    def big_call(self):
        return max(1, round(self.proposals * BIG_CALL_SHARE))

    def program_proposals(self, index):
        """Proposals of program `index`: the big one first, the others share the rest."""
        big = round(self.proposals * BIG_PROGRAM_SHARE)
        if index == 0:
            return big
        others, rest = divmod(self.proposals - big, self.programs - 1)
        return others + (1 if index <= rest else 0)

    def analysts(self, index):
        return max(2, round(self.program_proposals(index) / PROPOSALS_PER_ANALYST))

    def reviewers(self, index):
        # 3.5 reviews for about 82 % of the proposals.
        return max(4, round(self.program_proposals(index) * 2.87 / ASSIGNMENTS_PER_REVIEWER))
