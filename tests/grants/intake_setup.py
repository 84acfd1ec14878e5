"""Shared set-up of the intake tests: a complete draft, small real files of each accepted format."""

import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56


def zip_bytes(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def complete_draft(world, organisation=None, **fields):
    """A draft of the world's call that passes every completeness check."""
    axis = factories.AxisFactory(program=world.call.program)
    kind = factories.AttachmentTypeFactory(code="board-resolution")
    world.call.required_attachment_types.add(kind)
    organisation = organisation or world.organisation
    proposal = factories.ProposalFactory(call=world.call, organisation=organisation, primary_axis=axis, **fields)
    proposal.mrcs.add(organisation.territory)
    factories.IndicatorFactory(proposal=proposal)
    factories.BudgetLineFactory(proposal=proposal, total_amount=Decimal("30000"), fund_amount=Decimal("20000"))
    factories.AttachmentFactory(proposal=proposal, kind=kind)
    proposal.requested_amount = Decimal("20000")
    proposal.save(update_fields=["requested_amount"])
    return proposal
