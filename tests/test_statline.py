"""CBS StatLine tables as they come (issue 32, item 3): the real download of table 83262NED (Wmo-cliënten) as CBS's
tools write it, zipped; a measure mapped to an indicator once; every later download of the table one call. Only the
municipality's own regions are taken (others counted as skipped), provisional figures are marked and replaced when
definitive. The table's municipality (GM0518) is moved to the test's own, its key padded as CBS pads keys."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import httpx

from .support import RunningPlatform, all_results, auth_headers, unique_tenant

TABLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "cbs-statline" / "83262NED"
ZIP = {"Content-Type": "application/zip"}
TOTAL = {"Geslacht": "T001038", "KenmerkenVanPersonen": "T009002", "TypeMaatwerkarrangement": "T001024"}


def download(tenant: str, *, changes: dict[str, str] | None = None, definitive: bool = False) -> bytes:
    """The table's folder zipped, GM0518 moved to `tenant` (padded to eight places, as tables with wijken pad
    regions); `changes` replaces text in data.csv; `definitive` turns the provisional half year definitive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(TABLE.iterdir()):
            text = file.read_text(encoding="utf-8")
            if file.name in ("data.csv", "RegioS.csv"):
                text = text.replace('"GM0518"', f'"{tenant}  "')
            if file.name == "data.csv":
                for old, new in (changes or {}).items():
                    text = text.replace(old, new)
            if file.name == "Perioden.csv" and definitive:
                text = text.replace('"Voorlopige cijfers","Voorlopig"', '"","Definitief"')
            archive.writestr(f"83262NED/{file.name}", text)
    return buffer.getvalue()


def expected(measure: str) -> dict[str, str]:
    """The table's own figures for GM0518 with the mapped categories, by period key (empty cells left out)."""
    with (TABLE / "data.csv").open(encoding="utf-8") as f:
        return {
            row["Perioden"]: row[measure]
            for row in csv.DictReader(f)
            if row["RegioS"].strip() == "GM0518" and all(row[d].strip() == c for d, c in TOTAL.items()) and row[measure]
        }


PERIODS = {"JJ00": "", "HJ01": "S1", "HJ02": "S2"}


