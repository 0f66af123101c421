"""Charts as standalone SVG (no plotting library): they embed in HTML as they are and render in any browser.

- `grouped_bars_svg`: per year a bar per series (e.g. savings target against realised), amounts in cents, with a
  value axis, gridlines and labelled values;
- `horizontal_bars_svg`: one bar per row with one row highlighted (a municipality among comparable ones);
- `trend_svg`: an indicator's values over the periods with its expected direction;
- `sparkline_svg`: a small line of a series of values.
Every chart carries a text alternative (`role="img"`, `aria-label`, `<title>`/`<desc>` stating the figures).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from html import escape

WIDTH, HEIGHT, MARGIN = 640, 320, 48
TEXT = 'font-family="sans-serif" fill="#1a1a1a"'  # explicit fill: not every SVG renderer defaults to black
PALETTE = ("#1f4e79", "#e0803a", "#4f8a3c", "#8e44ad")
MLN = Decimal(100_000_000)


def mln(cent: int) -> str:
    """€ mln with two decimals, rounded half to even from the cents (display only: the cents count)."""
    return f"{(Decimal(cent) / MLN).quantize(Decimal('0.01'), rounding=ROUND_HALF_EVEN):.2f}"


def _nice_step(top: float, ticks: int = 5) -> float:
    """A round step for an axis up to `top`: 1, 2 or 5 times a power of ten."""
    raw = top / ticks if top > 0 else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _api_mln(cent: int) -> str:
    return f"€ {mln(cent)} mln"


def grouped_bars_svg(
    per_jaar: dict[int, dict[str, int]],
    title: str,
    series: Sequence[str],
    *,
    fmt: Callable[[int], str] = _api_mln,
    axis: Callable[[float], str] | None = None,
    labels: dict[str, str] | None = None,
) -> str:
    """Grouped bars per year, one per series, with a value axis, gridlines, the value on each bar and a legend; the
    text alternative (`<desc>`) states every value. `fmt` formats an amount in cents, `axis` an axis tick in cents."""
    jaren = sorted(per_jaar)
    names = labels or {key: key for key in series}
    peak = max([0, *(max(v, 0) for t in per_jaar.values() for v in t.values())])
    step = _nice_step(peak or 1)
    top = step * max(1, math.ceil(peak / step)) if peak else step
    left, right, upper, lower = 72, 16, 48, 40
    plot_w, plot_h = WIDTH - left - right, HEIGHT - upper - lower
    slot = plot_w / max(1, len(jaren))
    bar = slot / (len(series) + 1)
    tick = axis or (lambda cent: fmt(int(cent)))
    described = "; ".join(
        f"{jaar}: " + ", ".join(f"{names[k]} {fmt(per_jaar[jaar].get(k, 0))}" for k in series) for jaar in jaren
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title><desc>{escape(described or 'Geen gegevens.')}</desc>",
        f'<text x="{left}" y="20" {TEXT} font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    value = 0.0
    while value <= top + 1e-9:  # the value axis and its gridlines
        y = HEIGHT - lower - plot_h * value / top
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#d0d0d0"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {TEXT} font-size="10">{escape(tick(value))}</text>'
        )
        value += step
    parts.append(f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{HEIGHT - lower}" stroke="#333"/>')
    parts.append(f'<line x1="{left}" y1="{HEIGHT - lower}" x2="{WIDTH - right}" y2="{HEIGHT - lower}" stroke="#333"/>')
    for i, jaar in enumerate(jaren):
        x = left + i * slot + bar / 2
        for j, key in enumerate(series):
            cent = per_jaar[jaar].get(key, 0)
            h = plot_h * max(cent, 0) / top
            parts.append(
                f'<rect class="{escape(key)}" x="{x + j * bar:.1f}" y="{HEIGHT - lower - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}"><title>{jaar} {escape(names[key])}: '
                f"{escape(fmt(cent))}</title></rect>"
            )
            parts.append(
                f'<text x="{x + j * bar + bar / 2:.1f}" y="{HEIGHT - lower - h - 3:.1f}" text-anchor="middle" '
                f'{TEXT} font-size="9">{escape(fmt(cent))}</text>'
            )
        parts.append(
            f'<text x="{x + bar * len(series) / 2:.1f}" y="{HEIGHT - lower + 16}" text-anchor="middle" '
            f'{TEXT} font-size="12">{jaar}</text>'
        )
    for j, key in enumerate(series):
        x, colour = WIDTH - right - 130 * (len(series) - j), PALETTE[j % len(PALETTE)]  # legend beside the title
        parts.append(f'<rect x="{x}" y="30" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 15}" y="39" {TEXT} font-size="11">{escape(names[key])}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def horizontal_bars_svg(rows: Sequence[tuple[str, float | None, bool]], title: str, fmt: Callable[[float], str]) -> str:
    """One bar per row (label, value, highlighted), largest axis value rounded, values labelled; the highlighted
    row (e.g. the municipality itself among comparable ones) stands out in colour and is named in the text
    alternative with its position."""
    shown = [(label, v, own) for label, v, own in rows if v is not None]
    peak = max([0.0, *(v for _, v, _ in shown)])
    step = _nice_step(peak or 1)
    top = step * max(1, math.ceil(peak / step)) if peak else step
    left, right, upper, row_h = 170, 70, 40, 16
    height = upper + row_h * len(shown) + 30
    plot_w = WIDTH - left - right
    ranked = sorted(shown, key=lambda r: r[1])
    own = [(i, label) for i, (label, _, mine) in enumerate(ranked, start=1) if mine]
    where = f" {own[0][1]} staat op plaats {own[0][0]} van {len(ranked)} (1 = laagste)." if own else ""
    described = "; ".join(f"{label}: {fmt(v)}" for label, v, _ in ranked) + "." + where
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title><desc>{escape(described)}</desc>",
        f'<text x="8" y="20" {TEXT} font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    value = 0.0
    while value <= top + 1e-9:
        x = left + plot_w * value / top
        parts.append(f'<line x1="{x:.1f}" y1="{upper - 4}" x2="{x:.1f}" y2="{height - 26}" stroke="#d0d0d0"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" {TEXT} font-size="10">'
            f"{escape(fmt(value))}</text>"
        )
        value += step
    for i, (label, v, mine) in enumerate(ranked):
        y = upper + i * row_h
        w = plot_w * v / top
        colour = PALETTE[1] if mine else PALETTE[0]
        weight = ' font-weight="bold"' if mine else ""
        parts.append(
            f'<text x="{left - 6}" y="{y + 11}" text-anchor="end" {TEXT} font-size="10"{weight}>{escape(label)}</text>'
        )
        parts.append(f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row_h - 4}" fill="{colour}"/>')
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + 11}" {TEXT} font-size="9"{weight}>{escape(fmt(v))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


EXPECTED = {"toename": "↑ verwacht: toename", "afname": "↓ verwacht: afname", "stabiel": "→ verwacht: stabiel",
            "eerst-toename-dan-afname": "↗↘ verwacht: eerst toename, dan afname"}  # fmt: skip


def expected_direction(richting: str | None) -> str:
    """An indicator's expected direction as a trend chart labels it (`↓ verwacht: afname`)."""
    return EXPECTED.get(richting or "", "verwachting nader te bepalen")


