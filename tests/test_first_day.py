"""A newcomer's first day: `stuurcyclus up` loads a living demo year from the sources' own figures, and the half-year
report it shows is one a council would accept — the same content in HTML and PDF, accessible (axe-core in Chromium,
WCAG 2.1 A and AA), the municipality by name, Dutch figures, Iv3 finance per track compared with municipalities of
the same size, and a PDF whose pages render to real images."""

from __future__ import annotations

import asyncio
import io
import json
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from PIL import Image
from pypdf import PdfReader
from stuurcyclus_common import nlformat as nl
from stuurcyclus_local import demo

from .browser import chromium_page
from .support import ZWOLLE, RunningPlatform, all_results, auth_headers, eventually, seed, token_for, unique_tenant

#: A day of the demo's year (fixed, so the test does not depend on today's date): the uitvraag has opened.
TODAY = date(2026, 6, 20)
PERIODE = "2026S1"


def _api(platform: RunningPlatform) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform), timeout=60)


@pytest.fixture(scope="module")
def demo_year(platform: RunningPlatform) -> list[str]:
    for service in ("sporen", "financien", "indicatoren"):
        seed(platform, service)
    token = token_for(platform.env, gemeente=ZWOLLE, rol="beheerder")
    return demo.load(platform.gateway, token, platform.env, TODAY)


async def _report(api: httpx.AsyncClient) -> dict:
    async def complete() -> dict | None:
        report = (await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}")).json()
        measured = [i for s in report["sporen"] for i in s["indicatoren"] if i["laatsteWaarden"]]
        return report if report["iv3"] and report["financien"] and len(measured) >= 4 else None

    return await eventually(complete, timeout=60)


async def test_the_demo_year_has_a_cycle_measurements_and_iv3_figures(
    platform: RunningPlatform, demo_year: list[str]
) -> None:
    assert any("342" in line for line in demo_year), demo_year  # the Iv3 file of every municipality
    async with _api(platform) as api:
        cycle = (await api.get("/gesprekstafels/cycli/2026")).json()
        status = {f["code"]: f["status"] for f in cycle["fasen"]}
        assert status["thematafels-januari"] == "gesloten" and status["uitvraag"] == "open", status
        assert status["toekenning"] == "gepland", "November has not come on 20 June"
        tables = await all_results(api, "/gesprekstafels/tafels", jaar=2026)
        january = [t for t in tables if t["fase"] == "thematafels-januari"]
        assert len(january) == 3 and all(t["ambitieId"] for t in january), "a theme table per ambition"
        assert [t["fase"] for t in tables].count("gezamenlijke-tafel") == 1

        values = await all_results(api, "/indicatoren/indicatoren/BRON-S4-bijstand/metingen")
        assert sorted((m["periode"], Decimal(m["waarde"])) for m in values) == [("202001", 3614), ("202007", 3771)]
        assert {m["gebiedNaam"] for m in values} == {"Zwolle"}, "a municipality's name beside its code"
        per_track = await all_results(api, "/financien/iv3/2024/sporen")
        assert [t["spoorNummer"] for t in per_track] == [1, 2, 3, 4, 5]
        assert all(t["lastenCent"] > 0 and t["inwoners"] > 130_000 for t in per_track)

        comparison = (await api.get("/financien/iv3/2024/vergelijking")).json()
        report = await _report(api)
        # The report's comparison is financien's for the year it shows (other tests may import other years here).
        shown = report["iv3"]
        same_year = (
            await api.get(f"/financien/iv3/{shown['jaar']}/vergelijking", params={"bron": shown["bron"]})
        ).json()
    # Nothing invented: the indicators without a figure in the sources have none in the report either.
    measured = {i["code"] for s in report["sporen"] for i in s["indicatoren"] if i["laatsteWaarden"]}
    assert measured == {c for c, _, _ in demo.MEASUREMENTS if c != "BRON-inwoners"}, measured
    assert report["gemeentenaam"] == "Zwolle"
    assert {p["gemeente"] for p in shown["vergelijkbaar"]} == {g["gemeente"] for g in same_year["gemeenten"]}
    peers = comparison["gemeenten"]
    assert ZWOLLE in {p["gemeente"] for p in peers} and len(peers) > 5, "Zwolle among the 2024 size class"
    assert all(100_000 <= p["inwoners"] < 150_000 for p in peers), "municipalities of one size class"

    # Running it again changes nothing (what exists is left alone).
    again = await asyncio.to_thread(
        demo.load, platform.gateway, token_for(platform.env, gemeente=ZWOLLE, rol="beheerder"), platform.env, TODAY
    )
    assert any("0 source indicators, 0 measurements" in line for line in again), again


