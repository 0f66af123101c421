"""A partner sees municipal and public measurements and its own, never another partner's — in the series, and in
what is computed from them (aggregates, courses); an upload names areas of its own municipality only."""

from __future__ import annotations

import httpx

from .support import AMSTERDAM, RunningPlatform, all_results, auth_headers, unique_tenant

A, B = "Stichting A", "Stichting B"


async def test_a_partner_never_learns_what_another_partner_reported(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]
    base = f"{platform.gateway}/api/v1/indicatoren"
    async with httpx.AsyncClient(base_url=base, headers=auth_headers(platform, tenant)) as staff:
        indicator = {"code": "deelnemers", "naam": "Deelnemers", "richting": "toename", "aggregatie": "som"}
        assert (await staff.post("/indicatoren", json=indicator)).status_code == 201
        municipal = [
            {"indicator": "deelnemers", "periode": "2021", "gebied": f"BU{z}0101", "waarde": "5"},
            {"indicator": "deelnemers", "periode": "2021", "gebied": tenant, "waarde": "10"},
            {"indicator": "deelnemers", "periode": "2022", "gebied": tenant, "waarde": "12"},
        ]
        assert (await staff.post("/metingen", json=municipal)).status_code == 200
        for partner, buurt, value, year, year_value in ((A, "0102", 7, "2023", 20), (B, "0103", 9, "2024", 2)):
            rows = [f"deelnemers;2021;BU{z}{buurt};{value}", f"deelnemers;{year};{tenant};{year_value}"]
            csv = "\n".join(["indicator;periode;gebied;waarde", *rows])
            answer = await staff.post(
                "/metingen/bulk",
                content=csv.encode(),
                headers={"Content-Type": "text/csv"},
                params={"herkomst": "partner", "leverancier": partner},
            )
            assert answer.status_code == 200, answer.text
        everything = await all_results(staff, "/indicatoren/deelnemers/metingen")
        assert {m["leverancier"] for m in everything} == {None, A, B}

    for partner, own, other in ((A, f"BU{z}0102", f"BU{z}0103"), (B, f"BU{z}0103", f"BU{z}0102")):
        headers = auth_headers(platform, tenant, "partner", partner)
        async with httpx.AsyncClient(base_url=base, headers=headers) as client:
            series = await all_results(client, "/indicatoren/deelnemers/metingen")
            areas = {m["gebied"] for m in series}
            assert own in areas and other not in areas and f"BU{z}0101" in areas
            assert {m["leverancier"] for m in series} == {None, partner}, "no other partner's name either"
            table = (await client.get("/indicatoren/deelnemers/metingen", params={"formaat": "tabel"})).json()
            assert other not in {row[2] for row in table["rows"]}
            wijk = await all_results(client, "/indicatoren/deelnemers/aggregaat", periode="2021")
            expected = 5 + (7 if partner == A else 9)
            assert [float(w["waarde"]) for w in wijk] == [expected], "an aggregate of what it may see"
            koers = (await client.get("/indicatoren/deelnemers/koers")).json()
            mine = ("2023", 20) if partner == A else ("2024", 2)
            assert (koers["tot"], koers["punten"]) == (mine[0], 3), "a course of what it may see"
            assert float(koers["laatste"]) == mine[1]
    async with httpx.AsyncClient(base_url=base, headers=auth_headers(platform, tenant, "raad")) as council:
        assert len(await all_results(council, "/indicatoren/deelnemers/metingen")) == 7


async def test_an_upload_names_areas_of_its_own_municipality_only(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1/indicatoren", headers=auth_headers(platform, tenant)
    ) as client:
        await client.post("/indicatoren", json={"code": "i", "naam": "i", "richting": "toename"})
        foreign = AMSTERDAM[2:]
        csv = (
            "indicator;periode;gebied;waarde\n"
            f"i;2021;BU{z}0101;1\n"
            f"i;2021;BU{foreign}0000;2\n"
            f"i;2021;WK{foreign}01;3\n"
            f"i;2021;{AMSTERDAM};4\n"
        )
        refused = await client.post("/metingen/bulk", content=csv.encode(), headers={"Content-Type": "text/csv"})
        assert refused.status_code == 422
        named = [p["name"] for p in refused.json()["invalidParams"]]
        assert named == ["line 3: gebied", "line 4: gebied", "line 5: gebied"]
        assert await all_results(client, "/indicatoren/i/metingen") == [], "nothing of the batch was written"
        as_json = [{"indicator": "i", "periode": "2021", "gebied": f"BU{foreign}0000", "waarde": "1"}]
        assert (await client.post("/metingen", json=as_json)).status_code == 422
        target = await client.put(f"/indicatoren/i/streefwaarden/2024/{AMSTERDAM}", json={"waarde": "1"})
        assert target.status_code == 400 and target.json()["invalidParams"][0]["name"] == "path.gebied"
