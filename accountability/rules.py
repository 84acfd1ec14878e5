"""Who may see and act on agreements, tranches and reports, composed from core.access.

Every predicate takes an Agreement, a PaymentTranche, a Report or (for results) a Program. Callers load
the object with its proposal and call (selectors do), so a check costs no query beyond the cached roles.
Seeing is separate from acting: a person who cannot see an object gets a 404, one who can see it but
not act on it gets a 403.
"""

import rules

from core import access


def _agreement(obj):
    return obj if hasattr(obj, "proposal_id") else obj.agreement


def _program_id(obj):
    return _agreement(obj).proposal.call.program_id


def _organisation_id(obj):
    return _agreement(obj).proposal.organisation_id


is_applicant = access.member_of(_organisation_id, name="is_agreement_applicant")
is_analyst = access.program_role(access.ANALYST, program_of=_program_id, name="is_agreement_analyst")
is_manager = access.program_role(access.MANAGER, program_of=_program_id, name="is_agreement_manager")
is_staff = access.program_role(*access.STAFF, program_of=_program_id, name="is_agreement_staff")
reads_results = access.program_role(*access.STAFF, program_of=lambda program: program.pk,
                                    name="reads_program_results")

PERMISSIONS = {
    "accountability.view_agreement": is_applicant | is_staff | access.is_admin,
    "accountability.record_agreement_signature": is_analyst | is_manager | access.is_admin,
    "accountability.record_tranche_payment": is_manager | access.is_admin,
    "accountability.file_report": is_applicant,
    "accountability.review_report": is_analyst | access.is_admin,
    "accountability.view_program_results": reads_results | access.is_admin,
}
for name, predicate in PERMISSIONS.items():
    rules.set_perm(name, predicate)


def allowed(user, permission, obj):
    return PERMISSIONS[permission].test(user, obj)