class _Outline(HTMLParser):
    """The HTML's section headings (h2 and deeper in `main`) and table captions, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.captions: list[str] = []
        self._in: str | None = None
        self._main = False
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        if tag == "main":
            self._main = True
        if self._main and tag in ("h2", "h3", "h4", "h5", "h6", "caption"):
            self._in, self._text = tag, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            if tag == "caption":
                self.captions.append(self._text)
            else:
                self.headings.append((int(tag[1]) - 2, self._text))
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text += data


def _pdf_outline(reader: PdfReader) -> list[tuple[int, str]]:
    def walk(items: list, level: int) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for item in items:
            found += walk(item, level + 1) if isinstance(item, list) else [(level, item.title)]
        return found

    return walk(reader.outline, 0)


async def test_the_first_start_shows_named_wijken_and_a_map_of_inhabitants(
    platform: RunningPlatform, demo_year: list[str]
) -> None:
    """Issue 32's first start: every wijk and buurt of the register named (CBS's map), and CBS's inhabitants of 2024
    per wijk on a map — the figures as CBS gives them (rounded to fives), the source said."""
    kwb = json.loads((Path(demo.KWB).resolve()).read_text(encoding="utf-8"))
    async with _api(platform) as api:
        wijken = await all_results(api, "/indicatoren/gebieden", jaar=2015, soort="wijk")
        buurten = await all_results(api, "/indicatoren/gebieden", jaar=2015, soort="buurt")
        assert (len(wijken), len(buurten)) == (16, 78) and all(a["naam"] for a in wijken + buurten)
        indicator = (await api.get(f"/indicatoren/indicatoren/{demo.KWB_INDICATOR['code']}")).json()
        assert "vijftallen" in indicator["naam"] and indicator["bron"].startswith("CBS"), indicator
        values = await all_results(api, f"/indicatoren/indicatoren/{demo.KWB_INDICATOR['code']}/metingen")
        per_wijk = {m["gebied"]: m["waarde"] for m in values if m["gebied"].startswith("WK")}
        assert per_wijk == {c: v["AantalInwoners_5"] for c, v in kwb.items() if c.startswith("WK0193")}
        answer = await api.get(
            f"/indicatoren/indicatoren/{demo.KWB_INDICATOR['code']}/kaart", params={"periode": "2024"}
        )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("image/svg+xml")
    assert answer.text.count("data-code=") == 16 and "Wijk 10 Binnenstad" in answer.text


async def test_the_report_is_the_same_in_html_and_pdf_and_reads_as_dutch(
    platform: RunningPlatform, demo_year: list[str]
) -> None:
    async with _api(platform) as api:
        await _report(api)
        html = (await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}", params={"formaat": "html"})).text
        pdf = (await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}", params={"formaat": "pdf"})).content
    parsed = _Outline()
    parsed.feed(html)
    reader = PdfReader(io.BytesIO(pdf))
    assert _pdf_outline(reader) == parsed.headings, "the same chapters and sections, in the same order"
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    positions = [flat.find(caption) for caption in parsed.captions]
    assert -1 not in positions, [c for c, p in zip(parsed.captions, positions, strict=True) if p == -1]
    assert positions == sorted(positions), "the same tables in the same order"
    assert len(parsed.captions) >= 12, parsed.captions
    assert "Bestedingsvoorstellen, investeringen en programmakosten" in parsed.captions
    # The latest Iv3 figures the municipality has (other tests import other years and sources into this platform).
    assert any(re.fullmatch(r"Iv3 (begroting|jaarrekening) \d{4} per spoor", c) for c in parsed.captions)
    assert "Vergelijking met vergelijkbare gemeenten" in {t for _, t in parsed.headings}

    # The page: the municipality by name, its time, Dutch figures and one format per kind.
    assert "Gemeente Zwolle (GM0193)" in html and "Gemeente Zwolle (GM0193)" in flat
    assert "Concept: opgesteld uit de gegevens zoals ze nu zijn" in flat, "a draft says it is one"
    assert "€ 37,0 mln" in html and "€ 37,0 mln" in flat, "a budget as Dutch readers write it"
    assert not re.search(r"€ \d+\.\d\d mln", html + flat), "no decimal points in amounts"
    assert "Gemeenten van " in html and not re.search(r"\d+tot\d+inwoners|minderdan", html), "size class as read"
    assert "pagina 1 van" in flat and "Inhoud" in reader.pages[1].extract_text()

    # The charts: axes with ticks, values on the bars, realised beside target, a trend per indicator.
    savings = re.search(
        r'<svg[^>]*aria-label="Besparing: doel \(Totaalopgave\) en gerealiseerd per jaar[^"]*".*?</svg>', html, re.S
    )
    assert savings and savings.group(0).count('class="gerealiseerd"') == savings.group(0).count('class="doel"') > 0
    assert "2020: doel 0,85, gerealiseerd 0,00" in html, "the savings realised before 2020 are no realisation of 2020"
    # A trend per indicator with values; those without are listed compactly, not as 80 empty charts.
    assert 4 <= html.count('class="trend"') < 20 and "nog zonder metingen" in html
    assert "↓ verwacht: afname" in html


async def test_the_report_passes_axe_core_and_every_pdf_page_renders(
    platform: RunningPlatform, demo_year: list[str], tmp_path: Path
) -> None:
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, unique_tenant()), timeout=60
    ) as other:  # a PDF with other glyphs first, in the same process: each document gets its own fonts
        assert (await other.post("/sporen/sporen", json={"nummer": 1, "naam": "Eigen"})).status_code == 201
        empty = await other.get(f"/sporen/rapportages/halfjaar/{PERIODE}", params={"formaat": "pdf"})
        assert empty.status_code == 200 and empty.content[:4] == b"%PDF", empty.text[:300]
    async with _api(platform) as api:
        await _report(api)
        answer = await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}", params={"formaat": "pdf"})
        assert answer.status_code == 200 and answer.content[:4] == b"%PDF", answer.text[:300]
        pdf = answer.content
    from axe_playwright_python.async_playwright import Axe

    outside: list[str] = []
    async with chromium_page(outside) as page:
        await page.set_extra_http_headers({"Authorization": auth_headers(platform)["Authorization"]})
        await page.goto(f"{platform.gateway}/api/v1/sporen/rapportages/halfjaar/{PERIODE}?formaat=html")
        assert await page.content() and "Halfjaarrapportage" in await page.title()
        assert await page.evaluate("document.documentElement.lang") == "nl"
        levels = await page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4')].map(h => +h.tagName[1])")
        assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), "headings in order"
        tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
        results = await Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
        violations = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]]
        assert violations == [], violations
        assert len(results.response["passes"]) >= 10, "axe checked the page (rules passed)"
    assert outside == [], "the report needs nothing from the internet"

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed (`make test` installs it where it can)")
    (tmp_path / "rapport.pdf").write_bytes(pdf)
    subprocess.run([pdftoppm, "-r", "40", "-png", tmp_path / "rapport.pdf", tmp_path / "pagina"], check=True)
    pages = sorted(tmp_path.glob("pagina-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) >= 10
    for png in pages:
        grey = Image.open(png).convert("L")
        ink = sum(count for value, count in enumerate(grey.histogram()) if value < 200) / (grey.width * grey.height)
        assert ink > 0.004, f"{png.name} is blank ({ink:.4f} of its pixels carry ink)"


async def test_the_openapi_text_says_what_the_api_does_with_gemeente_code(platform: RunningPlatform) -> None:
    """The header is optional everywhere (the token names the municipality), and the text says so."""
    async with httpx.AsyncClient(timeout=30) as client:
        document = (await client.get(f"{platform.gateway}/api/v1/openapi.json")).json()
    assert "may name it again in the `Gemeente-Code` header" in document["info"]["description"]
    headers = [
        parameter
        for path in document["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "header" and parameter.get("name") == "Gemeente-Code"
    ]
    assert len(headers) > 100 and not any(p.get("required") for p in headers)
    assert all("optional" in p.get("description", "") for p in headers)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (nl.euro_mln(3_700_000_000), "€ 37,0 mln"),
        (nl.euro_mln(95_000_000), "€ 0,95 mln"),  # as the source writes it, not rounded to € 1,0 mln
        (nl.euro_mln(None), "–"),
        (nl.mln(85_000_000), "0,85"),
        (nl.euro(123_456_789), "€ 1.234.568"),
        (nl.getal(1234), "1.234"),
        (nl.waarde("38.500000"), "38,5"),
        (nl.procent(Decimal("0.125")), "12,5%"),
        (nl.datum_tijd(datetime(2026, 7, 1, 10, 15, tzinfo=UTC)), "1 juli 2026, 12:15"),  # summer time
        (nl.datum_tijd(datetime(2026, 12, 2, 10, 15, tzinfo=UTC)), "2 december 2026, 11:15"),
        (nl.grootteklasse("100000tot150000inwoners"), "100.000 tot 150.000 inwoners"),
        (nl.grootteklasse("250000inwoners"), "250.000 of meer inwoners"),
        (nl.grootteklasse("minderdan5000inwoners"), "minder dan 5.000 inwoners"),
    ],
)
def test_figures_are_written_as_dutch_readers_write_them(value: str, written: str) -> None:
    assert value == written
