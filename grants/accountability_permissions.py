"""Who may see and act on agreements, tranches and reports: named predicates built on grants.roles.

Every predicate takes an Agreement, a PaymentTranche, a Report or (for results) a Program. Callers load
the object with its proposal and call (selectors do) so a check costs no query beyond the cached roles.
Seeing is separate from acting: a person who cannot see an object gets a 404, one who can see it but
not act on it gets a 403.
"""

import rules

from .roles import Role, has_program_role, is_member


def _agreement(obj):
    return obj if hasattr(obj, "proposal_id") else obj.agreement


def _program_id(obj):
    return _agreement(obj).proposal.call.program_id


@rules.predicate
def is_superuser(user, obj=None):
    return bool(user and user.is_authenticated and user.is_superuser)


@rules.predicate
def is_applicant_of(user, obj):
    return obj is not None and is_member(user, _agreement(obj).proposal.organisation_id)


@rules.predicate
def is_analyst_of(user, obj):
    return obj is not None and has_program_role(user, _program_id(obj), Role.ANALYST)


@rules.predicate
def is_manager_of(user, obj):
    return obj is not None and has_program_role(user, _program_id(obj), Role.MANAGER)


@rules.predicate
def is_board_of(user, obj):
    return obj is not None and has_program_role(user, _program_id(obj), Role.BOARD)


@rules.predicate
def is_program_results_reader(user, program):
    return program is not None and has_program_role(user, program.pk, Role.ANALYST, Role.MANAGER, Role.BOARD)


can_view = is_applicant_of | is_analyst_of | is_manager_of | is_board_of | is_superuser
# Rules registered once per process under names the views and services refer to.
PERMISSIONS = {
    "grants.view_agreement": can_view,
    "grants.record_agreement_signature": is_analyst_of | is_manager_of | is_superuser,
    "grants.record_tranche_payment": is_manager_of | is_superuser,
    "grants.file_report": is_applicant_of,
    "grants.review_report": is_analyst_of | is_superuser,
    "grants.view_program_results": is_program_results_reader | is_superuser,
}
for name, predicate in PERMISSIONS.items():
    rules.set_perm(name, predicate)


def allowed(user, permission, obj):
    return PERMISSIONS[permission].test(user, obj)
