"""The report's content once, as a document of sections, paragraphs, tables and figures; the HTML and the PDF are
two renderings of it (`html.py`, `pdf.py`), so they carry the same sections and tables by construction.

Figures are written as Dutch readers write them (`stuurcyclus_common.nlformat`: `€ 37,0 mln`, `1.234`, `12,5%`),
times in Europe/Amsterdam, the municipality by its name. Every chart has a text alternative stating its figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from stuurcyclus_common import nlformat as nl
from stuurcyclus_common.charts import expected_direction, grouped_bars_svg, horizontal_bars_svg, trend_svg

from .. import schemas
from . import cijfers

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

    def outline(self) -> list[tuple[int, str]]:
        """(level, title) of every section, in order: what a table of contents and a PDF outline show."""
        return [entry for s in self.sections for entry in [(2, s.title), *((3, c.title) for c in s.children)]]

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables()]


def build(report: schemas.Halfjaarrapportage) -> Document:
    naam = report.gemeentenaam or report.gemeente
    meta = [
        f"Gemeente {naam} ({report.gemeente}) · {_half(report.periode)}",
        f"Gemaakt op {nl.datum_tijd(report.gegenereerd_op)} · dataversie {report.dataversie[:12]}",
    ]
    sections = [_spoor(block) for block in report.sporen]
    sections.append(_finance(report, naam))
    return Document(report.titel, meta, sections)


def _half(periode: str) -> str:
    return f"{'eerste' if periode.endswith('1') else 'tweede'} halfjaar {periode[:4]}"


# --- a track -------------------------------------------------------------------------------------------------------


def _spoor(block: schemas.RapportSpoor) -> Section:
    s = block.samenvatting
    anchor = f"spoor-{s.nummer}"
    section = Section(f"Spoor {s.nummer}: {s.naam}", anchor)
    sub = section.children.append
    sub(Section("Probleem", f"{anchor}-probleem", [Paragraph(s.probleem or "–")]))
    sub(
        Section(
            "Hervormingen", f"{anchor}-hervormingen", [Bullets(s.hervormingen) if s.hervormingen else Paragraph("–")]
        )
    )
    kader = s.financieel_kader
    amounts = [
        ("Budget", kader.budget_cent),
        ("Besparingsopgave (totaal)", kader.besparing_totaal_cent),
        ("Gerealiseerd", kader.gerealiseerd_cent),
        ("waarvan structureel", kader.gerealiseerd_structureel_cent),
        ("waarvan incidenteel", kader.gerealiseerd_incidenteel_cent),
        ("Nog te realiseren", kader.nog_te_realiseren_cent),
    ]
    rows = [[label, nl.euro_mln(c)] for label, c in amounts if c is not None]
    blocks: list[Block] = [Paragraph(kader.toelichting)] if kader.toelichting else []
    if rows:
        blocks.append(Table(f"Financieel kader spoor {s.nummer}", ["Onderdeel", "Bedrag"], rows, frozenset({1})))
    sub(Section("Financieel kader", f"{anchor}-kader", blocks or [Paragraph("–")]))
    sub(
        Section(
            "Stakeholders", f"{anchor}-stakeholders", [Bullets(s.stakeholders) if s.stakeholders else Paragraph("–")]
        )
    )
    links = [f"Spoor {r.nummer} ({r.naam}): {r.reden}" for r in s.raakvlakken]
    sub(
        Section("Raakvlakken met andere sporen", f"{anchor}-raakvlakken", [Bullets(links) if links else Paragraph("–")])
    )
    v = block.voortgang
    progress: list[Block] = (
        [Paragraph(v.gerealiseerd or "–")]
        + ([Paragraph(v.update_tekst)] if v.update_tekst else [])
        + [Paragraph(f"{u.titel}. {u.tekst}") for u in v.uitgelicht]
        if v
        else [Paragraph("Geen voortgang vastgelegd.")]
    )
    sub(Section(f"Voortgang{f' ({v.periode})' if v else ''}", f"{anchor}-voortgang", progress))
    sub(Section("Monitoring", f"{anchor}-monitoring", [_monitoring(s.nummer, block.indicatoren)]))
    sub(Section("Risicoprofiel (wijzigingen)", f"{anchor}-risicos", [_risks(s.nummer, block.risicos)]))
    return section


def _monitoring(nummer: int, indicatoren: list[schemas.RapportIndicator]) -> Block:
    if not indicatoren:
        return Paragraph("Geen indicatoren voor dit spoor.")
    rows: list[list[str | Figure]] = []
    for ind in indicatoren:
        points = [(w.periode, Decimal(w.waarde)) for w in ind.laatste_waarden]
        last = ", ".join(f"{w.periode}: {nl.waarde(w.waarde)}" for w in ind.laatste_waarden[-3:]) or "geen metingen"
        svg = trend_svg(points, f"{ind.code}: verloop", ind.richting, nl.waarde)
        rows.append(
            [
                ind.code,
                ind.dimensie or f"beweging {ind.beweging or ''}".strip(),
                ind.verwachting or "–",
                ind.indicator or "–",
                last,
                (ind.koers or "").replace("-", " ") or ("geen metingen" if not points else "–"),
                Figure(svg, f"Verloop van {ind.code}", Trend(points, expected_direction(ind.richting))),
            ]
        )
    head = ["Code", "Dimensie", "Verwachting", "Indicator", "Laatste waarden", "Koers", "Verloop"]
    return Table(f"Monitoring spoor {nummer}", head, rows)


def _risks(nummer: int, risicos: list[schemas.RapportRisico]) -> Block:
    if not risicos:
        return Paragraph("Geen wijzigingen in het risicoprofiel sinds de vorige rapportage.")
    rows: list[list[str | Figure]] = []
    for r in risicos:
        before = f" (was: {r.vorige.weging or 'niet gewogen'}, {r.vorige.periode})" if r.vorige else ""
        rows.append(
            [
                r.titel,
                r.wijziging,
                f"{r.huidig.weging or 'niet gewogen'}{before}",
                ", ".join(r.huidig.onderdelen),
                nl.euro_mln(r.huidig.bedrag_cent),
                r.huidig.toelichting or "–",
            ]
        )
    head = ["Risico", "Wijziging", "Weging", "Onderdelen", "Bedrag", "Toelichting"]
    return Table(f"Risicoprofiel spoor {nummer}", head, rows, frozenset({4}))


# --- finance -------------------------------------------------------------------------------------------------------


def _finance(report: schemas.Halfjaarrapportage, naam: str) -> Section:
    section = Section("Financiën", "financien")
    overview = report.financien
    if not overview:
        section.blocks.append(Paragraph("Nog geen financieel overzicht ontvangen."))
    else:
        section.children.append(_totaalopgave(overview))
        section.children.append(_proposals(overview))
    section.children += _iv3(report.iv3, naam, report.gemeente)
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
        "Besparing: doel en gerealiseerd per jaar (€ mln)",
        ("doel", "gerealiseerd"),
        fmt=nl.mln,
        labels={"doel": "doel", "gerealiseerd": "gerealiseerd"},
    )
    described = "; ".join(
        f"{j}: doel {nl.mln(v['doel'])}, gerealiseerd {nl.mln(v['gerealiseerd'])}" for j, v in sorted(per_jaar.items())
    )
    return Section(
        "Totaalopgave", "financien-totaalopgave", [table, Figure(chart, f"Besparing per jaar (€ mln): {described}.")]
    )


def _proposals(overview: dict) -> Section:
    posten = [p for p in overview["posten"] if p["soort"] in ("bestedingsvoorstel", "investering", "programmakosten")]
    if not posten:
        return Section("Bestedingsvoorstellen", "financien-voorstellen", [Paragraph("Geen bestedingsvoorstellen.")])
    rows: list[list[str | Figure]] = [
        [str(p["jaar"]), p["soort"], p["omschrijving"], p["karakter"], p["status"], nl.euro(p["bedragCent"])]
        for p in posten
    ]
    head = ["Jaar", "Soort", "Omschrijving", "Karakter", "Status", "Bedrag"]
    table = Table("Bestedingsvoorstellen, investeringen en programmakosten", head, rows, frozenset({5}))
    return Section("Bestedingsvoorstellen", "financien-voorstellen", [table])


def _iv3(figures: dict | None, naam: str, code: str) -> list[Section]:
    if not figures:
        none = Paragraph("Nog geen CBS Iv3-cijfers ontvangen.")
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
