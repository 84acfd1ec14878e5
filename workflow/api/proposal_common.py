"""What the proposals API's endpoints share: documented refusals and the conditional detail answer."""

from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.response import Response

from core.api import ErrorSerializer
from grants import selectors as grants_selectors

from .serializers import ProposalDetailSerializer

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Valeur illisible ou refusée (details: par champ)."),
    403: OpenApiResponse(ErrorSerializer, description="Action réservée à un autre rôle."),
    404: OpenApiResponse(ErrorSerializer, description="Demande introuvable ou invisible pour vous."),
    409: OpenApiResponse(ErrorSerializer, description="Garde non satisfaite, état changé ou course perdue."),
}
WRITE_ERRORS = {
    **ERRORS,
    409: OpenApiResponse(ErrorSerializer, description="stale_version: modifiée depuis la version lue ; "
                                                      "not_editable: déposée, elle ne change plus."),
}
NOT_MODIFIED = OpenApiResponse(description="If-None-Match names the current ETag: nothing changed.")


def etag(proposal, user):
    """The detail's version: its form version and state, its documents, and what this reader is shown
    (staff see the suggested amount and every comment; labels follow the language)."""
    count, last = grants_selectors.attachments_signature(proposal.pk)
    reader = "staff" if user.has_perm("grants.view_proposal_as_staff", proposal) else "org"
    return f'W/"{proposal.pk}-{proposal.version}-{proposal.state}-{count}.{last}-{reader}-{get_language()}"'


def not_modified(request, tag):
    """RFC 9110 weak comparison of If-None-Match with the current tag."""
    sent = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in sent or tag.removeprefix("W/") in {value.removeprefix("W/") for value in sent}


def conditional(response, tag):
    response["ETag"] = tag
    # Always revalidated, never kept by a shared cache; the answer depends on who asks.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Authorization", "Cookie"])
    return response


def detail_response(view, proposal, status_code=status.HTTP_200_OK):
    """The proposal in full (sections loaded here), with its ETag."""
    grants_selectors.with_sections(proposal)
    tag = etag(proposal, view.request.user)
    serializer = ProposalDetailSerializer(proposal, context=view.get_serializer_context())
    return conditional(Response(serializer.data, status=status_code), tag)
