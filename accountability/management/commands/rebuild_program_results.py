from accountability import totals
from grants.management.per_program import PerProgramCommand


class Command(PerProgramCommand):
    help = ("Recompute each program's results (the totals of the program results page, accountability.totals) "
            "from the agreements, reports and indicators: after rows written in bulk or edited in the admin.")

    def rebuild(self, program_ids):
        totals.rebuild(program_ids)
