"""Figure margins that already fit the labels, so plotly.js draws a chart once (pure).

With ``automargin`` (the template's default) plotly.js draws a chart, measures its tick labels and
legend, and when they need more room than the margins give, draws the whole chart again: on the
first render of the page that second pass was a third of the charts' cost. The margins estimated
here from the label text are enough on a desktop-width graph, so there is no second pass. Where
they are not (a phone, a wider font), automargin still widens them, so a label is never cut.

Widths are those of DejaVu Sans, the font plotly's list ("Open Sans", verdana, arial) falls back to
where neither is installed, and close to Verdana's: both wider than Open Sans and Arial.
"""

from __future__ import annotations

import math

FONT_SIZE = 13
DESKTOP_WIDTH = 990  # px: a graph's width on a page 1,400 px wide
LEGEND_ROW = 20  # px per legend entry at FONT_SIZE
LEGEND_PAD = 20  # px: the legend box's padding, top and bottom together
GROUP_GAP = 10  # px between bands of legend groups (plotly.js's tracegroupgap)
LEGEND_ENTRY = 42  # px: an entry's symbol and the gaps around its text
TICK_PAD = 12  # px between a tick label and the plot, plus rounding
TICKS_HIGH = 28  # px: a row of horizontal tick labels
TITLE_HIGH = 26  # px: a chart title or an axis title
YEAR_LINE = 16  # px: the second line a date axis gives its first tick when the ticks are days ("May 18 / 2025")

# em widths of DejaVu Sans by character class (measured in Chromium at 13 px)
_NARROW = dict.fromkeys("ijlI.,:;'|!", 0.30)
_SLIM = dict.fromkeys("ftr()[]-/ ", 0.40)
_WIDE = dict.fromkeys("mwMW@", 1.0)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """About how many pixels ``text`` takes (a little more, never much less)."""
    em = 0.0
    for ch in text:
        width = _NARROW.get(ch) or _SLIM.get(ch) or _WIDE.get(ch)
        if width is None:
            width = 0.78 if ch.isupper() or ch in "&%" else 0.64
        em += width
    return em * size


def widest(labels) -> float:
    return max((text_width(str(x)) for x in labels), default=0.0)


def legend_height(groups: list[tuple[str | None, list[str]]], width: float = DESKTOP_WIDTH) -> float:
    """Height of a horizontal legend: each group (title, entry names) is a column of its entries,
    columns sit side by side and wrap to a new band when they pass ``width``."""
    bands, band_width, band_rows = [], 0.0, 0
    for title, names in groups:
        column = max([widest(names), text_width(title or "")]) + LEGEND_ENTRY
        rows = len(names) + (1 if title else 0)
        if band_width and band_width + column > width:
            bands.append(band_rows)
            band_width, band_rows = 0.0, 0
        band_width += column
        band_rows = max(band_rows, rows)
    bands.append(band_rows)
    gaps = GROUP_GAP * (len(bands) - 1) if any(title is not None for title, _ in groups) else 0  # only between groups
    return sum(bands) * LEGEND_ROW + LEGEND_PAD + gaps if any(bands) else 0.0


def category_ticks_rotated(labels: list[str], plot_width: float) -> bool:
    """Whether plotly.js turns a category axis's labels (it does when they would overlap)."""
    return bool(labels) and widest(labels) + 6 > plot_width / len(labels)


def rotated_ticks_height(labels: list[str]) -> float:
    """Height of category labels turned by 30 degrees."""
    return widest(labels) * math.sin(math.radians(30)) + FONT_SIZE + TICK_PAD


def legend_above(groups: list[tuple[str | None, list[str]]], height: float, top: float = 10) -> float:
    """The top margin a legend placed just above the plot (y=1.02) needs in a chart ``height`` tall."""
    needed = legend_height(groups)
    return top + needed + 0.02 * max(height - needed, 0)


def legend_below(groups: list[tuple[str | None, list[str]]], height: float, top: float, gap: float = 0.15) -> float:
    """The bottom margin a legend placed ``gap`` of the plot's height below it (yanchor top) needs:
    the plot shrinks as the margin grows, so b = gap * (height - top - b) + legend."""
    needed = legend_height(groups)
    return (gap * (height - top) + needed) / (1 + gap)
