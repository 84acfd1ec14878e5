"""The server-drawn SVG charts: well-formed, named and described, every label escaped, series told apart
by more than colour, numbers in the Québec format, no inline style or script."""

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from decimal import Decimal

import pytest
from django.utils import translation

from core.money import format_money
from reporting.charts import VALUE_ROOM, WIDTH, Chart, Series, format_number, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def french():
    """Labels follow the active language: French here, whatever an earlier test left active."""
    with translation.override("fr"):
        yield
HOSTILE = '<script>alert("x")</script> & Cie'


def chart(kind, **overrides):
    options = {
        "key": f"test-{kind}", "kind": kind, "title": "Titre <b>gras</b>", "description": "Description & détails",
        "heading": "Catégorie", "categories": ("Janvier", HOSTILE, "Mars"),
        "series": (Series("Déposées", (3, 1, 0)), Series("Financées <i>", (1, None, 2))),
    }
    return Chart(**{**options, **overrides})


def parse(svg):
    return ET.fromstring(str(svg))


@pytest.mark.parametrize("kind", ["bar", "stacked", "grouped", "line", "columns"])
def test_every_kind_is_well_formed_named_described_and_scales(kind):
    root = parse(chart(kind).svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%" and re.fullmatch(rf"0 0 {WIDTH} \d+(\.\d+)?", root.get("viewBox"))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert (title.text, title.get("id")) == ("Titre <b>gras</b>", root.get("aria-labelledby"))
    assert desc.get("id") == root.get("aria-describedby")
    assert desc.text.startswith("Description & détails") and "tableau" in desc.text
    assert list(root)[:2] == [title, desc]  # the name comes first


@pytest.mark.parametrize("kind", ["bar", "stacked", "grouped", "line", "columns"])
def test_labels_are_escaped_and_nothing_inline_runs_or_styles(kind):
    svg = str(chart(kind, categories=("Janvier", "Février", HOSTILE)).svg)
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie"
    assert (escaped[:10] if kind in ("line", "columns") else escaped) in svg  # a time axis shows short labels
    assert not re.search(r"\sstyle=|<style|\son\w+=", svg)
    texts = {element.text for element in parse(svg).iter(f"{SVG}text")}
    if kind not in ("line", "columns"):
        assert HOSTILE in texts
    assert "Financées <i>" in texts  # the legend


def test_series_differ_by_pattern_not_only_by_colour():
    names = [f"Série {n}" for n in range(10)]
    stacked = chart("stacked", series=tuple(Series(name, (1, 2, 3)) for name in names))
    root = parse(stacked.svg)
    patterns = root.find(f"{SVG}defs").findall(f"{SVG}pattern")
    assert [p.get("id") for p in patterns] == [f"test-stacked-s{n}" for n in range(10)]
    drawings = []
    for pattern in patterns:
        ink = [(child.tag, tuple(sorted((k, v) for k, v in child.attrib.items() if k not in ("class", "fill"))))
               for child in pattern if not child.get("class", "").startswith("chart-c")]
        drawings.append(tuple(ink))
    assert len(set(drawings)) == 10
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("class") == "chart-mark"}
    assert fills == {f"url(#test-stacked-s{n})" for n in range(10)}


def test_lines_differ_by_dash_and_marker():
    names = [f"Série {n}" for n in range(4)]
    root = parse(chart("line", series=tuple(Series(name, (1, 2, 3)) for name in names)).svg)
    dashes = [line.get("stroke-dasharray") for line in root.iter(f"{SVG}polyline")]
    assert len(set(dashes)) == 4
    shapes = set()
    for element in root.iter():
        for css in (element.get("class") or "").split():
            if css.startswith("chart-l") and "chart-marker" in element.get("class"):
                shapes.add((element.tag, css))
    assert len({tag for tag, _css in shapes}) >= 3  # circle, rect, path (triangle and diamond)


def test_bar_lengths_are_proportional_and_negative_values_draw_no_bar():
    root = parse(chart("bar", series=(Series("Montant", (Decimal("200"), Decimal("100"), Decimal("-5"))),),
                       fmt=format_money).svg)
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect") if rect.get("class") == "chart-mark"]
    assert widths == [WIDTH - VALUE_ROOM, (WIDTH - VALUE_ROOM) / 2]
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "-5,00\u00a0$" in texts


def test_numbers_and_money_follow_the_language():
    grouped = chart("grouped", series=(Series("Engagé", (Decimal("2600000"), Decimal("0.5"), None)),),
                    fmt=format_money)
    assert "2\u00a0600\u00a0000,00\u00a0$" in str(grouped.svg)
    assert format_number(Decimal("12345.5")) == "12\u00a0345,5"
    with translation.override("en"):
        assert format_number(Decimal("12345.5")) == "12,345.5"
        assert "$2,600,000.00" in str(grouped.svg)


def test_the_table_holds_every_number_and_the_totals():
    table = chart("stacked", series=(Series("Déposées", (3, 1, 0)), Series("Financées", (1, None, 2)),
                                     Series("Projets", (7, 8, 9), in_chart=False)), totals_row=True).table
    assert table["headers"] == ["Catégorie", "Déposées", "Financées", "Projets", "Total"]
    assert table["rows"] == [("Janvier", ["3", "1", "7", "4"]), (HOSTILE, ["1", "—", "8", "1"]),
                             ("Mars", ["0", "2", "9", "2"])]
    # The Total column adds the charted series only; the totals row adds each column.
    assert table["footer"] == ["4", "3", "24", "7"]


def test_a_table_only_series_is_not_drawn():
    root = parse(chart("grouped", series=(Series("Engagé", (1, 2, 3)), Series("Projets", (4, 5, 6), in_chart=False))).svg)
    assert len(root.find(f"{SVG}defs")) == 1
    assert "Projets" not in {element.text for element in root.iter(f"{SVG}text")}


def test_an_empty_chart_says_so():
    empty = chart("bar", categories=(), series=(Series("Déposées", ()),))
    assert empty.is_empty
    parse(empty.svg)


def test_ticks_are_round_and_cover_the_top():
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(Decimal("950"))[-1] >= 950


def test_a_key_that_is_not_an_identifier_is_refused():
    with pytest.raises(ValueError):
        chart("bar", key='x" onload="alert(1)')
    with pytest.raises(ValueError):
        chart("bar", categories=("Janvier",))


def test_columns_stack_each_months_series_to_its_total():
    columns = chart("columns", series=(Series("Déposées", (3, 1, 0)), Series("Financées", (1, 1, 0))))
    heights = defaultdict(float)
    for rect in parse(columns.svg).iter(f"{SVG}rect"):
        if rect.get("class") == "chart-mark" and rect.get("stroke") == "#fff":  # not the legend's swatches
            heights[rect.get("x")] += float(rect.get("height"))
    first, second = (height for _x, height in sorted(heights.items(), key=lambda item: float(item[0])))
    assert len(heights) == 2  # an empty month draws nothing
    assert first == pytest.approx(2 * second)  # totals 4 and 2
