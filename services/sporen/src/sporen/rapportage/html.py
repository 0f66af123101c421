"""The report as one self-contained HTML page, rendered from its document (`document.py`): readable on its own,
charts inline as SVG with text alternatives, headings in order, table headers and captions, print styles — as Dutch
government publications must be (WCAG 2.1 AA; `tests/test_rapportage.py` checks it with axe-core in Chromium)."""

from __future__ import annotations

from html import escape

from .document import Bullets, Document, Figure, Paragraph, Section, Table, build
from .schemas import Halfjaarrapportage

STYLE = """
body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{color:#1f4e79}h2{border-bottom:2px solid #1f4e79;padding-bottom:.2rem;margin-top:2.5rem}h3{margin-top:1.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top;font-size:.9rem}
th{background:#eef3f8}td.num,th.num{text-align:right;white-space:nowrap}tr.totaal td{font-weight:700}
.meta{color:#444;font-size:.9rem}figure{margin:1rem 0}svg{max-width:100%;height:auto}svg.trend{min-width:12rem}
section.spoor{page-break-before:always}
"""


def _e(text: object) -> str:
    return escape("" if text is None else str(text))


def _block(block: object) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_e(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Figure):
        caption = f"<figcaption>{_e(block.alt)}</figcaption>"
        return f'<figure role="group" aria-label="{_e(block.alt)}">{block.svg}{caption}</figure>'
    if isinstance(block, Table):
        return _table(block)
    raise TypeError(block)


def _table(table: Table) -> str:
    head = "".join(
        f'<th scope="col"{" class=num" if i in table.numeric else ""}>{_e(h)}</th>' for i, h in enumerate(table.head)
    )
    rows = []
    for r, row in enumerate(table.rows):
        cells = []
        for i, cell in enumerate(row):
            content = cell.svg if isinstance(cell, Figure) else _e(cell)
            if i == 0:
                cells.append(f'<th scope="row">{content}</th>')
            else:
                cells.append(f"<td{' class=num' if i in table.numeric else ''}>{content}</td>")
        rows.append(f"<tr{' class=totaal' if r in table.totals else ''}>{''.join(cells)}</tr>")
    body = "".join(rows)
    return f"<table><caption>{_e(table.caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _section(section: Section, level: int = 2) -> str:
    classes = ' class="spoor"' if section.anchor.startswith("spoor-") and level == 2 else ""
    body = "".join(_block(b) for b in section.blocks) + "".join(_section(c, level + 1) for c in section.children)
    return (
        f'<section id="{_e(section.anchor)}"{classes} aria-labelledby="{_e(section.anchor)}-kop">'
        f'<h{level} id="{_e(section.anchor)}-kop">{_e(section.title)}</h{level}>{body}</section>'
    )


def render_document(doc: Document) -> str:
    toc = "".join(f'<li><a href="#{_e(s.anchor)}">{_e(s.title)}</a></li>' for s in doc.sections)
    meta = "".join(f'<p class="meta">{_e(line)}</p>' for line in doc.meta)
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" '
        f'content="width=device-width, initial-scale=1"><title>{_e(doc.title)}</title><style>{STYLE}</style></head>'
        f"<body><header><h1>{_e(doc.title)}</h1>{meta}</header>"
        f'<nav aria-label="Inhoudsopgave"><h2>Inhoud</h2><ol>{toc}</ol></nav>'
        f"<main>{''.join(_section(s) for s in doc.sections)}</main></body></html>"
    )


def render(report: Halfjaarrapportage) -> str:
    return render_document(build(report))
