"""Recommending from the chosen funding scenario: each proposal under analysis goes through its
recommend (with the scenario's amount) or do_not_recommend transition, on its own."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import Conflict, Forbidden, Refusal
from grants.states import State

from . import services


@dataclass(frozen=True)
class Outcome:
    """What happened to one proposal when recommending from a scenario."""

    proposal: object
    action: str
    ok: bool
    message: str


def recommend_from(scenario, actor):
    """Recommend or not each proposal under analysis of the chosen scenario.

    A refusal (a guard, a concurrent change) is reported for that proposal and does not undo the others.
    """
    if not actor.has_perm("scoring.manage_scenarios", scenario):
        raise Forbidden()
    if not scenario.chosen:
        raise Conflict(_("Seul le scénario retenu peut servir à recommander."), code="not_chosen")
    outcomes = []
    results = scenario.results.select_related("proposal__call__program", "proposal__organisation")
    for result in results:
        proposal = result.proposal
        if proposal.state != State.UNDER_ANALYSIS:
            outcomes.append(Outcome(proposal, "", False, _("Déjà traitée (état : %(state)s).")
                                    % {"state": proposal.get_state_display()}))
            continue
        names = {"name": scenario.name, "rank": result.rank, "score": f"{result.score:.1f}".replace(".", ",")}
        action = "recommend" if result.funded else "do_not_recommend"
        try:
            if result.funded:
                services.transition(proposal, action, actor, suggested_amount=result.amount, comment=_(
                    "Retenue dans le scénario « %(name)s » (rang %(rank)s, note %(score)s/100).") % names)
                outcomes.append(Outcome(proposal, action, True, _("Recommandée.")))
            else:
                services.transition(proposal, action, actor, comment=_(
                    "Non retenue dans le scénario « %(name)s » (rang %(rank)s, note %(score)s/100) : "
                    "l'enveloppe et les contraintes du scénario ne permettent pas de la financer.") % names)
                outcomes.append(Outcome(proposal, action, True, _("Non recommandée.")))
        except Refusal as refusal:
            outcomes.append(Outcome(proposal, action, False, str(refusal.message)))
    return outcomes
