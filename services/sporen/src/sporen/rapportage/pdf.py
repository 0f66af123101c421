"""The report as PDF (fpdf2, pure Python: no browser or system library needed on the server), rendered from the same
document as the HTML (`document.py`): the same sections and tables, a table of contents with page numbers, bookmarks
for every section, page numbers on every page, charts drawn from the same SVG.

Text is written in DejaVu Sans where the machine has it (`fonts-dejavu-core`, in the container image); otherwise in
the PDF core font, which knows only Latin-1, so € becomes "EUR" and dashes plain hyphens there.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from fpdf import FPDF
from stuurcyclus_common import nlformat as nl
from stuurcyclus_common.charts import trend_plot

from .document import Bullets, Document, Figure, Paragraph, Section, Table, Trend, build
from .schemas import Halfjaarrapportage

NO_DATE = datetime(1969, 12, 31, 19, 0, 0, tzinfo=UTC)  # fpdf's own stand-in for "no date"
MARGIN = 15  # mm at the foot of a page, where the page number stands
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
LATIN1 = str.maketrans(
    {"€": "EUR", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-", "↑": "^",
     "↓": "v", "→": ">", "↗": "/", "↘": "\\"}
)  # fmt: skip
#: fpdf draws SVG shapes and text; the accessibility elements are for browsers (fpdf would warn about them).
SVG_ONLY_FOR_BROWSERS = re.compile(r"<title\b[^>]*>.*?</title>|<desc\b[^>]*>.*?</desc>", re.DOTALL)
#: fpdf draws no SVG pattern: a map's hatched "geen gegevens" is a light grey in the PDF (its legend says the same).
NO_DATA_PATTERN = 'fill="url(#geen-gegevens)"'
NO_DATA_FILL = 'fill="#d9d9d9"'


class _Pdf(FPDF):
    def __init__(self, titel: str) -> None:
        super().__init__(format="A4")
        self.titel = titel
        # Parsed for every document (~65 ms): a parsed font shared between documents, even deep-copied, is changed
        # by fontTools' subsetting of an earlier one (a later PDF then misses glyphs).
        self.unicode = (DEJAVU / "DejaVuSans.ttf").exists() and (DEJAVU / "DejaVuSans-Bold.ttf").exists()
        if self.unicode:
            self.add_font("body", "", str(DEJAVU / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
        self.family = "body" if self.unicode else "helvetica"
        self.set_auto_page_break(True, margin=MARGIN)
        self.set_title(titel)
        self.set_lang("nl")
        self.alias_nb_pages()

    def clean(self, value: object) -> str:
        text = "" if value is None else str(value)
        return text if self.unicode else text.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")

    def width(self, text: str) -> float:
        """The text's width in mm in the current font, from the font's glyph widths (fpdf's get_string_width runs
        the bidirectional-text machinery for every call: most of the time spent on a report)."""
        font = self.current_font
        assert font is not None  # a font is set before any text is measured
        return font.get_text_width(text, self.font_size_pt, None)[1] / self.k

    def text_line(self, x: float, top: float, width: float, text: str, right: bool = False) -> None:
        """One line of text in a box of the given width starting at `top`, left- or right-aligned."""
        offset = width - self.width(text) if right else 0.0
        self.text(x + offset, top + 0.5 * LINE + 0.35 * self.font_size, text)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 6, self.clean(f"{self.titel} · pagina {self.page_no()} van {{nb}}"), align="C")

    def heading(self, value: str, size: int) -> None:
        self.set_font(self.family, "B", size)
        self.multi_cell(0, size * 0.5, self.clean(value), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, value: object, size: int = 9) -> None:
        if value:
            self.set_font(self.family, "", size)
            for line in _lines(self, self.clean(value), self.epw):
                self.cell(0, size * 0.5, line, new_x="LMARGIN", new_y="NEXT")
            self.ln(1)

    def svg(self, svg: str) -> io.BytesIO:
        """The chart for fpdf: its text in the document's font (fpdf would fall back to a Latin-1 core font)."""
        svg = SVG_ONLY_FOR_BROWSERS.sub("", svg).replace(NO_DATA_PATTERN, NO_DATA_FILL)
        svg = svg.replace('font-family="sans-serif"', 'font-family="body"') if self.unicode else self.clean(svg)
        return io.BytesIO(svg.encode())


