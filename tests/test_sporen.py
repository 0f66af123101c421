"""sporen: the reform agenda over the real platform (gateway, service, worker, PostgreSQL, NATS).

Zwolle's seed is loaded into the test database by the service's own command (`python -m sporen.manage seed`),
the way `stuurcyclus up` loads it.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid

import httpx
import nats
import pytest
from stuurcyclus_common.events import EventEnvelope
from stuurcyclus_common.events.streams import stream_name

from .support import ZWOLLE, RunningPlatform, all_results, auth_headers, eventually, unique_tenant

PROBLEM = "application/problem+json"
MLN = 100_000_000  # cents


def _seed(platform: RunningPlatform) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "sporen.manage", "seed"], env=platform.env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def zwolle(platform: RunningPlatform) -> RunningPlatform:
    """The platform with Zwolle's agenda loaded (once per module)."""
    _seed(platform)
    return platform


def _client(platform: RunningPlatform, tenant: str = ZWOLLE) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1/sporen", headers=auth_headers(platform, tenant))


async def _all(client: httpx.AsyncClient, path: str) -> list[dict]:
    results, url = [], f"{path}?pageSize=100"
    while url:
        page = (await client.get(url)).raise_for_status().json()
        results += page["results"]
        url = page["next"]
    return results


def _problem(response: httpx.Response, status: int, *fields: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    named = {p["name"] for p in body.get("invalidParams", [])}
    assert set(fields) <= named, f"expected {fields} named in {named}"
    return body


async def test_seeded_zwolle_agenda_reproduces_the_sources(zwolle: RunningPlatform) -> None:
    async with _client(zwolle) as client:
        sporen = {s["nummer"]: s for s in await _all(client, "/sporen")}
        assert sorted(sporen) == [1, 2, 3, 4, 5, 6]
        jeugd = sporen[3]["financieelKader"]
        assert jeugd["budgetCent"] == 37 * MLN  # "Budget lokaal 2020: € ca. 37 mln"
        assert jeugd["besparingTotaalCent"] == 470_000_000  # original savings € 4.7 mln
        assert jeugd["gerealiseerdCent"] == 95_000_000  # realised € 0.95 mln
        assert jeugd["nogTeRealiserenCent"] == 375_000_000  # to realise € 3.75 mln
        bw = sporen[2]["financieelKader"]
        assert bw["budgetCent"] == 77 * MLN
        assert bw["besparingTotaalCent"] == 265_000_000  # € 2.65 mln
        assert (bw["gerealiseerdStructureelCent"], bw["gerealiseerdIncidenteelCent"]) == (140_000_000, 25_000_000)
        assert bw["nogTeRealiserenCent"] == 100_000_000  # € 1.0 mln (2020-2024)
        assert bw["realisatiePeriode"] == "2020-2024"
        for nummer in (2, 3):  # the figures add up: realised + to realise = the target
            frame = sporen[nummer]["financieelKader"]
            assert frame["gerealiseerdCent"] + frame["nogTeRealiserenCent"] == frame["besparingTotaalCent"]
        assert sporen[1]["financieelKader"]["budgetCent"] == 37 * MLN
        assert sporen[5]["financieelKader"]["budgetCent"] == 10_000_000  # € 100.000 incidenteel
        # Track 6: in preparation in 2020 (the report defers it, its first state); the Koers 2023 lists it among the
        # tracks worked on, and its state of 2023S2 made it active.
        first = (await _all(client, f"/sporen/{sporen[6]['id']}/historie"))[0]
        assert first["toestand"]["status"] == "in-voorbereiding"
        assert sporen[6]["status"] == "actief"

        one = sporen[1]
        assert one["probleem"].startswith("Onvoldoende integrale blik")
        assert len(one["hervormingen"]) == 5 and "GGD" in one["stakeholders"]
        assert {r["nummer"]: r["reden"] for r in one["raakvlakken"]} == {
            2: "Beschermd wonen (faciliteren activatie en contacten)",
            3: "Jeugd (preventie)",
            4: "Participatie (dagbesteding, maatschappelijke participatie)",
            5: "Wonen (passend wonen)",
        }
        assert "Effecten coronacrisis" in one["nietBeinvloedbaar"]
        assert sporen[2]["doelgroep"]["kenmerken"] == ["Aantal nu: ca. 1200 regionaal", "Richting WLZ in 2021: ca. 300"]

        bewegingen = await _all(client, "/bewegingen")
        assert [b["code"] for b in bewegingen] == ["A", "B", "C", "D"]
        assert bewegingen[0]["naam"] == "Van apart naar gewoon" and len(bewegingen[0]["beoogdeEffecten"]) == 5
        ambities = await _all(client, "/ambities")
        assert [a["nummer"] for a in ambities] == [1, 2, 3]
        assert ambities[1]["naam"] == "Inwoners zijn vitaal en gezond"
        assert ambities[1]["doelen"][0] == "We bevorderen een gezonde leefstijl"
        assert "jeugdgezondheidszorg" in ambities[1]["subsidiabeleActiviteiten"]
        assert [g["naam"] for g in await _all(client, "/aandachtsgroepen")][0] == "Kinderen en jongeren"
        opgaven = (await client.get("/opgaven", params={"jaar": 2020})).json()["results"]
        assert {o["naam"] for o in opgaven} == {"Wijkaccommodaties", "Veiligheid", "Wonen en zorg"}

        risicos = await _all(client, "/risicos")
        assert len(risicos) == 5 and {r["huidig"]["periode"] for r in risicos} == {"2020S2"}
        low = (await client.get("/risicos", params={"weging": "laag"})).json()["results"]
        assert [r["spoorId"] for r in low] == [one["id"]]

        detail = (await client.get(f"/sporen/{sporen[3]['id']}", params={"expand": "interventies,voortgang"})).json()
        assert [i["naam"] for i in detail["interventies"]] == ["Passende jeugdhulp", "Preventie", "Toegang"]
        assert detail["voortgang"][0]["periode"] == "2020S1"
        assert "praktijkklas op de Ambelt" in detail["voortgang"][0]["gerealiseerd"]


async def test_seeding_twice_gives_the_same_state(zwolle: RunningPlatform) -> None:
    async with _client(zwolle) as client:
        paths = ["/sporen", "/bewegingen", "/ambities", "/aandachtsgroepen", "/opgaven", "/risicos"]
        before = {p: await _all(client, p) for p in paths}
        output = _seed(zwolle)
        assert "0 records added" in output
        assert {p: await _all(client, p) for p in paths} == before


async def test_other_municipalities_do_not_see_zwolles_agenda(zwolle: RunningPlatform) -> None:
    async with _client(zwolle) as zwolle_client:
        spoor_id = (await _all(zwolle_client, "/sporen"))[0]["id"]
    async with _client(zwolle, unique_tenant()) as other:
        assert (await other.get("/sporen")).json()["count"] == 0
        assert (await other.get("/risicos")).json()["count"] == 0
        _problem(await other.get(f"/sporen/{spoor_id}"), 404)
        _problem(await other.post(f"/sporen/{spoor_id}/risicos", json=_risk()), 404)


def _risk(**overrides: object) -> dict:
    return {
        "titel": "Stijgende tarieven",
        "periode": "2021S1",
        "onderdelen": ["toegang-open-einderegelingen"],
        "weging": "midden",
        "bedragCent": 50_000_000,
        "toelichting": "Tarieven stijgen sneller dan het budget.",
    } | overrides


async def test_track_lifecycle_with_links_history_and_optimistic_concurrency(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        first = (await client.post("/sporen", json={"nummer": 1, "naam": "Basis"})).json()
        second = await client.post(
            "/sporen",
            json={
                "nummer": 2,
                "naam": "Wonen",
                "probleem": "Te weinig passende woningen.",
                "financieelKader": {"besparingTotaalCent": 265_000_000, "realisatiePeriode": "2020-2024"},
                "raakvlakken": [{"spoorId": first["id"], "reden": "passend wonen"}],
            },
        )
        assert second.status_code == 201, second.text
        assert second.headers["ETag"] == '"1"'
        spoor = second.json()
        assert spoor["raakvlakken"] == [
            {"spoorId": first["id"], "nummer": 1, "naam": "Basis", "reden": "passend wonen"}
        ]
        url = f"/sporen/{spoor['id']}"

        changed = await client.patch(url, json={"stakeholders": ["Woningcorporaties"]}, headers={"If-Match": '"1"'})
        assert changed.status_code == 200 and changed.json()["versie"] == 2
        stale = await client.patch(url, json={"stakeholders": ["Niemand"]}, headers={"If-Match": '"1"'})
        _problem(stale, 412)
        _problem(await client.patch(url, json={"naam": "Zonder versie"}), 428)
        assert (await client.get(url)).json()["stakeholders"] == ["Woningcorporaties"]

        # Renaming the linked track shows in the expanded link.
        await client.patch(f"/sporen/{first['id']}", json={"naam": "Sterke basis", "versie": 1})
        assert (await client.get(url)).json()["raakvlakken"][0]["naam"] == "Sterke basis"

        history = await all_results(client, f"{url}/historie")
        assert [(h["versie"], h["actie"]) for h in history] == [(1, "aangemaakt"), (2, "gewijzigd")]
        assert history[0]["toestand"]["stakeholders"] == [] and history[1]["toestand"]["stakeholders"] == [
            "Woningcorporaties"
        ]
        assert history[0]["toestand"]["financieelKader"]["besparingTotaalCent"] == 265_000_000

        listed = (await client.get("/sporen", params={"zoek": "passende woningen"})).json()
        assert [s["nummer"] for s in listed["results"]] == [2]
        assert (await client.get("/sporen", params={"status": "afgerond"})).json()["count"] == 0
        page = (await client.get("/sporen", params={"pageSize": 1})).json()
        assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]


async def test_the_prepared_track_read_answers_as_the_orm_read(zwolle: RunningPlatform) -> None:
    """A track read without `expand` is one JSON text PostgreSQL builds, validated straight from it (the list's
    tracks too); with `expand` the ORM reads it. All give the same track: Zwolle's six and one with awkward text
    (quotes, backslashes, line breaks, tabs, emoji, accents, a control character the JSON must escape)."""
    awkward = 'Een "spoor" met \\backslash\\,\nregels,\ttabs, café, 🚲 en \u0001.'
    tenant = unique_tenant()
    async with _client(zwolle, tenant) as other:
        basis = (await other.post("/sporen", json={"nummer": 1, "naam": "Basis"})).json()
        made = await other.post(
            "/sporen",
            json={
                "nummer": 2,
                "naam": "Wonen 🏠",
                "probleem": awkward,
                "stakeholders": [awkward, "Één"],
                "doelgroep": {"omschrijving": awkward},
                "financieelKader": {"besparingTotaalCent": 265_000_000, "realisatiePeriode": "2020-2024"},
                "raakvlakken": [{"spoorId": basis["id"], "reden": awkward}],
            },
        )
        assert made.status_code == 201, made.text
    async with _client(zwolle) as client:
        tracks = await _all(client, "/sporen")
    for municipality, ids in ((ZWOLLE, [t["id"] for t in tracks]), (tenant, [basis["id"], made.json()["id"]])):
        async with _client(zwolle, municipality) as client:
            listed = {t["id"]: t for t in await _all(client, "/sporen")}
            for spoor_id in ids:
                prepared = await client.get(f"/sporen/{spoor_id}")
                orm = await client.get(f"/sporen/{spoor_id}", params={"expand": "risicos"})
                assert prepared.status_code == orm.status_code == 200
                assert prepared.json() == orm.json() | {"risicos": None}
                assert listed[spoor_id] == prepared.json(), "the list shows each track as its own read does"
                if spoor_id == made.json()["id"]:
                    assert prepared.json()["probleem"] == awkward and prepared.json()["naam"] == "Wonen 🏠"
    assert len(tracks) >= 6


async def test_invalid_input_is_refused_with_the_field_named(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        unknown = {"nummer": 1, "naam": "X", "raakvlakken": [{"spoorId": str(uuid.uuid4()), "reden": "r"}]}
        _problem(await client.post("/sporen", json=unknown), 422, "raakvlakken")
        _problem(await client.post("/sporen", json={"nummer": 1, "naam": "   "}), 400, "naam")
        _problem(
            await client.post("/sporen", json={"nummer": 1, "naam": "X", "probleem": "p" * 20_001}), 400, "probleem"
        )
        too_long_list = {"nummer": 1, "naam": "X", "hervormingen": ["h"] * 101}
        _problem(await client.post("/sporen", json=too_long_list), 400, "hervormingen")
        money = {"nummer": 1, "naam": "X", "financieelKader": {"budgetCent": -1}}
        _problem(await client.post("/sporen", json=money), 400, "financieelKader.budgetCent")
        fraction = {"nummer": 1, "naam": "X", "financieelKader": {"budgetCent": 12.5}}
        _problem(await client.post("/sporen", json=fraction), 400, "financieelKader.budgetCent")
        nul = await client.post("/sporen", json={"nummer": 1, "naam": "X", "probleem": "a\u0000b"})
        assert nul.status_code == 400 and nul.json()["code"] == "ongeldige_waarde", nul.text
        assert (await client.get("/sporen")).json()["count"] == 0, "nothing of a refused request was written"

        spoor = (await client.post("/sporen", json={"nummer": 1, "naam": "X"})).json()
        self_link = {"raakvlakken": [{"spoorId": spoor["id"], "reden": "zelf"}], "versie": 1}
        _problem(await client.patch(f"/sporen/{spoor['id']}", json=self_link), 422)
        risks = f"/sporen/{spoor['id']}/risicos"
        _problem(await client.post(risks, json=_risk(weging="extreem")), 400, "weging")
        _problem(await client.post(risks, json=_risk(onderdelen=["weer"])), 400, "onderdelen.0")
        _problem(await client.post(risks, json=_risk(onderdelen=[])), 400, "onderdelen")
        _problem(await client.post(risks, json=_risk(periode="2021H1")), 400, "periode")
        _problem(await client.post(risks, json=_risk(bedragCent=-5)), 400, "bedragCent")
        voortgang = f"/sporen/{spoor['id']}/voortgang"
        _problem(await client.post(voortgang, json={"periode": "2021Q1"}), 400, "periode")
        assert (await client.post(voortgang, json={"periode": "2021S1", "gerealiseerd": "x"})).status_code == 201
        _problem(await client.post(voortgang, json={"periode": "2021S1"}), 409)
        _problem(await client.post("/opgaven", json={"jaar": 2021, "naam": "x", "gebieden": ["Zwolle-Zuid"]}), 400)


async def test_risk_revision_keeps_its_history(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        spoor = (await client.post("/sporen", json={"nummer": 3, "naam": "Jeugd"})).json()
        created = await client.post(f"/sporen/{spoor['id']}/risicos", json=_risk())
        assert created.status_code == 201, created.text
        risico = created.json()
        url = f"/risicos/{risico['id']}"
        revision = _risk(periode="2021S2", weging="hoog", bedragCent=120_000_000, toelichting="Tarieven +8%.")
        del revision["titel"]
        revised = await client.post(f"{url}/revisies", json=revision, headers={"If-Match": '"1"'})
        assert revised.status_code == 201, revised.text
        assert revised.json()["huidig"]["weging"] == "hoog" and revised.json()["versie"] == 2
        _problem(await client.post(f"{url}/revisies", json=revision, headers={"If-Match": '"1"'}), 412)

        revisies = await all_results(client, f"{url}/revisies")
        assert [(r["versie"], r["periode"], r["weging"], r["bedragCent"]) for r in revisies] == [
            (1, "2021S1", "midden", 50_000_000),
            (2, "2021S2", "hoog", 120_000_000),
        ]
        assert revisies[0]["toelichting"] == "Tarieven stijgen sneller dan het budget.", "the first one is untouched"
        assert (await client.get(url)).json()["huidig"]["versie"] == 2
        high = (await client.get("/risicos", params={"weging": "hoog", "spoorId": spoor["id"]})).json()
        assert [r["id"] for r in high["results"]] == [risico["id"]]


async def test_uitklapmodel_interventions_and_result_agreements(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        spoor = (await client.post("/sporen", json={"nummer": 3, "naam": "Jeugd"})).json()
        account = {"financien": "€ 0,35 mln", "kwantiteit": "40% minder verwijzingen", "kwaliteit": "tevreden"}
        interventie = (
            await client.post(
                f"/sporen/{spoor['id']}/interventies", json={"naam": "Toegang", "verantwoording": account}
            )
        ).json()
        assert interventie["verantwoording"] == account
        afspraken = f"/interventies/{interventie['id']}/resultaatafspraken"
        created = await client.post(afspraken, json={"partner": "Travers Welzijn", "omschrijving": "POH-jeugd"})
        assert created.status_code == 201, created.text
        changed = await client.patch(
            f"/resultaatafspraken/{created.json()['id']}",
            json={"verantwoording": {"kwantiteit": "12 praktijken"}, "versie": 1},
        )
        assert changed.json()["verantwoording"]["kwantiteit"] == "12 praktijken"
        assert [a["partner"] for a in await all_results(client, afspraken)] == ["Travers Welzijn"]
        expanded = (await client.get(f"/sporen/{spoor['id']}", params={"expand": "interventies"})).json()
        assert [i["naam"] for i in expanded["interventies"]] == ["Toegang"]
        _problem(await client.get(f"/sporen/{spoor['id']}", params={"expand": "alles"}), 400, "query.expand")


async def test_every_change_is_published_as_an_event(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    nc = await nats.connect(platform.infra.nats_url)
    try:
        js = nc.jetstream()
        async with _client(platform, tenant) as client:
            spoor = (await client.post("/sporen", json={"nummer": 1, "naam": "Basis"})).json()
            await client.patch(f"/sporen/{spoor['id']}", json={"naam": "Sterke basis", "versie": 1})
            ambitie = (await client.post("/ambities", json={"nummer": 1, "naam": "Contacten"})).json()
            await client.patch(f"/ambities/{ambitie['id']}", json={"doelen": ["Meedoen"], "versie": 1})
            await client.post("/bewegingen", json={"code": "A", "naam": "Van apart naar gewoon"})
            risico = (await client.post(f"/sporen/{spoor['id']}/risicos", json=_risk())).json()
            revision = {k: v for k, v in _risk(periode="2021S2").items() if k != "titel"} | {"versie": 1}
            await client.post(f"/risicos/{risico['id']}/revisies", json=revision)
            await client.post(f"/sporen/{spoor['id']}/voortgang", json={"periode": "2021S1"})
            await client.post(f"/sporen/{spoor['id']}/interventies", json={"naam": "Preventie"})

        sub = await js.pull_subscribe(f"{platform.prefix}.sporen.>", stream=stream_name(platform.prefix, "sporen"))
        seen: list[str] = []

        async def collected() -> bool:
            try:
                for msg in await sub.fetch(500, timeout=1):
                    envelope = EventEnvelope.model_validate_json(msg.data)
                    if envelope.tenant == tenant:
                        seen.append(envelope.type.removeprefix("nl.stuurcyclus.sporen."))
            except TimeoutError:  # nats.errors.TimeoutError is one too
                pass
            return len(seen) >= 9

        await eventually(collected, timeout=15)
        assert seen == [
            "spoor.aangemaakt.v1",
            "spoor.gewijzigd.v1",
            "ambitie.aangemaakt.v1",
            "ambitie.gewijzigd.v1",
            "beweging.aangemaakt.v1",
            "risico.aangemaakt.v1",
            "risico.herzien.v1",
            "voortgang.vastgelegd.v1",
            "interventie.aangemaakt.v1",
        ]
        await sub.unsubscribe()
    finally:
        await nc.close()


async def test_track_and_ambition_identities_reach_the_services_that_need_them(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _client(platform, tenant) as client:
        spoor = (await client.post("/sporen", json={"nummer": 2, "naam": "Beschermd wonen"})).json()
        ambitie = (await client.post("/ambities", json={"nummer": 2, "naam": "Vitaal en gezond"})).json()
        await client.patch(f"/ambities/{ambitie['id']}", json={"naam": "Inwoners zijn vitaal en gezond", "versie": 1})

    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant)) as api:

        async def known(path: str, key: str, wanted_id: str, versie: int, events: int = 1) -> dict | None:
            rows = (await api.get(path)).json()["results"]
            found = (r for r in rows if r[key] == wanted_id and r["versie"] == versie and r["eventsApplied"] >= events)
            return next(found, None)

        for path in ("/gesprekstafels/ambities", "/financien/ambities"):
            # Two workers per service: the change (v2) may arrive before the creation (v1); the row shows v2's values
            # at once and counts both events once the creation has arrived too.
            row = await eventually(lambda p=path: known(p, "ambitieId", ambitie["id"], 2, events=2))
            assert (row["nummer"], row["naam"], row["eventsApplied"]) == (2, "Inwoners zijn vitaal en gezond", 2)
        row = await eventually(lambda: known("/financien/sporen", "spoorId", spoor["id"], 1))
        assert row["naam"] == "Beschermd wonen"
        assert (await api.get("/indicatoren/sporen")).json()["results"][0]["spoorId"] == spoor["id"]


async def test_concurrent_updates_of_one_version_let_exactly_one_through(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        spoor = (await client.post("/sporen", json={"nummer": 1, "naam": "Basis"})).json()
        url = f"/sporen/{spoor['id']}"
        answers = await asyncio.gather(
            *(client.patch(url, json={"naam": f"Versie {i}"}, headers={"If-Match": '"1"'}) for i in range(10))
        )
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [200] + [412] * 9, statuses
        winner = next(a.json()["naam"] for a in answers if a.status_code == 200)
        current = (await client.get(url)).json()
        assert (current["naam"], current["versie"]) == (winner, 2)
        assert len(await all_results(client, f"{url}/historie")) == 2
