"""Read-only reviews API, under the same rules as the pages: conflicted people are refused (403),
people unrelated to a proposal never learn it exists (404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from grants.models import Proposal

from . import conflicts, permissions
from .models import Review, ReviewerAssignment, Score


class ScoreSerializer(serializers.ModelSerializer):
    criterion_label = serializers.CharField(source="criterion.label")
    axis = serializers.IntegerField(source="criterion.axis_id", allow_null=True)
    eliminatory = serializers.BooleanField(source="criterion.eliminatory")
    scale_max = serializers.IntegerField(source="criterion.scale_max")

    class Meta:
        model = Score
        fields = ["criterion", "criterion_label", "axis", "eliminatory", "scale_max", "value", "passed", "comment"]


class ReviewSerializer(serializers.ModelSerializer):
    proposal_title = serializers.CharField(source="proposal.title")
    reviewer_name = serializers.CharField(source="reviewer.get_full_name")
    scores = ScoreSerializer(many=True)

    class Meta:
        model = Review
        fields = ["id", "proposal", "proposal_title", "reviewer_name", "rubric", "state", "weighted_total",
                  "axis_scores", "eliminatory_failed", "recommendation", "suggested_amount", "overall_comment",
                  "submitted_at", "scores"]


PROPOSAL = OpenApiParameter("proposal", OpenApiTypes.INT, description=(
    "Submitted reviews of this proposal: for its program's analysts and managers, or for a reviewer "
    "once their own review is submitted."))


@extend_schema_view(
    list=extend_schema(summary="Mes évaluations (ou celles d'une demande)", parameters=[PROPOSAL]),
    retrieve=extend_schema(summary="Une évaluation"),
)
class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReviewSerializer
    queryset = Review.objects.none()  # for the schema; get_queryset scopes the real one

    def get_queryset(self):
        user = self.request.user
        reviews = Review.objects.select_related("proposal", "reviewer").prefetch_related("scores__criterion")
        proposal_id = self.request.query_params.get("proposal")
        if proposal_id is not None and self.action == "list":
            return reviews.filter(proposal=self._readable_proposal(proposal_id),
                                  state=Review.State.SUBMITTED).order_by("submitted_at", "pk")
        own = reviews.filter(reviewer=user, assignment__state=ReviewerAssignment.State.ACTIVE)
        return conflicts.exclude_conflicted(own, user).distinct().order_by("-updated_at", "-pk")

    def get_object(self):
        # Own reviews only; a conflicted or recused reviewer's own review is refused, not hidden.
        review = get_object_or_404(Review.objects.select_related("proposal", "assignment"),
                                   pk=self.kwargs["pk"], reviewer=self.request.user)
        permissions.reviewer_assignment_or_error(self.request.user, review.proposal)
        return get_object_or_404(self.get_queryset(), pk=review.pk)

    def _readable_proposal(self, proposal_id):
        if not str(proposal_id).isdigit():
            raise Http404
        user = self.request.user
        proposal = get_object_or_404(Proposal.objects.select_related("call"), pk=proposal_id)
        if not user.has_perm("scoring.manage_assignments", proposal):
            permissions.reviewer_assignment_or_error(user, proposal)
        if conflicts.is_conflicted(user, proposal) or not user.has_perm("scoring.view_proposal_reviews",
                                                                         proposal):
            raise PermissionDenied
        return proposal
