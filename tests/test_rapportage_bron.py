"""The generated 2020S2 report beside the real one (`../shared/seeds/001_…`) and the agenda (`000_…`): the same chapters
in the same order, each chapter holding the source's facts, names and figures; every field of the summary boxes; the
savings as the sources state them; no data from after the period; who may read a draft and a published report; the
same bytes and ETag for the same data; a PDF without a heading alone at a page's foot.

The facts are checked in both directions: each is looked up in the source document too, so the list cannot drift
from what the source says."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import asyncpg
import httpx
import pytest
from pypdf import PdfReader
from sporen.rapportage import cijfers
from stuurcyclus_common.auth import ROLES, STAFF
from stuurcyclus_common.contracts.financien import Iv3Bijgewerkt
from stuurcyclus_common.settings import plain_database_url

from .support import ZWOLLE, RunningPlatform, auth_headers, eventually, seed, unique_tenant

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
REPORT_2020 = SEEDS / "001_f564be16dac28639.txt"
AGENDA_2019 = SEEDS / "000_12f7e661516f0661.txt"
PERIODE = "2020S2"
MLN = 100_000_000


def _flat(text: str) -> str:
    """Whitespace folded, case folded: the PDF-to-text source breaks its lines anywhere."""
    return " ".join(text.split()).casefold()


def _source_chapters() -> list[str]:
    """The real report's chapters in order: ` 1\t Inleiding`, ` 2\t Spoor 1`, …, ` 10\t Risicoprofiel …`, Bijlage 1."""
    chapters, expected = [], 1
    for line in REPORT_2020.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^ (\d{1,2})\t\W*(\S.*?)\s*$", line)
        if found and int(found.group(1)) == expected:
            chapters.append(found.group(2))
            expected += 1
        elif line.strip() == "Bijlage 1":
            chapters.append("Bijlage 1")
    return chapters


#: Per chapter of the generated report (its anchor), facts the real report's same chapter states.
FACTS = {
    "inleiding": ["najaarsmoment 2020", "Voorjaarsmoment 2020", "Wonen met zorg", "probleemanalyse", "filmpje",
                  "risicoparagraaf"],
    "spoor-1": ["SamenOuderen", "Kletslijn", "WijZ Welzijn", "PEC Zwolle United", "SportService Zwolle",
                "Cor van den Belt", "wijkaccommodaties", "drie", "PPN", "Marlous Holster"],
    "spoor-2": ["IJssel-Vecht", "1 september 2020", "juni 2020", "ambulant, tenzij", "Yohanna", "begeleid wonen",
                "regionale projectleider"],
    "spoor-3": ["40 procent", "De Ambelt", "Prokino", "BSO+", "80 procent", "20 procent", "vijf", "11 gemeenten",
                "RSJ", "€ 1,2 miljoen", "1 juli 2019", "1 juli 2022", "Gezinsinterventies", "Gedwongen kader jeugd",
                "kwartiermaker"],
    "spoor-4": ["3614", "3771", "157", "UWV", "Tiem", "Inkomensondersteuning", "70 procent", "15 maart 2020",
                "60%", "Lingenstraat"],
    "spoor-5": ["Wonen en Zorg", "Openbaar Belang", "MEE", "2,5 miljoen", "Westenholte", "€ 432", "Herberg",
                "Geert Grootestraat", "68", "april 2021", "Kansrijk Wonen", "deltaWonen", "Armin", "Skaeve Huse",
                "Blokhuis", "Omgevingsvisie", "Eva Petra Simon"],
    "communicatie": ["Peperbus", "www.zwolle.nl/leven-in-zwolle", "www.zwolle.nl/meldpuntregels", "Zorgbelang",
                     "stadsdialoog", "sociale raadslieden", "noodopvang"],
    "monitoring": ["Ouderenindex", "Kinderindex", "Jongerenindex", "uitklapmodel", "Participatieraad", "reflexie",
                   "CBS", "resultaatafspraken"],
    "financien": ["KPMG", "€ 0,85 mln", "€ 0,7 mln", "€ 1,0 mln", "247.200", "347.200", "287.200", "685.000",
                  "65.000", "25.000", "Collectivisering", "voorjaarsmoment 2021", "A 029", "jaarschijf 2021",
                  "sportparkmanagement", "VN-verdrag Handicap"],
    "risicoprofiel": ["ISO 31000", "risicomatrix", "expertteams", "open einde", "subsidieplafond",
                      "90 plekken", "BUIG", "kwaliteitskortingsgrens"],
}  # fmt: skip


