from .attachment import Attachment, AttachmentType
from .call import Call
from .commitment import CommitmentTotal
from .funding import FunderRequest
from .organisation import Invitation, JoinRequest, Membership, Organisation
from .program import Axis, LocalPlan, Priority, Program
from .proposal import BudgetLine, CoFunding, Indicator, Partner, Proposal
from .question import Answer, CallQuestion, LibraryQuestion, QuestionKind, QuestionVersion
from .reservation import EnvelopeReservation
from .similarity import OverlapMark, ProposalSimilarity
from .tag import ProposalTag, Tag
from .territory import Territory
from .thread import Message, MessageAttachment
from .user import ProgramRole, User
from .version import ProposalVersion

__all__ = [
    "Answer",
    "Attachment",
    "AttachmentType",
    "Axis",
    "BudgetLine",
    "Call",
    "CallQuestion",
    "CoFunding",
    "CommitmentTotal",
    "EnvelopeReservation",
    "FunderRequest",
    "Indicator",
    "Invitation",
    "JoinRequest",
    "LibraryQuestion",
    "LocalPlan",
    "Membership",
    "Message",
    "MessageAttachment",
    "Organisation",
    "OverlapMark",
    "Partner",
    "Priority",
    "Program",
    "ProgramRole",
    "Proposal",
    "ProposalSimilarity",
    "ProposalVersion",
    "QuestionKind",
    "QuestionVersion",
    "ProposalTag",
    "Tag",
    "Territory",
    "User",
]