async def test_a_statline_table_mapped_once_and_imported_as_it_comes(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1/indicatoren", headers=auth_headers(platform, tenant)
    ) as api:
        for code, naam in (("WMO", "Wmo-cliënten"), ("WMO1000", "Wmo-cliënten per 1.000 inwoners")):
            body = {"code": code, "naam": naam, "richting": "afname", "eenheid": "aantal"}
            assert (await api.post("/indicatoren", json=body)).status_code == 201

        described = await api.post("/statline/tabellen/83262NED/beschrijving", content=download(tenant), headers=ZIP)
        assert described.status_code == 200, described.text
        beschrijving = described.json()
        assert beschrijving["eigenRegios"] == [tenant]
        assert {o["key"]: o["eenheid"] for o in beschrijving["onderwerpen"]} == {
            "WmoClienten_1": "aantal",
            "WmoClientenPer1000Inwoners_2": "per 1 000 inwoners",
        }
        periods = {p["key"]: p for p in beschrijving["perioden"]}
        assert periods["2020HJ01"] == {"key": "2020HJ01", "periode": "2020S1", "status": "Voorlopig", "voorlopig": True}
        assert {d["key"] for d in beschrijving["dimensies"]} == set(TOTAL)

        unmapped = await api.post("/statline/tabellen/83262NED/import", content=download(tenant), headers=ZIP)
        assert unmapped.status_code == 422 and unmapped.json()["code"] == "statline_geen_koppeling"

        # A mapping that leaves a dimension open, or names what the table lacks: every mistake named, with choices.
        half = {"onderwerp": "WmoClienten_1", "dimensies": {"Geslacht": "T001038", "Leeftijd": "X"}}
        assert (await api.put("/statline/koppelingen/83262NED/WMO", json=half)).status_code == 201
        refused = await api.post("/statline/tabellen/83262NED/import", content=download(tenant), headers=ZIP)
        assert refused.status_code == 422, refused.text
        named = {p["name"]: p["reason"] for p in refused.json()["invalidParams"]}
        assert set(named) == {
            "koppelingen.WMO.dimensies.KenmerkenVanPersonen",
            "koppelingen.WMO.dimensies.TypeMaatwerkarrangement",
            "koppelingen.WMO.dimensies.Leeftijd",
        }
        assert "T009002 (Totaal personen)" in named["koppelingen.WMO.dimensies.KenmerkenVanPersonen"]

        full = {"onderwerp": "WmoClienten_1", "dimensies": TOTAL}
        assert (await api.put("/statline/koppelingen/83262NED/WMO", json=full)).status_code == 200
        per_1000 = {"onderwerp": "WmoClientenPer1000Inwoners_2", "dimensies": TOTAL}
        assert (await api.put("/statline/koppelingen/83262ned/WMO1000", json=per_1000)).status_code == 201
        listed = await all_results(api, "/statline/koppelingen", tabel="83262NED")
        assert [(k["indicator"], k["onderwerp"]) for k in listed] == [
            ("WMO", "WmoClienten_1"),
            ("WMO1000", "WmoClientenPer1000Inwoners_2"),
        ]

        first = await api.post("/statline/tabellen/83262NED/import", content=download(tenant), headers=ZIP)
        assert first.status_code == 200, first.text
        result = first.json()
        figures = expected("WmoClienten_1")
        assert result["nieuw"] == len(figures) + len(expected("WmoClientenPer1000Inwoners_2"))
        assert result["ontbrekend"] == 2 * (16 - len(figures)), "empty cells are missing values, counted"
        assert (result["rijen"], result["nieuw"], result["ontbrekend"]) == (32, 28, 4), "the README's example"
        skipped = {s["reden"]: s["aantal"] for s in result["overgeslagen"]}
        assert skipped == {"regio van een andere gemeente": 16, "andere categorie dan de koppelingen kiezen": 64}

        series = {m["periode"]: m for m in await all_results(api, "/indicatoren/WMO/metingen")}
        assert {p[:4] + PERIODS[p[4:]]: v for p, v in figures.items()} == {
            p: str(int(float(m["waarde"]))) for p, m in series.items()
        }
        assert all(m["herkomst"] == "cbs" and m["gebied"] == tenant for m in series.values())
        assert [p for p, m in series.items() if m["voorlopig"]] == ["2020S1"], "the provisional half year marked"
        assert series["2020S1"]["leverancier"] == "CBS StatLine 83262NED"

        again = (await api.post("/statline/tabellen/83262NED/import", content=download(tenant), headers=ZIP)).json()
        assert (again["nieuw"], again["gecorrigeerd"], again["ongewijzigd"]) == (0, 0, result["nieuw"])

        # Next release: the half year is definitive, one figure revised: both replace the provisional values.
        revised = download(
            tenant, definitive=True, changes={f'"{tenant}  ","2020HJ01",35325,65': f'"{tenant}  ","2020HJ01",35400,65'}
        )
        final = (await api.post("/statline/tabellen/83262NED/import", content=revised, headers=ZIP)).json()
        assert (final["nieuw"], final["gecorrigeerd"]) == (0, 2), final
        now = {m["periode"]: m for m in await all_results(api, "/indicatoren/WMO/metingen")}
        assert now["2020S1"]["voorlopig"] is False and now["2020S1"]["versie"] == 2
        assert float(now["2020S1"]["waarde"]) == 35400
        per = {m["periode"]: m for m in await all_results(api, "/indicatoren/WMO1000/metingen")}
        assert per["2020S1"]["voorlopig"] is False and float(per["2020S1"]["waarde"]) == 65, "status alone replaces"

        koppeling = (await all_results(api, "/statline/koppelingen"))[0]
        assert koppeling["laatsteImport"]["gecorrigeerd"] == 2

        # What is no download is named, and nothing is written.
        assert (await api.post("/statline/tabellen/83262NED/import", content=b"x", headers=ZIP)).json()[
            "invalidParams"
        ][0]["name"] == "body"
        wrong = await api.post("/statline/tabellen/85984NED/beschrijving", content=download(tenant), headers=ZIP)
        assert wrong.status_code == 400 and wrong.json()["invalidParams"][0]["name"] == "TableInfos.csv"
        # Fetching from CBS is for a platform that may reach it; this one is not configured to.
        fetch = await api.post("/statline/tabellen/83262NED/ophalen")
        assert fetch.status_code == 409 and fetch.json()["code"] == "statline_niet_bereikbaar", fetch.text
        assert (await api.delete("/statline/koppelingen/83262NED/WMO1000")).status_code == 204
        assert (await api.delete("/statline/koppelingen/83262NED/WMO1000")).status_code == 404
