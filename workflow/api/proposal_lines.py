"""Replacing a proposal's partners, budget lines, other funding sources or indicators in one request.

Each PUT sends the whole list with the version read; the lines are checked by the page's formset and
saved by grants.services.proposals.save_step, as the step page does.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from grants.api.proposal_writes import LINE_BODIES, line_rows
from grants.api.proposals import LINE_SERIALIZERS
from grants.services import proposals as service

from .proposal_common import WRITE_ERRORS


def _answer(kind):
    """{version, items} answered after a replacement, one schema component per kind."""
    name = "".join(part.title() for part in kind.split("_")) + "List"
    return type(name, (serializers.Serializer,), {
        "version": serializers.IntegerField(help_text="The proposal's new version."),
        "items": LINE_SERIALIZERS[kind](many=True),
    })


ANSWERS = {kind: _answer(kind) for kind in LINE_BODIES}
SUMMARIES = {
    "partners": "Remplacer les partenaires",
    "budget_lines": "Remplacer les postes budgétaires",
    "cofundings": "Remplacer les autres sources de financement",
    "indicators": "Remplacer les indicateurs",
}


def _documented(kind):
    return extend_schema(summary=SUMMARIES[kind], request=LINE_BODIES[kind],
                         responses={200: ANSWERS[kind], **WRITE_ERRORS})


class ProposalLinesMixin:
    def _replace_lines(self, request, kind):
        proposal = self.get_object()
        service.require_editable(proposal, request.user)
        body = LINE_BODIES[kind](data=request.data)
        body.is_valid(raise_exception=True)
        rows = line_rows(proposal, kind, body.validated_data["items"])
        saved = service.save_step(proposal, request.user, version=body.validated_data["version"],
                                  lines={kind: rows})
        items = LINE_SERIALIZERS[kind](getattr(saved, kind).all(), many=True).data
        return Response({"version": saved.version, "items": items})

    @_documented("partners")
    @action(detail=True, methods=["put"], url_path="partners", url_name="partners")
    def partners(self, request, pk=None):
        return self._replace_lines(request, "partners")

    @_documented("budget_lines")
    @action(detail=True, methods=["put"], url_path="budget-lines", url_name="budget-lines")
    def budget_lines(self, request, pk=None):
        return self._replace_lines(request, "budget_lines")

    @_documented("cofundings")
    @action(detail=True, methods=["put"], url_path="cofundings", url_name="cofundings")
    def cofundings(self, request, pk=None):
        return self._replace_lines(request, "cofundings")

    @_documented("indicators")
    @action(detail=True, methods=["put"], url_path="indicators", url_name="indicators")
    def indicators(self, request, pk=None):
        return self._replace_lines(request, "indicators")
