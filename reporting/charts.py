"""Charts drawn on the server as accessible SVG: no script and no style attribute (the CSP allows neither).

Each chart is an <svg role="img"> named by its <title> and described by its <desc>; the page shows the same
numbers as a table next to it (`Chart.table`), for screen readers and for copying. Series differ by a fill
pattern, or a dash and a marker, as well as by colour, so they survive high-contrast modes and grey print;
the colours are CSS variables of static/css/charts.css (the hex values here are only a fallback). The
viewBox scales the drawing to the width of a phone. Every label is escaped here: the result is safe HTML.

Kinds: "bar", "stacked" and "grouped" (horizontal bars, each category's label above its bars, so long
names fit), "line" and "columns" (stacked columns) for months.
"""

import math
import re
from dataclasses import dataclass
from itertools import accumulate

from babel.numbers import format_decimal
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

KINDS = ("bar", "stacked", "grouped", "line", "columns")
WIDTH, FONT, SMALL = 360, 13, 12
VALUE_ROOM = 104  # right of the longest bar: its value, "2 600 000,00 $" at most
BAR, THIN, GAP = 18, 12, 12
PALETTE = ("#095797", "#b3541e", "#4f813d", "#6b3fa0", "#a1304d", "#1d6f75")
# One pattern per series (up to ten) on top of the colour; path "d" or "dots" drawn in the ink colour.
PATTERNS = (
    "", "M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6", "dots", "M0,4 H8", "M0,0 L8,8 M8,0 L0,8",
    "M4,0 V8", "M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2", "M0,4 H8 M4,0 V8", "sparse", "checker",
)
DASHES = ("", "6 3", "2 3", "8 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond")


def babel_locale():
    """The Babel locale of the active language: fr_CA, or en_CA in English."""
    return "en_CA" if (get_language() or "fr").startswith("en") else "fr_CA"


def format_number(value):
    """A count or a quantity the Québec way in French (12 345,5), the Canadian way in English."""
    return "—" if value is None else format_decimal(value, locale=babel_locale())


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple
    fmt: object = None  # formats one value for the labels and the table; the chart's when None
    in_chart: bool = True  # False: a column of the table only (a count next to amounts)


@dataclass(frozen=True)
class Chart:
    key: str  # unique on the page: the ids of the title, the description and the patterns
    kind: str
    title: str
    description: str
    heading: str  # the table's first column: what a category is (month, MRC, axis...)
    categories: tuple
    series: tuple
    fmt: object = format_number
    totals_row: bool = False  # only where the categories do not overlap
    short: tuple = ()  # shorter category labels for the drawing (abbreviated months); the table's otherwise

    def __post_init__(self):
        # The key goes unescaped into ids and url(#…) references: a plain identifier only.
        if self.kind not in KINDS or not re.fullmatch(r"[a-z][a-z0-9-]*", self.key):
            raise ValueError(f"chart kind {self.kind!r} or key {self.key!r}")
        if any(len(s.values) != len(self.categories) for s in self.series) or (
                self.short and len(self.short) != len(self.categories)):
            raise ValueError("one value and one short label per category")

    @property
    def drawn(self):
        return self.short or self.categories

    @property
    def plotted(self):
        return [s for s in self.series if s.in_chart]

    @property
    def is_empty(self):
        return not self.categories

    def format_value(self, series, value):
        return "—" if value is None else (series.fmt or self.fmt)(value)

    @property
    def table(self):
        """Headers, rows (category, cells) and the totals row (None) of the table shown with the chart."""
        stacked = self.kind in ("stacked", "columns")
        headers = [self.heading, *(s.name for s in self.series)] + ([_("Total")] if stacked else [])
        rows = []
        for index, category in enumerate(self.categories):
            cells = [self.format_value(s, s.values[index]) for s in self.series]
            if stacked:
                cells.append(self.fmt(sum(s.values[index] or 0 for s in self.plotted)))
            rows.append((category, cells))
        footer = None
        if self.totals_row:
            sums = [sum(v or 0 for v in s.values) for s in self.series]
            footer = [self.format_value(s, total) for s, total in zip(self.series, sums, strict=True)]
            if stacked:
                footer.append(self.fmt(sum(t for s, t in zip(self.series, sums, strict=True) if s.in_chart)))
        return {"headers": headers, "rows": rows, "footer": footer}

    @property
    def svg(self):
        body, height = {"line": _line, "columns": _columns}.get(self.kind, _bars)(self)
        key = self.key
        summary = _("Séries : %(names)s. Les valeurs exactes sont dans le tableau qui accompagne le graphique.") % {
            "names": ", ".join(s.name for s in self.plotted)}
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{self.kind}" width="100%" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{key}-title" '
            f'aria-describedby="{key}-desc" focusable="false" font-size="{FONT}" fill="currentColor">'
            f'<title id="{key}-title">{escape(self.title)}</title>'
            f'<desc id="{key}-desc">{escape(self.description)} {escape(summary)}</desc>'
            f"<defs>{''.join(_pattern(key, i) for i in range(len(self.plotted)))}</defs>{body}</svg>")


