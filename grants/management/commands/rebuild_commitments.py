from grants import commitments
from grants.management.per_program import PerProgramCommand


class Command(PerProgramCommand):
    help = ("Recompute each program's commitments by primary axis and MRC (grants.commitments) from its proposals: "
            "after rows written around the ORM (an import in SQL, a restore) or to repair a suspected drift.")

    def rebuild(self, program_ids):
        commitments.rebuild(program_ids)
