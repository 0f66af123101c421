"""The dashboard a frontend team builds (issue 30, item 2 in part): every track with its savings and its indicators'
course in one call, ready for a Dutch screen — labels beside the codes (the same as `GET /api/v1/labels`), values as
JSON numbers, money as integer cents with its Dutch text, in the same shape as financien's amounts."""

from __future__ import annotations

import httpx

from .support import RunningPlatform, all_results, auth_headers, eventually, unique_tenant


async def test_the_dashboard_in_one_call(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant)) as api:
        for nummer, naam in ((1, "Sterke sociale basis"), (2, "Inkomen en werk")):
            assert (await api.post("/sporen/sporen", json={"nummer": nummer, "naam": naam})).status_code == 201
        for code, spoor, eenheid in (("S2-K01", 2, "aantal"), ("S2-K02", 2, "procent"), ("S1-K01", 1, None)):
            body = {"code": code, "naam": f"Indicator {code}", "spoorNummer": spoor, "richting": "afname"}
            assert (await api.post("/indicatoren/indicatoren", json=body | {"eenheid": eenheid})).status_code == 201
        values = [
            {"indicator": "S2-K01", "periode": periode, "gebied": tenant, "waarde": waarde}
            for periode, waarde in (("2019", "3900"), ("2020", "3771"), ("2021", "3650"))
        ] + [{"indicator": "S2-K02", "periode": "2021", "gebied": tenant, "waarde": "31.5"}]
        assert (await api.post("/indicatoren/metingen", json=values)).status_code == 200
        lijn = {"code": "4", "naam": "Minder bijstand", "spoorNummer": 2, "doelen": {"2021": 35_000_000}}
        assert (await api.post("/financien/besparingslijnen", json=lijn)).status_code == 201

        async def complete() -> dict | None:
            body = (await api.get("/sporen/overzicht", params={"jaar": 2021})).json()
            tracks = {t["nummer"]: t for t in body["sporen"]}
            two = tracks.get(2)
            ready = (
                two
                and two["besparing"]
                and {i["code"]: i["laatsteWaarde"] for i in two["indicatoren"]}
                == {
                    "S2-K01": 3650,
                    "S2-K02": 31.5,
                }
            )
            return body if ready else None

        overzicht = await eventually(complete, timeout=30)
        labels = (await api.get("/labels")).json()["labels"]
        targets = {
            r["spoorNummer"]: r["doel"] for r in await all_results(api, "/financien/rapportages/doel-realisatie")
        }
    one, two = overzicht["sporen"]
    assert (one["nummer"], one["besparing"], one["koers"]) == (1, None, {"onvoldoende-data": 1}), "no target, no data"
    assert two["besparing"]["doel"] == {"cent": 35_000_000, "tekst": "€ 350.000"}
    assert {k: targets[2][k] for k in ("cent", "tekst")} == two["besparing"]["doel"], "financien's shape and figure"
    for track in overzicht["sporen"]:
        assert track["statusLabel"] == labels[track["status"]]
        assert sum(track["koers"].values()) == len(track["indicatoren"])
        for indicator in track["indicatoren"]:
            assert indicator["koersLabel"] == labels[indicator["koers"]]
    falling = next(i for i in two["indicatoren"] if i["code"] == "S2-K01")
    assert (falling["koers"], falling["eenheid"], falling["laatstePeriode"]) == ("op-koers", "aantal", "2021")
    assert isinstance(falling["laatsteWaarde"], int), "a JSON number without padding zeros"
