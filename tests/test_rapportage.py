"""The half-year report over the real platform: built by sporen from its own data and its read models of indicatoren
and financien (kept from their events), as JSON, HTML (rendered in headless Chromium) and PDF, and published frozen."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader

from .support import ZWOLLE, RunningPlatform, all_results, auth_headers, eventually, seed, unique_tenant

PERIODE = "2020S2"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _api(platform: RunningPlatform, tenant: str = ZWOLLE) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant), timeout=60)


@pytest.fixture(scope="module")
def zwolle(platform: RunningPlatform) -> RunningPlatform:
    for service in ("sporen", "financien", "indicatoren"):
        seed(platform, service)
    return platform


async def _report(api: httpx.AsyncClient, periode: str = PERIODE) -> dict:
    """The report once the other services' events have arrived (the finance overview and Bijlage 1's indicators)."""

    async def complete() -> dict | None:
        report = (await api.get(f"/sporen/rapportages/halfjaar/{periode}")).json()
        return report if report["financien"] and report["bronnen"]["indicatoren"] >= 83 else None

    return await eventually(complete, timeout=30)


async def test_zwolles_report_for_h2_2020_reproduces_the_source(zwolle: RunningPlatform) -> None:
    async with _api(zwolle) as api:
        report = await _report(api)
    assert report["titel"] == "Halfjaarrapportage Sociaal Domein, tweede halfjaar 2020"
    assert [s["samenvatting"]["nummer"] for s in report["sporen"]] == [1, 2, 3, 4, 5, 6]
    spoor3 = report["sporen"][2]["samenvatting"]
    assert spoor3["financieelKader"]["budgetCent"] == 3_700_000_000
    assert {r["nummer"] for r in spoor3["raakvlakken"]}, "links to other tracks are in the summary block"
    assert report["sporen"][0]["voortgang"]["periode"] == "2020S2"  # the update written for this half year
    assert report["sporen"][0]["gerealiseerd"]["periode"] == "2020S1"  # the summary box: "Gerealiseerd eerste halfjaar"

    finance = report["financien"]
    assert [finance["totaal"][str(j)] for j in finance["jaren"]] == [
        85_000_000,
        165_000_000,
        380_000_000,
        485_000_000,
        570_000_000,
    ]
    assert [finance["behoedzaamheidsmarge"][str(j)] for j in finance["jaren"]] == [
        200_000_000,
        125_000_000,
        80_000_000,
        105_000_000,
        180_000_000,
    ]
    assert [lijn["code"] for lijn in finance["lijnen"]] == ["2", "10", "3 & 7", "8 & 9"]

    per_track = {s["samenvatting"]["nummer"]: {i["code"]: i for i in s["indicatoren"]} for s in report["sporen"]}
    bijlage1 = {n: len([c for c in codes if c.startswith(f"S{n}-")]) for n, codes in per_track.items()}
    assert bijlage1 == {1: 20, 2: 14, 3: 30, 4: 7, 5: 12, 6: 0}
    instroom = per_track[2]["S2-K01"]
    assert (instroom["verwachting"], instroom["richting"]) == ("Afname instroom.", "afname"), instroom

    # The risk profiles of 2020S2 are new in this report (none before); each track's come with it.
    risks = [r for s in report["sporen"] for r in s["risicos"]]
    assert risks and {r["wijziging"] for r in risks} == {"nieuw"}
    assert len(report["dataversie"]) == 64


async def _own_agenda(api: httpx.AsyncClient) -> dict:
    """Two tracks, a risk assessed in 2020S2 and an indicator of track 2, in a municipality of this test's own."""
    one = (await api.post("/sporen/sporen", json={"nummer": 1, "naam": "Sterke sociale basis"})).json()
    two = (await api.post("/sporen/sporen", json={"nummer": 2, "naam": "Beschermd thuis"})).json()
    risk = {
        "titel": "Open-einderegelingen",
        "periode": "2020S2",
        "onderdelen": ["toegang-open-einderegelingen"],
        "weging": "laag",
        "toelichting": "Beperkt risico.",
    }
    risico = await api.post(f"/sporen/sporen/{one['id']}/risicos", json=risk)
    assert risico.status_code == 201, risico.text
    indicator = {
        "code": "INSTROOM",
        "naam": "Instroom",
        "spoorNummer": 2,
        "verwachting": "Afname instroom.",
        "richting": "afname",
    }
    assert (await api.post("/indicatoren/indicatoren", json=indicator)).status_code == 201
    return {"sporen": [one, two], "risico": risico.json()}


