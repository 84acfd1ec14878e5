"""Read-only reviews API, under the same rules as the pages: people unrelated to a proposal, recused or
conflicted reviewers never learn it exists (404); a reviewer who may not read the others' reviews yet
is refused them (403)."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from core import access
from core.api import AccessLoggedRetrieve
from grants.models import Proposal

from .. import conflicts
from ..models import Review, ReviewerAssignment
from ..views.access import may_read_reviews_or_refuse
from .serializers import ReviewSerializer

PROPOSAL = OpenApiParameter("proposal", OpenApiTypes.INT, description=(
    "Submitted reviews of this proposal: for its program's analysts and managers, or for a reviewer "
    "once their own review is submitted."))


@extend_schema_view(
    list=extend_schema(summary="Mes évaluations, celles des programmes que j'analyse, ou celles d'une demande",
                       parameters=[PROPOSAL]),
    retrieve=extend_schema(summary="Une évaluation"),
)
class ReviewViewSet(AccessLoggedRetrieve, viewsets.ReadOnlyModelViewSet):
    @staticmethod
    def program_id_of(obj):
        return obj.proposal.call.program_id

    serializer_class = ReviewSerializer
    queryset = Review.objects.none()  # for the schema; get_queryset scopes the real one

    def get_queryset(self):
        user = self.request.user
        reviews = Review.objects.select_related("proposal", "reviewer").prefetch_related("scores__criterion")
        proposal_id = self.request.query_params.get("proposal")
        if proposal_id is not None and self.action == "list":
            return reviews.filter(proposal=self._readable_proposal(proposal_id),
                                  state=Review.State.SUBMITTED).order_by("submitted_at", "pk")
        # A reviewer's own reviews (drafts included) while their assignment is active; the submitted
        # reviews of the programs the person analyses; never those of a proposal they are conflicted on.
        readable = Q(reviewer=user, assignment__state=ReviewerAssignment.State.ACTIVE)
        programs = access.visible_program_ids(user, *access.ANALYSIS)  # None: every program (admin)
        if programs is None:
            readable |= Q(state=Review.State.SUBMITTED)
        elif programs:
            readable |= Q(state=Review.State.SUBMITTED, proposal__call__program_id__in=programs)
        return conflicts.exclude_conflicted(reviews.filter(readable), user).distinct().order_by("-updated_at", "-pk")

    def _readable_proposal(self, proposal_id):
        if not str(proposal_id).isdigit():
            raise Http404
        user = self.request.user
        proposal = get_object_or_404(Proposal.objects.select_related("call"), pk=proposal_id)
        may_read_reviews_or_refuse(user, proposal)
        return proposal
