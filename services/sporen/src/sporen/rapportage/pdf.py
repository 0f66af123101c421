"""The report as PDF (fpdf2, pure Python: no browser or system library needed on the server).

One section per track (each on its own page and in the PDF's outline), then finance, with the target-against-
realised chart drawn from the same SVG as the HTML. Text is written in DejaVu Sans where the machine has it
(`fonts-dejavu-core`, in the container image); otherwise in the PDF core font, which knows only Latin-1, so €
becomes "EUR" and dashes plain hyphens there.
"""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF

from .. import schemas
from . import cijfers
from .cijfers import euro

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
LATIN1 = str.maketrans({"€": "EUR", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-"})


class _Pdf(FPDF):
    def __init__(self, titel: str) -> None:
        super().__init__(format="A4")
        self.titel = titel
        self.unicode = (DEJAVU / "DejaVuSans.ttf").exists() and (DEJAVU / "DejaVuSans-Bold.ttf").exists()
        if self.unicode:
            self.add_font("body", "", str(DEJAVU / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
        self.family = "body" if self.unicode else "helvetica"
        self.set_auto_page_break(True, margin=15)
        self.set_title(titel)

    def clean(self, value: object) -> str:
        text = "" if value is None else str(value)
        return text if self.unicode else text.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 6, self.clean(f"{self.titel} · {self.page_no()}"), align="C")

    def heading(self, value: str, size: int = 12) -> None:
        self.set_font(self.family, "B", size)
        self.multi_cell(0, size * 0.5, self.clean(value), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, value: object, size: int = 9) -> None:
        if value:
            self.set_font(self.family, "", size)
            self.multi_cell(0, 4.5, self.clean(value), new_x="LMARGIN", new_y="NEXT")
            self.ln(1)

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.para(f"• {item}")


def _spoor(pdf: _Pdf, block: schemas.RapportSpoor) -> None:
    s = block.samenvatting
    pdf.add_page()
    pdf.start_section(pdf.clean(f"Spoor {s.nummer}: {s.naam}"))
    pdf.heading(f"Spoor {s.nummer}: {s.naam}", 14)
    pdf.heading("Probleem", 10)
    pdf.para(s.probleem)
    pdf.heading("Hervormingen", 10)
    pdf.bullets(s.hervormingen)
    pdf.heading("Financieel kader", 10)
    kader = s.financieel_kader
    pdf.para(kader.toelichting)
    pdf.para(
        f"Budget {euro(kader.budget_cent)} · besparing {euro(kader.besparing_totaal_cent)} · gerealiseerd "
        f"{euro(kader.gerealiseerd_cent)} · nog te realiseren {euro(kader.nog_te_realiseren_cent)}"
    )
    pdf.heading("Stakeholders", 10)
    pdf.bullets(s.stakeholders)
    if s.raakvlakken:
        pdf.heading("Raakvlakken", 10)
        pdf.bullets([f"Spoor {r.nummer} ({r.naam}): {r.reden}" for r in s.raakvlakken])
    if block.voortgang:
        pdf.heading(f"Gerealiseerd ({block.voortgang.periode})", 10)
        pdf.para(block.voortgang.gerealiseerd)
        pdf.para(block.voortgang.update_tekst)
    pdf.heading("Monitoring", 10)
    for ind in block.indicatoren:
        values = ", ".join(f"{w.periode}: {w.waarde}" for w in ind.laatste_waarden[-3:]) or "geen metingen"
        pdf.para(f"{ind.code} — {ind.verwachting or '–'} | {ind.indicator or '–'} | {values} | {ind.koers or '–'}", 8)
    if block.risicos:
        pdf.heading("Risicoprofiel (wijzigingen)", 10)
        for r in block.risicos:
            pdf.para(f"{r.titel} ({r.wijziging}, {r.huidig.weging or 'niet gewogen'}): {r.huidig.toelichting}", 8)


def _finance(pdf: _Pdf, overview: dict | None) -> None:
    pdf.add_page()
    pdf.start_section("Financiën")
    pdf.heading("Financiën", 14)
    if not overview:
        pdf.para("Nog geen financieel overzicht ontvangen.")
        return
    jaren = overview["jaren"]
    rows = [["Regel", "Omschrijving", *map(str, jaren)]]
    rows += [[regel.code, regel.naam, *regel.bedragen] for regel in cijfers.totaalopgave(overview)]
    pdf.set_font(pdf.family, "", 8)
    widths = (18, 70, *([(190 - 88) / max(1, len(jaren))] * len(jaren)))
    with pdf.table(col_widths=widths, text_align=("LEFT", "LEFT", *(["RIGHT"] * len(jaren)))) as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(pdf.clean(value))
    svg = cijfers.savings_chart(overview)
    pdf.ln(4)
    pdf.image(io.BytesIO(svg.encode()), w=170)


def render(report: schemas.Halfjaarrapportage) -> bytes:
    pdf = _Pdf(report.titel)
    pdf.add_page()
    pdf.heading(report.titel, 18)
    pdf.para(
        f"Gemeente {report.gemeente} · periode {report.periode} · "
        f"gegenereerd {report.gegenereerd_op:%Y-%m-%d %H:%M} UTC"
    )
    pdf.para(f"Dataversie {report.dataversie}")
    for block in report.sporen:
        _spoor(pdf, block)
    _finance(pdf, report.financien)
    return bytes(pdf.output())
