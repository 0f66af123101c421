"""indicatoren over the real platform: definitions, measurements with corrections, bulk ingest all-or-nothing."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx

from .support import RunningPlatform, all_results, auth_headers, unique_tenant

PROBLEM = "application/problem+json"


def _client(platform: RunningPlatform, tenant: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1/indicatoren", headers=auth_headers(platform, tenant))


def _problem(response: httpx.Response, status: int, *fields: str) -> list[str]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    named = [p["name"] for p in response.json().get("invalidParams", [])]
    assert set(fields) <= set(named), f"expected {fields} named in {named}"
    return named


INSTROOM = {
    "code": "S2-instroom-bw",
    "naam": "Instroom beschermd wonen",
    "spoorNummer": 2,
    "dimensie": "kwantiteit",
    "beweging": "A",
    "verwachting": "Afname instroom",
    "richting": "afname",
    "eenheid": "personen",
}


async def test_definitions_and_their_validation(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        created = await client.post("/indicatoren", json=INSTROOM)
        assert created.status_code == 201, created.text
        assert created.json()["status"] == "actief" and created.json()["richting"] == "afname"
        tbd = INSTROOM | {"code": "S1-apart", "richting": "nader-te-bepalen", "status": "nader-te-bepalen"}
        assert (await client.post("/indicatoren", json=tbd)).status_code == 201
        _problem(await client.post("/indicatoren", json=INSTROOM), 409)
        _problem(
            await client.post("/indicatoren", json=INSTROOM | {"code": "x", "richting": "omhoog"}), 400, "richting"
        )
        _problem(await client.post("/indicatoren", json=INSTROOM | {"code": "met spatie"}), 400, "code")
        _problem(await client.post("/indicatoren", json=INSTROOM | {"code": "y", "beweging": "E"}), 400, "beweging")
        listed = (await client.get("/indicatoren", params={"spoor": 2})).json()
        assert [i["code"] for i in listed["results"]] == ["S1-apart", "S2-instroom-bw"]
        _problem(await client.get("/indicatoren/bestaat-niet"), 404)


async def test_a_correction_is_a_new_version_and_the_old_value_stays_readable(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _client(platform, tenant) as client:
        await client.post("/indicatoren", json=INSTROOM)
        first = await client.post(
            "/metingen", json=[{"indicator": INSTROOM["code"], "periode": "2020S1", "gebied": tenant, "waarde": "41"}]
        )
        assert first.json() == {"rijen": 1, "nieuw": 1, "gecorrigeerd": 0, "ongewijzigd": 0}
        correction = [{"indicator": INSTROOM["code"], "periode": "2020S1", "gebied": tenant, "waarde": "38"}]
        assert (await client.post("/metingen", json=correction)).json()["gecorrigeerd"] == 1
        assert (await client.post("/metingen", json=correction)).json()["ongewijzigd"] == 1, "same value: no version"
        url = f"/indicatoren/{INSTROOM['code']}/metingen"
        current = await all_results(client, url)
        assert [(m["waarde"], m["versie"], m["actueel"]) for m in current] == [(38, 2, True)]
        history = await all_results(client, url, alleVersies=True)
        assert [(m["waarde"], m["versie"], m["actueel"]) for m in history] == [
            (41, 1, False),
            (38, 2, True),
        ]


async def test_bulk_upload_csv_and_ndjson_all_or_nothing(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]  # its wijken and buurten: WK{z}xx, BU{z}xxxx
    async with _client(platform, tenant) as client:
        await client.post("/indicatoren", json=INSTROOM)
        code = INSTROOM["code"]
        csv = "indicator;periode;gebied;waarde\n" + "\n".join(
            f"{code};2024Q{q};BU{z}010{b};{10 * q + b},5" for q in (1, 2, 3, 4) for b in (1, 2)
        )
        answer = await client.post("/metingen/bulk", content=csv.encode(), headers={"Content-Type": "text/csv"})
        assert answer.json() == {"rijen": 8, "nieuw": 8, "gecorrigeerd": 0, "ongewijzigd": 0}, answer.text
        table = (
            await client.get(f"/indicatoren/{code}/metingen", params={"formaat": "tabel", "gebied": f"BU{z}0101"})
        ).json()
        assert table["headers"] == ["indicator", "periode", "gebied", "waarde", "herkomst", "versie"]
        assert [row[1:4] for row in table["rows"]] == [
            ["2024Q1", f"BU{z}0101", "11.5"],
            ["2024Q2", f"BU{z}0101", "21.5"],
            ["2024Q3", f"BU{z}0101", "31.5"],
            ["2024Q4", f"BU{z}0101", "41.5"],
        ]

        # One bad row among good ones: the whole batch is refused, the row named, nothing written.
        lines = [f"{code},2025Q1,BU{z}010{b},{b}" for b in range(1, 10)]
        lines[6] = f"{code},2025Q5,BU{z}0107,7"
        bad = "indicator,periode,gebied,waarde\n" + "\n".join(lines)
        refused = await client.post("/metingen/bulk", content=bad.encode(), headers={"Content-Type": "text/csv"})
        assert _problem(refused, 422, "line 8: periode") == ["line 8: periode"]
        assert await all_results(client, f"/indicatoren/{code}/metingen", van="2025") == []
        several = bad.replace(f"BU{z}0102", "XX").replace(f"{code},2025Q1,BU{z}0103", f"onbekend,2025Q1,BU{z}0103")
        refused = await client.post("/metingen/bulk", content=several.encode(), headers={"Content-Type": "text/csv"})
        assert _problem(refused, 422) == ["line 3: gebied", "line 4: indicator", "line 8: periode"]

        ndjson = "\n".join(
            json.dumps({"indicator": code, "periode": "202501", "gebied": f"WK{z}01", "waarde": v}) for v in (3, 4)
        )
        twice = await client.post(
            "/metingen/bulk",
            content=ndjson.encode(),
            headers={"Content-Type": "application/x-ndjson"},
            params={"herkomst": "partner", "leverancier": "Travers Welzijn"},
        )
        _problem(twice, 422, "line 2: gebied")  # the same indicator, period and area twice in one batch
        one = json.dumps({"indicator": code, "periode": "202501", "gebied": f"WK{z}01", "waarde": 3})
        done = await client.post(
            "/metingen/bulk",
            content=one.encode(),
            headers={"Content-Type": "application/x-ndjson"},
            params={"herkomst": "partner", "leverancier": "Travers Welzijn"},
        )
        assert done.json()["nieuw"] == 1
        partner = await all_results(client, f"/indicatoren/{code}/metingen", gebied=f"WK{z}01")
        assert [(m["herkomst"], m["leverancier"]) for m in partner] == [("partner", "Travers Welzijn")]
        _problem(await client.post("/metingen/bulk", content=b"x", headers={"Content-Type": "text/plain"}), 400)

    async with _client(platform, unique_tenant()) as other:
        _problem(await other.get(f"/indicatoren/{code}/metingen"), 404)
        upload = await other.post("/metingen/bulk", content=csv.encode(), headers={"Content-Type": "text/csv"})
        assert _problem(upload, 422)[0] == "line 2: indicator", "another municipality's indicator is unknown here"


async def test_course_of_an_indicator_and_per_track_summary(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]  # its wijken and buurten: WK{z}xx, BU{z}xxxx
    async with _client(platform, tenant) as client:
        await client.post("/indicatoren", json=INSTROOM)
        other = INSTROOM | {"code": "S2-uitstroom", "naam": "Uitstroom", "richting": "toename", "verwachting": None}
        await client.post("/indicatoren", json=other)
        await client.post("/indicatoren", json=INSTROOM | {"code": "S2-tbd", "richting": "nader-te-bepalen"})
        rows = [
            {"indicator": "S2-instroom-bw", "periode": p, "gebied": tenant, "waarde": v}
            for p, v in (("2020S1", 41), ("2020S2", 38), ("2021S1", 35))
        ] + [{"indicator": "S2-instroom-bw", "periode": "2021S1", "gebied": f"WK{z}01", "waarde": 5}]
        rows += [
            {"indicator": "S2-uitstroom", "periode": p, "gebied": tenant, "waarde": v}
            for p, v in (("2020", 9), ("2021", 7))
        ]
        assert (await client.post("/metingen", json=rows)).status_code == 200

        koers = (await client.get("/indicatoren/S2-instroom-bw/koers")).json()
        assert (koers["status"], koers["punten"], koers["van"], koers["tot"]) == ("op-koers", 3, "2020S1", "2021S1")
        assert (koers["eerste"], koers["laatste"], koers["helling"]) == (41, 35, -3)
        wijk = (await client.get("/indicatoren/S2-instroom-bw/koers", params={"gebied": f"WK{z}01"})).json()
        assert wijk["status"] == "onvoldoende-data"

        overview = (await client.get("/koersoverzicht", params={"spoor": 2})).json()
        assert overview["samenvatting"] == {
            "op-koers": 1,
            "uit-koers": 1,
            "onvoldoende-data": 0,
            "geen-verwachting": 1,
            "niet-vergelijkbaar": 0,
        }
        assert {i["indicator"]: i["status"] for i in overview["indicatoren"]} == {
            "S2-instroom-bw": "op-koers",
            "S2-uitstroom": "uit-koers",
            "S2-tbd": "geen-verwachting",
        }
        _problem(await client.get("/koersoverzicht", params={"spoor": 2, "gebied": "Zwolle"}), 400, "query.gebied")


async def test_a_partner_report_becomes_measurements_exactly_once(platform: RunningPlatform) -> None:
    import uuid

    import nats
    from stuurcyclus_common.contracts.gesprekstafels import Indicatorwaarde, VerantwoordingIngediend
    from stuurcyclus_common.events import EventEnvelope
    from stuurcyclus_common.events.streams import stream_name

    from .support import eventually

    tenant = unique_tenant()
    z = tenant[2:]  # its wijken and buurten: WK{z}xx, BU{z}xxxx
    async with _client(platform, tenant) as client:
        await client.post("/indicatoren", json=INSTROOM | {"code": "S1-deelnemers", "richting": "toename"})
        report = VerantwoordingIngediend(
            verantwoordingId=uuid.uuid4(),
            aanvraagId=uuid.uuid4(),
            partner="WijZ Welzijn",
            indicatorwaarden=[
                Indicatorwaarde(indicator="S1-deelnemers", periode="2021", gebied=f"WK{z}01", waarde="120"),
                Indicatorwaarde(indicator="S1-deelnemers", periode="2021", gebied=f"WK{z}02", waarde="85.5"),
            ],
        )
        envelope = EventEnvelope.wrap(report, tenant=tenant, subject=str(report.verantwoordingId))
        nc = await nats.connect(platform.infra.nats_url)
        try:
            js = nc.jetstream()
            subject = report.event_name.subject(platform.prefix, envelope.tenant)
            for msg_id in (str(envelope.id), f"redelivered-{envelope.id}"):  # delivered twice
                await js.publish(subject, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": msg_id})

            async def recorded() -> list:
                return await all_results(client, "/indicatoren/S1-deelnemers/metingen", alleVersies=True)

            values = await eventually(lambda: _two(recorded))
            await asyncio.sleep(1.0)  # time enough for the second delivery to be (not) applied
            values = await recorded()
            assert [(m["gebied"], m["waarde"], m["versie"], m["herkomst"], m["leverancier"]) for m in values] == [
                (f"WK{z}01", 120, 1, "partner", "WijZ Welzijn"),
                (f"WK{z}02", 85.5, 1, "partner", "WijZ Welzijn"),
            ]
            stream = stream_name(platform.prefix, "indicatoren")
            sub = await js.pull_subscribe(f"{platform.prefix}.indicatoren.*.metingen.vastgelegd", stream=stream)
            announced = [
                e.data
                for m in await sub.fetch(100, timeout=2)
                if (e := EventEnvelope.model_validate_json(m.data)).tenant == tenant
            ]
            assert [(a["indicatoren"], a["nieuw"], a["herkomst"]) for a in announced] == [
                (["S1-deelnemers"], 2, "partner")
            ]
        finally:
            await nc.close()


async def _two(fetch) -> bool:  # noqa: ANN001
    return len(await fetch()) >= 2


CATALOGUE = Path(__file__).resolve().parents[2] / "shared" / "data" / "zwolle-buurtmonitor" / "variabelen.csv"


async def test_neighbourhood_monitor_catalogue_and_weighted_aggregation(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]  # its wijken and buurten: WK{z}xx, BU{z}xxxx
    async with _client(platform, tenant) as client:
        content = CATALOGUE.read_bytes()
        imported = await client.post("/catalogus", content=content, headers={"Content-Type": "text/csv"})
        assert imported.status_code == 200, imported.text
        result = imported.json()
        assert result["nieuw"] == result["rijen"] > 1600
        again = (await client.post("/catalogus", content=content, headers={"Content-Type": "text/csv"})).json()
        assert (again["nieuw"], again["bijgewerkt"]) == (0, 0), "re-importing changes nothing"
        pct = (await client.get("/indicatoren/bspman")).json()
        assert (pct["eenheid"], pct["decimalen"], pct["aggregatie"], pct["noemerCode"]) == (
            "%",
            1,
            "gewogen",
            "bstotinw",
        )
        assert pct["status"] == "nader-te-bepalen" and pct["thema"] == "Bevolking"
        assert (await client.get("/indicatoren/bstotinw")).json()["aggregatie"] == "som"

        # Two buurten of one wijk: 50% of 1000 inhabitants and 20% of 100 → 47.27% (a plain mean would say 35%).
        rows = [
            ("bstotinw", f"BU{z}0101", "1000"),
            ("bstotinw", f"BU{z}0102", "100"),
            ("bspman", f"BU{z}0101", "50"),
            ("bspman", f"BU{z}0102", "20"),
            ("bspman", f"BU{z}0201", "40"),  # another wijk, without its denominator
        ]
        upload = "indicator,periode,gebied,waarde\n" + "\n".join(f"{c},2021,{g},{v}" for c, g, v in rows)
        assert (
            await client.post("/metingen/bulk", content=upload.encode(), headers={"Content-Type": "text/csv"})
        ).status_code == 200
        wijken = await all_results(client, "/indicatoren/bspman/aggregaat", periode="2021")
        assert [(w["gebied"], w["waarde"], w["buurten"], w["zonderNoemer"]) for w in wijken] == [
            (f"WK{z}01", 47.272727, 2, 0),
            (f"WK{z}02", None, 0, 1),
        ]
        totaal = await all_results(client, "/indicatoren/bstotinw/aggregaat", periode="2021", niveau="gemeente")
        assert [(t["gebied"], t["waarde"], t["methode"]) for t in totaal] == [(tenant, 1100, "som")]
        bad = (
            b"select,Onderwerpcode,Naam,Eenheid,Bron,Datatype,Periodetype,Aggregatie-onderwerp\n"
            b",ok,Goed,%_1,x,Standaard,Stand,\n,,Leeg,%_1,x,Standaard,Stand,\n"
        )
        refused = await client.post("/catalogus", content=bad, headers={"Content-Type": "text/csv"})
        _problem(refused, 422, "line 3: Onderwerpcode")


async def test_targets_and_qualitative_observations(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]  # its wijken and buurten: WK{z}xx, BU{z}xxxx
    async with _client(platform, tenant) as client:
        await client.post("/indicatoren", json=INSTROOM)
        url = "/indicatoren/S2-instroom-bw/streefwaarden"
        assert (await client.put(f"{url}/2024/{tenant}", json={"waarde": "30"})).status_code == 200
        assert (await client.put(f"{url}/2024/WK{z}01", json={"waarde": "4"})).status_code == 200
        replaced = (await client.put(f"{url}/2024/{tenant}", json={"waarde": "28.5"})).json()
        assert [(t["jaar"], t["gebied"], t["waarde"]) for t in replaced] == [
            (2024, tenant, 28.5),
            (2024, f"WK{z}01", 4),
        ]
        _problem(await client.put(f"{url}/2024/Zwolle", json={"waarde": "1"}), 400, "path.gebied")
        _problem(await client.put(f"{url}/2024/{tenant}", json={"waarde": "veel"}), 400, "waarde")

        note = {
            "datum": "2020-10-14",
            "spoorNummer": 2,
            "indicator": "S2-instroom-bw",
            "bron": "gesprekstafel",
            "bronNaam": "Thematafel oktober, ambitie 1",
            "tekst": "Partners zien meer jongvolwassenen zonder passende woning.",
        }
        created = await client.post("/waarnemingen", json=note)
        assert created.status_code == 201, created.text
        await client.post(
            "/waarnemingen", json={"datum": "2020-11-02", "spoorNummer": 1, "bron": "bewonerspanel", "tekst": "x"}
        )
        assert [w["datum"] for w in await all_results(client, "/waarnemingen")] == ["2020-10-14", "2020-11-02"]
        about = await all_results(client, "/waarnemingen", indicator="S2-instroom-bw")
        assert [(w["indicator"], w["bron"]) for w in about] == [("S2-instroom-bw", "gesprekstafel")]
        _problem(await client.post("/waarnemingen", json=note | {"spoorNummer": None, "indicator": None}), 422)
        _problem(await client.post("/waarnemingen", json=note | {"indicator": "onbekend"}), 404)
        _problem(await client.post("/waarnemingen", json=note | {"bron": "krant"}), 400, "bron")


async def test_a_change_of_course_is_announced(platform: RunningPlatform) -> None:
    import nats
    from stuurcyclus_common.events import EventEnvelope
    from stuurcyclus_common.events.streams import stream_name

    tenant = unique_tenant()
    async with _client(platform, tenant) as client:
        await client.post("/indicatoren", json=INSTROOM)
        code = INSTROOM["code"]
        for periode, waarde in (("2020", "41"), ("2021", "38"), ("2021", "38"), ("2022", "45")):
            await client.post(
                "/metingen", json=[{"indicator": code, "periode": periode, "gebied": tenant, "waarde": waarde}]
            )
    nc = await nats.connect(platform.infra.nats_url)
    try:
        sub = await nc.jetstream().pull_subscribe(
            f"{platform.prefix}.indicatoren.*.koers.gewijzigd", stream=stream_name(platform.prefix, "indicatoren")
        )
        seen: list = []

        async def three() -> bool:
            try:
                for msg in await sub.fetch(100, timeout=1):
                    envelope = EventEnvelope.model_validate_json(msg.data)
                    if envelope.tenant == tenant:
                        seen.append((envelope.data["van"], envelope.data["naar"]))
            except TimeoutError:  # nats.errors.TimeoutError is one too
                pass
            return len(seen) >= 3

        from .support import eventually

        await eventually(three)
        # 41: too little data; 41→38: falling as expected; the same 38 again: nothing; 38→45: off course.
        assert seen == [(None, "onvoldoende-data"), ("onvoldoende-data", "op-koers"), ("op-koers", "uit-koers")]
    finally:
        await nc.close()


async def test_a_versioned_index_per_area(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]  # its wijken and buurten: WK{z}xx, BU{z}xxxx
    async with _client(platform, tenant) as client:
        for code, richting in (("eenzaam", "afname"), ("ouderen", "stabiel"), ("inwoners", "stabiel")):
            await client.post("/indicatoren", json=INSTROOM | {"code": code, "richting": richting})
        rows = [
            ("eenzaam", f"BU{z}0101", 10),
            ("eenzaam", f"BU{z}0102", 30),
            ("eenzaam", f"BU{z}0103", 20),
            ("ouderen", f"BU{z}0101", 200),
            ("ouderen", f"BU{z}0102", 100),
            ("ouderen", f"BU{z}0103", 300),
            ("inwoners", f"BU{z}0101", 1000),
            ("inwoners", f"BU{z}0102", 1000),
            ("inwoners", f"BU{z}0103", 1000),
        ]
        upload = "indicator,periode,gebied,waarde\n" + "\n".join(f"{c},2021,{g},{v}" for c, g, v in rows)
        await client.post("/metingen/bulk", content=upload.encode(), headers={"Content-Type": "text/csv"})
        definition = {
            "code": "ouderenindex",
            "naam": "Ouderenindex",
            "componenten": [
                {"indicator": "eenzaam", "gewicht": "2", "richting": "lager-is-beter"},
                {"teller": "ouderen", "noemer": "inwoners", "factor": "100", "gewicht": "1"},
            ],
        }
        created = await client.post("/indices", json=definition)
        assert created.status_code == 201, created.text
        result = (await client.get("/indices/ouderenindex/waarden", params={"periode": "2021"})).json()
        # eenzaam (lower is better): 100, 0, 50; ouderen per 100 inwoners: 20, 10, 30 → 50, 0, 100; weights 2:1.
        assert result["versie"] == 1
        assert [(w["gebied"], w["waarde"], w["componenten"]) for w in result["waarden"]] == [
            (f"BU{z}0101", 83.33, 2),
            (f"BU{z}0102", 0, 2),
            (f"BU{z}0103", 66.67, 2),
        ]
        changed = definition | {"componenten": definition["componenten"][:1]}
        del changed["code"]
        assert (await client.put("/indices/ouderenindex", json=changed)).json()["versie"] == 2
        latest = (await client.get("/indices/ouderenindex/waarden", params={"periode": "2021"})).json()
        assert (latest["versie"], latest["waarden"][0]["waarde"]) == (2, 100)
        earlier = (await client.get("/indices/ouderenindex/waarden", params={"periode": "2021", "versie": 1})).json()
        assert earlier["waarden"][0]["waarde"] == 83.33, "an earlier definition stays usable"
        assert [d["versie"] for d in await all_results(client, "/indices/ouderenindex/versies")] == [1, 2]
        unknown = definition | {"code": "x", "componenten": [{"indicator": "bestaat-niet", "gewicht": "1"}]}
        _problem(await client.post("/indices", json=unknown), 422, "componenten.0")
        both = definition | {
            "code": "y",
            "componenten": [{"indicator": "eenzaam", "teller": "ouderen", "gewicht": "1"}],
        }
        _problem(await client.post("/indices", json=both), 422, "componenten.0")
        _problem(await client.post("/indices", json=definition | {"code": "z", "componenten": []}), 400, "componenten")
        _problem(await client.post("/indices", json=definition), 409)


async def test_zwolles_bijlage_1_indicators_are_seeded_with_their_expectations(platform: RunningPlatform) -> None:
    import subprocess
    import sys

    def seed() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "indicatoren.manage", "seed"], env=platform.env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    first = seed()  # another test's module may have seeded already: then it adds nothing, and neither may this one
    assert "83 Zwolle indicators added" in first or "0 records added" in first
    assert "0 records added" in seed(), "seeding twice adds nothing"
    async with _client(platform, "GM0193") as client:
        per_spoor = {
            s: (await client.get("/indicatoren", params={"spoor": s, "pageSize": 100})).json() for s in range(1, 6)
        }
        seeded = {s: [i for i in page["results"] if i["code"].startswith(f"S{s}-")] for s, page in per_spoor.items()}
        # Bijlage 1's indicators (the demo year may have added its own, `BRON-…`, beside them).
        assert {s: len(found) for s, found in seeded.items()} == {1: 20, 2: 14, 3: 30, 4: 7, 5: 12}
        instroom = (await client.get("/indicatoren/S2-K01")).json()
        assert (instroom["verwachting"], instroom["richting"], instroom["dimensie"]) == (
            "Afname instroom.",
            "afname",
            "kwantiteit",
        )
        assert instroom["naam"] == "Beschermd wonen: Instroom regionaal en lokaal."
        begeleid = (await client.get("/indicatoren/S2-K02")).json()
        assert (begeleid["verwachting"], begeleid["richting"]) == (
            "Eerst toename later afname.",
            "eerst-toename-dan-afname",
        )
        apart = (await client.get("/indicatoren/S1-BA")).json()
        assert (apart["beweging"], apart["status"], apart["dimensie"]) == ("A", "nader-te-bepalen", None)
        jeugd = (await client.get("/indicatoren/S3-K01")).json()
        assert jeugd["niveau"] == "interventie" and jeugd["omschrijving"].startswith("Preventie: we versterken")
        context = (await client.get("/indicatoren/S1-K02")).json()
        assert context["naam"] == "Contextuele gegevens over inwoners van Zwolle: Laaggeletterdheid."


async def test_a_period_that_cannot_be_is_400_naming_the_key(platform: RunningPlatform) -> None:
    """Found by schemathesis: `van=0000` (year 0) was a 500."""
    async with _client(platform, unique_tenant()) as client:
        assert (
            await client.post("/indicatoren", json={"code": "P0", "naam": "x", "richting": "toename"})
        ).status_code == 201
        for key in ("van", "tot"):
            answer = await client.get("/indicatoren/P0/metingen", params={key: "0000"})
            assert answer.status_code == 400, answer.text
            assert answer.json()["invalidParams"][0]["name"] == f"query.{key}"
