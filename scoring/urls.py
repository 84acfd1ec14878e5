from django.urls import path

from .views import assignments, decisions, ranking, reviews, scenarios

app_name = "scoring"

# Under /evaluation/, next to the "decisions" namespace (config/urls.py): a meeting's page and
# packet, and the scenario actions, which run the proposals' life cycle.
urlpatterns = [
    # Reviewers, assignments, ranking.
    path("", reviews.my_reviews, name="my_reviews"),
    path("assignations/<int:pk>/declaration/", reviews.declare, name="coi_declare"),
    path("demandes/<int:pk>/evaluer/", reviews.review, name="review"),
    path("demandes/<int:pk>/evaluer/brouillon/", reviews.autosave, name="review_autosave"),
    path("demandes/<int:pk>/pieces/<int:attachment_pk>/", reviews.attachment, name="attachment"),
    path("demandes/<int:pk>/evaluations/", reviews.proposal_reviews, name="proposal_reviews"),
    path("demandes/<int:pk>/assignations/", assignments.assignments, name="assignments"),
    path("appels/", ranking.calls, name="calls"),
    path("appels/<int:pk>/classement/", ranking.call_ranking, name="ranking"),
    # Funding scenarios, board meetings, commitments.
    path("appels/<int:call_pk>/scenarios/", scenarios.scenario_list, name="scenario_list"),
    path("appels/<int:call_pk>/scenarios/nouveau/", scenarios.scenario_create, name="scenario_create"),
    path("appels/<int:call_pk>/scenarios/comparer/", scenarios.scenario_compare, name="scenario_compare"),
    path("scenarios/<int:pk>/", scenarios.scenario_detail, name="scenario_detail"),
    path("decisions/", decisions.programs, name="decision_programs"),
    path("programmes/<int:program_pk>/seances/", decisions.meeting_list, name="meeting_list"),
    path("programmes/<int:program_pk>/engagements/", decisions.commitments, name="commitments"),
]
