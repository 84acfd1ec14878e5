"""Choice labels read once per field and language (core.labels), on pages and in the API (core.api.ChoiceLabel)."""

from django.utils import translation
from rest_framework import serializers

from core.api import ChoiceLabel
from core.labels import display
from grants.models import Proposal


class StateSerializer(serializers.ModelSerializer):
    state_label = ChoiceLabel("state")

    class Meta:
        model = Proposal
        fields = ["state_label"]


def test_labels_follow_the_reader_language_on_pages_and_in_the_api():
    proposal = Proposal(state="funded")
    seen = {}
    for language in ("fr", "en", "fr"):
        with translation.override(language):
            seen.setdefault(language, set()).add((display(proposal, "state"),
                                                  StateSerializer(proposal).data["state_label"],
                                                  proposal.get_state_display()))
    assert seen == {"fr": {("Financé", "Financé", "Financé")}, "en": {("Funded", "Funded", "Funded")}}
