"""Past 2020 (issue 31): the collectivisation measure of the council proposal (`003_…`), the Koers Sociaal Domein 2023
(`004_…`: developments, lessons and results, the tracks as they stood), prognoses beside measurements, and the peers
the municipality named — each compared with the source document's own text, and each kind's rules.
"""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from .support import ZWOLLE, RunningPlatform, all_results, auth_headers, eventually, seed, unique_tenant

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _source(prefix: str) -> str:
    """A source document's text, its line breaks and repeated spaces folded (the PDF's layout undone), lower case."""
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", text).lower()


def _folded(*texts: str | None) -> str:
    return re.sub(r"\s+", " ", " ".join(t for t in texts if t)).lower()


@pytest.fixture(scope="module")
def seeded(platform: RunningPlatform) -> RunningPlatform:
    seed(platform, "sporen")
    seed(platform, "financien")
    return platform


def _api(platform: RunningPlatform, tenant: str = ZWOLLE, rol: str = "beleid") -> httpx.AsyncClient:
    headers = auth_headers(platform, tenant, rol, "Travers Welzijn" if rol == "partner" else None)
    return httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=headers, timeout=30)


async def test_the_collectivisation_measure_carries_the_council_proposal(seeded: RunningPlatform) -> None:
    source = _source("003")
    async with _api(seeded, rol="raad") as api:
        (w4,) = [m for m in await all_results(api, "/sporen/maatregelen") if m["code"] == "W4"]
    assert "maatregel w4: collectiviseren voorzieningen door middel van integrale contractering" in source
    assert w4["naam"] == "Collectiviseren voorzieningen door middel van integrale contractering"
    # The savings prognosis as the proposal states it: 2020 € 500.000, 2021 € 1,0 mln, 2022 € 1,5 mln, 2023 € 2 mln.
    assert "2020: € 500.000; 2021: € 1,0 mln.; 2022: € 1,5 mln. en voor 2023: € 2 mln" in source
    assert [(p["jaar"], p["bedragCent"]) for p in w4["besparingsprognose"]] == [
        (2020, 50_000_000),
        (2021, 100_000_000),
        (2022, 150_000_000),
        (2023, 200_000_000),
    ]
    # Its project costs and their cover.
    assert "€ 373.200 in 2019" in source and "reserve incidentele middelen" in source
    assert [(k["jaar"], k["bedragCent"], k["dekking"]) for k in w4["kosten"]] == [
        (2019, 37_320_000, "Reserve incidentele middelen")
    ]
    # Phases with their months, steps in order, the last phase still to be worked out.
    assert "fase 1: planvorming (november- december 2018)" in source
    fasen = {f["naam"]: f for f in w4["fasen"]}
    assert (fasen["Fase 1: Planvorming"]["van"], fasen["Fase 1: Planvorming"]["tot"]) == ("2018-11", "2018-12")
    opbouw = fasen["Fase 2: Opbouw van het programma collectivisering"]
    assert [(s["van"], s["tot"]) for s in opbouw["stappen"]] == [
        ("2019-01", "2019-04"),
        ("2019-02", "2019-05"),
        ("2019-05", "2019-07"),
        ("2019-08", "2019-12"),
    ]
    for stap in opbouw["stappen"]:
        assert stap["naam"].split(". ", 1)[1].lower() in source, stap["naam"]
    # Risks with their mitigation, participation, the peers, and what became of it (track 1, no savings target).
    assert len(w4["risicos"]) == 3 and all(r["beheersmaatregel"] for r in w4["risicos"])
    for risico in w4["risicos"]:
        assert risico["titel"].lower()[:40] in source, risico["titel"]
    vormen = {p["vorm"] for p in w4["participatie"]}
    assert {"Burgerpanel", "Participatieraad", "Innovatietafel"} <= vormen and "burgerpanel" in source
    assert set(w4["vergelijkbareGemeenten"]) == {"Almere", "Amersfoort", "Zaanstad", "Leeuwarden", "Zoetermeer"}
    assert w4["uitkomst"]["soort"] == "opgenomen-in-spoor" and w4["uitkomst"]["spoor"] == 1
    assert "gaat op in spoor 1" in _source("002") and "gedekt vanuit de middelen die waren gereserveerd" in _source(
        "001"
    )
    assert w4["sporen"] == [1] and "003_" in w4["bron"]


