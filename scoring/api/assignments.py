"""Reviewer assignments: the analyst's assignment page and the reviewer's declaration, as an API.

Listed and read: analysts and managers, every assignment on their programs' submitted proposals; a
reviewer, their own while it is open and no conflict is detected (scoring.queries.visible_assignments);
nobody else (404). Writes go through scoring.services.assignments and reviews, which decide: assigning,
suggesting and cancelling are the analysis staff's (scoring.manage_assignments), declaring and starting
the review the assigned reviewer's.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ChoiceLabel
from grants.models import Proposal, User

from .. import queries
from ..models import Review, ReviewerAssignment
from ..services import assignments as services
from ..services import reviews as review_services
from .common import ID, MAX_ID, errors, json_body, named
from .filters import AssignmentFilter
from .serializers import ReviewSerializer

MANAGE = "scoring.manage_assignments"


def _related(obj, name):
    """A reverse one-to-one (declaration, review) or None when there is none."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


class DeclarationSerializer(serializers.Serializer):
    has_conflict = serializers.BooleanField()
    reason = serializers.CharField()
    declared_at = serializers.DateTimeField()


class ReviewBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    # Not an enum: Review's state enum is named from the review schema alone (one component per name).
    state = serializers.CharField(help_text="draft or submitted.")
    weighted_total = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True,
                                              help_text="Once the review is submitted.")


class AssignmentSerializer(serializers.ModelSerializer):
    state_label = ChoiceLabel("state")
    proposal_title = serializers.CharField(source="proposal.title")
    organisation_name = serializers.CharField(source="proposal.organisation.legal_name")
    partner_names = serializers.SerializerMethodField(help_text="Who applies with whom: what a conflict "
                                                                "declaration needs.")
    call = serializers.IntegerField(source="proposal.call_id")
    reviewer_name = serializers.CharField(source="reviewer.get_full_name")
    declaration = serializers.SerializerMethodField()
    review = serializers.SerializerMethodField()

    class Meta:
        model = ReviewerAssignment
        fields = ["id", "proposal", "proposal_title", "organisation_name", "partner_names", "call", "reviewer",
                  "reviewer_name", "assigned_by", "assigned_at", "due_on", "state", "state_label",
                  "declaration", "review"]
        read_only_fields = fields

    def get_partner_names(self, assignment) -> list[str]:
        return [partner.name for partner in assignment.proposal.partners.all()]

    @extend_schema_field(DeclarationSerializer(allow_null=True))
    def get_declaration(self, assignment):
        declaration = _related(assignment, "declaration")
        return None if declaration is None else DeclarationSerializer(declaration).data

    @extend_schema_field(ReviewBriefSerializer(allow_null=True))
    def get_review(self, assignment):
        review = _related(assignment, "review")
        if review is None:
            return None
        total = review.weighted_total if review.is_submitted else None
        return {"id": review.pk, "state": review.state, "weighted_total": total}


class AssignRequestSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    reviewer = serializers.IntegerField(help_text="A person holding the reviewer or analyst role in the "
                                                  "proposal's program (see candidates).")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class SuggestRequestSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    count = serializers.IntegerField(required=False, min_value=1, max_value=20, default=None, allow_null=True,
                                     help_text="Reviewers wanted in all; by default the call's required "
                                               "reviews (2 if none).")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class CancelRequestSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DeclareRequestSerializer(serializers.Serializer):
    has_conflict = serializers.BooleanField(help_text="true: I recuse myself (reason required); false: I "
                                                      "declare no conflict of interest.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class CandidateSerializer(serializers.Serializer):
    reviewer = serializers.IntegerField(source="user.pk")
    reviewer_name = serializers.CharField(source="user.get_full_name")
    load = serializers.IntegerField(help_text="Open assignments in the program.")
    expert = serializers.BooleanField(help_text="Expertise of one of the proposal's MRCs.")
    suggested = serializers.BooleanField(help_text="Part of the balanced suggestion.")


PROPOSAL = OpenApiParameter("proposal", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, required=True)
# The list's columns (AssignmentSerializer): the proposal's title, never its sections; the review's state.
LIST_COLUMNS = ("proposal", "reviewer", "assigned_by", "assigned_at", "due_on", "state", "proposal__title",
                "proposal__state",
                "proposal__call", "proposal__organisation__legal_name", "reviewer__full_name", "reviewer__email",
                "declaration__has_conflict", "declaration__reason", "declaration__declared_at", "review__state",
                "review__weighted_total")


def _proposal(user, pk):
    proposals = Proposal.objects.select_related("call__program", "organisation")
    return named(proposals, pk, user, MANAGE)


@extend_schema_view(
    list=extend_schema(summary="Assignations visibles (équipe d'analyse : ses programmes ; évaluateur : les "
                               "siennes)", responses={200: AssignmentSerializer(many=True), **errors(403)}),
    retrieve=extend_schema(summary="Une assignation", responses={200: AssignmentSerializer, **errors(403, 404)}),
)
class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AssignmentSerializer
    queryset = ReviewerAssignment.objects.none()  # for the schema; get_queryset scopes the real one
    filterset_class = AssignmentFilter
    lookup_value_regex = ID
    ordering = ("-assigned_at", "-pk")
    not_found_message = _("Assignation introuvable.")

    def get_queryset(self):
        assignments = (queries.visible_assignments(self.request.user)
                       .select_related("proposal__organisation", "reviewer", "declaration", "review")
                       .prefetch_related("proposal__partners").order_by(*self.ordering))
        return assignments.only(*LIST_COLUMNS) if self.action == "list" else assignments

    def _answer(self, assignment, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data, status=code)

    @extend_schema(summary="Assigner un évaluateur à une demande", request=json_body(AssignRequestSerializer),
                   responses={201: AssignmentSerializer, **errors(400, 403, 404, 409)})
    def create(self, request):
        body = AssignRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal = _proposal(request.user, body.validated_data["proposal"])
        reviewer = User.objects.filter(pk=body.validated_data["reviewer"]).first()
        if reviewer is None:
            raise serializers.ValidationError({"reviewer": [_("Personne inconnue.")]})
        assignment = services.assign(proposal, reviewer, request.user, due_on=body.validated_data["due_on"])
        return self._answer(assignment, status.HTTP_201_CREATED)

    @extend_schema(summary="Accepter la suggestion équilibrée d'évaluateurs",
                   request=json_body(SuggestRequestSerializer),
                   responses={201: AssignmentSerializer(many=True), **errors(400, 403, 404, 409)})
    @action(detail=False, methods=["post"], url_path="suggest", pagination_class=None, filterset_class=None)
    def suggest(self, request):
        body = SuggestRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal = _proposal(request.user, body.validated_data["proposal"])
        count = body.validated_data["count"] or proposal.call.required_reviews or 2
        made = services.accept_suggestion(proposal, request.user, count=count,
                                          due_on=body.validated_data["due_on"])
        rows = self.get_queryset().filter(pk__in=[assignment.pk for assignment in made])
        return Response(self.get_serializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Personnes assignables à une demande, les moins chargées d'abord",
                   parameters=[PROPOSAL], responses={200: CandidateSerializer(many=True), **errors(400, 403, 404)})
    @action(detail=False, methods=["get"], url_path="candidates", pagination_class=None, filterset_class=None)
    def candidates(self, request):
        pk = request.query_params.get("proposal", "")
        if not (pk.isascii() and pk.isdigit()):
            raise serializers.ValidationError({"proposal": [_("Indiquez le numéro de la demande.")]})
        proposal = _proposal(request.user, int(pk))
        wanted = proposal.call.required_reviews or 2
        found = services.candidates(proposal)  # read once: the suggestion is taken from them, as on the page
        suggested = {candidate.user.pk for candidate in services.suggest(proposal, wanted, found)}
        rows = [{"user": candidate.user, "load": candidate.load, "expert": candidate.expert,
                 "suggested": candidate.user.pk in suggested} for candidate in found]
        return Response(CandidateSerializer(rows, many=True).data)

    @extend_schema(summary="Annuler une assignation", request=json_body(CancelRequestSerializer),
                   responses={200: AssignmentSerializer, **errors(400, 403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="cancel")
    def cancel(self, request, pk=None):
        assignment = self.get_object()
        body = CancelRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(services.cancel(assignment, request.user, comment=body.validated_data["comment"]))

    @extend_schema(summary="Déclarer ses conflits d'intérêts (ou se récuser)",
                   request=json_body(DeclareRequestSerializer),
                   responses={200: AssignmentSerializer, **errors(400, 403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="declaration")
    def declaration(self, request, pk=None):
        assignment = self.get_object()
        body = DeclareRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        declared = services.declare(assignment, request.user, **body.validated_data)
        # A recusal ends the assignment: the reviewer no longer sees it, the answer is built from the row.
        declared = ReviewerAssignment.objects.select_related(
            "proposal__organisation", "reviewer", "declaration").prefetch_related("proposal__partners").get(
            pk=declared.pk)
        return Response(self.get_serializer(declared).data)

    @extend_schema(summary="Ouvrir son évaluation (créée au premier appel sur la grille actuelle)",
                   request=None, responses={200: ReviewSerializer, 201: ReviewSerializer, **errors(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="review")
    def review(self, request, pk=None):
        assignment = self.get_object()
        existed = Review.objects.filter(assignment=assignment).exists()
        review = review_services.start_review(assignment, request.user)
        review = Review.objects.select_related("proposal", "reviewer").prefetch_related(
            "scores__criterion").get(pk=review.pk)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(ReviewSerializer(review, context=self.get_serializer_context()).data, status=code)
