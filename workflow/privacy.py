"""Workflow's part of the privacy registries (imported by WorkflowConfig.ready()).

- export: the transitions the person performed on proposals (the transition log), and whether they hold
  an API token (never its key);
- anonymise: the API token is deleted (the transition log stays: it is the files' history).
"""

from rest_framework.authtoken.models import Token

from core import personal_data

from .models import TransitionLog


def export(user):
    token = Token.objects.filter(user=user).first()
    return {
        "transitions": [
            {"demande_id": row.proposal_id, "reference": row.proposal.reference, "transition": row.transition,
             "de": row.from_state, "vers": row.to_state, "commentaire": row.comment, "le": row.created_at}
            for row in TransitionLog.objects.filter(actor=user).select_related("proposal").order_by("created_at", "id")],
        "jeton_api": {"existe": token is not None, "cree_le": token.created if token else None},
    }


def anonymise(user):
    Token.objects.filter(user=user).delete()


personal_data.register_exporter(export)
personal_data.register_anonymiser(anonymise)
