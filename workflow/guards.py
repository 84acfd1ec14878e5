"""Named guards of the life cycle: each returns a French refusal message, or None when it lets through.

A guard takes the proposal (locked by the service) and the Attempt (actor, comment, inputs). The table
in machine.py names them; machine._condition turns each into a django-fsm condition.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accountability import agreements
from accountability import services as accountability
from accountability.models import Agreement
from core.money import format_money
from grants import completeness
from grants import selectors as grants_selectors
from grants.states import State
from scoring import queries as scoring_queries

from .machine import BY_NAME


def call_is_open(proposal, attempt):
    call = proposal.call
    if proposal.state == State.SHORTLISTED:
        return _full_proposal_is_open(call)
    if call.is_open():
        return None
    if timezone.now() < call.opens_at:
        return _("L'appel de projets « %(call)s » n'est pas encore ouvert (ouverture le %(date)s).") % {
            "call": call.title, "date": _when(call.opens_at)}
    return _("L'appel de projets « %(call)s » est fermé depuis le %(date)s : la demande ne peut plus "
             "être déposée.") % {"call": call.title, "date": _when(call.closes_at)}


def _full_proposal_is_open(call):
    # A shortlisted proposal is filed by the full proposal's own deadline, after the call (the letters) closed.
    if call.full_proposal_is_open():
        return None
    return _("La date limite de la demande complète de l'appel « %(call)s » est passée depuis le %(date)s : la "
             "demande ne peut plus être déposée.") % {"call": call.title, "date": _when(call.full_proposal_closes_at)}


def form_is_complete(proposal, attempt):
    # A shortlisted proposal's own stage is the full proposal (completeness.stage_of).
    items = completeness.missing_items(proposal)
    if not items:
        return None
    return _("La demande est incomplète : %(items)s") % {"items": " ; ".join(str(i.message) for i in items)}


def intent_is_complete(proposal, attempt):
    # A two-stage call's draft: its own stage is the letter of intent (completeness.stage_of).
    items = completeness.missing_items(proposal)
    if not items:
        return None
    return _("La lettre d'intention est incomplète : %(items)s") % {
        "items": " ; ".join(str(i.message) for i in items)}


def call_is_two_stage(proposal, attempt):
    if proposal.call.two_stage:
        return None
    return _("L'appel « %(call)s » se déroule en une seule étape : déposez directement la demande.") % {
        "call": proposal.call.title}


def intent_comes_first(proposal, attempt):
    # A two-stage call's draft is a letter of intent: the full proposal is filed only once shortlisted.
    if not proposal.call.two_stage or proposal.state != State.DRAFT:
        return None
    return _("L'appel « %(call)s » se déroule en deux étapes : déposez d'abord la lettre d'intention. Si elle "
             "est retenue, vous serez invité à remplir la demande complète.") % {"call": proposal.call.title}


def organisation_is_verified(proposal, attempt):
    # A call may accept filings only from organisations program staff have verified (type, territory).
    if not proposal.call.requires_verified_organisation or proposal.organisation.verified_at is not None:
        return None
    return _("L'organisme doit être vérifié par l'équipe régionale avant le dépôt dans cet appel.")


def enough_reviews(proposal, attempt):
    required = proposal.call.required_reviews
    count = scoring_queries.submitted_review_count(proposal)
    if count >= required:
        return None
    return ngettext(
        "La recommandation exige %(required)d évaluation soumise ; %(count)d reçue pour l'instant.",
        "La recommandation exige %(required)d évaluations soumises ; %(count)d reçue(s) pour l'instant.",
        required,
    ) % {"required": required, "count": count}


def final_report_accepted(proposal, attempt):
    # The accountability service accepts the report and then runs this transition in one transaction.
    if agreements.final_report_accepted(proposal):
        return None
    return _("Le rapport final doit d'abord être accepté dans la convention d'aide financière.")


def tranches_settled(proposal, attempt):
    agreement = Agreement.objects.filter(proposal=proposal).first()
    if agreement is None or accountability.tranches_settled(agreement):
        return None
    return _("Chaque versement de la convention doit être versé ou annulé avant de fermer le dossier.")


def comment_given(proposal, attempt):
    if attempt.comment.strip():
        return None
    spec = BY_NAME.get(attempt.transition)
    label = spec.comment_label if spec else _("Commentaire")
    return _("« %(label)s » est obligatoire pour cette action.") % {"label": label}


def suggested_amount_is_valid(proposal, attempt):
    amount = attempt.inputs.get("suggested_amount")
    if amount is None:
        return None  # Optional: the board decides the amount.
    return _amount_problem(amount, proposal, _("Le montant suggéré"))


def amount_granted_is_valid(proposal, attempt):
    amount = attempt.inputs.get("amount_granted")
    if amount is None:
        return _("Le montant accordé est obligatoire.")
    return _amount_problem(amount, proposal, _("Le montant accordé"))


def within_envelope(proposal, attempt):
    amount = attempt.inputs.get("amount_granted")
    if amount is None:
        return None  # amount_granted_is_valid says so.
    # The program row stays locked until the transaction ends, so a concurrent approval in the same
    # program waits here and then sees this one's amount: the envelope cannot be overdrawn.
    left = grants_selectors.envelope_left(proposal.call.program_id, lock=True)
    if amount <= left:
        return None
    return _("Le montant accordé (%(amount)s) dépasse l'enveloppe encore disponible du programme "
             "(%(left)s).") % {"amount": format_money(amount), "left": format_money(left)}


def _amount_problem(amount, proposal, what):
    if amount <= 0:
        return _("%(what)s doit être supérieur à 0 $.") % {"what": what}
    if amount > proposal.requested_amount:
        return _("%(what)s (%(amount)s) dépasse le montant demandé (%(requested)s).") % {
            "what": what, "amount": format_money(amount), "requested": format_money(proposal.requested_amount)}
    return None


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


GUARDS = {guard.__name__: guard for guard in (
    call_is_open, form_is_complete, intent_is_complete, call_is_two_stage, intent_comes_first,
    organisation_is_verified, enough_reviews, final_report_accepted,
    tranches_settled, comment_given, suggested_amount_is_valid, amount_granted_is_valid, within_envelope,
)}


def check(name, proposal, attempt):
    return GUARDS[name](proposal, attempt)
