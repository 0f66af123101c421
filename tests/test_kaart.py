"""Maps people read (issue 32, item 2 in part): an indicator over the wijken of a period as SVG — outlines from the
register (CBS's map), five classes of equal count whose legend says their bounds, "geen gegevens" hatched, each
wijk's name and value in its `<title>` and all of them in `<desc>` for screen readers."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import httpx
import pytest
from pypdf import PdfReader
from stuurcyclus_common.kaart import class_of, classes

from .support import RunningPlatform, auth_headers, eventually, unique_tenant
from .test_gebieden_kaart import _moved

SVG = "{http://www.w3.org/2000/svg}"


def test_classes_of_equal_count_say_their_bounds() -> None:
    from decimal import Decimal as D

    values = [D(v) for v in (10, 20, 30, 40, 50, 60, 70, 80, 90, 100)]
    bounds = classes(values)
    assert bounds == [(D(10), D(20)), (D(30), D(40)), (D(50), D(60)), (D(70), D(80)), (D(90), D(100))]
    assert [class_of(v, bounds) for v in (D(10), D(25), D(100))] == [0, 1, 4]
    assert classes([D(5)] * 4) == [(D(5), D(5))], "one value: one class"
    assert classes([]) == []


@pytest.mark.parametrize("soort", ["wijk"])
async def test_an_indicator_over_the_wijken_as_svg(platform: RunningPlatform, soort: str) -> None:
    tenant = unique_tenant()
    z = tenant[2:]
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1/indicatoren", headers=auth_headers(platform, tenant)
    ) as api:
        geo = {"Content-Type": "application/geo+json"}
        loaded = await api.post("/gebieden", params={"jaar": 2015}, content=_moved("wk_2015.json", z), headers=geo)
        assert loaded.status_code == 200, loaded.text
        body = {"code": "INW", "naam": "Inwoners", "richting": "nader-te-bepalen", "eenheid": "personen"}
        assert (await api.post("/indicatoren", json=body)).status_code == 201
        wijken = [f"WK{z}{n}" for n in (10, 11, 12, 13, 14, 20, 21, 22, 30, 31, 32, 40)]  # 12 of the 16
        rows = [
            {"indicator": "INW", "periode": "2024", "gebied": code, "waarde": str(1000 + 250 * i)}
            for i, code in enumerate(wijken)
        ]
        assert (await api.post("/metingen", json=rows)).status_code == 200
        answer = await api.get("/indicatoren/INW/kaart", params={"periode": "2024", "soort": soort})
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("image/svg+xml")
        assert (
            await api.get("/indicatoren/INW/kaart", params={"periode": "2024", "soort": "buurt"})
        ).status_code == 404

    document = ET.fromstring(answer.text)
    assert document.get("role") == "img" and document.find(f"{SVG}title") is not None
    paths = {p.get("data-code"): p for p in document.iter(f"{SVG}path") if p.get("data-code")}
    assert len(paths) == 16, "every wijk of the register drawn"
    (outline,) = [g for g in document.iter(f"{SVG}g") if g.get("data-omtrek") == "gemeente"]
    assert len(outline) == 16 and outline.get("fill") == "none", "the municipality's outline, under the fills"
    hatched = {code for code, p in paths.items() if p.get("fill") == "url(#geen-gegevens)"}
    assert hatched == {code for code in paths if code not in wijken}
    binnenstad = paths[f"WK{z}10"].find(f"{SVG}title").text
    assert binnenstad == f"Wijk 10 Binnenstad (WK{z}10): 1.000", "Dutch digits"
    assert paths[f"WK{z}40"].find(f"{SVG}title").text.endswith(": 3.750")
    legend = [t.text for t in document.iter(f"{SVG}text") if t.get("data-klasse")]
    assert legend[0] == "1.000 – 1.250" and legend[-1].endswith("3.750") and len(legend) == 5, legend
    assert any(t.text == "geen gegevens" for t in document.iter(f"{SVG}text"))
    description = document.find(f"{SVG}desc").text
    assert description.count(";") == 15 and "geen gegevens" in description
    fills = {p.get("fill") for code, p in paths.items() if code in wijken}
    assert len(fills) == 5, "five classes coloured"


async def test_the_report_draws_each_indicator_with_values_per_wijk(platform: RunningPlatform) -> None:
    """The half-year report's monitoring chapter (issue 32, item 2): a map per indicator with values per wijk in the
    latest period over by the report's end, its figures in a table beside it, in HTML and PDF; none from later."""
    tenant = unique_tenant()
    z = tenant[2:]
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant), timeout=30
    ) as api:
        assert (await api.post("/sporen/sporen", json={"nummer": 1, "naam": "Sterke sociale basis"})).status_code == 201
        geo = {"Content-Type": "application/geo+json"}
        loaded = await api.post(
            "/indicatoren/gebieden", params={"jaar": 2015}, content=_moved("wk_2015.json", z), headers=geo
        )
        assert loaded.status_code == 200, loaded.text
        body = {"code": "INW", "naam": "Inwoners", "richting": "nader-te-bepalen", "eenheid": "personen"}
        assert (await api.post("/indicatoren/indicatoren", json=body)).status_code == 201
        values = [{"indicator": "INW", "periode": "2023", "gebied": f"WK{z}10", "waarde": "9000"}] + [
            {"indicator": "INW", "periode": "2024", "gebied": f"WK{z}{n}", "waarde": str(1000 * i + 5)}
            for i, n in enumerate((10, 11, 12, 13), start=1)
        ]
        assert (await api.post("/indicatoren/metingen", json=values)).status_code == 200

        async def drawn() -> dict | None:
            report = (await api.get("/sporen/rapportages/halfjaar/2024S2")).json()
            return report if report.get("kaarten") else None

        report = await eventually(drawn, timeout=30)
        (kaart,) = report["kaarten"]
        assert (kaart["code"], kaart["periode"], kaart["registerjaar"], kaart["eenheid"]) == (
            "INW",
            "2024",
            2015,
            "personen",
        )
        assert len(kaart["waarden"]) == 16 and sum(w["waarde"] is not None for w in kaart["waarden"]) == 4
        binnenstad = next(w for w in kaart["waarden"] if w["gebied"] == f"WK{z}10")
        assert (binnenstad["naam"], binnenstad["waarde"]) == ("Wijk 10 Binnenstad", "1005")

        earlier = (await api.get("/sporen/rapportages/halfjaar/2023S2")).json()
        assert [(k["periode"], len([w for w in k["waarden"] if w["waarde"]])) for k in earlier["kaarten"]] == [
            ("2023", 1)
        ], "nothing from after the report's period"
        assert (await api.get("/sporen/rapportages/halfjaar/2022S2")).json()["kaarten"] == []

        html = (await api.get("/sporen/rapportages/halfjaar/2024S2", params={"formaat": "html"})).text
        assert "Inwoners per wijk, 2024" in html and 'data-omtrek="gemeente"' in html
        assert "Wijk 10 Binnenstad" in html and "1.005" in html and "geen gegevens" in html
        pdf = await api.get("/sporen/rapportages/halfjaar/2024S2", params={"formaat": "pdf"})
        assert pdf.status_code == 200 and pdf.headers["content-type"].startswith("application/pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Inwoners per wijk, 2024" in text and "Wijk 10 Binnenstad" in text and "geen gegevens" in text


async def test_a_partner_sees_on_the_map_only_what_it_may_see_and_the_table_beside_it(
    platform: RunningPlatform,
) -> None:
    """The map is a read of measurements like any other: another partner's values are "geen gegevens" to a partner
    (`provenance`), its own and the municipality's are shown; `formaat=tabel` gives the same figures as a table."""
    tenant = unique_tenant()
    z = tenant[2:]
    base = f"{platform.gateway}/api/v1/indicatoren"
    async with (
        httpx.AsyncClient(base_url=base, headers=auth_headers(platform, tenant)) as api,
        httpx.AsyncClient(base_url=base, headers=auth_headers(platform, tenant, "partner", "Buurtwerk")) as own,
        httpx.AsyncClient(base_url=base, headers=auth_headers(platform, tenant, "partner", "Anders")) as other,
    ):
        geo = {"Content-Type": "application/geo+json"}
        assert (
            await api.post("/gebieden", params={"jaar": 2015}, content=_moved("wk_2015.json", z), headers=geo)
        ).status_code == 200
        body = {"code": "DEELNAME", "naam": "Deelnemers", "richting": "toename", "eenheid": "aantal"}
        assert (await api.post("/indicatoren", json=body)).status_code == 201
        rows = [
            {"indicator": "DEELNAME", "periode": "2024", "gebied": f"WK{z}10", "waarde": "120"},
            {"indicator": "DEELNAME", "periode": "2024", "gebied": f"WK{z}11", "waarde": "80", "herkomst": "partner",
             "leverancier": "Buurtwerk"},
        ]  # fmt: skip
        assert (await api.post("/metingen", json=rows)).status_code == 200

        async def table(client: httpx.AsyncClient) -> dict[str, str]:
            answer = await client.get("/indicatoren/DEELNAME/kaart", params={"periode": "2024", "formaat": "tabel"})
            assert answer.status_code == 200, answer.text
            assert answer.json()["headers"] == ["naam", "gebied", "waarde"]
            return {gebied: waarde for _, gebied, waarde in answer.json()["rows"]}

        staff, mine, theirs = await table(api), await table(own), await table(other)
        assert (staff[f"WK{z}10"], staff[f"WK{z}11"]) == ("120", "80")
        assert mine[f"WK{z}11"] == "80", "a partner sees its own"
        assert (theirs[f"WK{z}10"], theirs[f"WK{z}11"]) == ("120", "geen gegevens"), "never another partner's"
        assert len(staff) == 16 and staff[f"WK{z}12"] == "geen gegevens"
        drawn = await other.get("/indicatoren/DEELNAME/kaart", params={"periode": "2024"})
        assert "80" not in ET.fromstring(drawn.text).find(f"{SVG}desc").text.replace(f"WK{z}", "")
