"""Area registers and monitor exports as they come: a register in CBS's Kerncijfers-wijken-en-buurten shape, a wide
export (a row per area by local key, a column per variable, `NA` for missing, no period), missing markers in the long
format, every bad row named in one answer (duplicates too), names beside codes, and an index's raw value and its
wijk level from buurten weighted by a denominator."""

from __future__ import annotations

import httpx

from .support import RunningPlatform, all_results, auth_headers, unique_tenant


def _client(platform: RunningPlatform, tenant: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1/indicatoren", headers=auth_headers(platform, tenant), timeout=30
    )


def _register(tenant: str, naam: str, without: str | None = None) -> str:
    """A register as StatLine's download writes it: names in `WijkenEnBuurten`, codes padded in `Codering_3`."""
    z = tenant[2:]
    rows = [
        ("Gemeente", naam, tenant),
        ("Wijk", "Binnenstad", f"WK{z}10"),
        ("Buurt", "Binnenstad-Zuid", f"BU{z}1000"),
        ("Buurt", "Binnenstad-Noord", f"BU{z}1010"),
        ("Wijk", "Diezerpoort", f"WK{z}11"),
        ("Buurt", "Het Noorden", f"BU{z}1100"),
        ("Buurt", "Elders", "BU03630000"),  # another municipality's row in a national file: skipped
    ]
    lines = ['"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"Codering_3";"AantalInwoners_5"']
    for i, (soort, name, code) in enumerate(r for r in rows if r[1] != without):
        lines.append(f'{i};"{name}";"{naam:<20}";"{soort:<10}";"{code:<10}";.')
    return "\n".join(lines) + "\n"


async def test_a_register_in_cbs_shape_names_areas_and_guards_codes(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]
    async with _client(platform, tenant) as client:
        loaded = await client.post(
            "/gebieden",
            params={"jaar": 2022},
            content=_register(tenant, "Proefstad").encode(),
            headers={"Content-Type": "text/csv"},
        )
        assert loaded.status_code == 200, loaded.text
        assert loaded.json() == {"jaar": 2022, "gemeente": 1, "wijk": 2, "buurt": 3, "elders": 1, "beeindigd": 0}
        areas = {a["code"]: a for a in await all_results(client, "/gebieden")}
        assert areas[f"BU{z}1010"]["naam"] == "Binnenstad-Noord" and areas[f"BU{z}1010"]["wijk"] == f"WK{z}10"
        assert areas[tenant]["soort"] == "gemeente"

        await client.post("/indicatoren", json={"code": "n", "naam": "n", "richting": "stabiel", "aggregatie": "som"})
        csv = (
            "indicator;periode;gebied;waarde\n"
            f"n;2022;BU{z}1000;10\n"
            f"n;2022;BU{z}9990;1\n"  # not in the register
            f"n;2022;BU{z}1010;NA\n"  # an explicit missing value
            f"n;2022;BU{z}1100;.\n"
            f"n;2022;BU{z}1000;11\n"  # the same key twice
            f"n;2022;XX;2\n"
        )
        refused = await client.post("/metingen/bulk", content=csv.encode(), headers={"Content-Type": "text/csv"})
        assert refused.status_code == 422
        assert [p["name"] for p in refused.json()["invalidParams"]] == [
            "line 3: gebied",
            "line 6: gebied",
            "line 7: gebied",
        ], "every bad row in one answer, the duplicate included"
        good = "\n".join(csv.splitlines()[:2] + csv.splitlines()[3:5]) + f"\nn;2022;BU{z}1010;5\nn;2019;BU{z}9990;3\n"
        answer = await client.post("/metingen/bulk", content=good.encode(), headers={"Content-Type": "text/csv"})
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"rijen": 5, "nieuw": 3, "gecorrigeerd": 0, "ongewijzigd": 0, "ontbrekend": 2}
        # 2019 lies before the register's first year: only the municipality's own prefix is checked there.
        wijk = await all_results(client, "/indicatoren/n/aggregaat", periode="2022")
        assert [(w["gebied"], w["naam"], float(w["waarde"])) for w in wijk] == [(f"WK{z}10", "Binnenstad", 15.0)]
        series = await all_results(client, "/indicatoren/n/metingen", gebied=f"BU{z}1010")
        assert [(m["gebiedNaam"], m["waarde"]) for m in series] == [("Binnenstad-Noord", 5)]

        # A later register without Het Noorden: it ends the year before, and is refused after that.
        later = _register(tenant, "Proefstad", without="Het Noorden")
        ended = await client.post(
            "/gebieden", params={"jaar": 2024}, content=later.encode(), headers={"Content-Type": "text/csv"}
        )
        assert ended.json()["beeindigd"] == 1
        late = f"indicator;periode;gebied;waarde\nn;2024;BU{z}1100;4\nn;2023;BU{z}1100;4\n"
        refused = await client.post("/metingen/bulk", content=late.encode(), headers={"Content-Type": "text/csv"})
        assert [p["name"] for p in refused.json()["invalidParams"]] == ["line 2: gebied"]


