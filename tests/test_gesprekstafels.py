"""gesprekstafels over the real platform: one whole year of Zwolle's cycle through the gateway, and its refusals.

The year: January tables with outcomes → the call built from them (ceiling from financien) → three partners apply →
grants proposed first come, first served (one refused by financien for lack of ceiling) → the council's budget
(financien's event) → the November decisions (ZGW Besluit shape, events for the subsidy administration) → next
April's accountability reports, which reach indicatoren as measurements → settlement below the grant releases
money in financien → October's trends feed next January.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import nats
import pytest
from stuurcyclus_common.deadlines import end_of_day, is_past
from stuurcyclus_common.events import EventEnvelope
from stuurcyclus_common.events.streams import stream_name
from stuurcyclus_common.settings import plain_database_url

from . import giving360
from .support import ZWOLLE, RunningPlatform, all_results, auth_headers, eventually, fetched, seed, unique_tenant

PROBLEM = "application/problem+json"
JAAR, SUBSIDIEJAAR = 2027, 2028


def _api(platform: RunningPlatform, tenant: str = ZWOLLE, partner: str | None = None) -> httpx.AsyncClient:
    headers = auth_headers(platform, tenant, "partner", partner) if partner else auth_headers(platform, tenant)
    return httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=headers, timeout=30)


def _problem(response: httpx.Response, status: int, code: str | None = None, *fields: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    if code:
        assert body["code"] == code, body
    named = {p["name"] for p in body.get("invalidParams") or []}
    assert set(fields) <= named, f"expected {fields} named in {named}"
    return body


def _ok(response: httpx.Response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


async def _phase(api: httpx.AsyncClient, jaar: int, fase: str, action: str) -> dict:
    return _ok(await api.post(f"/gesprekstafels/cycli/{jaar}/fasen/{fase}/{action}"))


async def _ambitions(api: httpx.AsyncClient) -> dict[int, str]:
    async def known() -> dict[int, str] | None:
        rows = (await api.get("/gesprekstafels/ambities")).json()["results"]
        return {a["nummer"]: a["ambitieId"] for a in rows} if len(rows) >= 3 else None

    return await eventually(known, timeout=30)


async def _indicators_known(api: httpx.AsyncClient, *codes: str) -> None:
    async def known() -> bool:
        found, url = set(), "/gesprekstafels/indicatoren?pageSize=100"
        while url:
            page = (await api.get(url)).json()
            found |= {i["code"] for i in page["results"]}
            url = page["next"]
        return set(codes) <= found

    await eventually(known, timeout=30)


async def _application(platform: RunningPlatform, partner: str, uitvraag_id: str, euro: int, **extra) -> dict:
    async with _api(platform, partner=partner) as api:
        body = {
            "uitvraagId": uitvraag_id,
            "titel": f"Ontmoeting en daginvulling ({partner})",
            "activiteiten": [
                {"omschrijving": "Wekelijkse inloop in de wijk", "aantal": 40, "eenheid": "bijeenkomsten"}
            ],
            "bedragCent": euro * 100,
        } | extra
        aanvraag = _ok(await api.post("/gesprekstafels/aanvragen", json=body), 201)
        assert aanvraag["status"] == "concept" and aanvraag["partner"] == partner
        submitted = _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/indiening"))
        assert submitted["status"] == "ingediend" and submitted["ingediendOp"]
        return submitted


async def _wait_status(api: httpx.AsyncClient, aanvraag_id: str, status: str, reservering: str | None = None) -> dict:
    async def reached() -> dict | None:
        row = (await api.get(f"/gesprekstafels/aanvragen/{aanvraag_id}")).json()
        return row if row["status"] == status and (reservering is None or row["reservering"] == reservering) else None

    return await eventually(reached, timeout=20)


async def _events(platform: RunningPlatform, subject: str) -> list[dict]:
    nc = await nats.connect(platform.infra.nats_url)
    try:
        sub = await nc.jetstream().pull_subscribe(
            f"{platform.prefix}.gesprekstafels.*.{subject}", stream=stream_name(platform.prefix, "gesprekstafels")
        )
        msgs = await eventually(lambda: fetched(sub, 100))
        return [EventEnvelope.model_validate_json(m.data).model_dump(mode="json") for m in msgs]
    finally:
        await nc.close()


@pytest.fixture(scope="module")
def zwolle(platform: RunningPlatform) -> RunningPlatform:
    seed(platform, "sporen")
    seed(platform, "indicatoren")
    return platform


@pytest.fixture(scope="class")
def y() -> SimpleNamespace:
    """What one step of the year hands to the next (the ambitions, the call, the applications, …)."""
    return SimpleNamespace()


@pytest.mark.incremental
class TestOneWholeYearOfZwolle:
    """One whole year of Zwolle's cycle through the gateway, step by step: each step names the rule it proves, and a
    step after a failed one is reported as not run (the year depends on what came before)."""

    async def test_01_the_ceiling_comes_from_financien(self, zwolle: RunningPlatform, y: SimpleNamespace) -> None:
        """The college's ceiling for ambition 1 in the subsidy year: € 100.000, set in financien."""
        async with _api(zwolle) as api:
            y.ambities = await _ambitions(api)
            await _indicators_known(api, "S1-K06", "S1-K07")
            y.a1 = y.ambities[1]
            # The college's ceiling for ambition 1 in the subsidy year: € 100.000.
            _ok(
                await api.put(
                    "/financien/subsidieplafonds",
                    json={"ambitieId": y.a1, "jaar": SUBSIDIEJAAR, "bedragCent": 10_000_000},
                )
            )

    async def test_02_the_cycle_refuses_phases_out_of_order(self, zwolle: RunningPlatform, y: SimpleNamespace) -> None:
        """The cycle and its refusals: phases in their months, none before the phases it needs, `begroting` closed
        only by the budget's event, a partner directs nothing."""
        async with _api(zwolle) as api:
            cyclus = _ok(await api.post("/gesprekstafels/cycli", json={"jaar": JAAR}), 201)
            assert cyclus["subsidiejaar"] == SUBSIDIEJAAR
            assert [f["code"] for f in cyclus["fasen"]] == [
                "thematafels-januari",
                "bestuurlijke-vertaling",
                "verantwoording",
                "gezamenlijke-tafel",
                "uitvraag",
                "thematafels-oktober",
                "begroting",
                "toekenning",
            ]
            january = cyclus["fasen"][0]
            assert (january["geplandVan"], january["geplandTot"], january["status"]) == (
                "2027-01-01",
                "2027-01-31",
                "gepland",
            )
            _problem(await api.post("/gesprekstafels/cycli", json={"jaar": JAAR}), 409, "bestaat_al")
            answer = await api.post(f"/gesprekstafels/cycli/{JAAR}/fasen/toekenning/opening")
            refused = _problem(answer, 409, "fase_vereist")
            assert "budget" in refused["detail"] and "begroting" in refused["detail"]
            uitvraag_waits = await api.post(f"/gesprekstafels/cycli/{JAAR}/fasen/uitvraag/opening")
            assert "retry-after" not in uitvraag_waits.headers, "waiting for people (phases to close) is no retry"
            _problem(
                await api.post(f"/gesprekstafels/cycli/{JAAR}/fasen/begroting/sluiting"), 409, "fase_wacht_op_event"
            )
            _problem(await api.post(f"/gesprekstafels/cycli/{JAAR}/fasen/uitvraag/opening"), 409, "fase_vereist")
            _problem(await api.post(f"/gesprekstafels/cycli/{JAAR}/fasen/nazomer/opening"), 400, None, "path.fase")
            async with _api(zwolle, partner="Travers Welzijn") as partner_api:
                _problem(await partner_api.post(f"/gesprekstafels/cycli/{JAAR}/fasen/thematafels-januari/opening"), 403)

    async def test_03_january_tables_rank_their_priorities(self, zwolle: RunningPlatform, y: SimpleNamespace) -> None:
        """January: three theme tables sharpen and prioritise; a theme table needs its ambition, a rank is taken once, a
        stale change is refused, and no call is drafted while January is open."""
        async with _api(zwolle) as api:
            await _phase(api, JAAR, "thematafels-januari", "opening")
            y.deelnemers = [
                {"naam": "Procesregisseur", "organisatie": "Gemeente Zwolle", "rol": "gemeente-procesregisseur"},
                {"naam": "A. de Vries", "organisatie": "Travers Welzijn", "rol": "maatschappelijke-partner"},
                {"naam": "B. Jansen", "organisatie": "Wijkraad Holtenbroek", "rol": "inwonervertegenwoordiging"},
                {"naam": "C. Bakker", "organisatie": "Sociaal wijkteam", "rol": "wijkteam"},
            ]
            tafels = {}
            for nummer, ambitie_id in sorted(y.ambities.items()):
                tafel = {
                    "jaar": JAAR,
                    "fase": "thematafels-januari",
                    "ambitieId": ambitie_id,
                    "titel": f"Thematafel ambitie {nummer}",
                    "datum": f"2027-01-{10 + nummer}",
                    "deelnemers": y.deelnemers,
                }
                tafels[nummer] = _ok(await api.post("/gesprekstafels/tafels", json=tafel), 201)
            _problem(
                await api.post("/gesprekstafels/tafels", json=tafel | {"ambitieId": None}), 422, "vereist", "ambitieId"
            )
            _problem(
                await api.post("/gesprekstafels/tafels", json=tafel | {"deelnemers": [{"naam": "x", "rol": "baas"}]}),
                400,
            )
            t1 = tafels[1]["id"]
            for uitkomst in [
                {"soort": "opgave", "tekst": "Eenzaamheid onder ouderen in Holtenbroek neemt toe."},
                {"soort": "prioriteit", "tekst": "Laagdrempelige ontmoeting in elke wijk.", "rang": 1},
                {
                    "soort": "prioriteit",
                    "tekst": "Daginvulling voor inwoners met een psychische kwetsbaarheid.",
                    "rang": 2,
                },
                {"soort": "afspraak", "tekst": "Partners delen hun aanbod per wijk vóór de gezamenlijke tafel."},
            ]:
                _ok(await api.post(f"/gesprekstafels/tafels/{t1}/uitkomsten", json=uitkomst), 201)
            _problem(
                await api.post(
                    f"/gesprekstafels/tafels/{t1}/uitkomsten", json={"soort": "prioriteit", "tekst": "x", "rang": 1}
                ),
                409,
                "rang_bezet",
            )
            _problem(
                await api.post(f"/gesprekstafels/tafels/{t1}/uitkomsten", json={"soort": "prioriteit", "tekst": "x"}),
                400,
            )
            stale = await api.patch(
                f"/gesprekstafels/tafels/{t1}", json={"locatie": "Stadkamer"}, headers={"If-Match": '"7"'}
            )
            _problem(stale, 412, "versie_verouderd")
            moved = await api.patch(
                f"/gesprekstafels/tafels/{t1}", json={"locatie": "Stadkamer"}, headers={"If-Match": '"1"'}
            )
            assert _ok(moved)["locatie"] == "Stadkamer" and moved.headers["ETag"] == '"2"'

            y.call = {
                "jaar": JAAR,
                "ambitieId": y.a1,
                "titel": "Uitvraag 2028 ambitie 1: betekenisvolle sociale contacten en daginvulling",
                "deadline": "2027-06-30",
                "doelen": ["Minder eenzaamheid", "Meer inwoners met een zinvolle daginvulling"],
                "indicatoren": ["S1-K06", "S1-K07"],
            }
            _problem(
                await api.post("/gesprekstafels/uitvragen", json=y.call), 409, "fase_vereist"
            )  # January still open
            await _phase(api, JAAR, "thematafels-januari", "sluiting")
            _problem(
                await api.post(f"/gesprekstafels/tafels/{t1}/uitkomsten", json={"soort": "trend", "tekst": "x"}), 409
            )

    async def test_04_may_joint_table_has_no_ambition(self, zwolle: RunningPlatform, y: SimpleNamespace) -> None:
        """Spring and May: the translation into the PPN, the joint table (which names no ambition)."""
        async with _api(zwolle) as api:
            await _phase(api, JAAR, "bestuurlijke-vertaling", "opening")
            await _phase(api, JAAR, "bestuurlijke-vertaling", "sluiting")
            await _phase(api, JAAR, "gezamenlijke-tafel", "opening")
            joint = {"jaar": JAAR, "fase": "gezamenlijke-tafel", "titel": "Gezamenlijke tafel", "datum": "2027-05-20"}
            _problem(
                await api.post("/gesprekstafels/tafels", json=joint | {"ambitieId": y.a1}),
                422,
                "niet_toegestaan",
                "ambitieId",
            )
            joint_table = _ok(await api.post("/gesprekstafels/tafels", json=joint | {"deelnemers": y.deelnemers}), 201)
            assert joint_table["soort"] == "gezamenlijk"
            _ok(
                await api.post(
                    f"/gesprekstafels/tafels/{joint_table['id']}/uitkomsten",
                    json={"soort": "afspraak", "tekst": "Travers trekt de ontmoeting in Holtenbroek."},
                ),
                201,
            )
            await _phase(api, JAAR, "gezamenlijke-tafel", "sluiting")

    async def test_05_june_call_is_built_from_januarys_priorities(
        self, zwolle: RunningPlatform, y: SimpleNamespace
    ) -> None:
        """June: the call is built from January's prioritised tasks and published with financien's ceiling, once."""
        async with _api(zwolle) as api:
            _problem(
                await api.post("/gesprekstafels/uitvragen", json=y.call | {"indicatoren": ["GEEN-INDICATOR"]}),
                422,
                "onbekend",
                "indicatoren[0]",
            )
            _problem(
                await api.post("/gesprekstafels/uitvragen", json=y.call | {"deadline": "2020-06-30"}),
                422,
                "in_verleden",
                "deadline",
            )
            y.uitvraag = _ok(await api.post("/gesprekstafels/uitvragen", json=y.call), 201)
            assert y.uitvraag["status"] == "concept" and y.uitvraag["subsidiejaar"] == SUBSIDIEJAAR
            assert [(o["soort"], o["rang"]) for o in y.uitvraag["opgaven"]] == [
                ("prioriteit", 1),
                ("prioriteit", 2),
                ("opgave", None),
            ]
            assert y.uitvraag["deadlineMoment"] == "2027-06-30T23:59:59.999999+02:00"  # summer time
            publish = f"/gesprekstafels/uitvragen/{y.uitvraag['id']}/publicatie"
            _problem(await api.post(publish), 409, "fase_niet_open")
            await _phase(api, JAAR, "uitvraag", "opening")
            y.uitvraag = await eventually(lambda: _published(api, publish), timeout=20)  # once the ceiling has arrived
            assert y.uitvraag["status"] == "gepubliceerd" and y.uitvraag["plafondCent"] == 10_000_000
            _problem(await api.post(publish), 409, "uitvraag_niet_concept")

    async def test_06_partners_apply_and_see_only_their_own(self, zwolle: RunningPlatform, y: SimpleNamespace) -> None:
        """Three partners apply; each sees and changes only its own application, and commits only to the call's
        indicators."""
        async with _api(zwolle) as api:
            y.travers = await _application(zwolle, "Travers Welzijn", y.uitvraag["id"], 40_000, indicatoren=["S1-K06"])
            y.humanitas = await _application(zwolle, "Humanitas", y.uitvraag["id"], 50_000, indicatoren=["S1-K07"])
            async with _api(zwolle, partner="De Kern") as kern_api:
                _problem(
                    await kern_api.post(
                        "/gesprekstafels/aanvragen",
                        json={
                            "uitvraagId": y.uitvraag["id"],
                            "titel": "x",
                            "activiteiten": [{"omschrijving": "y"}],
                            "bedragCent": 100,
                            "indicatoren": ["S1-K01"],
                        },
                    ),
                    422,
                    "niet_in_uitvraag",
                    "indicatoren[0]",
                )
            y.kern = await _application(zwolle, "De Kern", y.uitvraag["id"], 30_000)

            # Partners see and change only their own.
            async with _api(zwolle, partner="Humanitas") as humanitas_api:
                mine = _ok(await humanitas_api.get("/gesprekstafels/aanvragen"))
                assert [a["id"] for a in mine["results"]] == [y.humanitas["id"]]
                _problem(
                    await humanitas_api.get(f"/gesprekstafels/aanvragen/{y.travers['id']}"),
                    403,
                    "niet_eigen_organisatie",
                )
                _problem(
                    await humanitas_api.patch(
                        f"/gesprekstafels/aanvragen/{y.travers['id']}",
                        json={"titel": "overgenomen"},
                        headers={"If-Match": '"2"'},
                    ),
                    403,
                    "niet_eigen_organisatie",
                )
                _problem(
                    await humanitas_api.post(
                        f"/gesprekstafels/aanvragen/{y.travers['id']}/intrekking", json={"reden": "x"}
                    ),
                    403,
                )
                _problem(
                    await humanitas_api.post(f"/gesprekstafels/aanvragen/{y.humanitas['id']}/behandeling"),
                    403,
                    "rol_niet_toegestaan",
                )
                _problem(
                    await humanitas_api.post(
                        "/gesprekstafels/aanvragen",
                        json={
                            "uitvraagId": y.uitvraag["id"],
                            "partner": "Travers Welzijn",
                            "titel": "x",
                            "activiteiten": [{"omschrijving": "y"}],
                            "bedragCent": 100,
                        },
                    ),
                    403,
                )
            all_three = _ok(await api.get("/gesprekstafels/aanvragen", params={"uitvraagId": y.uitvraag["id"]}))
            assert all_three["count"] == 3

    async def test_07_proposals_first_come_first_served_within_the_ceiling(
        self, zwolle: RunningPlatform, y: SimpleNamespace
    ) -> None:
        """Review and proposals, first come first served; financien reserves under the ceiling or refuses (a rejection
        decision)."""
        async with _api(zwolle) as api:
            for aanvraag in (y.travers, y.humanitas, y.kern):
                assert (
                    _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/behandeling"))["status"]
                    == "in-behandeling"
                )
            _problem(
                await api.post(f"/gesprekstafels/aanvragen/{y.kern['id']}/voorstel"), 409, "eerdere_aanvraag_eerst"
            )
            assert (
                _ok(await api.post(f"/gesprekstafels/aanvragen/{y.travers['id']}/voorstel"))["reservering"]
                == "gevraagd"
            )
            await _wait_status(api, y.travers["id"], "voorgesteld", "bevestigd")
            _ok(await api.post(f"/gesprekstafels/aanvragen/{y.humanitas['id']}/voorstel"))
            await _wait_status(api, y.humanitas["id"], "voorgesteld", "bevestigd")
            _ok(await api.post(f"/gesprekstafels/aanvragen/{y.kern['id']}/voorstel"))
            y.kern = await _wait_status(api, y.kern["id"], "afgewezen")
            assert y.kern["reservering"] == "geweigerd" and "subsidieplafond" in y.kern["reden"]
            kern_besluit = _ok(await api.get("/gesprekstafels/besluiten", params={"aanvraagId": y.kern["id"]}))[
                "results"
            ]
            assert [b["soort"] for b in kern_besluit] == ["afwijzing"] and "9000000 is in use" in kern_besluit[0][
                "toelichting"
            ]

    async def test_08_no_grant_before_the_budget_and_the_call_closes(
        self, zwolle: RunningPlatform, y: SimpleNamespace
    ) -> None:
        """No grant before the council's budget; the call closes; October's theme tables record trends."""
        async with _api(zwolle) as api:
            y.grant = {
                "voorwaarden": ["Activiteiten zijn vrij toegankelijk voor alle inwoners."],
                "prestaties": [{"omschrijving": "Inloopbijeenkomsten", "aantal": 40, "eenheid": "bijeenkomsten"}],
                "toelichting": "Toekenning op grond van de uitvraag 2028, ambitie 1.",
            }
            _problem(
                await api.post(f"/gesprekstafels/aanvragen/{y.travers['id']}/toekenning", json=y.grant),
                409,
                "fase_niet_open",
            )
            await _phase(api, JAAR, "uitvraag", "sluiting")
            assert _ok(await api.get(f"/gesprekstafels/uitvragen/{y.uitvraag['id']}"))["status"] == "gesloten"
            async with _api(zwolle, partner="Humanitas") as humanitas_api:
                late = await humanitas_api.post(
                    "/gesprekstafels/aanvragen",
                    json={
                        "uitvraagId": y.uitvraag["id"],
                        "titel": "Te laat",
                        "activiteiten": [{"omschrijving": "y"}],
                        "bedragCent": 100,
                    },
                )
                _problem(late, 409, "uitvraag_dicht")
            waits = await api.post(f"/gesprekstafels/cycli/{JAAR}/fasen/toekenning/opening")
            waiting = _problem(
                waits, 409, "fase_vereist"
            )  # only the budget's event blocks it now: a wait, said plainly
            assert waits.headers["Retry-After"] and "Waiting for: nl.stuurcyclus.financien" in waiting["detail"], (
                waiting
            )
            await _phase(api, JAAR, "thematafels-oktober", "opening")
            october = _ok(
                await api.post(
                    "/gesprekstafels/tafels",
                    json={
                        "jaar": JAAR,
                        "fase": "thematafels-oktober",
                        "ambitieId": y.a1,
                        "titel": "Trends ambitie 1",
                        "datum": "2027-10-07",
                        "deelnemers": y.deelnemers,
                    },
                ),
                201,
            )
            y.trend = {"soort": "trend", "tekst": "Meer jongeren melden zich eenzaam sinds de coronajaren."}
            _ok(await api.post(f"/gesprekstafels/tafels/{october['id']}/uitkomsten", json=y.trend), 201)
            await _phase(api, JAAR, "thematafels-oktober", "sluiting")

    async def test_09_the_budget_event_closes_its_phase(self, zwolle: RunningPlatform, y: SimpleNamespace) -> None:
        """Autumn: the council adopts the budget, and financien's event closes the `begroting` phase."""
        async with _api(zwolle) as api:
            begroting = _ok(await api.post("/financien/begrotingen", json={"jaar": SUBSIDIEJAAR}), 201)
            _ok(
                await api.post(
                    f"/financien/begrotingen/{begroting['id']}/vaststelling", json={"vastgesteldOp": "2027-11-05"}
                )
            )

            async def budget_closed() -> dict | None:
                state = (await api.get(f"/gesprekstafels/cycli/{JAAR}")).json()
                return state if state["begrotingVastgesteldOp"] == "2027-11-05" else None

            state = await eventually(budget_closed, timeout=20)
            fase_begroting = next(f for f in state["fasen"] if f["code"] == "begroting")
            assert fase_begroting["status"] == "gesloten" and "2027-11-05" in fase_begroting["reden"]

    async def test_10_november_decisions_are_numbered_published_and_committed(
        self, zwolle: RunningPlatform, y: SimpleNamespace
    ) -> None:
        """November: the decisions (ZGW Besluit shape, unique numbers), as 360Giving open data, committed in
        financien and sent to the subsidy administration."""
        async with _api(zwolle) as api:
            await _phase(api, JAAR, "toekenning", "opening")
            _problem(
                await api.post(f"/gesprekstafels/aanvragen/{y.kern['id']}/toekenning", json=y.grant),
                409,
                "ongeldige_overgang",
            )
            besluiten = {}
            for aanvraag in (y.travers, y.humanitas):
                besluiten[aanvraag["id"]] = _ok(
                    await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/toekenning", json=y.grant), 201
                )
            b = besluiten[y.travers["id"]]
            assert b["soort"] == "toekenning" and b["bedragCent"] == 4_000_000 and b["periode"] == "2028"
            assert (b["ingangsdatum"], b["vervaldatum"], b["vervalreden"]) == ("2028-01-01", "2028-12-31", "tijdelijk")
            assert b["identificatie"].startswith("GM0193-") and b["prestaties"][0]["aantal"] == 40
            assert b["verantwoordingUiterlijk"] == "2029-04-30"
            identificaties = [x["identificatie"] for x in _ok(await api.get("/gesprekstafels/besluiten"))["results"]]
            assert len(identificaties) == len(set(identificaties)) == 3

            # The grants as open data: the 360Giving package validates against the standard's schema.
            package = _ok(await api.get("/gesprekstafels/open-data/360giving"))
            giving360.validate(package)
            broken = {"grants": [{k: v for k, v in package["grants"][0].items() if k != "currency"}], "version": "1.4"}
            with pytest.raises(AssertionError):
                giving360.validate(broken)  # the check bites: a grant without its currency is refused
            awarded = {g["recipientOrganization"][0]["name"]: g for g in package["grants"]}
            assert set(awarded) == {y.travers["partner"], y.humanitas["partner"]}, "only decided grants, no rejection"
            travers_grant = awarded[y.travers["partner"]]
            assert (
                travers_grant["id"] == f"360G-GM0193-{b['identificatie']}" and travers_grant["amountAwarded"] == 40_000
            )
            assert (
                travers_grant["currency"] == "EUR"
                and travers_grant["fundingOrganization"][0]["name"] == "Gemeente Zwolle"
            )
            assert travers_grant["grantProgramme"][0]["code"] == y.a1 and travers_grant["fromOpenCall"] == "Yes"
            flat = await api.get("/gesprekstafels/open-data/360giving", params={"formaat": "csv"})
            lines = flat.text.splitlines()
            assert lines[0].startswith("Identifier,Title,Description,Currency") and len(lines) == 3

            async def committed() -> dict | None:
                rows = await all_results(api, "/financien/subsidieplafonds", jaar=SUBSIDIEJAAR)
                row = next(r for r in rows if r["ambitieId"] == y.a1)
                return row if row["vastgelegdCent"] == 9_000_000 else None

            row = await eventually(committed, timeout=20)
            assert row["gereserveerdCent"] == 0 and row["beschikbaarCent"] == 1_000_000

            # The subsidy administration gets every decision as an event, in the ZGW Besluit shape.
            decisions = [e for e in await _events(zwolle, "besluit.genomen") if e["tenant"] == ZWOLLE]
            by_app = {e["data"]["aanvraagId"]: e["data"] for e in decisions}
            assert (
                by_app[y.travers["id"]]["soort"] == "toekenning" and by_app[y.travers["id"]]["bedragCent"] == 4_000_000
            )
            assert by_app[y.kern["id"]]["soort"] == "afwijzing"
            assert {"identificatie", "datum", "ingangsdatum", "vervaldatum", "vervalreden", "toelichting"} <= set(
                by_app[y.travers["id"]]
            )

    async def test_11_reports_become_measurements_in_indicatoren(
        self, zwolle: RunningPlatform, y: SimpleNamespace
    ) -> None:
        """Next April: accountability reports, only one's own and only once; their values become measurements in
        indicatoren."""
        async with _api(zwolle) as api:
            report = {
                "activiteiten": [{"omschrijving": "Inloopbijeenkomsten", "aantal": 38, "eenheid": "bijeenkomsten"}],
                "besteedCent": 3_500_000,
                "indicatorwaarden": [{"indicator": "S1-K06", "periode": "2028", "gebied": "GM0193", "waarde": "31,5"}],
            }
            async with _api(zwolle, partner="Travers Welzijn") as travers_api:
                _problem(
                    await travers_api.post(
                        f"/gesprekstafels/aanvragen/{y.travers['id']}/verantwoording",
                        json=report | {"indicatorwaarden": [report["indicatorwaarden"][0] | {"indicator": "S1-K07"}]},
                    ),
                    422,
                    "not_committed",
                    "indicatorwaarden[0].indicator",
                )
                _problem(
                    await travers_api.post(
                        "/gesprekstafels/aanvragen/00000000-0000-4000-8000-000000000000/verantwoording", json=report
                    ),
                    404,
                )
                accepted = _ok(
                    await travers_api.post(f"/gesprekstafels/aanvragen/{y.travers['id']}/verantwoording", json=report),
                    201,
                )
                assert accepted["teLaat"] is False and accepted["indicatorwaarden"][0]["waarde"] == "31.5"
                _problem(
                    await travers_api.post(f"/gesprekstafels/aanvragen/{y.travers['id']}/verantwoording", json=report),
                    409,
                )
                termijnen = await all_results(travers_api, "/gesprekstafels/termijnen", status="voldaan")
                assert any(t["soort"] == "verantwoording" and t["verwijzing"] == y.travers["id"] for t in termijnen)
            async with _api(zwolle, partner="Humanitas") as humanitas_api:
                _problem(
                    await humanitas_api.post(
                        f"/gesprekstafels/aanvragen/{y.travers['id']}/verantwoording", json=report
                    ),
                    403,
                )
                _problem(await humanitas_api.get(f"/gesprekstafels/aanvragen/{y.travers['id']}/verantwoording"), 403)
                due = await all_results(humanitas_api, "/gesprekstafels/termijnen")
                reports_due = [t for t in due if t["soort"] == "verantwoording"]
                assert [(t["verwijzing"], t["status"], t["uiterlijk"]) for t in reports_due] == [
                    (y.humanitas["id"], "open", "2029-04-30T23:59:59.999999+02:00")
                ]
            async with _api(zwolle, partner="De Kern") as kern_api:
                _problem(
                    await kern_api.post(f"/gesprekstafels/aanvragen/{y.kern['id']}/verantwoording", json=report),
                    409,
                    "geen_toekenning",
                )

            async def measured() -> list | None:
                rows = await all_results(
                    api, "/indicatoren/indicatoren/S1-K06/metingen", gebied="GM0193", van="2028", tot="2028"
                )
                return [m for m in rows if m["periode"] == "2028" and m["gebied"] == "GM0193"] or None

            meting = (await eventually(measured, timeout=20))[0]
            assert Decimal(meting["waarde"]) == Decimal("31.5")
            assert meting["herkomst"] == "partner" and meting["leverancier"] == "Travers Welzijn"

    async def test_12_settlement_below_the_grant_releases_the_difference(
        self, zwolle: RunningPlatform, y: SimpleNamespace
    ) -> None:
        """Settlement below the grant: the difference reclaimed and released in financien; the interim report and the
        history agree."""
        async with _api(zwolle) as api:
            _problem(
                await api.post(f"/gesprekstafels/aanvragen/{y.humanitas['id']}/vaststelling", json={}),
                409,
                "geen_verantwoording",
            )
            _problem(
                await api.post(
                    f"/gesprekstafels/aanvragen/{y.travers['id']}/vaststelling", json={"bedragCent": 4_000_001}
                ),
                422,
                "te_groot",
                "bedragCent",
            )
            vaststelling = _ok(
                await api.post(f"/gesprekstafels/aanvragen/{y.travers['id']}/vaststelling", json={}), 201
            )
            assert vaststelling["soort"] == "vaststelling" and vaststelling["bedragCent"] == 3_500_000
            assert "500000" in vaststelling["toelichting"]

            async def released() -> dict | None:
                rows = await all_results(api, "/financien/subsidieplafonds", jaar=SUBSIDIEJAAR)
                row = next(r for r in rows if r["ambitieId"] == y.a1)
                return row if row["vastgelegdCent"] == 8_500_000 else None

            await eventually(released, timeout=20)
            interim = _ok(await api.get(f"/gesprekstafels/tussenrapportages/{SUBSIDIEJAAR}"))
            assert interim["ambities"] == [
                {
                    "ambitieId": y.a1,
                    "ambitie": interim["ambities"][0]["ambitie"],
                    "toegekendAantal": 2,
                    "toegekendCent": 9_000_000,
                    "verantwoordAantal": 1,
                    "besteedCent": 3_500_000,
                    "vastgesteldAantal": 1,
                    "vastgesteldCent": 3_500_000,
                    "teruggevorderdCent": 500_000,
                }
            ]
            history = await all_results(api, f"/gesprekstafels/aanvragen/{y.travers['id']}/historie")
            assert [h["naar"] for h in history] == [
                "concept",
                "ingediend",
                "in-behandeling",
                "voorgesteld",
                "voorgesteld",
                "toegekend",
                "vastgesteld",
            ]
            assert history[4]["door"] == "financien"

    async def test_13_octobers_trends_feed_next_january(self, zwolle: RunningPlatform, y: SimpleNamespace) -> None:
        """October's trends feed next January's table."""
        async with _api(zwolle) as api:
            _ok(await api.post("/gesprekstafels/cycli", json={"jaar": JAAR + 1}), 201)
            await _phase(api, JAAR + 1, "thematafels-januari", "opening")
            next_january = _ok(
                await api.post(
                    "/gesprekstafels/tafels",
                    json={
                        "jaar": JAAR + 1,
                        "fase": "thematafels-januari",
                        "ambitieId": y.a1,
                        "titel": "Thematafel ambitie 1",
                        "datum": "2028-01-11",
                    },
                ),
                201,
            )
            assert [u["tekst"] for u in next_january["inbreng"]] == [y.trend["tekst"]]


