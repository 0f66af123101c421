"""The decision's letter (*beschikking*) as PDF, rendered from the decision itself: who decided what, for whom, how
much, on which conditions, when the money comes and the report is due, signed with the deciders' names, and the
objection clause the Awb requires (six weeks, art. 6:7). Nothing in it is typed twice: change the decision's data and
the letter follows.

Written in the PDF core font (Latin-1): € is written `EUR`, other characters outside Latin-1 as `?`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fpdf import FPDF
from stuurcyclus_common import nlformat as nl
from stuurcyclus_common.gemeenten import naam as gemeente_naam

from ..models import Aanvraag, Besluit

TITLES = {
    "toekenning": "Beschikking: verlening van subsidie",
    "afwijzing": "Beschikking: afwijzing van een aanvraag om subsidie",
    "vaststelling": "Beschikking: vaststelling van subsidie",
    "intrekking": "Beschikking: intrekking van subsidie",
}
BEZWAAR = (
    "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag waarop het is bekendgemaakt "
    "bezwaar maken bij het college van burgemeester en wethouders (artikel 6:7 Algemene wet bestuursrecht). "
    "Noem in uw bezwaarschrift het kenmerk van dit besluit."
)


def _latin1(text: str) -> str:
    return text.replace("€", "EUR").replace("–", "-").replace("—", "-").encode("latin-1", "replace").decode("latin-1")


def _day(value: date | None) -> str:
    """`30 april 2029`."""
    return f"{value.day} {nl.MAANDEN[value.month - 1]} {value.year}" if value else "-"


def _euro(cent: int | None) -> str:
    """To the cent, as a decision states money: `EUR 10.000,01`."""
    return f"EUR {nl.getal(Decimal(cent or 0) / 100, 2)}"


def render(besluit: Besluit, aanvraag: Aanvraag) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(f"{TITLES.get(besluit.soort, 'Beschikking')} {besluit.identificatie}"))
    pdf.set_author(_latin1(f"Gemeente {gemeente_naam(besluit.tenant)}"))
    pdf.add_page()
    pdf.set_margins(20, 20, 20)

    def line(text: str, *, size: int = 10, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line(f"Gemeente {gemeente_naam(besluit.tenant)}", size=14, style="B")
    line(f"Aan: {aanvraag.partner}" + (f" (KvK {aanvraag.kvk_nummer})" if aanvraag.kvk_nummer else ""))
    line(f"Datum: {_day(besluit.datum)}    Kenmerk: {besluit.identificatie}", gap=4)
    line(TITLES.get(besluit.soort, "Beschikking"), size=13, style="B", gap=3)
    ingediend = _day(aanvraag.ingediend_op.date() if aanvraag.ingediend_op else None)
    line(f'Onderwerp: uw aanvraag "{aanvraag.titel}" (ingediend {ingediend}).')
    decided: dict[str, Any] = {
        "toekenning": f"Wij verlenen u een subsidie van {_euro(besluit.bedrag_cent)} voor "
        f"{besluit.periode or 'de aangevraagde periode'}.",
        "vaststelling": f"Wij stellen de subsidie vast op {_euro(besluit.bedrag_cent)}.",
        "afwijzing": "Wij wijzen uw aanvraag af.",
        "intrekking": "Wij trekken de verleende subsidie in; wat is betaald vorderen wij terug.",
    }
    line(decided.get(besluit.soort, "Wij hebben op uw aanvraag besloten."), style="B")
    line(f"Geldig van {_day(besluit.ingangsdatum)} tot en met {_day(besluit.vervaldatum)}.")
    if besluit.toelichting:
        line("Toelichting", style="B", gap=0.5)
        line(besluit.toelichting)
    if besluit.voorwaarden:
        line("Voorwaarden", style="B", gap=0.5)
        for voorwaarde in besluit.voorwaarden:
            line(f"- {voorwaarde}", gap=0.5)
    if besluit.prestaties:
        line("Afgesproken prestaties", style="B", gap=0.5)
        for prestatie in besluit.prestaties:
            aantal = (
                f"{prestatie.get('aantal')} {prestatie.get('eenheid') or ''}".strip() if prestatie.get("aantal") else ""
            )
            line(f"- {prestatie.get('omschrijving', '')}{': ' + aantal if aantal else ''}", gap=0.5)
    if besluit.betaalschema:
        line("Betaling", style="B", gap=0.5)
        for nummer, termijn in enumerate(besluit.betaalschema, start=1):
            day = date.fromisoformat(termijn["vervaldatum"]) if termijn.get("vervaldatum") else None
            line(f"- voorschot {nummer}: {_euro(termijn.get('bedragCent'))} op {_day(day)}", gap=0.5)
    if besluit.verantwoording_uiterlijk:
        line(f"U legt uiterlijk {_day(besluit.verantwoording_uiterlijk)} verantwoording af over de subsidie.")
    pdf.ln(3)
    line("Bezwaar", style="B", gap=0.5)
    line(BEZWAAR, gap=4)
    line(f"Het college van burgemeester en wethouders van {gemeente_naam(besluit.tenant)},")
    for besluitvormer in besluit.besluitvormers or []:
        naam = besluitvormer.get("naam") or besluitvormer.get("persoon") or ""
        line(f"namens dezen: {naam} ({besluitvormer.get('rol', '')})", gap=0.5)
    return bytes(pdf.output())
