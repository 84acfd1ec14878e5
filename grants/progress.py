"""Where a proposal stands for its organisation: the stages of its life, the one it is in, who acts next
and what comes next, read from its state alone (the history itself is the workflow's transition log)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.money import format_money

from .states import State

STAGES = (_("Préparation"), _("Analyse"), _("Décision"), _("Réalisation et rapports"), _("Fermeture"))
# state -> (stage it is in, whether the file ended there)
STAGE_OF = {
    State.DRAFT: (0, False), State.SUBMITTED: (1, False), State.UNDER_ANALYSIS: (1, False),
    State.CHANGES_REQUESTED: (1, False), State.WITHDRAWN: (1, True), State.RECOMMENDED: (2, False),
    State.NOT_RECOMMENDED: (2, False), State.DECLINED: (2, True), State.FUNDED: (3, False),
    State.REPORTED: (4, False), State.CLOSED: (4, True),
    # A two-stage call's letter of intent is still the preparation of the full proposal.
    State.INTENT_SUBMITTED: (0, False), State.SHORTLISTED: (0, False), State.INTENT_DECLINED: (0, True),
}
ORGANISATION, TEAM, BOARD, MANAGER = (_("votre organisme"), _("l'équipe régionale de soutien"),
                                      _("l'instance de décision"), _("la gestion du programme"))


@dataclass(frozen=True)
class Stage:
    label: str
    status: str  # "done", "current", "ended" or "upcoming"


@dataclass(frozen=True)
class Progress:
    stages: list
    who: str  # who acts next; empty once the file is over
    next_step: str


def _when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _draft_step(proposal, missing):
    call = proposal.call
    if not call.is_open():
        return _("L'appel de projets est fermé : cette demande ne peut plus être déposée.")
    if call.two_stage:
        return _intent_step(call, missing)
    if missing:
        return ngettext(
            "Complétez l'élément manquant, puis déposez la demande avant le %(date)s.",
            "Complétez les %(count)d éléments manquants, puis déposez la demande avant le %(date)s.",
            len(missing)) % {"count": len(missing), "date": _when(call.closes_at)}
    return _("La demande est complète : vérifiez-la, puis déposez-la avant le %(date)s.") % {
        "date": _when(call.closes_at)}


def _intent_step(call, missing):
    if missing:
        return ngettext(
            "Complétez l'élément manquant, puis déposez la lettre d'intention avant le %(date)s.",
            "Complétez les %(count)d éléments manquants, puis déposez la lettre d'intention avant le %(date)s.",
            len(missing)) % {"count": len(missing), "date": _when(call.closes_at)}
    return _("La lettre d'intention est complète : vérifiez-la, puis déposez-la avant le %(date)s.") % {
        "date": _when(call.closes_at)}


def _shortlisted_step(proposal, missing):
    call = proposal.call
    if not call.full_proposal_is_open():
        return _("La date limite de la demande complète est passée : cette demande ne peut plus être déposée.")
    return _("Votre lettre d'intention est retenue : complétez la demande, préremplie à partir de votre lettre, "
             "puis déposez-la avant le %(date)s.") % {"date": _when(call.full_proposal_closes_at)}


def progress(proposal, missing=()):
    """The Progress of `proposal`; `missing` are its completeness items (grants.completeness), for a draft."""
    body = proposal.call.program.decision_body
    steps = {
        State.DRAFT: (ORGANISATION, _draft_step(proposal, missing)),
        State.SUBMITTED: (TEAM, _("L'équipe régionale de soutien va commencer l'analyse de la demande ; vous "
                                  "recevrez un courriel à chaque étape. Vous pouvez retirer la demande tant "
                                  "qu'aucune décision n'est rendue.")),
        State.UNDER_ANALYSIS: (TEAM, _("L'équipe régionale de soutien analyse la demande, avec des évaluateurs. "
                                       "Elle peut vous demander des compléments, puis transmet son avis à "
                                       "l'instance de décision (%(body)s).") % {"body": body}),
        State.CHANGES_REQUESTED: (ORGANISATION, _("L'équipe vous demande des compléments (voir plus haut) : "
                                                  "modifiez la demande, puis déposez-la de nouveau.")),
        State.RECOMMENDED: (BOARD, _("L'analyse est terminée. L'instance de décision (%(body)s) rendra sa "
                                     "décision à une prochaine séance ; vous en serez avisés.") % {"body": body}),
        State.FUNDED: (ORGANISATION, _("Le projet est financé (%(amount)s). Suivent la signature de la "
                                       "convention, les versements et les rapports d'étape et final, aux dates "
                                       "prévues par la convention.") % {
            "amount": format_money(proposal.amount_granted)}),
        State.REPORTED: (MANAGER, _("Le rapport final est accepté. Le programme fermera le dossier une fois "
                                    "tous les versements réglés.")),
        State.CLOSED: ("", _("Le dossier est fermé. Aucune autre action n'est attendue.")),
        State.DECLINED: ("", _("L'instance de décision (%(body)s) a refusé la demande ; le motif figure "
                               "dans l'historique. Aucune autre action n'est attendue.") % {"body": body}),
        State.WITHDRAWN: ("", _("La demande a été retirée. Aucune autre action n'est attendue.")),
        State.INTENT_SUBMITTED: (TEAM, _("L'équipe régionale de soutien examine votre lettre d'intention ; si "
                                         "elle est retenue, vous serez invité à remplir la demande complète.")),
        State.SHORTLISTED: (ORGANISATION, _shortlisted_step(proposal, missing)),
        State.INTENT_DECLINED: ("", _("La lettre d'intention n'a pas été retenue ; le motif figure dans "
                                      "l'historique. Aucune autre action n'est attendue.")),
    }
    steps[State.NOT_RECOMMENDED] = steps[State.RECOMMENDED]
    who, text = steps[proposal.state]
    current, ended = STAGE_OF[proposal.state]
    stages = []
    for index, label in enumerate(STAGES):
        if index < current or (index == current and proposal.state == State.CLOSED):
            status = "done"
        elif index == current:
            status = "ended" if ended else "current"
        else:
            status = "upcoming"
        if ended and index > current:
            continue
        stages.append(Stage(label, status))
    return Progress(stages=stages, who=who, next_step=text)
