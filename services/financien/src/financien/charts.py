"""A bar chart of target against realised savings per year, as standalone SVG (no plotting library needed)."""

from __future__ import annotations

from html import escape

from . import schemas
from .service import bedrag

WIDTH, HEIGHT, MARGIN = 640, 320, 48
COLOURS = {"doel": "#1f4e79", "gerealiseerd": "#e0803a"}


def doel_realisatie_svg(rows: list[schemas.DoelRealisatie], title: str) -> str:
    """Grouped bars per year: the target and what was realised (sums over the tracks in `rows`)."""
    per_jaar: dict[int, dict[str, int]] = {}
    for row in rows:
        totals = per_jaar.setdefault(row.jaar, {"doel": 0, "gerealiseerd": 0})
        totals["doel"] += row.doel.cent
        totals["gerealiseerd"] += row.gerealiseerd.cent
    jaren = sorted(per_jaar)
    top = max([1, *(v for t in per_jaar.values() for v in t.values())])
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    slot = plot_w / max(1, len(jaren))
    bar = slot / 3
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{MARGIN}" y="24" font-family="sans-serif" font-size="14">{escape(title)}</text>',
        f'<line x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - MARGIN}" y2="{HEIGHT - MARGIN}" stroke="#333"/>',
    ]
    for i, jaar in enumerate(jaren):
        x = MARGIN + i * slot + bar / 2
        for j, key in enumerate(("doel", "gerealiseerd")):
            cent = per_jaar[jaar][key]
            h = plot_h * max(cent, 0) / top
            mln = bedrag(cent).mln
            parts.append(
                f'<rect class="{key}" x="{x + j * bar:.1f}" y="{HEIGHT - MARGIN - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[key]}"><title>{jaar} {key}: € {mln} mln</title></rect>'
            )
        parts.append(
            f'<text x="{x + bar:.1f}" y="{HEIGHT - MARGIN + 16}" text-anchor="middle" font-family="sans-serif" '
            f'font-size="12">{jaar}</text>'
        )
    for j, key in enumerate(("doel", "gerealiseerd")):
        y = 40 + j * 16
        parts.append(f'<rect x="{WIDTH - 150}" y="{y - 10}" width="10" height="10" fill="{COLOURS[key]}"/>')
        parts.append(f'<text x="{WIDTH - 135}" y="{y}" font-family="sans-serif" font-size="12">{key}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
