"""Reviews API, under the same rules as the pages: people unrelated to a proposal, recused or conflicted
reviewers never learn it exists (404); a reviewer who may not read the others' reviews yet is refused them
(403). The assigned reviewer saves the draft (PUT, scoring.services.reviews.save_draft) and submits it;
whoever else reads a review may not write it (403). A review is opened from its assignment
(POST /assignments/{id}/review/).
"""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import access
from core.api import AccessLoggedRetrieve
from grants.models import Proposal

from .. import conflicts
from ..models import Review, ReviewerAssignment, Score
from ..services import reviews as services
from ..views.access import may_read_reviews_or_refuse
from .common import ID, errors, json_body
from .serializers import ReviewDraftSerializer, ReviewSerializer

# The list's columns (ReviewSerializer): the proposal's title, never its sections; the criteria's labels.
LIST_COLUMNS = ("proposal", "reviewer", "rubric", "state", "weighted_total", "axis_scores", "eliminatory_failed",
                "recommendation", "suggested_amount", "overall_comment", "submitted_at", "updated_at",
                "proposal__title", "proposal__state", "reviewer__full_name", "reviewer__email")
LISTED_SCORES = Score.objects.select_related("criterion").only(
    "review", "criterion", "value", "passed", "comment", "criterion__label", "criterion__axis",
    "criterion__eliminatory", "criterion__scale_max", "criterion__order")
PROPOSAL = OpenApiParameter("proposal", OpenApiTypes.INT, description=(
    "Submitted reviews of this proposal: for its program's analysts and managers, or for a reviewer "
    "once their own review is submitted."))


@extend_schema_view(
    list=extend_schema(summary="Mes évaluations, celles des programmes que j'analyse, ou celles d'une demande",
                       parameters=[PROPOSAL], responses={200: ReviewSerializer(many=True), **errors(403, 404)}),
    retrieve=extend_schema(summary="Une évaluation", responses={200: ReviewSerializer, **errors(403, 404)}),
)
class ReviewViewSet(AccessLoggedRetrieve, viewsets.ReadOnlyModelViewSet):
    @staticmethod
    def program_id_of(obj):
        return obj.proposal.call.program_id

    serializer_class = ReviewSerializer
    queryset = Review.objects.none()  # for the schema; get_queryset scopes the real one
    lookup_value_regex = ID
    @property
    def ordering(self):
        """The cursor pages' order: a proposal's reviews in the order they were submitted, else the latest
        changed first."""
        if self.action == "list" and self.request.query_params.get("proposal") is not None:
            return ("submitted_at", "pk")
        return ("-updated_at", "-pk")

    def get_queryset(self):
        user = self.request.user
        reviews = Review.objects.select_related("proposal", "reviewer")
        if self.action == "list":
            reviews = reviews.only(*LIST_COLUMNS).prefetch_related(Prefetch("scores", queryset=LISTED_SCORES))
        else:
            reviews = reviews.prefetch_related("scores__criterion")
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
        return conflicts.exclude_conflicted(reviews.filter(readable), user).order_by("-updated_at", "-pk")

    def _readable_proposal(self, proposal_id):
        if not (proposal_id.isascii() and proposal_id.isdigit()):
            raise Http404
        user = self.request.user
        proposal = get_object_or_404(Proposal.objects.select_related("call"), pk=proposal_id)
        may_read_reviews_or_refuse(user, proposal)
        return proposal

    def _answer(self, review):
        return Response(self.get_serializer(self.get_queryset().get(pk=review.pk)).data)

    @extend_schema(summary="Enregistrer le brouillon de son évaluation (toutes les réponses)",
                   request=json_body(ReviewDraftSerializer),
                   responses={200: ReviewSerializer, **errors(400, 403, 404, 409)})
    def update(self, request, *args, **kwargs):
        review = self.get_object()
        body = ReviewDraftSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # As the form does: the draft gets a score row for any criterion added to its rubric since.
        services.start_review(review.assignment, request.user)
        return self._answer(services.save_draft(review, request.user, **body.answers()))

    @extend_schema(summary="Déposer son évaluation (réponses complètes ; ensuite en lecture seule)", request=None,
                   responses={200: ReviewSerializer, **errors(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request, pk=None):
        return self._answer(services.submit(self.get_object(), request.user))