def _chapters_of(page: str) -> dict[str, str]:
    """The text of each top-level section of the HTML report, by its anchor."""
    starts = [(m.start(), m.group(1)) for m in re.finditer(r'<section id="([a-z0-9-]+)"[^>]*aria-labelledby', page)]
    top = [(at, anchor) for at, anchor in starts if anchor in FACTS or re.fullmatch(r"spoor-\d|bijlage-1", anchor)]
    found = {}
    for (at, anchor), (end, _) in zip(top, [*top[1:], (len(page), "")], strict=True):
        found[anchor] = html.unescape(re.sub(r"<[^>]+>", " ", page[at:end]))
    return found


@pytest.fixture(scope="module")
def zwolle(platform: RunningPlatform) -> RunningPlatform:
    for service in ("sporen", "financien", "indicatoren"):
        seed(platform, service)
    return platform


def _api(platform: RunningPlatform, tenant: str = ZWOLLE, rol: str = "beheerder", **kw: str) -> httpx.AsyncClient:
    headers = auth_headers(platform, tenant, rol=rol, **kw)
    return httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=headers, timeout=60)


async def _complete(api: httpx.AsyncClient) -> dict:
    async def ready() -> dict | None:
        report = (await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}")).json()
        overview = report["financien"] or {}
        return report if overview.get("kaders") and overview.get("voorKader") else None

    return await eventually(ready, timeout=30)


async def test_the_chapters_of_the_real_report_in_its_order(zwolle: RunningPlatform) -> None:
    async with _api(zwolle) as api:
        await _complete(api)
        pdf = await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}", params={"formaat": "pdf"})
        page = (await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}", params={"formaat": "html"})).text
    outline = [item.title for item in PdfReader(io.BytesIO(pdf.content)).outline if not isinstance(item, list)]
    source = _source_chapters()
    assert source[0] == "Inleiding" and source[-1] == "Bijlage 1" and len(source) == 11, source
    position = 0
    for chapter in source:  # every chapter of the source, in its order, in the generated outline
        matching = [i for i, title in enumerate(outline) if title.split(":")[0].casefold() == chapter.casefold()
                    or title.casefold().startswith(chapter.casefold())]  # fmt: skip
        assert matching and matching[0] >= position, (chapter, outline)
        position = matching[0]
    assert outline.index("Spoor 6: Eén gezin, één plan") < outline.index("Communicatie")
    chapters = _chapters_of(page)
    deferred = _flat(chapters["spoor-6"])
    assert "volgende rapportage" in deferred and "probleemanalyse" in deferred and "update" not in deferred


@pytest.mark.parametrize("anchor", sorted(FACTS))
async def test_each_chapter_holds_the_facts_of_the_real_one(zwolle: RunningPlatform, anchor: str) -> None:
    source = _flat(REPORT_2020.read_text(encoding="utf-8"))
    async with _api(zwolle) as api:
        await _complete(api)
        page = (await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}", params={"formaat": "html"})).text
    chapter = _flat(_chapters_of(page)[anchor])
    for fact in FACTS[anchor]:
        assert _flat(fact) in source, f"{fact!r} is not in the source: the test's list is wrong"
        assert _flat(fact) in chapter, f"{anchor}: {fact!r} missing"
    assert "bron:" in chapter, f"{anchor}: the chapter names its source"


async def test_every_field_of_the_summary_box(zwolle: RunningPlatform) -> None:
    async with _api(zwolle) as api:
        report = await _complete(api)
        page = (await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}", params={"formaat": "html"})).text
    chapters = _chapters_of(page)
    labels = ["Probleem", "Gerealiseerd eerste halfjaar 2020", "Hervormingen", "Voor wie", "Financieel",
              "Stakeholders", "Raakvlak andere sporen", "Gewenste resultaten", "Uitdagingen/risico’s",
              "Beïnvloedbaar", "Niet/ gedeeltelijk beïnvloedbaar"]  # fmt: skip
    for block in report["sporen"][:5]:
        s = block["samenvatting"]
        text = _flat(chapters[f"spoor-{s['nummer']}"])
        for label in labels:
            assert _flat(label) in text, (s["nummer"], label)
        values = [*s["gewensteResultaten"], *s["uitdagingen"], *s["beinvloedbaar"], *s["nietBeinvloedbaar"],
                  *s["doelgroep"]["kenmerken"], s["doelgroep"]["omschrijving"] or ""]  # fmt: skip
        for value in filter(None, values):
            assert _flat(value) in text, (s["nummer"], value)