async def _published(api: httpx.AsyncClient, publish: str) -> dict | None:
    response = await api.post(publish)
    if response.status_code == 422 and response.json()["code"] == "geen_plafond":
        return None  # financien's ceiling event has not arrived yet
    return _ok(response)


async def test_sub_ceilings_ranking_and_withdrawal(platform: RunningPlatform) -> None:
    """A ranked call with sub-ceilings in another municipality: proposals wait for the call to close and go by score;
    an application that would exceed its sub-ceiling is rejected with the reason; a withdrawal releases money."""
    tenant = unique_tenant()
    async with _api(platform, tenant) as api:
        ambitie = _ok(
            await api.post("/sporen/ambities", json={"nummer": 2, "naam": "Inwoners zijn vitaal en gezond"}), 201
        )
        _ok(
            await api.post(
                "/indicatoren/indicatoren", json={"code": "BEWEEG", "naam": "Beweegnorm (%)", "richting": "toename"}
            ),
            201,
        )
        await _ambitions_of(api, 1)
        await _indicators_known(api, "BEWEEG")
        await _cycle_at_the_call(api, 2030, ambitie["id"], ceiling=5_000_000)
        call = {
            "jaar": 2030,
            "ambitieId": ambitie["id"],
            "titel": "Vitaal en gezond",
            "deadline": "2030-06-30",
            "beoordeling": "rangschikking",
            "indicatoren": ["BEWEEG"],
            "deelplafonds": [
                {"code": "wijk", "naam": "Wijkgericht", "bedragCent": 3_000_000},
                {"code": "stad", "naam": "Stedelijk", "bedragCent": 3_000_000},
            ],
        }
        dup = call | {"deelplafonds": [call["deelplafonds"][0], call["deelplafonds"][0]]}
        _problem(await api.post("/gesprekstafels/uitvragen", json=dup), 422, "dubbel", "deelplafonds")
        too_big = _ok(await api.post("/gesprekstafels/uitvragen", json=call), 201)
        assert too_big["opgaven"] == []  # its January table recorded nothing

        async def judged() -> httpx.Response | None:
            response = await api.post(f"/gesprekstafels/uitvragen/{too_big['id']}/publicatie")
            return None if response.json().get("code") == "geen_plafond" else response

        _problem(await eventually(judged, timeout=20), 422, "te_groot", "deelplafonds")  # € 60.000 > € 50.000
        _problem(await api.post("/gesprekstafels/uitvragen", json=call), 409, "bestaat_al")  # one per ambition

    # A split that fits is published in the next cycle.
    async with _api(platform, tenant) as api:
        await _cycle_at_the_call(api, 2031, ambitie["id"], ceiling=5_000_000)
        split = call | {"jaar": 2031, "deadline": "2031-06-30"}
        split["deelplafonds"] = [
            {"code": "wijk", "naam": "Wijkgericht", "bedragCent": 3_000_000},
            {"code": "stad", "naam": "Stedelijk", "bedragCent": 2_000_000},
        ]
        uitvraag = _ok(await api.post("/gesprekstafels/uitvragen", json=split), 201)
        uitvraag = await eventually(
            lambda: _published(api, f"/gesprekstafels/uitvragen/{uitvraag['id']}/publicatie"), timeout=20
        )

        _problem(
            await api.post(
                "/gesprekstafels/aanvragen",
                json={
                    "uitvraagId": uitvraag["id"],
                    "partner": "Sportbedrijf",
                    "titel": "x",
                    "activiteiten": [{"omschrijving": "y"}],
                    "bedragCent": 100,
                },
            ),
            422,
            "vereist",
            "deelplafond",
        )
        apps = {}
        for partner, cent, pot in [
            ("Sportbedrijf", 2_000_000, "wijk"),
            ("GGD", 1_500_000, "wijk"),
            ("Stichting Lopen", 1_000_000, "wijk"),
        ]:
            aanvraag = _ok(
                await api.post(
                    "/gesprekstafels/aanvragen",
                    json={
                        "uitvraagId": uitvraag["id"],
                        "partner": partner,
                        "titel": f"Bewegen ({partner})",
                        "activiteiten": [{"omschrijving": "Beweegaanbod"}],
                        "bedragCent": cent,
                        "deelplafond": pot,
                    },
                ),
                201,
            )
            apps[partner] = _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/indiening"))
        for partner, score in [("Sportbedrijf", 60), ("GGD", 90), ("Stichting Lopen", 70)]:
            _ok(await api.post(f"/gesprekstafels/aanvragen/{apps[partner]['id']}/behandeling", json={"score": score}))
        _problem(await api.post(f"/gesprekstafels/aanvragen/{apps['GGD']['id']}/voorstel"), 409, "uitvraag_open")
        await _phase(api, 2031, "uitvraag", "sluiting")
        # Ranked: GGD (90) first, then Stichting Lopen (70), then Sportbedrijf (60).
        _problem(
            await api.post(f"/gesprekstafels/aanvragen/{apps['Sportbedrijf']['id']}/voorstel"),
            409,
            "eerdere_aanvraag_eerst",
        )
        _ok(await api.post(f"/gesprekstafels/aanvragen/{apps['GGD']['id']}/voorstel"))
        await _wait_status(api, apps["GGD"]["id"], "voorgesteld", "bevestigd")
        _ok(await api.post(f"/gesprekstafels/aanvragen/{apps['Stichting Lopen']['id']}/voorstel"))
        await _wait_status(api, apps["Stichting Lopen"]["id"], "voorgesteld", "bevestigd")
        # 1.5 + 1.0 of the 3.0 sub-ceiling in use: 2.0 more does not fit; rejected at once with the reason.
        rejected = _ok(await api.post(f"/gesprekstafels/aanvragen/{apps['Sportbedrijf']['id']}/voorstel"))
        assert rejected["status"] == "afgewezen" and "deelplafond wijk" in rejected["reden"]

        # Stichting Lopen withdraws: financien releases its reservation.
        async with _api(platform, tenant, partner="Stichting Lopen") as lopen:
            withdrawn = _ok(
                await lopen.post(
                    f"/gesprekstafels/aanvragen/{apps['Stichting Lopen']['id']}/intrekking",
                    json={"reden": "Geen trainers"},
                )
            )
            assert withdrawn["status"] == "ingetrokken"
            _problem(
                await lopen.post(f"/gesprekstafels/aanvragen/{apps['Stichting Lopen']['id']}/indiening"), 409, "te_laat"
            )

        async def released() -> bool:
            rows = await all_results(api, "/financien/subsidieplafonds", jaar=2032)
            return rows[0]["gereserveerdCent"] == 1_500_000

        await eventually(released, timeout=20)
        # Another municipality's application does not exist here.
        async with _api(platform, ZWOLLE) as zwolle_api:
            _problem(await zwolle_api.get(f"/gesprekstafels/aanvragen/{apps['GGD']['id']}"), 404)