def _pattern(key, index):
    colour = PALETTE[index % len(PALETTE)]
    shape = PATTERNS[index % len(PATTERNS)]
    if shape == "dots":
        ink = '<circle cx="4" cy="4" r="1.7" class="chart-ink-dot" fill="#fff"/>'
    elif shape == "sparse":
        ink = ('<circle cx="2" cy="2" r="1.1" class="chart-ink-dot" fill="#fff"/>'
               '<circle cx="6" cy="6" r="1.1" class="chart-ink-dot" fill="#fff"/>')
    elif shape == "checker":
        ink = '<path d="M0,0 H4 V4 H0 Z M4,4 H8 V8 H4 Z" class="chart-ink-dot" fill="#fff"/>'
    else:
        ink = f'<path d="{shape}" class="chart-ink" stroke="#fff" stroke-width="1.5" fill="none"/>' if shape else ""
    return (f'<pattern id="{key}-s{index}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" class="chart-c{index % len(PALETTE)}" fill="{colour}"/>{ink}</pattern>')


def _text(x, y, label, anchor="start", size=None, css=""):
    size_attr = f' font-size="{size}"' if size else ""
    css_attr = f' class="{css}"' if css else ""
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{size_attr}{css_attr}>{escape(label)}</text>'


def _shorten(label, room):
    """A label that fits `room` units (about 0.55 em per character); the table has it whole."""
    most = max(4, int(room / (FONT * 0.55)))
    label = str(label)
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _legend(chart, top, line=False):
    """The series names with their swatch, wrapped over as many lines as needed; returns (svg, height)."""
    parts, x, y = [], 0, top
    for index, series in enumerate(chart.plotted):
        name = _shorten(series.name, WIDTH - 24)
        width = 24 + len(name) * SMALL * 0.55 + 14
        if x and x + width > WIDTH:
            x, y = 0, y + 20
        swatch = (f'<line x1="{x:g}" y1="{y + 7:g}" x2="{x + 16:g}" y2="{y + 7:g}" class="chart-line '
                  f'chart-l{index % len(PALETTE)}" stroke="{PALETTE[index % len(PALETTE)]}" stroke-width="2" '
                  f'stroke-dasharray="{DASHES[index % len(DASHES)]}"/>' + _marker(index, x + 8, y + 7)
                  if line else f'<rect x="{x:g}" y="{y:g}" width="14" height="14" class="chart-mark" '
                  f'fill="url(#{chart.key}-s{index})" stroke="currentColor" stroke-width="0.5"/>')
        parts.append(swatch + _text(x + 22, y + 12, name, size=SMALL))
        x += width
    return "".join(parts), (y - top + 24 if parts else 0)


def _scale(chart):
    if chart.kind == "stacked":
        tops = [sum(max(s.values[i] or 0, 0) for s in chart.plotted) for i in range(len(chart.categories))]
    else:
        tops = [v or 0 for s in chart.plotted for v in s.values]
    top = max(tops, default=0)
    return (WIDTH - VALUE_ROOM) / float(top) if top > 0 else 0


def _bars(chart):
    """Horizontal bars, each category's label above its bar(s): long names fit a phone's width."""
    legend, y = _legend(chart, 0) if len(chart.plotted) > 1 else ("", 0)
    scale, parts = _scale(chart), [legend]
    for index, category in enumerate(chart.drawn):
        parts.append(_text(0, y + FONT, _shorten(category, WIDTH)))
        y += FONT + 5
        if chart.kind == "grouped":
            for number, series in enumerate(chart.plotted):
                parts.append(_bar(chart, number, 0, y, series.values[index], scale, THIN))
                parts.append(_value(chart, series, series.values[index], scale, y, THIN))
                y += THIN + 2
        elif chart.kind == "stacked":
            ends = [0, *accumulate(max(float(s.values[index] or 0), 0) * scale for s in chart.plotted)]
            for number, series in enumerate(chart.plotted):
                parts.append(_bar(chart, number, ends[number], y, series.values[index], scale, BAR))
            total = sum(s.values[index] or 0 for s in chart.plotted)
            parts.append(_text(ends[-1] + 4, y + BAR - 5, chart.fmt(total), size=SMALL))
            y += BAR
        else:
            series = chart.plotted[0]
            parts.append(_bar(chart, 0, 0, y, series.values[index], scale, BAR))
            parts.append(_value(chart, series, series.values[index], scale, y, BAR))
            y += BAR
        y += GAP
    return "".join(parts), max(y, 1)


def _bar(chart, number, x, y, value, scale, height):
    length = max(float(value or 0), 0) * scale
    if length <= 0:
        return ""
    return (f'<rect x="{x:g}" y="{y:g}" width="{length:.2f}" height="{height}" class="chart-mark" '
            f'fill="url(#{chart.key}-s{number})" stroke="#fff" stroke-width="0.75"/>')


