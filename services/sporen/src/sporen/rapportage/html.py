"""The report as one self-contained HTML page: readable on its own, charts inline as SVG, print styles for PDF."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from stuurcyclus_common.charts import sparkline_svg

from .. import schemas
from . import cijfers
from .cijfers import euro

STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{color:#1f4e79}h2{border-bottom:2px solid #1f4e79;padding-bottom:.2rem;margin-top:2.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.25rem .4rem;
text-align:left;vertical-align:top;font-size:.9rem}th{background:#eef3f8}td.num{text-align:right;white-space:nowrap}
.meta{color:#555;font-size:.85rem}.koers-op-koers{color:#2e7d32}.koers-uit-koers{color:#c62828}
section.spoor{page-break-before:always}
"""


def _e(text: object) -> str:
    return escape("" if text is None else str(text))


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>" if items else "<p>–</p>"


def _kader(kader: schemas.FinancieelKader) -> str:
    rows = [
        ("Budget", kader.budget_cent),
        ("Besparingsopgave (totaal)", kader.besparing_totaal_cent),
        ("Gerealiseerd", kader.gerealiseerd_cent),
        ("waarvan structureel", kader.gerealiseerd_structureel_cent),
        ("waarvan incidenteel", kader.gerealiseerd_incidenteel_cent),
        ("Nog te realiseren", kader.nog_te_realiseren_cent),
    ]
    table = "".join(f"<tr><th>{label}</th><td class=num>{euro(c)}</td></tr>" for label, c in rows if c is not None)
    text = f"<p>{_e(kader.toelichting)}</p>" if kader.toelichting else ""
    return text + (f"<table>{table}</table>" if table else "")


def _indicator_rows(indicatoren: list[schemas.RapportIndicator]) -> str:
    if not indicatoren:
        return "<p>Geen indicatoren voor dit spoor.</p>"
    rows = []
    for ind in indicatoren:
        points = [(w.periode, Decimal(w.waarde)) for w in ind.laatste_waarden]
        last = ", ".join(f"{_e(w.periode)}: {_e(w.waarde.replace('.', ','))}" for w in ind.laatste_waarden[-3:]) or "–"
        koers = ind.koers or "geen metingen"
        rows.append(
            f"<tr><td>{_e(ind.code)}</td><td>{_e(ind.dimensie or 'beweging ' + (ind.beweging or ''))}</td>"
            f"<td>{_e(ind.verwachting)}</td><td>{_e(ind.indicator)}</td><td>{last}</td>"
            f'<td class="koers-{_e(ind.koers)}">{_e(koers)}</td>'
            f"<td>{sparkline_svg(points, f'{ind.code}: verloop')}</td></tr>"
        )
    head = "<tr><th>Code</th><th>Dimensie</th><th>Verwachting</th><th>Indicator</th><th>Laatste waarden</th>"
    return f"<table>{head}<th>Koers</th><th>Verloop</th></tr>{''.join(rows)}</table>"


def _risks(risicos: list[schemas.RapportRisico]) -> str:
    if not risicos:
        return "<p>Geen wijzigingen in het risicoprofiel sinds de vorige rapportage.</p>"
    out = []
    for r in risicos:
        before = f" (was: {_e(r.vorige.weging or 'niet gewogen')}, {_e(r.vorige.periode)})" if r.vorige else ""
        out.append(
            f"<tr><td>{_e(r.titel)}</td><td>{_e(r.wijziging)}</td><td>{_e(r.huidig.weging or 'niet gewogen')}{before}"
            f"</td><td>{_e(', '.join(r.huidig.onderdelen))}</td><td class=num>{euro(r.huidig.bedrag_cent)}</td>"
            f"<td>{_e(r.huidig.toelichting)}</td></tr>"
        )
    head = "<tr><th>Risico</th><th>Wijziging</th><th>Weging</th><th>Onderdelen</th><th>Bedrag</th><th>Toelichting</th>"
    return f"<table>{head}</tr>{''.join(out)}</table>"


