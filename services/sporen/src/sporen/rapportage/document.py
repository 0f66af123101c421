"""The report's content once, as a document of sections, paragraphs, tables and figures; the HTML and the PDF are
two renderings of it (`html.py`, `pdf.py`), so they carry the same sections and tables by construction.

Figures are written as Dutch readers write them (`stuurcyclus_common.nlformat`: `€ 37,0 mln`, `1.234`, `12,5%`),
times in Europe/Amsterdam, the municipality by its name. Every chart has a text alternative stating its figures.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from html import escape as html_escape

from stuurcyclus_common import nlformat as nl
from stuurcyclus_common.charts import expected_direction, grouped_bars_svg, horizontal_bars_svg, trend_svg

from ..rapportteksten.schemas import HOOFDSTUK_TITELS, Hoofdstuk
from ..spoor.schemas import SpoorRead
from ..voortgang.schemas import Tekstdeel, VoortgangRead
from . import cijfers
from .schemas import Halfjaarrapportage, RapportIndicator, RapportKaart, RapportRisico, RapportSpoor

LIJSTEN = {"2017": "taakveldenlijst 2017–2024", "2025": "taakveldenlijst vanaf 2025"}
SPOREN = {1: "Sterke sociale basis", 2: "Beschermd thuis", 3: "Jeugd", 4: "Participatie", 5: "Wonen", 6: "Eén gezin"}


@dataclass
class Paragraph:
    text: str
    small: bool = False


@dataclass
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Trend:
    """A trend chart's data, for a renderer that draws it natively (the PDF: drawing it from the SVG costs a
    report with 83 indicators more than half a second)."""

    points: list[tuple[str, Decimal]]
    expected: str  # the expected direction as labelled, `↓ verwacht: afname`


@dataclass
class Figure:
    svg: str
    alt: str
    trend: Trend | None = None


@dataclass
class Table:
    caption: str
    head: list[str]
    rows: list[list[str | Figure]]
    numeric: frozenset[int] = frozenset()  # columns of figures (right-aligned)
    totals: frozenset[int] = frozenset()  # rows that are totals (bold)


Block = Paragraph | Bullets | Table | Figure


@dataclass
class Section:
    title: str
    anchor: str
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)] + [t for c in self.children for t in c.tables()]


@dataclass
class Document:
    title: str
    meta: list[str]
    sections: list[Section]
    moment: datetime | None = None  # when it was published; a draft has none (the same data, the same bytes)

    def outline(self) -> list[tuple[int, str]]:
        """(level, title) of every section, in order: what a table of contents and a PDF outline show."""
        return [entry for s in self.sections for entry in [(2, s.title), *((3, c.title) for c in s.children)]]

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables()]


def build(report: Halfjaarrapportage) -> Document:
    """The report in the real one's order: introduction, the tracks (summary, update, investments, cases),
    communication, monitoring, finance, risk profile, and Bijlage 1 (the indicators per track)."""
    naam = report.gemeentenaam or report.gemeente
    meta = [f"Gemeente {naam} ({report.gemeente}) · {_half(report.periode)}", _status(report)]
    sections = [_chapter(report, Hoofdstuk.INLEIDING)]
    sections += [_spoor(block, report.periode) for block in report.sporen]
    sections.append(_chapter(report, Hoofdstuk.COMMUNICATIE))
    monitoring = _chapter(report, Hoofdstuk.MONITORING)
    monitoring.blocks.append(Paragraph("De indicatoren per spoor die de beweging volgen staan in Bijlage 1."))
    monitoring.children += [_map(k, n) for n, k in enumerate(report.kaarten, start=1)]
    sections.append(monitoring)
    if report.ontwikkelingen or report.lessen:
        sections.append(_developments(report))
    sections.append(_finance(report, naam))
    sections.append(_risk_profile(report))
    sections.append(_bijlage(report))
    return Document(report.titel, meta, sections, report.vastgesteld_op)


def _map(kaart: RapportKaart, n: int) -> Section:
    """A map of an indicator over the wijken, and its figures as a table beside it (what a screen reader reads)."""
    title = f"{kaart.indicator} per wijk, {kaart.periode}"
    alt = f"Kaart van {kaart.indicator} per wijk in {kaart.periode}; de waarden staan in de tabel hieronder."
    rows: list[list[str | Figure]] = [
        [w.naam or w.gebied, w.gebied, "geen gegevens" if w.waarde is None else nl.waarde(Decimal(w.waarde))]
        for w in kaart.waarden
    ]
    head = ["Wijk", "Code", f"Waarde ({kaart.eenheid})" if kaart.eenheid else "Waarde"]
    table = Table(f"{title} (wijkindeling {kaart.registerjaar})", head, rows, numeric=frozenset({2}))
    return Section(title, f"kaart-{n}", [Figure(kaart.svg, alt), table])


def _status(report: Halfjaarrapportage) -> str:
    if report.status == "vastgesteld" and report.vastgesteld_op:
        return f"Vastgesteld op {nl.datum_tijd(report.vastgesteld_op)} · dataversie {report.dataversie[:12]}"
    return f"Concept: opgesteld uit de gegevens zoals ze nu zijn · dataversie {report.dataversie[:12]}"


def _half(periode: str) -> str:
    return f"{'eerste' if periode.endswith('1') else 'tweede'} halfjaar {periode[:4]}"


def _parts(tekst: str) -> list[Block]:
    """A text as paragraphs (an empty line between them)."""
    return [Paragraph(p.strip()) for p in tekst.split("\n\n") if p.strip()]


def _write(section: Section, onderdelen: list[Tekstdeel], anchor: str, bron: str | None) -> Section:
    """Written parts into `section`, in their order: a titled part as a section of its own, an untitled one as
    paragraphs after what came before it; the source after the last of them."""
    for n, deel in enumerate(onderdelen, start=1):
        if deel.titel:
            section.children.append(Section(deel.titel, f"{anchor}-{n}", _parts(deel.tekst)))
        else:
            (section.children[-1] if section.children else section).blocks += _parts(deel.tekst)
    (section.children[-1] if section.children else section).blocks += _source(bron)
    return section


def _source(bron: str | None) -> list[Block]:
    return [Paragraph(f"Bron: {bron}", small=True)] if bron else []


def _chapter(report: Halfjaarrapportage, hoofdstuk: Hoofdstuk) -> Section:
    """A chapter staff write for the half year, or — not written yet — one line saying so."""
    tekst = next((t for t in report.teksten if t.hoofdstuk == hoofdstuk), None)
    if tekst is None:
        missing = Paragraph(f"Voor het {_half(report.periode)} is voor dit hoofdstuk nog geen tekst vastgelegd.")
        return Section(HOOFDSTUK_TITELS[hoofdstuk], hoofdstuk.value, [missing])
    return _write(Section(tekst.titel, hoofdstuk.value), tekst.onderdelen, hoofdstuk.value, tekst.bron)


# --- a track -------------------------------------------------------------------------------------------------------


def _list(items: list[str]) -> Block:
    return Bullets(items) if items else Paragraph("–")


def _spoor(block: RapportSpoor, periode: str) -> Section:
    s = block.samenvatting
    anchor = f"spoor-{s.nummer}"
    section = Section(f"Spoor {s.nummer}: {s.naam}", anchor)
    v = block.voortgang if block.voortgang and block.voortgang.periode == periode else None
    if v and v.uitgesteld:
        section.blocks.append(Paragraph(v.uitgesteld))
        section.blocks += _source(v.bron)
        return section
    section.children.append(_summary(block, anchor))
    section.children.append(record_update(block, v, anchor, periode))
    if v and v.investeringen:
        section.children.append(Section("Investeringen", f"{anchor}-investeringen", _parts(v.investeringen)))
    cases = v.uitgelicht if v else []
    if cases:
        uitgelicht = Section("Uitgelicht", f"{anchor}-uitgelicht")
        for n, case in enumerate(cases, start=1):
            body = [*_parts(case.tekst), *_source(case.bron)]
            uitgelicht.children.append(Section(case.titel, f"{anchor}-uitgelicht-{n}", body))
        section.children.append(uitgelicht)
    return section


def _summary(block: RapportSpoor, anchor: str) -> Section:
    """The summary box of the real report, every field of it."""
    s = block.samenvatting
    summary = Section("Samenvatting", f"{anchor}-samenvatting")
    sub = summary.children.append
    sub(Section("Probleem", f"{anchor}-probleem", [Paragraph(s.probleem or "–")]))
    realised = block.gerealiseerd
    if realised:
        sub(
            Section(
                f"Gerealiseerd {_half(realised.periode)}",
                f"{anchor}-gerealiseerd",
                _parts(realised.gerealiseerd or "–"),
            )
        )
    sub(Section("Hervormingen", f"{anchor}-hervormingen", [_list(s.hervormingen)]))
    doelgroep = s.doelgroep
    voor_wie: list[Block] = [Paragraph(doelgroep.omschrijving)] if doelgroep.omschrijving else []
    if doelgroep.kenmerken:
        voor_wie.append(Bullets(doelgroep.kenmerken))
    sub(Section("Voor wie", f"{anchor}-voor-wie", voor_wie or [Paragraph("–")]))
    sub(Section("Financieel", f"{anchor}-kader", _kader(s)))
    sub(Section("Stakeholders", f"{anchor}-stakeholders", [_list(s.stakeholders)]))
    links = [f"Spoor {r.nummer} ({r.naam}): {r.reden}" for r in s.raakvlakken]
    sub(Section("Raakvlak andere sporen", f"{anchor}-raakvlakken", [_list(links)]))
    sub(Section("Gewenste resultaten", f"{anchor}-resultaten", [_list(s.gewenste_resultaten)]))
    sub(Section("Uitdagingen/risico’s", f"{anchor}-uitdagingen", [_list(s.uitdagingen)]))
    rows: list[list[str | Figure]] = [
        [a, b] for a, b in itertools.zip_longest(s.beinvloedbaar, s.niet_beinvloedbaar, fillvalue="")
    ]
    influence: list[Block] = (
        [Table(f"Beïnvloedbaar spoor {s.nummer}", ["Beïnvloedbaar", "Niet/ gedeeltelijk beïnvloedbaar"], rows)]
        if rows
        else [Paragraph("–")]
    )
    sub(Section("Beïnvloedbaar en niet beïnvloedbaar", f"{anchor}-beinvloedbaar", influence))
    return summary


def _kader(s: SpoorRead) -> list[Block]:
    kader = s.financieel_kader
    amounts = [
        (kader.budget_omschrijving or "Budget", kader.budget_cent),
        ("Besparingsopgave (totaal)", kader.besparing_totaal_cent),
        ("Gerealiseerd", kader.gerealiseerd_cent),
        ("waarvan structureel", kader.gerealiseerd_structureel_cent),
        ("waarvan incidenteel", kader.gerealiseerd_incidenteel_cent),
        (f"Nog te realiseren ({kader.realisatie_periode or 'looptijd'})", kader.nog_te_realiseren_cent),
    ]
    rows: list[list[str | Figure]] = [[label, nl.euro_mln(c)] for label, c in amounts if c is not None]
    blocks: list[Block] = [Paragraph(kader.toelichting)] if kader.toelichting else []
    if rows:
        blocks.append(Table(f"Financieel kader spoor {s.nummer}", ["Onderdeel", "Bedrag"], rows, frozenset({1})))
    return blocks or [Paragraph("–")]


def record_update(block: RapportSpoor, v: VoortgangRead | None, anchor: str, periode: str) -> Section:
    update = Section("Update", f"{anchor}-update")
    if v is None:
        update.blocks.append(Paragraph(f"Over het {_half(periode)} is voor dit spoor geen update vastgelegd."))
        return update
    if v.update_tekst:
        update.blocks += _parts(v.update_tekst)
    elif not v.onderdelen:
        update.blocks.append(Paragraph("–"))
    return _write(update, v.onderdelen, f"{anchor}-update", v.bron)


# --- Bijlage 1: the indicators per track ---------------------------------------------------------------------------


def _bijlage(report: Halfjaarrapportage) -> Section:
    bijlage = Section("Bijlage 1: Indicatoren per spoor", "bijlage-1")
    for block in report.sporen:
        s = block.samenvatting
        if block.indicatoren:
            blocks = _monitoring(s.nummer, block.indicatoren)
            bijlage.children.append(Section(f"Spoor {s.nummer}: {s.naam}", f"bijlage-1-spoor-{s.nummer}", blocks))
    if not bijlage.children:
        bijlage.blocks.append(Paragraph("Nog geen indicatoren vastgelegd."))
    return bijlage


def _monitoring(nummer: int, indicatoren: list[RapportIndicator]) -> list[Block]:
    """The indicators with values in one table (values, course, chart); those without values in one compact table of
    what the source gives (expectation, indicator), not one empty row of values each."""
    measured = [i for i in indicatoren if i.laatste_waarden]
    waiting = [i for i in indicatoren if not i.laatste_waarden]
    blocks: list[Block] = []
    if measured:
        rows: list[list[str | Figure]] = []
        for ind in measured:
            # The chart joins only values of one definition (the latest one's): others are not comparable with it.
            latest = ind.laatste_waarden[-1].definitie
            points = [(w.periode, Decimal(w.waarde)) for w in ind.laatste_waarden if w.definitie == latest]
            mixed = len({w.definitie for w in ind.laatste_waarden}) > 1
            last = ", ".join(
                f"{w.periode}: {nl.waarde(w.waarde)}" + (f" ({w.definitie})" if mixed and w.definitie else "")
                for w in ind.laatste_waarden[-3:]
            )
            svg = trend_svg(points, f"{ind.code}: verloop", ind.richting, nl.waarde)
            course = (ind.koers or "–").replace("-", " ")
            rows.append(
                [
                    ind.code,
                    ind.verwachting or "–",
                    ind.indicator or "–",
                    last,
                    f"{course}: {ind.koers_reden}" if ind.koers_reden else course,
                    Figure(svg, f"Verloop van {ind.code}", Trend(points, expected_direction(ind.richting))),
                ]
            )
        head = ["Code", "Verwachting", "Indicator", "Laatste waarden", "Koers", "Verloop"]
        blocks.append(Table(f"Indicatoren spoor {nummer} met metingen", head, rows))
    if waiting:
        blocks.append(
            Paragraph(
                f"{len(waiting)} van de {len(indicatoren)} indicatoren van spoor {nummer} hebben nog geen metingen; "
                "ze worden teruggekoppeld zodra de gegevens er zijn."
            )
        )
        rows = [[i.code, i.verwachting or "–", i.indicator or "–"] for i in waiting]
        blocks.append(
            Table(f"Indicatoren spoor {nummer} nog zonder metingen", ["Code", "Verwachting", "Indicator"], rows)
        )
    return blocks


# --- developments, lessons, measures and prognoses (a half year after 2020 that has them) ---------------------------

SOORTEN = {
    "trend": "Trend",
    "landelijk": "Landelijk",
    "wetgeving": "Wetgeving",
    "financieel": "Financieel",
    "kader": "Kader",
    "overig": "Overig",
}
UITKOMSTEN = {
    "lopend": "loopt",
    "voortgezet": "voortgezet",
    "opgenomen-in-spoor": "opgegaan in spoor",
    "gestopt": "gestopt",
}


def _developments(report: Halfjaarrapportage) -> Section:
    """What moved around the agenda this half year: developments, lessons and results, the measures' state, and
    prognoses beside the latest measurements."""
    section = Section("Ontwikkelingen, lessen en maatregelen", "ontwikkelingen", [])
    if report.ontwikkelingen:
        rows: list[list[str | Figure]] = [
            [
                SOORTEN.get(o.soort, o.soort),
                o.titel,
                o.omschrijving,
                o.in_werking_op.strftime("%d-%m-%Y") if o.in_werking_op else "–",
            ]
            for o in report.ontwikkelingen
        ]
        table = Table("Ontwikkelingen deze periode", ["Soort", "Ontwikkeling", "Omschrijving", "In werking"], rows)
        sources = sorted({o.bron for o in report.ontwikkelingen})
        section.children.append(
            Section("Ontwikkelingen", "ontwikkelingen-register", [table, *_source("; ".join(sources))])
        )
    if report.lessen:
        blocks: list[Block] = []
        for soort, title in (("resultaat", "Resultaten"), ("les", "Lessen")):
            items = [f"{les.titel}: {les.tekst}" for les in report.lessen if les.soort == soort]
            if items:
                blocks += [Paragraph(title), Bullets(items)]
        section.children.append(Section("Lessen en resultaten", "lessen", blocks))
    if report.maatregelen:
        blocks = []
        for m in report.maatregelen:
            state = UITKOMSTEN.get(m.uitkomst.soort, m.uitkomst.soort) if m.uitkomst else "loopt"
            if m.uitkomst and m.uitkomst.spoor:
                state += f" {m.uitkomst.spoor}"
            blocks.append(Paragraph(f"{m.code} {m.naam} ({m.programma}): {state}."))
            if m.uitkomst and m.uitkomst.toelichting:
                blocks.append(Paragraph(m.uitkomst.toelichting, small=True))
            if m.besparingsprognose:
                rows = [[str(b.jaar), nl.euro(b.bedrag_cent)] for b in m.besparingsprognose]
                blocks.append(Table(f"Besparingsprognose {m.code}", ["Jaar", "Prognose"], rows, numeric=frozenset({1})))
        section.children.append(Section("Maatregelen", "maatregelen", blocks))
    if report.prognoses:
        rows = []
        for p in report.prognoses:
            measured = f"{nl.waarde(p.laatste_meting.waarde)} ({p.laatste_meting.periode})" if p.laatste_meting else "–"
            for item in p.prognoses:
                scenario = f", scenario {item['scenario']}" if item.get("scenario") else ""
                rows.append(
                    [p.indicator, measured, f"{nl.waarde(item['waarde'])} ({item['periode']}{scenario})", item["bron"]]
                )
        table = Table("Prognoses naast de laatste meting", ["Indicator", "Laatste meting", "Prognose", "Bron"], rows)
        lead = Paragraph("Prognoses zijn geen metingen en geen streefwaarden: zij tellen niet mee in de koers.")
        section.children.append(Section("Prognoses", "prognoses", [lead, table]))
    return section


# --- the risk profile ------------------------------------------------------------------------------------------------


def _risk_profile(report: Halfjaarrapportage) -> Section:
    """The staff's introduction to the risk profile, then each track's profile."""
    section = _chapter(report, Hoofdstuk.RISICOPROFIEL)
    matrix = _matrix(report)
    if matrix is not None:
        section.blocks.append(matrix)
    for block in report.sporen:
        s = block.samenvatting
        anchor = f"risicoprofiel-spoor-{s.nummer}"
        title = f"Risicoprofiel spoor {s.nummer}: {s.naam}"
        section.children.append(Section(title, anchor, _risks(s.nummer, block.risicos)))
    return section


def _risks(nummer: int, risicos: list[RapportRisico]) -> list[Block]:
    if not risicos:
        return [Paragraph("Geen wijzigingen in het risicoprofiel sinds de vorige rapportage.")]
    blocks: list[Block] = []
    rows: list[list[str | Figure]] = []
    for r in risicos:
        blocks += _parts(r.huidig.toelichting)
        before = f" (was: {r.vorige.weging or 'niet gewogen'}, {r.vorige.periode})" if r.vorige else ""
        rows.append(
            [
                r.titel,
                r.wijziging,
                f"{r.huidig.weging or 'niet gewogen'}{before}",
                ", ".join(ONDERDELEN.get(o, o) for o in r.huidig.onderdelen),
                nl.euro_mln(r.huidig.bedrag_cent) if r.huidig.bedrag_cent is not None else "niet gekwantificeerd",
            ]
        )
    head = ["Risico", "Wijziging", "Weging", "Onderdelen", "Bedrag"]
    blocks.append(Table(f"Risicoprofiel spoor {nummer}", head, rows, frozenset({4})))
    mitigations = [
        f"{r.titel}: {'; '.join(r.huidig.beheersmaatregelen)}"
        + (f" (eigenaar: {r.huidig.eigenaar})" if r.huidig.eigenaar else "")
        for r in risicos
        if r.huidig.beheersmaatregelen
    ]
    if mitigations:
        blocks += [Paragraph("Beheersmaatregelen"), Bullets(mitigations)]
    return blocks


def _matrix(report: Halfjaarrapportage) -> Figure | None:
    """The risk matrix as the 2020 report describes it: likelihood against impact, each judged risk a numbered dot
    (none where no risk was judged on both)."""
    points = [
        (f"{block.samenvatting.nummer}.{i}", r.titel, r.huidig.kans, r.huidig.impact)
        for block in report.sporen
        for i, r in enumerate(block.risicos, start=1)
        if r.huidig.kans and r.huidig.impact
    ]
    if not points:
        return None
    cell, left, top = 44, 60, 16
    parts = []
    for kans in range(1, 6):
        for impact in range(1, 6):
            score = kans * impact
            colour = "#c8e6c9" if score < 5 else "#fff3b0" if score < 12 else "#f6c7c3"
            x, y = left + (kans - 1) * cell, top + (5 - impact) * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{colour}" stroke="#555"/>')
    placed: dict[tuple[int, int], int] = {}

    def text(x: float, y: float, words: str, size: int = 10, anchor: str = "middle", extra: str = "") -> str:
        return (
            f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" font-family="sans-serif"{extra}>'
            f"{words}</text>"
        )

    for label, _title, kans, impact in points:
        n = placed.get((kans, impact), 0)
        placed[(kans, impact)] = n + 1
        x = left + (kans - 1) * cell + 14 + (n % 2) * 18
        y = top + (5 - impact) * cell + 16 + (n // 2) * 14
        parts.append(text(x, y, label, anchor="start"))
    for n in range(1, 6):
        parts.append(text(left + (n - 1) * cell + cell / 2, top + 5 * cell + 14, str(n)))
        parts.append(text(left - 8, top + (5 - n) * cell + cell / 2 + 4, str(n), anchor="end"))
    parts.append(text(left + 2.5 * cell, top + 5 * cell + 30, "Kans", size=11))
    middle = top + 2.5 * cell
    parts.append(text(14, middle, "Impact", size=11, extra=f' transform="rotate(-90 14 {middle})"'))
    alt = "Risicomatrix (kans tegen impact): " + "; ".join(
        f"{label} {title}: kans {kans}, impact {impact}" for label, title, kans, impact in points
    )
    width, height = left + 5 * cell + 10, top + 5 * cell + 40
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{html_escape(alt)}">' + "".join(parts) + "</svg>"
    )
    return Figure(svg, alt)


ONDERDELEN = {
    "toegang-open-einderegelingen": "toegang/ open-einderegelingen",
    "verantwoording-door-derden": "verantwoording door derden",
    "rijksbudgetten": "ontwikkeling rijksbudgetten",
    "overige": "overige",
}


# --- finance -------------------------------------------------------------------------------------------------------


def _finance(report: Halfjaarrapportage, naam: str) -> Section:
    """The finance chapter: the words staff wrote (the Totaalopgave with where its frame came from and what was
    realised before it stands after their opening words), the spending proposals with their remarks, and the Iv3
    figures up to the report's year."""
    section = _chapter(report, Hoofdstuk.FINANCIEN)
    overview = report.financien
    if not overview:
        section.blocks.append(Paragraph("Nog geen financieel overzicht ontvangen."))
    else:
        section.children.insert(0, _totaalopgave(overview))
        section.children.append(_proposals(overview))
    section.children += _iv3(report.iv3, naam, report.gemeente, int(report.periode[:4]))
    return section