def _value(chart, series, value, scale, y, height):
    x = max(float(value or 0), 0) * scale + 4
    return _text(x, y + height - (3 if height == THIN else 5), chart.format_value(series, value), size=SMALL)


def nice_ticks(top, count=4):
    """0 and round steps (1, 2 or 5 × 10ⁿ) up to at least `top`."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if step < 1 and float(top).is_integer():
        step = 1
    return [step * i for i in range(math.ceil(top / step) + 1)]


LEFT, RIGHT_ROOM, PLOT_HEIGHT = 52, 12, 180
MARKED_POINTS = 24


def _frame(chart, top_value, columns):
    """A time chart's legend, y ticks with their grid and x labels (thinned out to five); returns the
    parts, where a category and a value sit, the bottom line and the width of one category's slot."""
    legend, top = _legend(chart, 0, line=not columns)
    ticks = nice_ticks(top_value)
    top += 8
    bottom, right = top + PLOT_HEIGHT, WIDTH - RIGHT_ROOM
    count = len(chart.categories)
    slot = (right - LEFT) / max(count, 1)

    def x_of(index):
        if columns:
            return LEFT + slot * (index + 0.5)
        return LEFT + (right - LEFT) * (index / (count - 1) if count > 1 else 0.5)

    def y_of(value):
        return bottom - PLOT_HEIGHT * float(value) / float(ticks[-1])

    parts = [legend]
    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" class="chart-grid" '
                     f'stroke="#c5cad2" stroke-width="0.75"/>')
        parts.append(_text(LEFT - 6, y + 4, chart.fmt(tick), "end", SMALL))
    every = max(1, math.ceil(count / 5))
    for index, category in enumerate(chart.drawn):
        if index % every == 0:
            parts.append(_text(x_of(index), bottom + 16, _shorten(category, 72), "middle", SMALL - 1))
    return parts, x_of, y_of, bottom, slot


def _axis(bottom):
    return (f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT_ROOM}" y2="{bottom}" class="chart-axis" '
            f'stroke="currentColor"/>')


def _line(chart):
    """Time series: one line per series, with its own dash, and its own marker while the points are few
    enough to tell apart."""
    values = [v for s in chart.plotted for v in s.values if v is not None]
    parts, x_of, y_of, bottom, _slot = _frame(chart, max(values, default=0), columns=False)
    for number, series in enumerate(chart.plotted):
        segments, current = [], []
        for index, value in enumerate(series.values):
            if value is None:
                segments, current = segments + ([current] if current else []), []
            else:
                current.append((x_of(index), y_of(value)))
        segments += [current] if current else []
        for points in segments:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" class="chart-line chart-l{number % len(PALETTE)}" '
                         f'fill="none" stroke="{PALETTE[number % len(PALETTE)]}" stroke-width="2" '
                         f'stroke-dasharray="{DASHES[number % len(DASHES)]}"/>')
            if len(series.values) <= MARKED_POINTS:
                parts.extend(_marker(number, x, y) for x, y in points)
    parts.append(_axis(bottom))
    return "".join(parts), bottom + 24


def _columns(chart):
    """Stacked columns over time, the series from the bottom up; each column's total above it when they are
    few enough to be read."""
    count = len(chart.categories)
    totals = [sum(max(float(s.values[i] or 0), 0) for s in chart.plotted) for i in range(count)]
    parts, x_of, y_of, bottom, slot = _frame(chart, max(totals, default=0), columns=True)
    width = max(slot * 0.7, 1)
    for index in range(count):
        base = 0.0
        for number, series in enumerate(chart.plotted):
            value = max(float(series.values[index] or 0), 0)
            if value > 0:
                top = y_of(base + value)
                parts.append(f'<rect x="{x_of(index) - width / 2:.2f}" y="{top:.2f}" width="{width:.2f}" '
                             f'height="{y_of(base) - top:.2f}" class="chart-mark" fill="url(#{chart.key}-s{number})" '
                             f'stroke="#fff" stroke-width="0.5"/>')
            base += value
        if count <= 12:
            parts.append(_text(x_of(index), y_of(base) - 4, chart.fmt(totals[index]), "middle", SMALL - 1))
    parts.append(_axis(bottom))
    return "".join(parts), bottom + 24


def _marker(number, x, y):
    shape = MARKERS[number % len(MARKERS)]
    common = (f'class="chart-marker chart-l{number % len(PALETTE)}" fill="{PALETTE[number % len(PALETTE)]}" '
              f'stroke="#fff" stroke-width="1"')
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {common}/>'
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" {common}/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 4.5:.1f},{y + 3.5:.1f} L{x - 4.5:.1f},{y + 3.5:.1f} Z" {common}/>'
    return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} L{x - 5:.1f},{y:.1f} Z" {common}/>'
