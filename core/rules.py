"""Who may read core's privacy records, composed from core.access.

The access log of confidential files: admins everywhere, program managers for their programs (each row
names its program). The retention rules, runs and the incident register are the admins' (core.admin).
"""

import rules

from . import access

manages_a_program = access.role_anywhere(access.MANAGER, name="core_manages_a_program")

PERMISSIONS = {
    "core.view_access_log": access.is_admin | manages_a_program,
    "core.manage_privacy_records": access.is_admin,
}
for name, predicate in PERMISSIONS.items():
    rules.set_perm(name, predicate)
