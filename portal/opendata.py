"""The open data files: the portal's public records as CSV and as JSON in the 360Giving data standard's
field names (docs/open-data.md is their dictionary; portal/schemas/ holds the JSON's schema).

Both are written in French, whatever the reader's language, so that a file's address always gives the
same file. Publisher and licence come from settings.CONCERTO_OPEN_DATA_PUBLISHER and _LICENCE.
"""

import json
from decimal import Decimal

from django.conf import settings
from django.utils import translation

CURRENCY = "CAD"
DEFAULT_PUBLISHER = {"name": "Concerto", "identifier": "360G-concerto"}
DEFAULT_LICENCE = {"name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
                   "url": "https://creativecommons.org/licenses/by/4.0/"}

CSV_HEADER = (
    "identifier", "title", "description", "currency", "amount_awarded", "award_date",
    "recipient_org_id", "recipient_org_name", "funding_org_id", "funding_org_name",
    "programme_code", "programme_title", "beneficiary_location_names", "beneficiary_location_codes",
    "planned_start_date", "planned_end_date", "axis_code", "axis_title", "state", "state_label",
    "indicators", "date_modified", "related_grants",
)


def publisher():
    chosen = {**DEFAULT_PUBLISHER, **getattr(settings, "CONCERTO_OPEN_DATA_PUBLISHER", {})}
    chosen["website"] = chosen.get("website") or settings.SITE_URL
    # Grant identifiers start with the publisher's 360Giving prefix: "prefix" if set, else its identifier.
    chosen.setdefault("prefix", chosen["identifier"])
    return chosen


def licence():
    return {**DEFAULT_LICENCE, **getattr(settings, "CONCERTO_OPEN_DATA_LICENCE", {})}


def _number(value):
    return None if value is None else float(value)


def _plain(value):
    """A Decimal as people write it: 200.00 -> 200, 12.50 -> 12.5."""
    return "" if value is None else format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def description(record):
    # 360Giving requires a description: the project's title stands in for a summary left empty.
    return record.summary or record.title


def grant(record, who):
    """One record in the 360Giving standard's field names, plus Concerto's state and indicators."""
    prefix = who["prefix"]
    item = {
        "id": f"{prefix}-{record.pk}",
        "title": record.title,
        "description": description(record),
        "currency": CURRENCY,
        "amountAwarded": _number(record.amount),
        "recipientOrganization": [{"id": f"{prefix}-org-{record.organisation_id}", "name": record.organisation}],
        "fundingOrganization": [{"id": who["identifier"], "name": who["name"]}],
        "grantProgramme": [{"code": record.program_code, "title": record.program_name}],
        "beneficiaryLocation": [{"name": name, "geoCode": code, "countryCode": "CA"} for code, name in record.mrcs],
        "fromOpenCall": "Yes",
        "dateModified": record.updated_at.isoformat(),
        "state": record.state,
        "indicators": [{"label": indicator.label, "unit": indicator.unit, "target": _number(indicator.target),
                        "actual": _number(indicator.actual)} for indicator in record.indicators],
    }
    if record.co_funders:
        # A shared application: each funder's grant is its own record; the others are named here.
        item["relatedActivity"] = [f"{prefix}-{pk}" for pk, _name, _amount in record.co_funders]
    if record.award_date:
        item["awardDate"] = record.award_date.isoformat()
    dates = {key: value.isoformat() for key, value in (("startDate", record.start_date),
                                                        ("endDate", record.end_date)) if value}
    if "startDate" in dates:
        item["plannedDates"] = [dates]
    if record.axis_code:
        item["classifications"] = [{"vocabulary": f"{record.program_code}-axes", "code": record.axis_code,
                                    "title": record.axis_name_fr}]
    return item


def json_chunks(records, *, title):
    """The 360Giving data package, streamed: the envelope, then one grant at a time."""
    who, terms = publisher(), licence()
    envelope = {
        "title": title,
        "publisher": {key: who[key] for key in ("name", "identifier", "website") if who.get(key)},
        "license": terms["url"],
        "licenseName": terms["name"],
    }
    yield json.dumps(envelope, ensure_ascii=False)[:-1] + ', "grants": ['
    for number, record in enumerate(records):
        yield ("," if number else "") + json.dumps(grant(record, who), ensure_ascii=False)
    yield "]}"


def csv_rows(records):
    """The same records, one line each; several MRCs or indicators are joined with " ; "."""
    who = publisher()
    for record in records:
        with translation.override("fr"):
            state_label = str(record.state_label)
        item = grant(record, who)
        yield (
            item["id"], record.title, description(record), CURRENCY, record.amount, item.get("awardDate", ""),
            item["recipientOrganization"][0]["id"], record.organisation, who["identifier"], who["name"],
            record.program_code, record.program_name, " ; ".join(name for _code, name in record.mrcs),
            " ; ".join(code for code, _name in record.mrcs),
            record.start_date or "", record.end_date or "", record.axis_code or "", record.axis_name_fr or "",
            record.state, state_label,
            " ; ".join(f"{indicator.label} : {_plain(indicator.actual) or '—'} / {_plain(indicator.target)} "
                       f"{indicator.unit}" for indicator in record.indicators),
            item["dateModified"], " ; ".join(item.get("relatedActivity", ())),
        )
