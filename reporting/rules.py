"""Who may use reporting's pages, composed from core.access (django-rules autodiscovers this module).

- Exports: the analysts and managers of a program export its data, admins every program's; what an
  export holds is narrowed to those programs by reporting.exports.scope. An export job and its file are
  their requester's only.
- Printable files follow the page they print: grants.view_proposal for an application,
  accountability.view_agreement for a report (checked by those apps' selectors).
"""

import rules

from core import access

may_export = access.role_anywhere(*access.ANALYSIS, name="reporting_exports_data") | access.is_admin

rules.add_perm("reporting.export", may_export)

# The program dashboard (aggregate figures only): the program's staff (analysts, board, managers), admins
# every program's. view_dashboards: the page itself, for whoever is staff somewhere (the others get a 403).
reads_dashboard = access.program_role(*access.STAFF, program_of=lambda program: program.pk,
                                      name="reporting_reads_dashboard")
rules.add_perm("reporting.view_dashboard", reads_dashboard | access.is_admin)
rules.add_perm("reporting.view_dashboards",
               access.role_anywhere(*access.STAFF, name="reporting_reads_dashboards") | access.is_admin)