async def _cycle_at_the_call(
    api: httpx.AsyncClient, jaar: int, ambitie_id: str, ceiling: int, sisa_code: str | None = None
) -> None:
    """A ceiling for the subsidy year (with its SiSa code, if given), and a cycle of `jaar` taken straight to its open
    call phase."""
    body = {"ambitieId": ambitie_id, "jaar": jaar + 1, "bedragCent": ceiling, "sisaCode": sisa_code}

    async def known_to_financien() -> bool:  # the ceiling's service learns of the ambition by sporen's event too
        rows = (await api.get("/financien/ambities", params={"pageSize": 100})).json()["results"]
        return any(row["ambitieId"] == ambitie_id for row in rows)

    await eventually(known_to_financien, timeout=20)
    _ok(await api.put("/financien/subsidieplafonds", json=body))
    _ok(await api.post("/gesprekstafels/cycli", json={"jaar": jaar}), 201)
    for fase in ("thematafels-januari", "bestuurlijke-vertaling", "gezamenlijke-tafel"):
        await _phase(api, jaar, fase, "opening")
        await _phase(api, jaar, fase, "sluiting")
    await _phase(api, jaar, "uitvraag", "opening")


async def _ambitions_of(api: httpx.AsyncClient, count: int) -> None:
    async def known() -> bool:
        return (await api.get("/gesprekstafels/ambities")).json()["count"] >= count

    await eventually(known, timeout=20)


