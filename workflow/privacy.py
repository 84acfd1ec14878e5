"""Workflow's part of the privacy registries (imported by WorkflowConfig.ready()).

- export: the transitions the person performed on proposals (the transition log), and the names of their
  API tokens (never a key), the webhook endpoints they registered (never a secret);
- anonymise: the API tokens are deleted (the transition log stays: it is the files' history).
"""

from core import personal_data
from core.models import ApiToken
from core.personal_data import Rows

from .models import TransitionLog, WebhookEndpoint


def export(user):
    transitions = TransitionLog.objects.filter(actor=user).order_by("created_at", "id")
    return {
        "transitions": Rows(transitions, lambda row: {
            "demande_id": row["proposal_id"], "reference": row["proposal__reference"], "transition": row["transition"],
            "de": row["from_state"], "vers": row["to_state"], "commentaire": row["comment"], "le": row["created_at"]},
            "proposal_id", "proposal__reference", "transition", "from_state", "to_state", "comment", "created_at"),
        "webhooks_enregistres": Rows(
            WebhookEndpoint.objects.filter(created_by=user).order_by("id"),
            lambda row: {"programme": row.program_id, "adresse": row.url, "cree_le": row.created_at}),
        "jetons_api": Rows(ApiToken.objects.filter(user=user).order_by("id"), lambda token: {
            "nom": token.name, "portee": token.scope, "cree_le": token.created_at, "utilise_le": token.last_used_at}),
    }


def anonymise(user):
    ApiToken.objects.filter(user=user).delete()


personal_data.register_exporter(export)
personal_data.register_anonymiser(anonymise)