def _totaalopgave(overview: dict) -> Section:
    jaren = overview["jaren"]
    rows: list[list[str | Figure]] = []
    totals = set()
    for i, regel in enumerate(cijfers.totaalopgave(overview)):
        rows.append([regel.code, regel.naam, str(regel.spoor or ""), *(b.replace(".", ",") for b in regel.bedragen)])
        if regel.totaal:
            totals.add(i)
    numeric = frozenset(range(3, 3 + len(jaren)))
    table = Table(
        "Totaalopgave hervormingsagenda (€ mln)",
        ["Regel", "Omschrijving", "Spoor", *map(str, jaren)],
        rows,
        numeric,
        frozenset(totals),
    )
    per_jaar = cijfers.savings_per_year(overview)
    chart = grouped_bars_svg(
        per_jaar,
        "Besparing: doel (Totaalopgave) en gerealiseerd per jaar (€ mln)",
        ("doel", "gerealiseerd"),
        fmt=nl.mln,
        labels={"doel": "doel", "gerealiseerd": "gerealiseerd"},
    )
    described = "; ".join(
        f"{j}: doel {nl.mln(v['doel'])}, gerealiseerd {nl.mln(v['gerealiseerd'])}" for j, v in sorted(per_jaar.items())
    )
    blocks: list[Block] = [table, Figure(chart, f"Besparing per jaar (€ mln): {described}.")]
    blocks += _per_track(overview)
    section = Section("Totaalopgave", "financien-totaalopgave", blocks)
    section.children += _frame_history(overview)
    return section


