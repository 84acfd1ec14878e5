"""The proposal life cycle as one readable table.

The decorated methods of lifecycle.py take their sources, target and permission from it; the
service, the permission checks and the diagram command read it too, so they cannot drift apart.
Guards are named here and defined in workflow/guards.py.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.access import ANALYST, APPLICANT, BOARD, MANAGER
from grants.states import DECIDABLE, State

ROLE_LABELS = {
    APPLICANT: _("organisme demandeur"),
    ANALYST: _("analyste"),
    BOARD: _("instance décisionnelle"),
    MANAGER: _("gestion du programme"),
}


@dataclass(frozen=True)
class Input:
    """A value the actor gives with a transition (besides the comment)."""

    name: str
    kind: str  # "amount", "date" or "text": how the service reads it
    label: str
    required: bool = False


@dataclass(frozen=True)
class Attempt:
    """What the guards judge: who acts, their comment and the values they gave."""

    actor: object = None
    comment: str = ""
    inputs: dict = field(default_factory=dict)
    transition: str = ""


@dataclass(frozen=True)
class Spec:
    name: str
    label: str
    sources: tuple
    target: str
    role: str
    comment_required: bool = False
    comment_label: str = _("Commentaire")
    # Guards about the proposal and its world: also shown to people before they try.
    preconditions: tuple = ()
    # Guards about what the actor gives (amounts…); "comment_given" is added when a comment is required.
    checks: tuple = ()
    inputs: tuple = ()
    # Proposal fields the transition method writes, saved with update_fields.
    writes: tuple = ()
    # Who is told: any of "applicants", "analysts", "board", "managers".
    notify: tuple = ()
    danger: bool = False

    @property
    def guards(self):
        return self.preconditions + (("comment_given",) if self.comment_required else ()) + self.checks


AMOUNT_SUGGESTED = Input("suggested_amount", "amount", _("Montant suggéré ($)"))
AMOUNT_GRANTED = Input("amount_granted", "amount", _("Montant accordé ($)"), required=True)
DECISION_DETAILS = (
    Input("resolution_number", "text", _("Numéro de résolution")),
    Input("decided_on", "date", _("Date de la décision")),
    Input("conditions", "text", _("Conditions")),
)
BEFORE_DECISION = (State.SUBMITTED, State.UNDER_ANALYSIS, State.CHANGES_REQUESTED)
# The applicant may withdraw before any decision, the letter of intent's included.
WITHDRAWABLE = (*BEFORE_DECISION, State.INTENT_SUBMITTED, State.SHORTLISTED)


TRANSITIONS = (
    # A two-stage call (Call.two_stage) starts with a letter of intent, filed while the call is open and asking
    # only its subset of the form; the shortlisted complete the same record and submit it, by the full
    # proposal's own deadline (call_is_open reads it for a shortlisted proposal), into the machine below.
    Spec("submit_intent", _("Déposer la lettre d'intention"), (State.DRAFT,), State.INTENT_SUBMITTED, APPLICANT,
         preconditions=("call_is_two_stage", "call_is_open", "intent_is_complete", "organisation_is_verified"),
         writes=("submitted_at",), notify=("applicants", "analysts")),
    Spec("shortlist", _("Inviter à la demande complète"), (State.INTENT_SUBMITTED,), State.SHORTLISTED, ANALYST,
         comment_label=_("Message à l'organisme (facultatif)"), notify=("applicants",)),
    Spec("decline_intent", _("Ne pas retenir la lettre d'intention"), (State.INTENT_SUBMITTED,),
         State.INTENT_DECLINED, ANALYST, comment_required=True,
         comment_label=_("Motifs (transmis à l'organisme)"), notify=("applicants",), danger=True),
    Spec("submit", _("Déposer la demande"), (State.DRAFT, State.SHORTLISTED), State.SUBMITTED, APPLICANT,
         preconditions=("intent_comes_first", "call_is_open", "form_is_complete", "organisation_is_verified"),
         writes=("submitted_at",), notify=("applicants", "analysts")),
    Spec("start_analysis", _("Commencer l'analyse"), (State.SUBMITTED,), State.UNDER_ANALYSIS, ANALYST,
         writes=("assigned_analyst", "assigned_analyst_name"), notify=("applicants",)),
    Spec("request_changes", _("Demander des compléments"), (State.UNDER_ANALYSIS,), State.CHANGES_REQUESTED,
         ANALYST, comment_required=True, comment_label=_("Compléments demandés à l'organisme"),
         notify=("applicants",)),
    # Resubmitting does not check the call window again: the proposal was on time when first submitted,
    # and the analyst's request may well come after the call closed.
    Spec("resubmit", _("Déposer de nouveau"), (State.CHANGES_REQUESTED,), State.SUBMITTED, APPLICANT,
         preconditions=("form_is_complete", "organisation_is_verified"), writes=("submitted_at",), notify=("applicants", "analysts")),
    Spec("recommend", _("Recommander"), (State.UNDER_ANALYSIS,), State.RECOMMENDED, ANALYST,
         preconditions=("enough_reviews",), checks=("suggested_amount_is_valid",),
         inputs=(AMOUNT_SUGGESTED,), writes=("suggested_amount",), notify=("board",)),
    Spec("do_not_recommend", _("Ne pas recommander"), (State.UNDER_ANALYSIS,), State.NOT_RECOMMENDED, ANALYST,
         comment_required=True, comment_label=_("Motifs de la non-recommandation"),
         notify=("board",), danger=True),
    Spec("approve", _("Accorder le financement"), DECIDABLE, State.FUNDED, BOARD,
         checks=("amount_granted_is_valid", "within_envelope"), inputs=(AMOUNT_GRANTED, *DECISION_DETAILS),
         writes=("amount_granted",), notify=("applicants", "analysts", "managers")),
    Spec("decline", _("Refuser"), DECIDABLE, State.DECLINED, BOARD, comment_required=True,
         comment_label=_("Motifs du refus"), inputs=DECISION_DETAILS, notify=("applicants", "analysts"),
         danger=True),
    Spec("accept_final_report", _("Accepter le rapport final"), (State.FUNDED,), State.REPORTED, ANALYST,
         preconditions=("final_report_accepted",), notify=("applicants", "managers")),
    Spec("close", _("Fermer le dossier"), (State.REPORTED,), State.CLOSED, MANAGER,
         preconditions=("tranches_settled",), notify=("applicants",)),
    Spec("withdraw", _("Retirer la demande"), WITHDRAWABLE, State.WITHDRAWN, APPLICANT,
         comment_required=True, comment_label=_("Raison du retrait"), notify=("analysts",), danger=True),
)
BY_NAME = {spec.name: spec for spec in TRANSITIONS}
# Preconditions saying a filing does not belong to this kind of call (single- or two-stage): when one blocks,
# the transition is not offered at all (services.available_transitions), rather than shown blocked.
NOT_OFFERED_WHEN = ("call_is_two_stage", "intent_comes_first")


def spec_for(name):
    return BY_NAME.get(name)


def filing_transition(proposal):
    """The applicant's filing from the form's last step: resubmit, a letter of intent, or submit."""
    if proposal.state == State.CHANGES_REQUESTED:
        return "resubmit"
    if proposal.state == State.DRAFT and proposal.call.two_stage:
        return "submit_intent"
    return "submit"