async def test_the_koers_2023_developments_lessons_and_track_states(seeded: RunningPlatform) -> None:
    source = _source("004")
    async with _api(seeded, rol="partner") as api:  # the agenda is public policy: partners read it too
        ontwikkelingen = await all_results(api, "/sporen/ontwikkelingen", periode="2023S2")
        lessen = await all_results(api, "/sporen/lessen", periode="2023S2")
        wetten = await all_results(api, "/sporen/ontwikkelingen", soort="wetgeving")
        sporen = {s["nummer"]: s for s in await all_results(api, "/sporen/sporen")}
        standen = {n: await all_results(api, f"/sporen/sporen/{s['id']}/standen") for n, s in sporen.items()}
    register = _folded(*(f"{o['titel']} {o['omschrijving']} {o['verwachtEffect']}" for o in ontwikkelingen))
    # Facts the Koers gives, found in the source and in the platform's register alike.
    for fact in (
        "140.000 inwoners in 2030",
        "149.600 op 1-1-2040",
        "20% van de bevolking 65 jaar of ouder",
        "vanaf 2025 de grootste groep",
        "propositie sociaal domein",
        "hervormingsagenda jeugd",
        "integraal zorgakkoord",
        "participatiewet in balans",
        "wet wams",
        "rsj ijsselland",
        "vanaf 2026 de groei van het gemeentefonds wordt beperkt",
        "mantelzorgpotentieel",
    ):
        assert fact in source, f"the source does not say {fact!r}"
        assert fact in register, f"the register misses {fact!r}"
    assert {o["soort"] for o in ontwikkelingen} >= {"trend", "landelijk", "wetgeving", "financieel", "kader"}
    wams = next(o for o in wetten if "WAMS" in o["titel"])
    assert wams["inWerkingOp"] == "2024-07-01" and "1 juli 2024" in source
    assert all("004_" in o["bron"] for o in ontwikkelingen)
    # Lessons and each movement's result, with where they were learned.
    results = {les["beweging"]: les for les in lessen if les["soort"] == "resultaat" and les["beweging"]}
    assert set(results) == {"A", "B", "C", "D"}
    learned_at = {place for les in lessen for place in les["geleerdBij"]}
    for place in ("Proeftuin Jeugd", "Innovatielab participatie", "Doorbraakmethode", "Sociale Coöperatie"):
        assert place in learned_at and place.lower() in source, place
    tegenvallend = next(les for les in lessen if les["titel"] == "Tegenvallende resultaten")
    assert "23%" in tegenvallend["tekst"] and "35%" in tegenvallend["tekst"] and "50%" in tegenvallend["tekst"]
    # Every track's state in the autumn of 2023 stands beside its 2019 form, in the Koers' words.
    for nummer in range(1, 7):
        (stand,) = [s for s in standen[nummer] if s["periode"] == "2023S2"]
        assert stand["status"] == "actief" and stand["omschrijving"].split(":")[0].lower() in source
        assert sporen[nummer]["naam"]  # the 2019 name is kept; the 2023 scope is the state's


async def test_a_measure_is_versioned_and_refuses_what_the_rules_refuse(platform: RunningPlatform) -> None:
    async with _api(platform, unique_tenant()) as api:
        body = {
            "code": "W9",
            "naam": "Proefmaatregel",
            "programma": "Interventieplan",
            "sporen": [1],
            "besparingsprognose": [{"jaar": 2025, "bedragCent": 100}],
            "kosten": [{"jaar": 2025, "bedragCent": 5, "dekking": "Algemene reserve"}],
            "fasen": [{"naam": "Fase 1", "van": "2025-01", "tot": "2025-03"}],
        }
        created = await api.post("/sporen/maatregelen", json=body)
        assert created.status_code == 201, created.text
        maatregel = created.json()
        assert (await api.post("/sporen/maatregelen", json=body)).status_code == 409
        for refused, field in (
            ({**body, "code": "W10", "sporen": [7]}, "sporen"),
            ({**body, "code": "W11", "kosten": [{"jaar": 2025, "bedragCent": 5}]}, "kosten"),
            ({**body, "code": "W12", "fasen": [{"naam": "x", "van": "2025-13"}]}, "fasen"),
            ({**body, "code": "W13", "besparingsprognose": [{"jaar": 2025, "bedragCent": 1.5}]}, "besparingsprognose"),
        ):
            answer = await api.post("/sporen/maatregelen", json=refused)
            assert answer.status_code in (400, 422), answer.text
            assert any(field in p["name"] for p in answer.json()["invalidParams"]), answer.text
        url = f"/sporen/maatregelen/{maatregel['id']}"
        outcome = {"uitkomst": {"soort": "gestopt", "besluit": "Collegebesluit", "datum": "2025-06-01"}}
        stale = await api.patch(url, json=outcome, headers={"If-Match": '"7"'})
        assert stale.status_code == 412
        changed = await api.patch(url, json=outcome, headers={"If-Match": '"1"'})
        assert changed.status_code == 200 and changed.json()["uitkomst"]["soort"] == "gestopt"
        history = await all_results(api, f"{url}/historie")
        assert [h["versie"] for h in history] == [1, 2] and history[0]["toestand"]["uitkomst"] is None
    async with _api(platform, rol="partner") as partner:
        assert (await partner.post("/sporen/maatregelen", json={**body, "code": "P1"})).status_code == 403