def test_deadlines_are_end_of_day_in_amsterdam() -> None:
    """30 September means until 23:59:59 that day in Amsterdam: summer time (UTC+2) in September, UTC+1 in January."""
    assert end_of_day(date(2026, 9, 30)).isoformat() == "2026-09-30T23:59:59.999999+02:00"
    assert end_of_day(date(2027, 1, 31)).isoformat() == "2027-01-31T23:59:59.999999+01:00"
    amsterdam = ZoneInfo("Europe/Amsterdam")
    assert not is_past(date(2026, 9, 30), datetime(2026, 9, 30, 23, 59, 59, tzinfo=amsterdam))
    assert is_past(date(2026, 9, 30), datetime(2026, 10, 1, 0, 0, 0, tzinfo=amsterdam))
    # 22:30 UTC on 30 September is already 1 October in Amsterdam.
    assert is_past(date(2026, 9, 30), datetime(2026, 9, 30, 22, 30, tzinfo=ZoneInfo("UTC")))


async def test_a_submission_after_the_deadline_is_refused_and_shows_as_overdue(platform: RunningPlatform) -> None:
    """The deadline passes (moved back in the database: the test cannot wait for a real one), the call's phase is
    still open: a draft can no longer be submitted, and the deadlines list says what is overdue."""
    tenant = unique_tenant()
    async with _api(platform, tenant) as api:
        ambitie = _ok(await api.post("/sporen/ambities", json={"nummer": 3, "naam": "Gelijke kansen"}), 201)
        await _ambitions_of(api, 1)
        await _cycle_at_the_call(api, 2032, ambitie["id"], ceiling=1_000_000)
        call = {"jaar": 2032, "ambitieId": ambitie["id"], "titel": "Gelijke kansen", "deadline": "2032-09-30"}
        uitvraag = _ok(await api.post("/gesprekstafels/uitvragen", json=call), 201)
        uitvraag = await eventually(
            lambda: _published(api, f"/gesprekstafels/uitvragen/{uitvraag['id']}/publicatie"), timeout=20
        )
        assert uitvraag["deadlineMoment"] == "2032-09-30T23:59:59.999999+02:00"
    async with _api(platform, tenant, partner="Stichting Kans") as partner:
        draft = {
            "uitvraagId": uitvraag["id"],
            "titel": "Huiswerkbegeleiding",
            "activiteiten": [{"omschrijving": "x"}],
            "bedragCent": 50_000,
        }
        aanvraag = _ok(await partner.post("/gesprekstafels/aanvragen", json=draft), 201)
        conn = await asyncpg.connect(plain_database_url(platform.database_url))
        try:
            await conn.execute(
                "UPDATE gesprekstafels.uitvraag SET deadline = current_date - 1 WHERE id = $1",
                uuid.UUID(uitvraag["id"]),
            )
        finally:
            await conn.close()
        late = _problem(await partner.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/indiening"), 409, "te_laat")
        assert "deadline" in late["detail"]
        overdue = await all_results(partner, "/gesprekstafels/termijnen", status="verlopen")
        assert {t["verwijzing"] for t in overdue} >= {uitvraag["id"], aanvraag["id"]}
        assert all(t["partner"] in (None, "Stichting Kans") for t in overdue)