TOC_LINE = 5  # mm per line of the contents


def _toc_per_page(pdf: _Pdf) -> int:
    """Lines of the contents on a page: the page's height in lines, less two for the heading."""
    return int((pdf.h - pdf.t_margin - pdf.b_margin) // TOC_LINE) - 2


def _toc_pages(pdf: _Pdf, doc: Document) -> int:
    """The pages the contents take: a line per chapter and section, paged by `_toc` exactly so (fpdf requires the
    number of pages before it knows the page numbers)."""
    lines = sum(1 + len(section.children) for section in doc.sections)
    return max(1, -(-lines // _toc_per_page(pdf)))


def _toc(pdf: _Pdf, outline: list) -> None:  # fpdf calls it with the document and its outline
    pdf.set_auto_page_break(False)
    pdf.set_x(pdf.l_margin)
    pdf.heading("Inhoud", 14)
    entries = [entry for entry in outline if entry.level <= 1]
    for n, entry in enumerate(entries):
        if n and n % _toc_per_page(pdf) == 0:
            pdf.add_page()
        pdf.set_font(pdf.family, "B" if entry.level == 0 else "", 10 if entry.level == 0 else 9)
        indent = 0 if entry.level == 0 else 6
        pdf.set_x(pdf.l_margin + indent)
        link = pdf.add_link(page=entry.page_number)
        pdf.cell(pdf.epw - indent - 12, TOC_LINE, pdf.clean(entry.name), link=link)
        pdf.cell(12, TOC_LINE, str(entry.page_number), align="R", new_x="LMARGIN", new_y="NEXT", link=link)
    pdf.set_auto_page_break(True, margin=MARGIN)


PAD = 0.8  # mm inside a table cell
LINE = 3.4  # mm per line of 7 pt text
SVG_SIZE = re.compile(r'width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"')


def _lines(pdf: _Pdf, text: str, width: float) -> list[str]:
    """The text broken at spaces to fit the width (greedy, each word measured once; a word wider than the width is
    cut by characters). fpdf's own breaker measures the line again at every character: the report's main cost."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if pdf.width(paragraph) <= width:
            lines.append(paragraph)
            continue
        line, used, space = "", 0.0, pdf.width(" ")
        for word in paragraph.split(" "):
            w = pdf.width(word)
            while w > width:  # a word longer than the line: as many characters as fit
                if line:
                    lines.append(line)
                    line, used = "", 0.0
                cut = len(word)
                while cut > 1 and pdf.width(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                w = pdf.width(word)
            if line and used + space + w <= width:
                line, used = f"{line} {word}", used + space + w
            elif line:
                lines.append(line)
                line, used = word, w
            else:
                line, used = word, w
        lines.append(line)
    return lines or [""]


def _svg_height(svg: str, width: float) -> float:
    found = SVG_SIZE.search(svg)
    return width * float(found.group(2)) / float(found.group(1)) if found else width / 3


def _column_widths(pdf: _Pdf, table: Table) -> list[float]:
    """Each column at least as wide as its longest word (up to 28 mm), a chart column 42 mm; the rest of the page's
    width shared by how much more text a column holds (its mean cell)."""
    pdf.set_font(pdf.family, "B", 7)
    least, want = [], []
    for i, head in enumerate(table.head):
        cells = [row[i] for row in table.rows]
        if any(isinstance(c, Figure) for c in cells):
            least.append(42.0)
            want.append(42.0)
            continue
        texts = [head, *(pdf.clean(c) for c in cells)]
        words = max(pdf.width(word) for text in texts for word in text.split() or [""])
        least.append(min(28.0, words + 2 * PAD + 0.5))
        want.append(max(least[-1], sum(pdf.width(t) for t in texts) / len(texts) + 2 * PAD))
    if sum(least) >= pdf.epw:
        return [pdf.epw * w / sum(least) for w in least]
    extra = [w - m for w, m in zip(want, least, strict=True)]
    room = pdf.epw - sum(least)
    if sum(extra) <= room:  # everything fits on one line: spread the rest evenly over the text columns
        return [m + e + (room - sum(extra)) / len(least) for m, e in zip(least, extra, strict=True)]
    return [m + room * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def _trend(pdf: _Pdf, trend: Trend, x: float, y: float, width: float) -> None:
    """The trend chart of `charts.trend_svg` drawn with fpdf's own lines and text, in the same layout
    (`charts.trend_plot`)."""
    height = width * (70 if trend.points else 30) / 220
    pdf.set_font(pdf.family, "", 5)
    if not trend.points:
        pdf.text(x, y + 2.2, "geen metingen")
        pdf.text(x, y + 4.6, pdf.clean(trend.expected))
        return
    plot = trend_plot([v for _, v in trend.points], width, height)
    left, right, top, bottom = x + plot.left, x + plot.right, y + plot.upper, y + plot.lower
    pdf.text(left, y + 1.8, pdf.clean(trend.expected))
    pdf.set_draw_color(224, 224, 224)
    pdf.line(left, top, right, top)
    pdf.set_draw_color(153, 153, 153)
    pdf.line(left, bottom, right, bottom)
    for label, at in ((nl.waarde(plot.high), top + 0.8), (nl.waarde(plot.low), bottom + 0.8)):
        pdf.text(left - 0.8 - pdf.width(label), at, label)
    pdf.text(left, y + height - 0.4, trend.points[0][0])
    pdf.text(right - pdf.width(trend.points[-1][0]), y + height - 0.4, trend.points[-1][0])
    coords = [(x + cx, y + cy) for cx, cy in plot.coords]
    pdf.set_draw_color(31, 78, 121)
    pdf.set_line_width(0.3)
    pdf.polyline(coords)
    pdf.set_fill_color(224, 128, 58)
    for cx, cy in coords:
        pdf.rect(cx - 0.35, cy - 0.35, 0.7, 0.7, style="F")
    pdf.set_line_width(0.2)
    pdf.set_draw_color(187, 187, 187)
    pdf.set_fill_color(238, 243, 248)


def _table(pdf: _Pdf, table: Table) -> None:
    """A table drawn cell by cell (fpdf's own table lays every cell out twice: four times slower on this report),
    header repeated on every page it runs onto, totals in bold, figures right-aligned, charts as images."""
    widths = _column_widths(pdf, table)

    def layout(row: list, bold: bool) -> tuple[list, float]:
        pdf.set_font(pdf.family, "B" if bold else "", 7)
        cells: list[tuple[Any, float]] = []
        for cell, width in zip(row, widths, strict=True):
            if isinstance(cell, Figure):
                cells.append((cell, _svg_height(cell.svg, width - 2 * PAD)))
            else:
                lines = _lines(pdf, pdf.clean(cell), width - 2 * PAD)
                cells.append((lines, len(lines) * LINE))
        return cells, max(h for _, h in cells) + 2 * PAD

    def draw(cells: list, height: float, bold: bool, fill: bool) -> None:
        pdf.set_font(pdf.family, "B" if bold else "", 7)
        x, y = pdf.l_margin, pdf.y
        for i, ((content, _), width) in enumerate(zip(cells, widths, strict=True)):
            pdf.rect(x, y, width, height, style="DF" if fill else "D")
            if isinstance(content, Figure) and content.trend is not None:
                _trend(pdf, content.trend, x + PAD, y + PAD, width - 2 * PAD)
                pdf.set_font(pdf.family, "B" if bold else "", 7)
            elif isinstance(content, Figure):
                pdf.image(pdf.svg(content.svg), x=x + PAD, y=y + PAD, w=width - 2 * PAD)
            else:
                for n, line in enumerate(content):
                    pdf.text_line(x + PAD, y + PAD + n * LINE, width - 2 * PAD, line, i in table.numeric)
            x += width
        pdf.set_xy(pdf.l_margin, y + height)

    pdf.set_draw_color(187, 187, 187)
    pdf.set_fill_color(238, 243, 248)
    head, head_height = layout([pdf.clean(h) for h in table.head], True)
    first = layout(table.rows[0], 0 in table.totals)[1] if table.rows else 0.0
    if pdf.y + 6 + head_height + first > pdf.page_break_trigger:  # caption and header stay with the first row
        pdf.add_page()
    pdf.set_font(pdf.family, "B", 9)
    pdf.multi_cell(0, 5, pdf.clean(table.caption), new_x="LMARGIN", new_y="NEXT")
    draw(head, head_height, True, True)
    for r, row in enumerate(table.rows):
        bold = r in table.totals
        cells, height = layout(row, bold)
        if pdf.y + height > pdf.page_break_trigger:
            pdf.add_page()
            draw(head, head_height, True, True)
        draw(cells, height, bold, False)
    pdf.ln(3)


def _block(pdf: _Pdf, block: object) -> None:
    if isinstance(block, Paragraph):
        pdf.para(block.text)
    elif isinstance(block, Bullets):
        for item in block.items:
            pdf.para(f"• {item}")
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Figure):
        pdf.image(pdf.svg(block.svg), w=170)
        pdf.para(block.alt, 7)


HEADING_SIZE = {0: 14, 1: 11}


def _heading_height(pdf: _Pdf, title: str, level: int) -> float:
    size = HEADING_SIZE.get(level, 10)
    pdf.set_font(pdf.family, "B", size)
    return len(_lines(pdf, pdf.clean(title), pdf.epw)) * size * 0.5 + 1


def _lead_height(pdf: _Pdf, block: object) -> float:
    """Room the start of a block needs: three lines of a paragraph, a list's first item, a table's caption, header
    and first row, a whole chart."""
    if isinstance(block, Paragraph):
        pdf.set_font(pdf.family, "", 9)
        return min(3, len(_lines(pdf, pdf.clean(block.text), pdf.epw))) * 4.5 + 1
    if isinstance(block, Bullets):
        return _lead_height(pdf, Paragraph(f"• {block.items[0]}")) if block.items else 0.0
    if isinstance(block, Table):
        return 6 + 2 * (3 * LINE + 2 * PAD)
    if isinstance(block, Figure):
        return _svg_height(block.svg, 170) + 6
    return 0.0


def _needed(pdf: _Pdf, section: Section, level: int) -> float:
    """A heading is kept with what follows it: its own height and the start of its first block (or sub-heading)."""
    height = _heading_height(pdf, section.title, level)
    if section.blocks:
        return height + _lead_height(pdf, section.blocks[0])
    if section.children:
        return height + _needed(pdf, section.children[0], level + 1)
    return height


def _section(pdf: _Pdf, section: Section, level: int) -> None:
    chapter_on_a_used_page = level == 0 and pdf.y > pdf.t_margin + 1  # a chapter starts a page (not an empty one)
    heading_alone_at_the_foot = pdf.y + _needed(pdf, section, level) > pdf.page_break_trigger
    if chapter_on_a_used_page or heading_alone_at_the_foot:
        pdf.add_page()
    pdf.start_section(pdf.clean(section.title), level=level)
    pdf.heading(section.title, HEADING_SIZE.get(level, 10))
    for block in section.blocks:
        _block(pdf, block)
    for child in section.children:
        _section(pdf, child, level + 1)


def render_document(doc: Document) -> bytes:
    pdf = _Pdf(doc.title)
    # A draft carries no moment of its own (fpdf's "no date"), so every process renders the same bytes for the same
    # data; a published report carries its publication moment.
    pdf.set_creation_date(doc.moment or NO_DATE)
    pdf.add_page()
    pdf.set_y(60)
    pdf.heading(doc.title, 18)
    pdf.ln(6)
    for line in doc.meta:  # the municipality, the period and the status (concept, or vastgesteld on a date)
        pdf.para(line, 12)
    pdf.add_page()  # the contents on pages of their own, after the title page
    pdf.insert_toc_placeholder(cast(Any, _toc), pages=_toc_pages(pdf, doc))  # fpdf types it for any FPDF
    for section in doc.sections:
        _section(pdf, section, 0)
    return bytes(pdf.output())


def render(report: Halfjaarrapportage) -> bytes:
    return render_document(build(report))
