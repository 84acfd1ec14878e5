from .attachment import Attachment, AttachmentType
from .call import Call
from .organisation import Invitation, JoinRequest, Membership, Organisation
from .program import Axis, LocalPlan, Priority, Program
from .proposal import BudgetLine, CoFunding, Indicator, Partner, Proposal
from .reservation import EnvelopeReservation
from .similarity import OverlapMark, ProposalSimilarity
from .territory import Territory
from .user import ProgramRole, User

__all__ = [
    "Attachment",
    "AttachmentType",
    "Axis",
    "BudgetLine",
    "Call",
    "CoFunding",
    "EnvelopeReservation",
    "Indicator",
    "Invitation",
    "JoinRequest",
    "LocalPlan",
    "Membership",
    "Organisation",
    "OverlapMark",
    "Partner",
    "Priority",
    "Program",
    "ProgramRole",
    "Proposal",
    "ProposalSimilarity",
    "Territory",
    "User",
]