@dataclass(frozen=True)
class TrendPlot:
    """Where a trend chart's plot lies in its box (coordinates from the box's top left) and where each value stands;
    the lowest and highest value exactly as measured, for their labels."""

    left: float
    right: float
    upper: float
    lower: float
    coords: list[tuple[float, float]]
    low: Decimal
    high: Decimal


def trend_plot(values: Sequence[Decimal], width: float, height: float) -> TrendPlot:
    """The layout of a trend chart in a box of `width` × `height` (the 220 × 70 chart's margins, scaled): one
    geometry for the SVG (`trend_svg`) and for renderers that draw the chart themselves (the report's PDF)."""
    sx, sy = width / 220, height / 70
    left, right, upper, lower = 44 * sx, width - 8 * sx, 14 * sy, height - 16 * sy
    low, high = min(values), max(values)
    span = float(high - low) or 1.0
    step = (right - left) / max(1, len(values) - 1)
    coords = [(left + i * step, upper + (lower - upper) * (1 - float(v - low) / span)) for i, v in enumerate(values)]
    return TrendPlot(left, right, upper, lower, coords, low, high)


def trend_svg(
    points: Sequence[tuple[str, Decimal]],
    title: str,
    richting: str | None,
    fmt: Callable[[Decimal], str],
    width: int = 220,
    height: int = 70,
) -> str:
    """An indicator's trend: its values over the periods with the lowest and highest labelled, the first and last
    period on the axis, and an arrow for the expected direction (↑ toename, ↓ afname, → stabiel)."""
    expected = expected_direction(richting)
    if not points:
        alt = f"{title}: nog geen metingen; {expected}."
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" width="{width}" height="30" '
            f'viewBox="0 0 {width} 30" role="img" aria-label="{escape(alt)}"><title>{escape(alt)}</title>'
            f'<text x="2" y="12" font-size="10" {TEXT}>geen metingen</text>'
            f'<text x="2" y="26" font-size="10" {TEXT}>{escape(expected)}</text>'
            "</svg>"
        )
    plot = trend_plot([v for _, v in points], width, height)
    left, right, upper, lower, coords = plot.left, plot.right, plot.upper, plot.lower, plot.coords
    described = ", ".join(f"{p}: {fmt(v)}" for p, v in points)
    alt = f"{title}: {described}; {expected}."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(alt)}"><title>{escape(alt)}</title>',
        f'<line x1="{left:g}" y1="{lower:g}" x2="{right:g}" y2="{lower:g}" stroke="#999"/>',
        f'<line x1="{left:g}" y1="{upper:g}" x2="{right:g}" y2="{upper:g}" stroke="#e0e0e0"/>',
        f'<text x="{left - 4:g}" y="{upper + 4:g}" text-anchor="end" font-size="9" {TEXT}>'
        f"{escape(fmt(plot.high))}</text>",
        f'<text x="{left - 4:g}" y="{lower + 3:g}" text-anchor="end" font-size="9" {TEXT}>'
        f"{escape(fmt(plot.low))}</text>",
        f'<text x="{left:g}" y="{height - 3}" font-size="9" {TEXT}>{escape(points[0][0])}</text>',
        f'<text x="{right:g}" y="{height - 3}" text-anchor="end" font-size="9" {TEXT}>{escape(points[-1][0])}</text>',
        f'<text x="{left:g}" y="10" font-size="9" {TEXT}>{escape(expected)}</text>',
        f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in coords)}" fill="none" stroke="{PALETTE[0]}" '
        'stroke-width="1.5"/>',
        *(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{PALETTE[1]}"/>' for x, y in coords),
        "</svg>",
    ]
    return "".join(parts)


def sparkline_svg(points: Sequence[tuple[str, Decimal]], title: str, width: int = 160, height: int = 40) -> str:
    """A small line through the values (labelled by period), its last point marked; empty series: a dash."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )
    if not points:
        return head + f'<text x="4" y="{height / 2 + 4}" font-size="12" {TEXT}>–</text></svg>'
    values = [float(v) for _, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 8) / max(1, len(values) - 1)
    coords = [(4 + i * step, height - 4 - (height - 8) * (v - low) / span) for i, v in enumerate(values)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    last_x, last_y = coords[-1]
    labels = "".join(f"<title>{escape(p)}: {escape(str(v))}</title>" for p, v in points[-1:])
    return (
        head
        + f'<polyline points="{line}" fill="none" stroke="{PALETTE[0]}" stroke-width="1.5"/>'
        + f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5" fill="{PALETTE[1]}">{labels}</circle></svg>'
    )