async def test_the_savings_as_the_sources_state_them(zwolle: RunningPlatform) -> None:
    async with _api(zwolle) as api:
        report = await _complete(api)
        rows = (await api.get("/financien/rapportages/doel-realisatie", params={"pageSize": 100})).json()["results"]
    overview = report["financien"]
    source = _flat(REPORT_2020.read_text(encoding="utf-8"))

    def mln_row(label: str) -> list[int]:
        found = re.search(re.escape(_flat(label)) + r"((?: \d,\d\d){5})", source)
        assert found, label
        return [int(v.replace(",", "")) * 1_000_000 for v in found.group(1).split()]

    jaren = overview["jaren"]
    assert [overview["totaal"][str(j)] for j in jaren] == mln_row("besparing")
    assert [overview["behoedzaamheidsmarge"][str(j)] for j in jaren] == mln_row("behoedzaamheidsmarge")

    # The chart: the Totaalopgave's total as target, and nothing realised in 2020 (not € 1,65 mln).
    chart = cijfers.savings_per_year(overview)
    assert [chart[j]["doel"] for j in jaren] == mln_row("besparing")
    assert chart[2020]["gerealiseerd"] == 0 and all(chart[j]["gerealiseerd"] == 0 for j in jaren)

    # Each track's own target is its own lines; line 10 is its claim on the prudence margin, apart.
    per_track = {(r.spoor, r.jaar): r for r in cijfers.per_track(overview)}
    for spoor in (2, 3):
        stated = re.search(rf"risicoprofiel spoor {spoor}.*?oplopend naar € (\d+,\d+) mln\. in (\d{{4}})", source)
        assert stated, spoor
        target = int(stated.group(1).replace(",", "")) * 1_000_000
        assert per_track[(spoor, int(stated.group(2)))].doel == target, spoor
    assert per_track[(2, 2024)].beslag == 70_000_000
    api_2024 = {r["spoorNummer"]: r for r in rows if r["jaar"] == 2024}
    assert api_2024[2]["doel"]["cent"] == 125_000_000 and api_2024[2]["beslagMarge"]["cent"] == 70_000_000

    # Realised before the frame: track 2's € 1,4 mln structural (the agenda) and € 0,25 mln incidental, track 3's
    # € 0,95 mln — shown as before 2020, never as a year of the frame.
    agenda = _flat(AGENDA_2019.read_text(encoding="utf-8"))
    assert "spoor 2 heeft al geleid tot een structurele besparing van 1,4 miljoen" in agenda
    before = {v["spoor"]: v for v in overview["voorKader"]}
    assert before[2]["structureelCent"] == 140_000_000 and before[2]["incidenteelCent"] == 25_000_000
    assert before[3]["gerealiseerdCent"] == 95_000_000 and before[2]["voorJaar"] == 2020
    assert "gerealiseerd: € 0,95 mln" in source and "gerealiseerd: € 1,4 mln en € 0,25 mln incidenteel" in source

    # Where the frame came from: the agenda's € 11,1 mln (2019), then the adjusted Totaalopgave (5,70 in 2024).
    assert "besparing van 11,1 miljoen" in agenda
    kaders = overview["kaders"]
    assert [(k["periode"], k["totaalCent"]) for k in kaders] == [("2019", 1_110_000_000), ("2020S1", 570_000_000)]
    assert kaders[-1]["totaalCent"] == overview["totaal"]["2024"]


async def _own_tracks(api: httpx.AsyncClient) -> None:
    created = await api.post("/sporen/sporen", json={"nummer": 1, "naam": "Sterke sociale basis"})
    assert created.status_code == 201, created.text