def _per_track(overview: dict) -> list[Block]:
    """Each track's own target (its lines) beside its claim on the prudence margin and what it realised, per year."""
    rows: list[list[str | Figure]] = []
    for r in cijfers.per_track(overview):
        rows.append(
            [str(r.spoor or "–"), str(r.jaar), nl.euro_mln(r.doel), nl.euro_mln(r.beslag), nl.euro_mln(r.gerealiseerd)]
        )
    if not rows:
        return []
    head = ["Spoor", "Jaar", "Doel (eigen lijnen)", "Beslag behoedzaamheidsmarge", "Gerealiseerd in het jaar"]
    return [Table("Doel en realisatie per spoor (€ mln)", head, rows, frozenset({2, 3, 4}))]


def _frame_history(overview: dict) -> list[Section]:
    sections = []
    kaders = overview.get("kaders") or []
    if kaders:
        rows: list[list[str | Figure]] = [
            [
                str(k["versie"]),
                k["periode"],
                nl.euro_mln(k["totaalCent"]),
                str(k.get("doeljaar") or "–"),
                k["reden"],
                k["bron"],
            ]
            for k in kaders
        ]
        head = ["Versie", "Vastgesteld", "Totaal", "Doeljaar", "Wat en waarom", "Bron"]
        current = kaders[-1]
        lead = Paragraph(
            f"Het huidige kader (versie {current['versie']}, {current['periode']}) komt uit op "
            f"{nl.euro_mln(current['totaalCent'])}"
            + (f" in {current['doeljaar']}" if current.get("doeljaar") else "")
            + (
                f"; het eerste kader ({kaders[0]['periode']}) was {nl.euro_mln(kaders[0]['totaalCent'])}."
                if len(kaders) > 1
                else "."
            )
        )
        table = Table("Herkomst van het besparingskader", head, rows, frozenset({2}))
        sections.append(Section("Herkomst van het kader", "financien-kader-herkomst", [lead, table]))
    before = overview.get("voorKader") or []
    if before:
        rows = [
            [
                str(v["spoor"] or "–"),
                nl.euro_mln(v["structureelCent"]),
                nl.euro_mln(v["incidenteelCent"]),
                nl.euro_mln(v["gerealiseerdCent"]),
                "; ".join(v.get("toelichting") or []) or "–",
            ]
            for v in before
        ]
        first = before[0]["voorJaar"]
        head = ["Spoor", "Structureel", "Incidenteel", "Totaal", "Toelichting"]
        lead = Paragraph(
            f"Deze besparingen zijn gerealiseerd vóór {first}, het eerste jaar van het kader: ze tellen niet als "
            f"realisatie van {first} of later."
        )
        table = Table(f"Gerealiseerd vóór het kader (vóór {first})", head, rows, frozenset({1, 2, 3}))
        sections.append(Section("Gerealiseerd vóór het kader", "financien-voor-kader", [lead, table]))
    return sections