async def test_a_track_state_sets_its_status_and_stays_beside_the_earlier_ones(platform: RunningPlatform) -> None:
    async with _api(platform, unique_tenant()) as api:
        spoor = (await api.post("/sporen/sporen", json={"nummer": 2, "naam": "Beschermd wonen"})).json()
        url = f"/sporen/sporen/{spoor['id']}/standen"
        first = await api.post(
            url, json={"periode": "2021S1", "status": "gewijzigd", "omschrijving": "Beschermd Thuis", "bron": "x"}
        )
        assert first.status_code == 201, first.text
        done = await api.post(url, json={"periode": "2023S2", "status": "afgerond", "datum": "2023-12-31", "bron": "y"})
        assert done.status_code == 201
        assert (await api.post(url, json={"periode": "2023S2", "status": "actief", "bron": "z"})).status_code == 409
        late = await api.post(url, json={"periode": "2022S1", "status": "actief", "bron": "w"})  # an earlier one
        assert late.status_code == 201
        track = (await api.get(f"/sporen/sporen/{spoor['id']}")).json()
        assert track["status"] == "afgerond" and track["omschrijving"] == "Beschermd Thuis"
        assert [s["periode"] for s in await all_results(api, url)] == ["2021S1", "2022S1", "2023S2"]


async def test_prognoses_stand_apart_from_measurements_and_the_course(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _api(platform, tenant) as api:
        indicator = {
            "code": "T-INWONERS",
            "naam": "Inwoners",
            "richting": "toename",
            "eenheid": "personen",
            "bron": "t",
        }
        assert (await api.post("/indicatoren/indicatoren", json=indicator)).status_code == 201
        rows = [
            {"indicator": "T-INWONERS", "periode": p, "gebied": tenant, "waarde": v}
            for p, v in (("2022", "130"), ("2023", "132"))
        ]
        assert (await api.post("/indicatoren/metingen", json=rows)).status_code == 200
        before = (await api.get("/indicatoren/indicatoren/T-INWONERS/koers")).json()
        for periode, waarde, scenario in (("2030", "100", None), ("2040", "90", "laag"), ("2040", "150", "hoog")):
            body = {
                "periode": periode,
                "gebied": tenant,
                "waarde": waarde,
                "scenario": scenario,
                "bron": "Trendrapportage",
            }
            assert (await api.post("/indicatoren/indicatoren/T-INWONERS/prognoses", json=body)).status_code == 201
        again = {"periode": "2030", "gebied": tenant, "waarde": "140", "gemaaktOp": "2023-06-01", "bron": "Koers"}
        replaced = await api.post("/indicatoren/indicatoren/T-INWONERS/prognoses", json=again)
        assert replaced.status_code == 201
        prognoses = await all_results(api, "/indicatoren/indicatoren/T-INWONERS/prognoses")
        assert [(p["periode"], p["scenario"], Decimal(p["waarde"])) for p in prognoses] == [
            ("2030", None, Decimal(140)),
            ("2040", "hoog", Decimal(150)),
            ("2040", "laag", Decimal(90)),
        ]
        after = (await api.get("/indicatoren/indicatoren/T-INWONERS/koers")).json()
        assert after == before, "a prognosis never enters the course"
        measured = await all_results(api, "/indicatoren/indicatoren/T-INWONERS/metingen")
        assert sorted(m["periode"] for m in measured) == ["2022", "2023"], "nor the measurements"
        foreign = {"periode": "2030", "gebied": "GM0363", "waarde": "1", "bron": "x"}
        refused = await api.post("/indicatoren/indicatoren/T-INWONERS/prognoses", json=foreign)
        assert refused.status_code in (400, 422) and refused.json()["invalidParams"][0]["name"] == "gebied"
        bad = {"periode": "2030Q5", "gebied": tenant, "waarde": "1", "bron": "x"}
        assert (await api.post("/indicatoren/indicatoren/T-INWONERS/prognoses", json=bad)).status_code == 400


HEADER = (
    "Gemeenten;Taakveld;L1.1 Salarissen en sociale lasten;Baten;Lasten;Provincie;Gemeentegrootte;Stedelijkheid;"
    "Inwonertal;Centrumfunctie;Sociale structuur"
)


def _row(naam: str, inwoners: int, grootte: str, lasten: str) -> str:
    return f"{naam};6.811 Beschermd wonen (WMO);;0.0;{lasten};Overijssel;{grootte};Sterk stedelijk;{inwoners};;"


async def test_the_municipalitys_own_peers_beside_the_size_class(seeded: RunningPlatform, tmp_path: Path) -> None:
    path = tmp_path / "2029_begroting.csv"
    middle, large = "100 000 tot 150 000 inwoners", "150 000 tot 250 000 inwoners"
    lines = [
        HEADER,
        _row("Zwolle", 130_000, middle, "70000.0"),
        _row("Deventer", 101_000, middle, "50000.0"),
        _row("Amersfoort", 160_000, large, "60000.0"),
        _row("Leiden", 125_000, middle, "40000.0"),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    command = [sys.executable, "-m", "financien.manage", "import-iv3", str(path)]
    imported = subprocess.run(command, env=seeded.env, capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr[-2000:]
    async with _api(seeded, rol="financien") as api:
        groepen = {g["naam"]: g for g in await all_results(api, "/financien/vergelijkingsgroepen")}
        koers = groepen["Vergelijkbare gemeenten Koers 2023"]
        assert koers["jaar"] == 2023 and set(koers["gemeenten"]) == {"GM0150", "GM0796", "GM0546", "GM0307"}
        assert groepen["Peer review collectivisering 2018"]["jaar"] == 2018
        by_class = (await api.get("/financien/iv3/2029/vergelijking")).json()
        assert {g["naam"] for g in by_class["gemeenten"]} == {"Zwolle", "Deventer", "Leiden"} and by_class[
            "groep"
        ] is None
        chosen = (await api.get("/financien/iv3/2029/vergelijking", params={"groep": koers["id"]})).json()
        assert {g["naam"] for g in chosen["gemeenten"]} == {"Zwolle", "Deventer", "Amersfoort", "Leiden"}
        assert chosen["groep"] == "Vergelijkbare gemeenten Koers 2023" and chosen["positie"]["2"]["van"] == 4
        unknown = {"naam": "x", "jaar": 2024, "reden": "r", "gemeenten": ["GM9999"], "bron": "b"}
        refused = await api.post("/financien/vergelijkingsgroepen", json=unknown)
        assert refused.status_code == 422 and refused.json()["invalidParams"][0]["name"] == "gemeenten[0]"


async def test_a_report_after_2020_shows_developments_measures_and_prognoses_beside_actuals(
    platform: RunningPlatform,
) -> None:
    tenant = unique_tenant()
    async with _api(platform, tenant) as api:
        assert (await api.post("/sporen/sporen", json={"nummer": 1, "naam": "Sterke sociale basis"})).status_code == 201
        development = {
            "soort": "wetgeving",
            "titel": "Wet aanpak meervoudige problematiek sociaal domein (Wet WAMS)",
            "omschrijving": "Een wettelijke taak voor een gecoördineerde aanpak van meervoudige problematiek.",
            "inWerkingOp": "2024-07-01",
            "periode": "2023S1",
            "bron": "Koers Sociaal Domein 2023",
        }
        assert (await api.post("/sporen/ontwikkelingen", json=development)).status_code == 201
        lesson = {"soort": "les", "periode": "2023S1", "titel": "De context is belangrijk", "tekst": "x", "bron": "y"}
        assert (await api.post("/sporen/lessen", json=lesson)).status_code == 201
        measure = {
            "code": "W4",
            "naam": "Collectiviseren voorzieningen",
            "programma": "Interventieplan 2018",
            "besparingsprognose": [{"jaar": 2023, "bedragCent": 200_000_000}],
            "uitkomst": {"soort": "opgenomen-in-spoor", "spoor": 1},
        }
        assert (await api.post("/sporen/maatregelen", json=measure)).status_code == 201
        indicator = {"code": "T-INW", "naam": "Inwoners", "richting": "toename", "eenheid": "personen", "bron": "Koers"}
        assert (await api.post("/indicatoren/indicatoren", json=indicator)).status_code == 201
        meting = [{"indicator": "T-INW", "periode": "202301", "gebied": tenant, "waarde": "132000"}]
        assert (await api.post("/indicatoren/metingen", json=meting)).status_code == 200
        prognosis = {"periode": "2030", "gebied": tenant, "waarde": "140000", "bron": "Trendrapportage 2023"}
        assert (await api.post("/indicatoren/indicatoren/T-INW/prognoses", json=prognosis)).status_code == 201

        async def reported() -> dict | None:
            report = (await api.get("/sporen/rapportages/halfjaar/2023S1")).json()
            return report if report.get("prognoses") else None

        report = await eventually(reported, timeout=30)
        assert [o["titel"] for o in report["ontwikkelingen"]] == [development["titel"]]
        assert [m["code"] for m in report["maatregelen"]] == ["W4"] and report["lessen"][0]["titel"] == lesson["titel"]
        (forecast,) = report["prognoses"]
        assert forecast["laatsteMeting"]["periode"] == "202301" and forecast["prognoses"][0]["periode"] == "2030"
        html = (await api.get("/sporen/rapportages/halfjaar/2023S1", params={"formaat": "html"})).text
        for shown in (
            "Ontwikkelingen, lessen en maatregelen",
            "Wet WAMS",
            "01-07-2024",
            "132.000",
            "140.000",
            "Maatregelen",
        ):
            assert shown in html, shown
        earlier = (await api.get("/sporen/rapportages/halfjaar/2022S2")).json()
        assert earlier["ontwikkelingen"] == [] and earlier["prognoses"] == [], (
            "a half year without them reads as before"
        )


async def test_a_risk_has_likelihood_impact_mitigation_and_owner_and_the_report_draws_the_matrix(
    platform: RunningPlatform,
) -> None:
    tenant = unique_tenant()
    async with _api(platform, tenant) as api:
        spoor = (await api.post("/sporen/sporen", json={"nummer": 3, "naam": "Jeugd"})).json()
        risk = {
            "titel": "Stijgende kosten jeugdhulp",
            "periode": "2023S1",
            "onderdelen": ["toegang-open-einderegelingen"],
            "weging": "hoog",
            "bedragCent": 50_000_000,
            "toelichting": "Open-einderegeling.",
            "kans": 4,
            "impact": 5,
            "beheersmaatregelen": ["Sturen op de toegang", "Monitoren per kwartaal"],
            "eigenaar": "Teamleider jeugd",
        }
        created = await api.post(f"/sporen/sporen/{spoor['id']}/risicos", json=risk)
        assert created.status_code == 201, created.text
        current = created.json()["huidig"]
        assert (current["kans"], current["impact"], current["eigenaar"]) == (4, 5, "Teamleider jeugd")
        assert current["beheersmaatregelen"] == risk["beheersmaatregelen"]
        for bad in ({"kans": 6}, {"impact": 0}, {"kans": "4"}):
            refused = await api.post(f"/sporen/sporen/{spoor['id']}/risicos", json=risk | bad)
            assert refused.status_code == 400, refused.text
        html = (await api.get("/sporen/rapportages/halfjaar/2023S1", params={"formaat": "html"})).text
        assert "Risicomatrix (kans tegen impact)" in html and "3.1 Stijgende kosten jeugdhulp: kans 4, impact 5" in html
        assert "Sturen op de toegang" in html and "eigenaar: Teamleider jeugd" in html
        revised = await api.post(
            f"/sporen/risicos/{created.json()['id']}/revisies",
            json={**{k: v for k, v in risk.items() if k != "titel"}, "periode": "2023S2", "kans": 2, "versie": 1},
        )
        assert revised.status_code in (200, 201), revised.text
        revisions = await all_results(api, f"/sporen/risicos/{created.json()['id']}/revisies")
        assert [r["kans"] for r in revisions] == [4, 2], "the earlier assessment stays"
