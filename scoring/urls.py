from django.urls import path

from .views import assignments, ranking, reviews

app_name = "scoring"

# scoring-reviews routes; scoring-decisions appends theirs to `urlpatterns` below.
urlpatterns = [
    path("", reviews.my_reviews, name="my_reviews"),
    path("assignations/<int:pk>/declaration/", reviews.declare, name="coi_declare"),
    path("demandes/<int:pk>/evaluer/", reviews.review, name="review"),
    path("demandes/<int:pk>/evaluer/brouillon/", reviews.autosave, name="review_autosave"),
    path("demandes/<int:pk>/evaluations/", reviews.proposal_reviews, name="proposal_reviews"),
    path("demandes/<int:pk>/assignations/", assignments.assignments, name="assignments"),
    path("appels/", ranking.calls, name="calls"),
    path("appels/<int:pk>/classement/", ranking.call_ranking, name="ranking"),
]

# scoring-decisions routes: funding scenarios, board meetings and decisions, packet, commitments.
from .views import decisions, scenarios  # noqa: E402

urlpatterns += [
    path("appels/<int:call_pk>/scenarios/", scenarios.scenario_list, name="scenario_list"),
    path("appels/<int:call_pk>/scenarios/nouveau/", scenarios.scenario_create, name="scenario_create"),
    path("appels/<int:call_pk>/scenarios/comparer/", scenarios.scenario_compare, name="scenario_compare"),
    path("scenarios/<int:pk>/", scenarios.scenario_detail, name="scenario_detail"),
    path("scenarios/<int:pk>/<slug:action>/", scenarios.scenario_action, name="scenario_action"),
    path("decisions/", decisions.programs, name="decision_programs"),
    path("programmes/<int:program_pk>/seances/", decisions.meeting_list, name="meeting_list"),
    path("programmes/<int:program_pk>/engagements/", decisions.commitments, name="commitments"),
    path("seances/<int:pk>/", decisions.meeting_detail, name="meeting_detail"),
    path("seances/<int:pk>/cahier.pdf", decisions.meeting_packet, name="meeting_packet"),
]
