"""A choropleth as SVG, without a drawing library: the areas' outlines (WGS84) projected to the page, five classes of
equal count whose legend says their bounds, a hatched "geen gegevens", the municipality's outline, each area's name
and value in its `<title>` (shown on hover, read by screen readers), and the whole in `<desc>` as a list a screen
reader reads as a table would be read. Pure: areas and values in, text out. Drawn by indicatoren's map route and by
the half-year report's monitoring chapter (sporen), from one place.

The municipality's outline is not in CBS's files of wijken and buurten, and it need not be: every area is first
drawn with a wide dark edge and no fill, then filled on top with a thin white edge. Inside the municipality each edge
is covered from both sides; along its border only the outer half stays, which is the municipality's outline."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from stuurcyclus_common import nlformat as nl

#: ColorBrewer's "Blues" in five steps: sequential, readable in greyscale and by the colour-blind.
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
WIDTH, MAP_HEIGHT, LEGEND = 640, 520, 150


@dataclass
class Area:
    code: str
    naam: str | None
    outline: dict
    waarde: Decimal | None


def classes(values: list[Decimal], count: int = 5) -> list[tuple[Decimal, Decimal]]:
    """Bounds of up to `count` classes of (about) equal count, lowest first; fewer when values repeat."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds: list[tuple[Decimal, Decimal]] = []
    for index in range(count):
        part = ordered[index * len(ordered) // count : (index + 1) * len(ordered) // count]
        if part and (not bounds or part[-1] > bounds[-1][1]):
            low = part[0] if not bounds else max(part[0], bounds[-1][1])
            bounds.append((low, part[-1]))
    return bounds


def class_of(value: Decimal, bounds: list[tuple[Decimal, Decimal]]) -> int:
    return next((i for i, (_, high) in enumerate(bounds) if value <= high), len(bounds) - 1)


def _rings(outline: dict) -> list[list[list[float]]]:
    polygons = [outline["coordinates"]] if outline["type"] == "Polygon" else outline["coordinates"]
    return [ring for polygon in polygons for ring in polygon]


def render(title: str, subtitle: str, areas: list[Area], bron: str) -> str:
    points = [point for area in areas for ring in _rings(area.outline) for point in ring]
    if not points:
        raise ValueError("no outlines")
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))  # equirectangular, true to shape at this latitude
    span_x, span_y = (max(lons) - min(lons)) * scale_x, max(lats) - min(lats)
    factor = min((WIDTH - 40) / span_x, (MAP_HEIGHT - 80) / span_y)

    def xy(lon: float, lat: float) -> str:
        return f"{20 + (lon - min(lons)) * scale_x * factor:.1f},{60 + (max(lats) - lat) * factor:.1f}"

    bounds = classes([a.waarde for a in areas if a.waarde is not None])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{MAP_HEIGHT + LEGEND}" '
        f'viewBox="0 0 {WIDTH} {MAP_HEIGHT + LEGEND}" role="img" '
        f'aria-labelledby="titel beschrijving" font-family="sans-serif">',
        f'<title id="titel">{escape(title)} — {escape(subtitle)}</title>',
        '<desc id="beschrijving">'
        + escape("; ".join(f"{a.naam or a.code} ({a.code}): {_shown(a.waarde)}" for a in areas))
        + "</desc>",
        '<defs><pattern id="geen-gegevens" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#999999" stroke-width="2"/></pattern></defs>',
        f'<text x="20" y="28" font-size="18" font-weight="bold">{escape(title)}</text>',
        f'<text x="20" y="48" font-size="13">{escape(subtitle)}</text>',
    ]
    paths = {
        area.code: " ".join("M" + " L".join(xy(p[0], p[1]) for p in ring) + " Z" for ring in _rings(area.outline))
        for area in areas
    }
    parts.append('<g data-omtrek="gemeente" fill="none" stroke="#333333" stroke-width="3" stroke-linejoin="round">')
    parts += [f'<path d="{path}"/>' for path in paths.values()]
    parts.append('</g><g stroke="#ffffff" stroke-width="0.8">')
    for area in areas:
        path = paths[area.code]
        fill = "url(#geen-gegevens)" if area.waarde is None else PALETTE[class_of(area.waarde, bounds)]
        label = f"{area.naam or area.code} ({area.code}): {_shown(area.waarde)}"
        parts.append(f'<path d="{path}" fill="{fill}" data-code="{area.code}"><title>{escape(label)}</title></path>')
    parts.append("</g>")
    y = MAP_HEIGHT + 10
    parts.append(f'<g font-size="12"><text x="20" y="{y}" font-weight="bold">Legenda</text>')
    for index, (low, high) in enumerate(bounds):
        row = y + 18 * (index + 1)
        text = _shown(low) if low == high else f"{_shown(low)} – {_shown(high)}"
        parts.append(
            f'<rect x="20" y="{row - 11}" width="14" height="12" fill="{PALETTE[index]}" stroke="#666666"/>'
            f'<text x="40" y="{row}" data-klasse="{index + 1}">{escape(text)}</text>'
        )
    row = y + 18 * (len(bounds) + 1)
    parts.append(
        f'<rect x="20" y="{row - 11}" width="14" height="12" fill="url(#geen-gegevens)" stroke="#666666"/>'
        f'<text x="40" y="{row}">geen gegevens</text></g>'
    )
    parts.append(f'<text x="{WIDTH - 20}" y="{MAP_HEIGHT + LEGEND - 8}" font-size="10" text-anchor="end">'
                 f'{escape(bron)}</text>')  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def indicator_map(naam: str, eenheid: str | None, soort: str, periode: str, areas: list[Area], bron: str) -> str:
    """An indicator's map as the API and the report draw it: its name and unit as title; the kind of area, the period
    and how many areas have a value as subtitle."""
    unit = f" ({eenheid})" if eenheid else ""
    shown = sum(1 for area in areas if area.waarde is not None)
    return render(f"{naam}{unit}", f"per {soort}, {periode}: {shown} van {len(areas)} met een waarde", areas, bron)


def table(areas: list[Area]) -> list[list[str]]:
    """The map's figures as rows (name, code, value) in the order of the areas: the table beside a map."""
    return [[area.naam or area.code, area.code, _shown(area.waarde)] for area in areas]


def _shown(value: Decimal | None) -> str:
    return "geen gegevens" if value is None else nl.waarde(value)
