"""Zwolle on the map (issue 32, item 1): the area register from CBS's Wijk- en buurtkaart as it comes — GeoJSON
whose property names differ per year and whose integer codes drop the leading zero — through the register's API;
every wijk and buurt with its name; an area's outline back as GeoJSON. The real files of `../shared/data/
zwolle-gebieden/`, their codes moved to a municipality of the test's own (the shape is what is tested)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from .support import RunningPlatform, all_results, auth_headers, unique_tenant

MAPS = Path(__file__).resolve().parents[2] / "shared" / "data" / "zwolle-gebieden"


def _moved(name: str, z: str) -> str:
    """A map file with Zwolle's codes (`0193`) moved to the test's municipality (the integers left as they are)."""
    return (MAPS / name).read_text(encoding="utf-8").replace('"GM0193"', f'"GM{z}"').replace("0193", z)


async def test_the_map_files_as_they_come_give_names_and_outlines(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]
    headers = auth_headers(platform, tenant)
    geo = {"Content-Type": "application/geo+json"}
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1/indicatoren", headers=headers) as api:
        wijken = await api.post("/gebieden", params={"jaar": 2014}, content=_moved("wk_2014.json", z), headers=geo)
        assert wijken.status_code == 200, wijken.text
        assert (wijken.json()["wijk"], wijken.json()["gemeente"]) == (16, 1), "and the municipality itself"
        buurten = await api.post("/gebieden", params={"jaar": 2015}, content=_moved("bu_2015.json", z), headers=geo)
        assert buurten.status_code == 200 and buurten.json()["buurt"] == 78, buurten.text

        source = json.loads(_moved("bu_2015.json", z))["features"]
        listed = {a["code"]: a for a in await all_results(api, "/gebieden", jaar=2015, soort="buurt")}
        assert len(listed) == 78 and all(a["naam"] for a in listed.values()), "every buurt has its name"
        for feature in source:
            properties = feature["properties"]
            area = listed[properties["STATCODE"]]
            assert (area["naam"], area["wijk"]) == (properties["BU_NAAM"], properties["WK_2015"])
        wijk_names = {a["code"]: a["naam"] for a in await all_results(api, "/gebieden", jaar=2014, soort="wijk")}
        assert wijk_names[f"WK{z}10"] == "Wijk 10 Binnenstad"

        first = source[0]
        outline = await api.get(f"/gebieden/{first['properties']['STATCODE']}/omtrek", params={"jaar": 2015})
        assert outline.status_code == 200 and outline.headers["content-type"].startswith("application/geo+json")
        feature = outline.json()
        assert feature["type"] == "Feature" and feature["geometry"] == first["geometry"]
        assert feature["properties"]["naam"] == first["properties"]["BU_NAAM"]
        assert (await api.get(f"/gebieden/WK{z}99/omtrek")).status_code == 404

        # The register is in force: a buurt it does not know is refused for its years.
        unknown = [{"indicator": "X", "periode": "2016", "gebied": f"BU{z}9999", "waarde": "1"}]
        await api.post("/indicatoren", json={"code": "X", "naam": "X", "richting": "toename"})
        refused = await api.post("/metingen", json=unknown)
        assert refused.status_code == 422 and "register" in refused.text

        # A later year's map names its properties otherwise (`BU_CODE`, `WK_CODE`, `GM_CODE` from 2016, lower case at
        # PDOK): the same areas, the same names.
        later = json.loads(_moved("bu_2015.json", z))
        for feature in later["features"]:
            p = feature["properties"]
            feature["properties"] = {"bu_code": p["STATCODE"], "wk_code": p["WK_2015"], "gm_code": f"GM{z}",
                                     "bu_naam": p["BU_NAAM"], "BU2017": int(p["STATCODE"][2:])}  # fmt: skip
        renamed = await api.post("/gebieden", params={"jaar": 2017}, content=json.dumps(later), headers=geo)
        assert renamed.status_code == 200 and renamed.json()["buurt"] == 78, renamed.text
        names_2017 = {a["code"]: a["naam"] for a in await all_results(api, "/gebieden", jaar=2017, soort="buurt")}
        assert names_2017 == {f["properties"]["STATCODE"]: f["properties"]["BU_NAAM"] for f in source}

        # A map as it should not come: a feature without STATCODE, an outline of no polygon.
        broken = json.loads(_moved("wk_2014.json", z))
        del broken["features"][2]["properties"]["STATCODE"]
        broken["features"][4]["geometry"] = {"type": "Point", "coordinates": [6.1, 52.5]}
        bad = await api.post("/gebieden", params={"jaar": 2016}, content=json.dumps(broken), headers=geo)
        assert bad.status_code == 422, bad.text
        assert {p["name"] for p in bad.json()["invalidParams"]} == {"feature 3: STATCODE", "feature 5: geometry"}
