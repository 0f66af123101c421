"""Charts as standalone SVG (no plotting library): they embed in HTML as they are and render in any browser.

- `grouped_bars_svg`: per year a bar per series (e.g. savings target against realised), amounts in cents;
- `sparkline_svg`: a small line of a series of values (an indicator's last measurements).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from html import escape

WIDTH, HEIGHT, MARGIN = 640, 320, 48
PALETTE = ("#1f4e79", "#e0803a", "#4f8a3c", "#8e44ad")
MLN = Decimal(100_000_000)


def mln(cent: int) -> str:
    """€ mln with two decimals, rounded half to even from the cents (display only: the cents count)."""
    return f"{(Decimal(cent) / MLN).quantize(Decimal('0.01'), rounding=ROUND_HALF_EVEN):.2f}"


def grouped_bars_svg(per_jaar: dict[int, dict[str, int]], title: str, series: Sequence[str]) -> str:
    """Grouped bars per year, one per series; each bar's tooltip gives its amount in € mln."""
    jaren = sorted(per_jaar)
    top = max([1, *(max(v, 0) for t in per_jaar.values() for v in t.values())])
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    slot = plot_w / max(1, len(jaren))
    bar = slot / (len(series) + 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{MARGIN}" y="24" font-family="sans-serif" font-size="14">{escape(title)}</text>',
        f'<line x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - MARGIN}" y2="{HEIGHT - MARGIN}" stroke="#333"/>',
    ]
    for i, jaar in enumerate(jaren):
        x = MARGIN + i * slot + bar / 2
        for j, key in enumerate(series):
            cent = per_jaar[jaar].get(key, 0)
            h = plot_h * max(cent, 0) / top
            parts.append(
                f'<rect class="{escape(key)}" x="{x + j * bar:.1f}" y="{HEIGHT - MARGIN - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}"><title>{jaar} {escape(key)}: € {mln(cent)} mln'
                "</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar * len(series) / 2:.1f}" y="{HEIGHT - MARGIN + 16}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="12">{jaar}</text>'
        )
    for j, key in enumerate(series):
        x, colour = WIDTH - MARGIN - 110 * (len(series) - j), PALETTE[j % len(PALETTE)]  # legend beside the title
        parts.append(f'<rect x="{x}" y="14" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 15}" y="24" font-family="sans-serif" font-size="12">{escape(key)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def sparkline_svg(points: Sequence[tuple[str, Decimal]], title: str, width: int = 160, height: int = 40) -> str:
    """A small line through the values (labelled by period), its last point marked; empty series: a dash."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )
    if not points:
        return head + f'<text x="4" y="{height / 2 + 4}" font-size="12" font-family="sans-serif">–</text></svg>'
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