def _spoor(block: schemas.RapportSpoor) -> str:
    s = block.samenvatting
    links = "".join(f"<li>Spoor {r.nummer} ({_e(r.naam)}): {_e(r.reden)}</li>" for r in s.raakvlakken)
    voortgang = block.voortgang
    update = (
        f"<h3>Gerealiseerd ({_e(voortgang.periode)})</h3><p>{_e(voortgang.gerealiseerd)}</p>"
        + (f"<h3>Update</h3><p>{_e(voortgang.update_tekst)}</p>" if voortgang.update_tekst else "")
        + "".join(f"<p><strong>{_e(u.titel)}</strong> {_e(u.tekst)}</p>" for u in voortgang.uitgelicht)
        if voortgang
        else "<p>Geen voortgang vastgelegd.</p>"
    )
    return (
        f'<section class="spoor" id="spoor-{s.nummer}"><h2>Spoor {s.nummer}: {_e(s.naam)}</h2>'
        f"<h3>Probleem</h3><p>{_e(s.probleem)}</p><h3>Hervormingen</h3>{_list(s.hervormingen)}"
        f"<h3>Financieel kader</h3>{_kader(s.financieel_kader)}<h3>Stakeholders</h3>{_list(s.stakeholders)}"
        f"<h3>Raakvlakken met andere sporen</h3>{'<ul>' + links + '</ul>' if links else '<p>–</p>'}"
        f"{update}<h3>Monitoring</h3>{_indicator_rows(block.indicatoren)}"
        f"<h3>Risicoprofiel (wijzigingen)</h3>{_risks(block.risicos)}</section>"
    )


def _finance(overview: dict | None) -> str:
    if not overview:
        return '<section id="financien"><h2>Financiën</h2><p>Nog geen financieel overzicht ontvangen.</p></section>'
    jaren = overview["jaren"]
    head = "<tr><th>Regel</th><th>Omschrijving</th><th>Spoor</th>" + "".join(f"<th>{j}</th>" for j in jaren) + "</tr>"
    rows = []
    for regel in cijfers.totaalopgave(overview):
        cell = "th" if regel.totaal else "td"
        amounts = "".join(f"<td class=num>{b}</td>" for b in regel.bedragen)
        rows.append(
            f"<tr><{cell}>{_e(regel.code)}</{cell}><{cell}>{_e(regel.naam)}</{cell}><{cell}>{_e(regel.spoor)}</{cell}>"
            f"{amounts}</tr>"
        )
    chart = cijfers.savings_chart(overview)
    proposals = [p for p in overview["posten"] if p["soort"] in ("bestedingsvoorstel", "investering")]
    prop_rows = "".join(
        f"<tr><td>{p['jaar']}</td><td>{_e(p['soort'])}</td><td>{_e(p['omschrijving'])}</td><td>{_e(p['karakter'])}</td>"
        f"<td>{_e(p['status'])}</td><td class=num>{euro(p['bedragCent'])}</td></tr>"
        for p in proposals
    )
    return (
        f'<section id="financien"><h2>Financiën</h2><h3>Totaalopgave hervormingsagenda (€ mln)</h3>'
        f"<table>{head}{''.join(rows)}</table><figure>{chart}</figure>"
        f"<h3>Bestedingsvoorstellen</h3><table><tr><th>Jaar</th><th>Soort</th><th>Omschrijving</th><th>Karakter</th>"
        f"<th>Status</th><th>Bedrag</th></tr>{prop_rows}</table></section>"
    )


def render(report: schemas.Halfjaarrapportage) -> str:
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{_e(report.titel)}</title>'
        f"<style>{STYLE}</style></head><body><header><h1>{_e(report.titel)}</h1>"
        f'<p class="meta">Gemeente {_e(report.gemeente)} · periode {_e(report.periode)} · gegenereerd '
        f"{report.gegenereerd_op:%Y-%m-%d %H:%M} UTC · dataversie <code>{_e(report.dataversie[:12])}</code></p>"
        f"<nav><ol>{''.join(_toc(b) for b in report.sporen)}<li><a href=#financien>Financiën</a></li></ol></nav>"
        f"</header>{''.join(_spoor(b) for b in report.sporen)}{_finance(report.financien)}</body></html>"
    )


def _toc(block: schemas.RapportSpoor) -> str:
    s = block.samenvatting
    return f'<li><a href="#spoor-{s.nummer}">Spoor {s.nummer}: {_e(s.naam)}</a></li>'