async def test_measurements_and_revisions_reach_the_report(platform: RunningPlatform) -> None:
    async with _api(platform, unique_tenant()) as api:
        agenda = await _own_agenda(api)

        async def known() -> dict | None:
            report = (await api.get("/sporen/rapportages/halfjaar/2021S1")).json()
            return report if report["sporen"][1]["indicatoren"] else None

        before = await eventually(known, timeout=30)
        assert all(s["risicos"] == [] for s in before["sporen"]), "nothing changed since 2020S2"
        in_2020 = (await api.get("/sporen/rapportages/halfjaar/2020S2")).json()
        assert [r["wijziging"] for r in in_2020["sporen"][0]["risicos"]] == ["nieuw"]

        values = [
            {"indicator": "INSTROOM", "periode": p, "gebied": api.headers["Gemeente-Code"], "waarde": w}
            for p, w in (("2018", "410"), ("2019", "380"), ("2020", "350.5"))
        ]
        assert (await api.post("/indicatoren/metingen", json=values)).status_code in (200, 201)
        revised = await api.post(
            f"/sporen/risicos/{agenda['risico']['id']}/revisies",
            json={
                "periode": "2021S1",
                "onderdelen": ["rijksbudgetten"],
                "weging": "midden",
                "toelichting": "Onzekerheid over de rijksmiddelen voor beschermd wonen.",
                "versie": agenda["risico"]["versie"],
            },
        )
        assert revised.status_code == 201, revised.text

        async def updated() -> dict | None:
            report = (await api.get("/sporen/rapportages/halfjaar/2021S1")).json()
            return report if report["sporen"][1]["indicatoren"][0]["laatsteWaarden"] else None

        report = await eventually(updated, timeout=30)
    instroom = report["sporen"][1]["indicatoren"][0]
    assert [(w["periode"], w["waarde"]) for w in instroom["laatsteWaarden"]] == [
        ("2018", "410"),
        ("2019", "380"),
        ("2020", "350.5"),
    ]
    assert instroom["koers"] == "op-koers"  # expected to decrease, and it does
    changed = report["sporen"][0]["risicos"]
    assert [(r["wijziging"], r["huidig"]["weging"], r["vorige"]["periode"]) for r in changed] == [
        ("herzien", "midden", "2020S2")
    ]
    assert report["financien"] is None, "no financial overview in this municipality: the report says so, not 500"


async def test_html_renders_in_headless_chromium_and_pdf_has_a_section_per_track(
    zwolle: RunningPlatform, tmp_path: Path
) -> None:
    async with _api(zwolle) as api:
        report_now = await _report(api)
        html = await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}", params={"formaat": "html"})
        pdf = await api.get(f"/sporen/rapportages/halfjaar/{PERIODE}", params={"formaat": "pdf"})
    assert html.headers["content-type"].startswith("text/html")
    assert pdf.headers["content-type"] == "application/pdf"

    reader = PdfReader(io.BytesIO(pdf.content))
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert [t.split(":")[0] for t in outline if t.startswith("Spoor")] == [f"Spoor {n}" for n in range(1, 7)]
    assert "Financiën hervormingsagenda" in outline
    assert len(reader.pages) >= 8
    assert "Besparing (totaal)" in "".join(page.extract_text() for page in reader.pages)

    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (`make test` installs it where it can)")
    page = tmp_path / "rapport.html"
    page.write_text(html.text, encoding="utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    for n in range(1, 7):
        assert f'id="spoor-{n}"' in dom and f"Spoor {n}:" in dom
    measured = sum(1 for s in report_now["sporen"] for i in s["indicatoren"] if i["laatsteWaarden"])
    assert dom.count("<svg") >= measured + 1, "a trend line per indicator with values, and the finance chart"
    assert 'aria-label="Besparing: doel (Totaalopgave) en gerealiseerd per jaar (€ mln)"' in dom
    shot = tmp_path / "rapport.png"
    subprocess.run(
        [CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1280,4000", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 20_000, "the page rendered to a real image"


async def test_a_published_report_is_frozen_with_its_data_version(platform: RunningPlatform) -> None:
    async with _api(platform, unique_tenant()) as api:
        await _own_agenda(api)

        async def settled() -> dict | None:  # once indicatoren's definition has arrived, nothing else will
            report = (await api.get("/sporen/rapportages/halfjaar/2022S1")).json()
            return report if report["sporen"][1]["indicatoren"] else None

        live = await eventually(settled, timeout=30)
        first = await api.post("/sporen/rapportages/halfjaar/2022S1/publicaties")
        assert first.status_code == 201, first.text
        again = (await api.post("/sporen/rapportages/halfjaar/2022S1/publicaties")).json()
        assert again["id"] == first.json()["id"] and again["versie"] == 1, "unchanged data: the same publication"
        assert first.json()["dataversie"] == live["dataversie"]

        spoor2 = live["sporen"][1]["samenvatting"]
        added = await api.post(
            f"/sporen/sporen/{spoor2['id']}/voortgang",
            json={"periode": "2022S1", "gerealiseerd": "Beschermd thuis: pilot in twee wijken gestart."},
        )
        assert added.status_code == 201, added.text
        changed = (await api.get("/sporen/rapportages/halfjaar/2022S1")).json()
        assert changed["dataversie"] != live["dataversie"]

        frozen = (await api.get(f"/sporen/rapportages/publicaties/{first.json()['id']}")).json()
        assert frozen["dataversie"] == live["dataversie"] and frozen["sporen"][1]["voortgang"] is None
        html = await api.get(f"/sporen/rapportages/publicaties/{first.json()['id']}", params={"formaat": "html"})
        assert "pilot in twee wijken" not in html.text
        second = (await api.post("/sporen/rapportages/halfjaar/2022S1/publicaties")).json()
        assert second["versie"] == 2 and second["dataversie"] == changed["dataversie"]
        listed = await all_results(api, "/sporen/rapportages/halfjaar/2022S1/publicaties")
        assert [p["versie"] for p in listed] == [1, 2]
        bad = await api.get("/sporen/rapportages/halfjaar/2022H1")
        assert bad.status_code == 400 and bad.headers["content-type"].startswith("application/problem+json")