async def test_nothing_from_after_the_period(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _api(platform, tenant) as api:
        await _own_tracks(api)
        figures = Iv3Bijgewerkt(
            jaar=2024,
            bron="begroting",
            lijst="2017",
            naam="Test",
            inwoners=1000,
            gemeentegrootte=None,
            stedelijkheid=None,
            sporen=[],
            vergelijkbaar=[],
            versie=1,
        )
        conn = await asyncpg.connect(plain_database_url(platform.database_url))
        try:
            await conn.execute(
                "INSERT INTO sporen.iv3_cijfers (tenant, jaar, bron, versie, events_applied, inhoud) "
                "VALUES ($1, 2024, 'begroting', 1, 1, $2::jsonb) ON CONFLICT DO NOTHING",  # other tests import 2024
                tenant,
                json.dumps(figures.model_dump(mode="json")),
            )
        finally:
            await conn.close()
        early = (await api.get("/sporen/rapportages/halfjaar/2020S2")).json()
        early_html = (await api.get("/sporen/rapportages/halfjaar/2020S2", params={"formaat": "html"})).text
        late = (await api.get("/sporen/rapportages/halfjaar/2024S2")).json()
    assert early["iv3"] is None and "geen CBS Iv3-cijfers van 2020 of eerder" in early_html
    assert "Iv3 begroting 2024" not in early_html, "no budget of 2024 in a report of 2020"
    assert late["iv3"]["jaar"] >= 2024


#: The routes that serve the figures a report shows, per part of the report.
SOURCES = {
    "financien": "/financien/rapportages/totaalopgave",
    "besparingen": "/financien/rapportages/doel-realisatie",
    "indicatoren": "/indicatoren/indicatoren",
    "sporen": "/sporen/sporen",
    "risicos": "/sporen/risicos",
    "teksten": "/sporen/rapportteksten",
}


async def test_who_may_read_a_draft_and_a_published_report(zwolle: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _api(zwolle, tenant) as staff:
        await _own_tracks(staff)
        published = await staff.post("/sporen/rapportages/halfjaar/2021S1/publicaties")
        assert published.status_code == 201, published.text
        publicatie = published.json()["id"]
    for rol in ROLES:
        extra = {"organisatie": "Stichting Proef"} if rol == "partner" else {}
        async with _api(zwolle, tenant, rol=rol, **extra) as api:
            draft = await api.get("/sporen/rapportages/halfjaar/2021S1")
            draft_pdf = await api.get("/sporen/rapportages/halfjaar/2021S1", params={"formaat": "pdf"})
            frozen = await api.get(f"/sporen/rapportages/publicaties/{publicatie}")
            frozen_pdf = await api.get(f"/sporen/rapportages/publicaties/{publicatie}", params={"formaat": "pdf"})
            sources = {part: (await api.get(url)).status_code for part, url in SOURCES.items()}
        assert draft.status_code == draft_pdf.status_code, rol  # the same rule for every format
        assert (draft.status_code == 200) == (rol in STAFF), (rol, draft.status_code)
        if draft.status_code == 200:  # whoever reads the draft may read every figure in it where it is served
            assert all(code == 200 for code in sources.values()), (rol, sources)
        else:
            assert draft.status_code in (403, 404), rol
        assert frozen.status_code == 200 and frozen.json()["status"] == "vastgesteld", rol
        assert frozen_pdf.status_code == 200, rol


async def test_the_same_data_gives_the_same_bytes_and_etag(zwolle: RunningPlatform) -> None:
    async with _api(zwolle) as api:
        await _complete(api)
        for formaat in ("json", "html", "pdf"):
            url = f"/sporen/rapportages/halfjaar/{PERIODE}"
            first = await api.get(url, params={"formaat": formaat})
            second = await api.get(url, params={"formaat": formaat})
            assert first.content == second.content and first.headers["etag"] == second.headers["etag"], formaat
            cached = await api.get(url, params={"formaat": formaat}, headers={"If-None-Match": first.headers["etag"]})
            assert cached.status_code == 304, formaat
        report = (await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}")).json()
    assert report["status"] == "concept" and report["gegenereerdOp"] is None


async def test_no_pdf_page_ends_with_a_heading_and_the_title_page_says_what_it_is(zwolle: RunningPlatform) -> None:
    async with _api(zwolle) as api:
        await _complete(api)
        pdf = (await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}", params={"formaat": "pdf"})).content
    reader = PdfReader(io.BytesIO(pdf))

    def titles(entries: list) -> list[str]:
        return [t for e in entries for t in (titles(e) if isinstance(e, list) else [e.title])]

    headings = set(titles(reader.outline))
    assert len(headings) > 60
    for number, page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip() and "pagina" not in line]
        assert lines and lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"
    title_page = _flat(reader.pages[0].extract_text())
    assert "gemeente zwolle (gm0193)" in title_page and "tweede halfjaar 2020" in title_page
    assert "concept" in title_page


async def test_no_course_is_joined_across_definitions(platform: RunningPlatform) -> None:
    """As beschermd wonen's 900 (2019, clients who live in it) and ca. 1200 (2020, the regional target group)."""
    tenant = unique_tenant()
    async with _api(platform, tenant) as api:
        await api.post("/sporen/sporen", json={"nummer": 2, "naam": "Beschermd thuis"})
        indicator = {
            "code": "BW",
            "naam": "Cliënten beschermd wonen",
            "spoorNummer": 2,
            "richting": "afname",
            "definities": [
                {"vanaf": "2019", "omschrijving": "cliënten die beschermd wonen", "bron": "agenda 2019"},
                {"vanaf": "2020", "omschrijving": "regionale doelgroep", "bron": "rapportage 2020"},
            ],
        }
        created = await api.post("/indicatoren/indicatoren", json=indicator)
        assert created.status_code == 201, created.text
        assert [d["vanaf"] for d in created.json()["definities"]] == ["2019", "2020"]
        values = [
            {"indicator": "BW", "periode": p, "gebied": tenant, "waarde": w}
            for p, w in (("2019", "900"), ("2020", "1200"))
        ]
        assert (await api.post("/indicatoren/metingen", json=values)).status_code in (200, 201)

        async def judged(status: str) -> dict | None:
            report = (await api.get("/sporen/rapportages/halfjaar/2021S2")).json()
            found = [i for s in report["sporen"] for i in s["indicatoren"] if i["code"] == "BW"]
            return found[0] if found and found[0]["koers"] == status else None

        apart = await eventually(lambda: judged("niet-vergelijkbaar"), timeout=30)
        assert [w["definitie"] for w in apart["laatsteWaarden"]] == [
            "cliënten die beschermd wonen",
            "regionale doelgroep",
        ]
        later = [{"indicator": "BW", "periode": "2021", "gebied": tenant, "waarde": "1100"}]
        assert (await api.post("/indicatoren/metingen", json=later)).status_code in (200, 201)
        within = await eventually(lambda: judged("op-koers"), timeout=30)  # 1200 → 1100 within the new definition
        assert "cliënten die beschermd wonen" in within["koersReden"]
        page = (await api.get("/sporen/rapportages/halfjaar/2021S2", params={"formaat": "html"})).text
    assert "2019: 900 (cliënten die beschermd wonen)" in page


async def test_no_value_from_after_the_period(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _api(platform, tenant) as api:
        await api.post("/sporen/sporen", json={"nummer": 4, "naam": "Participatie"})
        indicator = {"code": "BIJSTAND", "naam": "Bijstand", "spoorNummer": 4, "richting": "afname"}
        assert (await api.post("/indicatoren/indicatoren", json=indicator)).status_code == 201
        values = [
            {"indicator": "BIJSTAND", "periode": p, "gebied": tenant, "waarde": w}
            for p, w in (("202001", "3614"), ("202007", "3771"), ("202101", "3500"))
        ]
        assert (await api.post("/indicatoren/metingen", json=values)).status_code in (200, 201)

        async def bijstand(periode: str) -> dict | None:
            report = (await api.get(f"/sporen/rapportages/halfjaar/{periode}")).json()
            found = [i for s in report["sporen"] for i in s["indicatoren"] if i["code"] == "BIJSTAND"]
            return found[0] if found and len(found[0]["laatsteWaarden"]) >= 2 else None

        in_2020 = await eventually(lambda: bijstand("2020S2"), timeout=30)
        in_2021 = await eventually(lambda: bijstand("2021S1"), timeout=30)
    assert [w["periode"] for w in in_2020["laatsteWaarden"]] == ["202001", "202007"]
    assert in_2020["koers"] is None and "na deze periode" in in_2020["koersReden"]
    assert [w["periode"] for w in in_2021["laatsteWaarden"]] == ["202001", "202007", "202101"]
    assert in_2021["koers"] == "op-koers"  # 3614 → 3771 → 3500: falling over the three, as expected