async def test_a_monitors_wide_export_with_na_and_local_keys(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]
    async with _client(platform, tenant) as client:
        for code in ("bspman", "bspvrw", "bsp0_3"):
            await client.post("/indicatoren", json={"code": code, "naam": code, "richting": "stabiel"})
        export = (
            '"GEOITEM","bspman","bspvrw","bsp0_3"\n100,48.8511,51.1489,2.6474\n101,52.1957,NA,1.5056\n102,,47.1,.\n'
        )
        rule = {"vorm": "breed", "periode": "2021", "gebiedKolom": "GEOITEM", "gebiedCode": f"BU{z}{{sleutel:3}}0"}
        answer = await client.post(
            "/metingen/bulk", params=rule, content=export.encode(), headers={"Content-Type": "text/csv"}
        )
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"rijen": 9, "nieuw": 6, "gecorrigeerd": 0, "ongewijzigd": 0, "ontbrekend": 3}
        values = {(m["gebied"], m["waarde"]) for m in await all_results(client, "/indicatoren/bspvrw/metingen")}
        assert values == {(f"BU{z}1000", 51.1489), (f"BU{z}1020", 47.1)}, "a missing value is no zero"

        bad = '"GEOITEM","bspman","onbekend"\n100,x,1\nabc,1,2\n'
        refused = await client.post(
            "/metingen/bulk", params=rule, content=bad.encode(), headers={"Content-Type": "text/csv"}
        )
        assert refused.status_code == 422
        assert [p["name"] for p in refused.json()["invalidParams"]] == [
            "line 1: onbekend",
            "line 2: bspman",
            "line 3: GEOITEM",
        ]
        no_period = await client.post(
            "/metingen/bulk",
            params={"vorm": "breed", "gebiedKolom": "GEOITEM"},
            content=export.encode(),
            headers={"Content-Type": "text/csv"},
        )
        assert no_period.status_code == 400 and no_period.json()["invalidParams"][0]["name"] == "query.periode"

        # Keys through the register instead of a rule.
        register = (
            f'"Codering";"SoortRegio";"Naam";"Sleutel"\n"BU{z}1000";"Buurt";"A";"100"\n"BU{z}1010";"Buurt";"B";"101"\n'
        )
        assert (
            await client.post(
                "/gebieden", params={"jaar": 2020}, content=register.encode(), headers={"Content-Type": "text/csv"}
            )
        ).status_code == 200
        keyed = '"GEOITEM","bsp0_3"\n100,3\n101,4\n999,5\n'
        by_register = {"vorm": "breed", "periode": "2022", "gebiedKolom": "GEOITEM"}
        refused = await client.post(
            "/metingen/bulk", params=by_register, content=keyed.encode(), headers={"Content-Type": "text/csv"}
        )
        assert [p["name"] for p in refused.json()["invalidParams"]] == ["line 4: GEOITEM"], "a key mapping to nothing"
        fine = await client.post(
            "/metingen/bulk",
            params=by_register,
            content=keyed.encode().rsplit(b"999", 1)[0],
            headers={"Content-Type": "text/csv"},
        )
        assert fine.json()["nieuw"] == 2


async def test_an_index_gives_its_raw_value_and_a_wijk_level_weighted_from_buurten(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]
    async with _client(platform, tenant) as client:
        for code in ("waargenomen", "verwacht", "inwoners"):
            await client.post("/indicatoren", json={"code": code, "naam": code, "richting": "stabiel"})
        rows = [
            ("waargenomen", f"BU{z}1000", 30),
            ("verwacht", f"BU{z}1000", 20),
            ("inwoners", f"BU{z}1000", 1000),
            ("waargenomen", f"BU{z}1010", 10),
            ("verwacht", f"BU{z}1010", 20),
            ("inwoners", f"BU{z}1010", 3000),
            ("waargenomen", f"BU{z}1100", 20),
            ("verwacht", f"BU{z}1100", 20),
            ("inwoners", f"BU{z}1100", 500),
        ]
        body = [{"indicator": i, "periode": "2021", "gebied": g, "waarde": str(v)} for i, g, v in rows]
        assert (await client.post("/metingen", json=body)).status_code == 200
        index = {
            "code": "zorgindex",
            "naam": "Zorg",
            "componenten": [
                {"teller": "waargenomen", "noemer": "verwacht", "gewicht": "1", "richting": "lager-is-beter"}
            ],
        }
        assert (await client.post("/indices", json=index)).status_code == 201
        buurten = (await client.get("/indices/zorgindex/waarden", params={"periode": "2021"})).json()["waarden"]
        assert {w["gebied"]: (w["ruw"], w["waarde"]) for w in buurten} == {
            f"BU{z}1000": (1.5, 0),
            f"BU{z}1010": (0.5, 100),
            f"BU{z}1100": (1, 50),
        }, "the raw ratio of observed to expected beside the score"
        wijken = (
            await client.get(
                "/indices/zorgindex/waarden", params={"periode": "2021", "niveau": "wijk", "gewogenDoor": "inwoners"}
            )
        ).json()
        assert wijken["gewogenDoor"] == "inwoners"
        raw = {w["gebied"]: w["ruw"] for w in wijken["waarden"]}
        assert raw == {f"WK{z}10": 0.75, f"WK{z}11": 1}, "(1.5×1000 + 0.5×3000) / 4000 for WK…10"
