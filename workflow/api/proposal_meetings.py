"""The board meeting an API decision is recorded at, checked as the meeting page checks it
(workflow.decisions.record): a meeting the caller may see, of the proposal's program, dated as decided."""

from django.utils.translation import gettext as _

from core.errors import InvalidInput, NotFound
from scoring.models import BoardMeeting

DECISIONS = ("approve", "decline")


def decision_meeting(user, proposal, name, meeting_id, inputs):
    """The BoardMeeting for `meeting_id` (None when not given); the decision takes the meeting's date
    unless the caller gave that same date."""
    if meeting_id is None:
        return None
    if name not in DECISIONS:
        raise InvalidInput(_("Une séance ne s'indique qu'avec une décision (approve ou decline)."),
                           code="meeting_not_expected", details={"meeting": meeting_id})
    meeting = BoardMeeting.objects.filter(pk=meeting_id).first()
    if meeting is None or not user.has_perm("scoring.view_packet", meeting):
        raise NotFound(_("Séance introuvable."), details={"meeting": meeting_id})
    if meeting.program_id != proposal.call.program_id:
        raise InvalidInput(_("Cette demande ne relève pas du programme de la séance."), code="other_program",
                           details={"meeting": meeting_id})
    decided_on = inputs.setdefault("decided_on", meeting.date)
    if decided_on != meeting.date:
        raise InvalidInput(_("Une décision prise en séance porte la date de la séance (%(date)s).")
                           % {"date": meeting.date.isoformat()}, code="decided_on_not_meeting_date",
                           details={"decided_on": str(decided_on)})
    return meeting
