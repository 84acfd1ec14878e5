"""Printable files in the reader's language: one application, one report.

The caller loads the object with what its page shows and checks who may see it (grants.selectors.
proposal_detail, accountability.selectors.report_for); here the HTML is rendered with the reader's
language active and printed by workflow.packet.print_pdf, the one print stylesheet of Concerto (one font
family, numbered pages), as a tagged PDF whose title and language come from <title> and <html lang>.
"""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from workflow.packet import html_lang, print_pdf


def _total(rows, attribute):
    return sum((getattr(row, attribute) or Decimal("0") for row in rows), Decimal("0"))


def _print(template, context, language):
    with translation.override(language):
        html = render_to_string(template, {**context, "html_lang": html_lang(language), "printed_at": timezone.now()})
        return print_pdf(html)


def proposal_pdf(proposal, language):
    """Every section of the application, from a proposal loaded by grants.selectors.proposal_detail."""
    partners, lines, cofundings = proposal.partners.all(), proposal.budget_lines.all(), proposal.cofundings.all()
    return _print("reporting/print/proposal.html", {
        "proposal": proposal,
        "partner_cash": _total(partners, "cash_contribution"),
        "partner_in_kind": _total(partners, "in_kind_contribution"),
        "budget_total": _total(lines, "total_amount"), "budget_fund": _total(lines, "fund_amount"),
        "cofunding_total": _total(cofundings, "amount"),
    }, language)


def report_pdf(report, language):
    """A report with its indicators (target and result) and spending, from accountability.selectors.report_for."""
    proposal = report.agreement.proposal
    results = {result.indicator_id: result for result in report.indicator_results.all()}
    spent = {spending.budget_line_id: spending.spent for spending in report.spendings.all()}
    return _print("reporting/print/report.html", {
        "report": report, "agreement": report.agreement, "proposal": proposal,
        "indicators": [(indicator, results.get(indicator.pk)) for indicator in proposal.indicators.all()],
        "spending": [(line, spent.get(line.pk)) for line in proposal.budget_lines.all()],
    }, language)


def file_name(prefix, proposal):
    return f"{slugify(f'{prefix}-{proposal.reference or proposal.pk}-{proposal.title}')[:80] or prefix}.pdf"
