"""Pages at the site's root whose work spans several apps: the home page, submitting a proposal,
reviewing a report (the final one closes the proposal's funding stage)."""

from django.urls import path

from .views import applicant, home, reports

urlpatterns = [
    path("", home.home, name="home"),
    path("demandes/<int:pk>/deposer/", applicant.submit, name="proposal_submit"),
    path("rapports/<int:pk>/analyse/", reports.report_review, name="report_review"),
]