def _proposals(overview: dict) -> Section:
    posten = [p for p in overview["posten"] if p["soort"] in ("bestedingsvoorstel", "investering", "programmakosten")]
    if not posten:
        return Section("Bestedingsvoorstellen", "financien-voorstellen", [Paragraph("Geen bestedingsvoorstellen.")])
    rows: list[list[str | Figure]] = [
        [
            str(p["jaar"]),
            p["soort"],
            p["omschrijving"],
            p["karakter"],
            p["status"],
            nl.euro(p["bedragCent"]),
            p.get("toelichting") or "–",
        ]
        for p in posten
    ]
    head = ["Jaar", "Soort", "Omschrijving", "Karakter", "Status", "Bedrag", "Opmerkingen"]
    table = Table("Bestedingsvoorstellen, investeringen en programmakosten", head, rows, frozenset({5}))
    return Section("Bestedingsvoorstellen (bedragen)", "financien-voorstellen", [table])


def _iv3(figures: dict | None, naam: str, code: str, jaar: int) -> list[Section]:
    if not figures:
        none = Paragraph(f"Er zijn geen CBS Iv3-cijfers van {jaar} of eerder ontvangen.")
        return [Section("Iv3: lasten en baten per spoor", "financien-iv3", [none])]
    bron = f"{figures['bron']} {figures['jaar']}"
    rows: list[list[str | Figure]] = [
        [
            f"{t['spoor']} {SPOREN.get(t['spoor'], '')}".strip(),
            nl.euro_mln(t["lastenCent"]),
            nl.euro_mln(t["batenCent"]),
            nl.euro(t["lastenPerInwonerCent"]),
            nl.euro(t["batenPerInwonerCent"]),
        ]
        for t in figures["sporen"]
    ]
    inwoners = nl.getal(figures["inwoners"]) if figures.get("inwoners") else "onbekend"
    own = Section(
        "Iv3: lasten en baten per spoor",
        "financien-iv3",
        [
            Paragraph(
                f"CBS Iv3, {bron} ({LIJSTEN.get(figures['lijst'], figures['lijst'])}), {naam}: {inwoners} inwoners."
            ),
            Table(
                f"Iv3 {bron} per spoor",
                ["Spoor", "Lasten", "Baten", "Lasten per inwoner", "Baten per inwoner"],
                rows,
                frozenset({1, 2, 3, 4}),
            ),
        ],
    )
    peers = figures["vergelijkbaar"]
    tracks = sorted({int(s) for p in peers for s in p["lastenPerInwonerCent"]})
    total = {p["gemeente"]: sum(v or 0 for v in p["lastenPerInwonerCent"].values()) for p in peers}
    rows = []
    for p in sorted(peers, key=lambda p: total[p["gemeente"]]):
        values = [nl.euro(p["lastenPerInwonerCent"].get(str(t), p["lastenPerInwonerCent"].get(t))) for t in tracks]
        marker = " (deze gemeente)" if p["gemeente"] == code else ""
        rows.append([p["naam"] + marker, nl.getal(p["inwoners"]), *values, nl.euro(total[p["gemeente"]])])
    own_rank = 1 + sorted(total.values()).index(total[code]) if code in total else None
    chart = horizontal_bars_svg(
        [(p["naam"], total[p["gemeente"]] / 100, p["gemeente"] == code) for p in peers],
        "Lasten sociaal domein per inwoner (sporen 1–5), vergelijkbare gemeenten",
        lambda euros: f"€ {nl.getal(euros)}",
    )
    grootte = nl.grootteklasse(figures.get("gemeentegrootte"))
    where = f"{naam} staat op plaats {own_rank} van {len(peers)} (1 = laagste lasten per inwoner)." if own_rank else ""
    comparison = Section(
        "Vergelijking met vergelijkbare gemeenten",
        "financien-vergelijking",
        [
            Paragraph(f"Gemeenten van {grootte} (CBS-grootteklasse), Iv3 {bron}, lasten per inwoner. {where}"),
            Table(
                f"Lasten per inwoner per spoor, gemeenten van {grootte}",
                ["Gemeente", "Inwoners", *(f"Spoor {t}" for t in tracks), "Totaal"],
                rows,
                frozenset(range(1, 3 + len(tracks))),
            ),
            Figure(chart, f"Lasten per inwoner van {len(peers)} vergelijkbare gemeenten. {where}"),
        ],
    )
    return [own, comparison]
