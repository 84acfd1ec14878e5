"""Pages under /evaluation/ that run the proposals' life cycle from scoring's screens: a board meeting's
page (recording decisions) and its packet, a funding scenario's actions (recommending from it).

Included by config/urls.py next to scoring.urls, under its own namespace so names stay unambiguous.
"""

from django.urls import path

from .views import meetings, scenarios

app_name = "decisions"
urlpatterns = [
    path("scenarios/<int:pk>/<slug:action>/", scenarios.scenario_action, name="scenario_action"),
    path("seances/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("seances/<int:pk>/cahier.pdf", meetings.meeting_packet, name="meeting_packet"),
]
