"""After the grant: the payment schedule, the ledger (advances, final payments, reclaims), the bank run, mandates and
four eyes, SiSa and the grants as open data — over the real platform, through the gateway.

- A grant's money life: four quarterly advances (cents exact, due on the quarters' first days), two paid (one step
  by step, one by the subsidy administration's bank run in Dutch Excel CSV), then a settlement below what was paid:
  the open advances cancelled and a reclaim of the difference, due six weeks after the decision. Another grant
  settled above what was paid: the final payment. A third withdrawn after one advance: a reclaim of that advance.
  financien's ceiling shows committed, paid and reclaimed; SiSa's sums are the ledger's; the 360Giving export (valid
  against the standard's schema) says what was disbursed, names a recipient by its KvK number, and leaves out what
  its applicant marked confidential.
- Mandates: a grant above its decider's mandate waits; the same person cannot be the second; a second decider without
  enough mandate cannot either; one with enough completes it, and both are in the decision and its audit trail.
- Partners read their own schedule and payments, never another's, and never take a payment's step.
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from stuurcyclus_common.auth import issue_token
from stuurcyclus_common.settings import ServiceSettings

from .giving360 import validate
from .support import RunningPlatform, all_results, auth_headers, eventually, unique_tenant
from .test_gesprekstafels import _cycle_at_the_call, _ok, _phase, _problem, _published, _wait_status

JAAR = 2042
SUBSIDIEJAAR = JAAR + 1
SISA = "H4"


def _client(platform: RunningPlatform, headers: dict[str, str]) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=headers, timeout=30)


def _person(platform: RunningPlatform, tenant: str, rol: str, sub: str, naam: str) -> dict[str, str]:
    """Headers of one named person (the token's `sub` is who decides)."""
    settings = ServiceSettings(service="test", auth_secret=platform.env["AUTH_SECRET"])
    token = issue_token(settings, gemeente=tenant, rol=rol, client=sub, naam=naam)
    return {"Gemeente-Code": tenant, "Authorization": f"Bearer {token}"}


async def _applications(
    platform: RunningPlatform,
    api: httpx.AsyncClient,
    tenant: str,
    amounts: dict[str, int],
    kvk: dict[str, str],
    sisa: dict[str, str | None] | None = None,
    indicatoren: list[str] | None = None,
    call_extra: dict | None = None,
) -> dict[str, dict]:
    """A call with one application per partner, proposed and reserved, the council's budget adopted and the grant
    phase open. `sisa` gives the SiSa codes of the ceiling and the call (default: the call's grants under H4);
    `indicatoren` the indicators the call names and every application commits to."""
    sisa = sisa or {"plafond": None, "uitvraag": SISA}
    ambitie = _ok(await api.post("/sporen/ambities", json={"nummer": 1, "naam": "Sociale contacten"}), 201)

    async def known() -> bool:
        return (await api.get("/gesprekstafels/ambities")).json()["count"] >= 1

    await eventually(known, timeout=20)
    await _cycle_at_the_call(api, JAAR, ambitie["id"], ceiling=50_000_000, sisa_code=sisa["plafond"])
    call = (
        {
            "jaar": JAAR,
            "ambitieId": ambitie["id"],
            "titel": "Uitvraag",
            "deadline": f"{JAAR}-06-30",
            "sisaCode": sisa["uitvraag"],
        }
        | ({"indicatoren": indicatoren} if indicatoren else {})
        | (call_extra or {})
    )
    uitvraag = _ok(await api.post("/gesprekstafels/uitvragen", json=call), 201)
    assert uitvraag["betaalwijze"] == {"frequentie": "kwartaal", "voorschotPercentage": 100}, "the default schedule"
    await eventually(lambda: _published(api, f"/gesprekstafels/uitvragen/{uitvraag['id']}/publicatie"), timeout=20)
    found = {}
    for partner, cent in amounts.items():
        body = (
            {
                "uitvraagId": uitvraag["id"],
                "partner": partner,
                "titel": f"Activiteit van {partner}",
                "activiteiten": [{"omschrijving": "Inloop"}],
                "bedragCent": cent,
            }
            | ({"kvkNummer": kvk[partner]} if partner in kvk else {})
            | ({"indicatoren": indicatoren} if indicatoren else {})
        )
        if partner == "Stil Fonds":
            body["vertrouwelijk"] = True
        aanvraag = _ok(await api.post("/gesprekstafels/aanvragen", json=body), 201)
        _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/indiening"))
        _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/behandeling"))
        _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/voorstel"))
        await _wait_status(api, aanvraag["id"], "voorgesteld", "bevestigd")
        found[partner] = aanvraag
    await _phase(api, JAAR, "uitvraag", "sluiting")
    begroting = _ok(await api.post("/financien/begrotingen", json={"jaar": SUBSIDIEJAAR}), 201)
    adopted = {"vastgesteldOp": f"{JAAR}-11-05"}
    _ok(await api.post(f"/financien/begrotingen/{begroting['id']}/vaststelling", json=adopted))

    async def budget() -> bool:
        return (await api.get(f"/gesprekstafels/cycli/{JAAR}")).json()["begrotingVastgesteldOp"] is not None

    await eventually(budget, timeout=20)
    await _phase(api, JAAR, "toekenning", "opening")
    return found


async def _ledger(api: httpx.AsyncClient, aanvraag_id: str) -> list[dict]:
    return sorted(
        await all_results(api, "/gesprekstafels/betalingen", aanvraagId=aanvraag_id), key=lambda b: b["volgnummer"]
    )


async def _pay(api: httpx.AsyncClient, admin: httpx.AsyncClient, betaling: dict) -> None:
    """Released by the municipality, then sent and paid by the subsidy administration, step by step."""
    url = f"/gesprekstafels/betalingen/{betaling['id']}/stappen"
    _ok(await api.post(url, json={"status": "geautoriseerd"}))
    _ok(await admin.post(url, json={"status": "verzonden", "kenmerk": "BR-1"}))
    _ok(await admin.post(url, json={"status": "betaald", "datum": f"{SUBSIDIEJAAR}-01-05"}))


async def _report_and_settle(
    platform: RunningPlatform, tenant: str, api: httpx.AsyncClient, aanvraag: dict, besteed: int, final: int
) -> dict:
    report = {
        "activiteiten": [{"omschrijving": "Inloop", "aantal": 10}],
        "besteedCent": besteed,
        "indicatorwaarden": [],
    }
    async with _client(platform, auth_headers(platform, tenant, "partner", aanvraag["partner"])) as partner:
        _ok(await partner.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/verantwoording", json=report), 201)
    return _ok(
        await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/vaststelling", json={"bedragCent": final}), 201
    )


async def test_a_grants_money_life_schedule_ledger_reclaims_final_payment_sisa_and_open_data(
    platform: RunningPlatform,
) -> None:
    tenant = unique_tenant()
    amounts = {"Buurtwerk": 4_000_001, "Sportkring": 3_000_000, "Taalhuis": 2_000_000, "Stil Fonds": 1_000_000}
    kvk = {"Buurtwerk": "41012345"}
    async with (
        _client(platform, auth_headers(platform, tenant)) as api,
        _client(platform, auth_headers(platform, tenant, "subsidieadministratie")) as admin,
    ):
        apps = await _applications(platform, api, tenant, amounts, kvk)
        grants = {}
        for partner, aanvraag in apps.items():
            grants[partner] = _ok(
                await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/toekenning", json={}), 201
            )

        # The schedule the decision states: four quarterly advances, cents exact, the last one the remainder.
        schedule = grants["Buurtwerk"]["betaalschema"]
        assert [(v["bedragCent"], v["vervaldatum"]) for v in schedule] == [
            (1_000_000, f"{SUBSIDIEJAAR}-01-01"),
            (1_000_000, f"{SUBSIDIEJAAR}-04-01"),
            (1_000_000, f"{SUBSIDIEJAAR}-07-01"),
            (1_000_001, f"{SUBSIDIEJAAR}-10-01"),
        ]
        assert grants["Buurtwerk"]["sisaCode"] == SISA and len(grants["Buurtwerk"]["besluitvormers"]) == 1
        ledger = await _ledger(api, apps["Buurtwerk"]["id"])
        assert [(b["soort"], b["status"], b["bedragCent"]) for b in ledger] == [
            ("voorschot", "gepland", v["bedragCent"]) for v in schedule
        ]
        assert sum(b["bedragCent"] for b in ledger) == amounts["Buurtwerk"]
        assert all(b["opeisbaar"] is False for b in ledger), "due in the subsidy year, not yet"

        # Two advances paid: one step by step, one by the bank run (Dutch Excel: `;`, decimal comma, dd-mm-yyyy).
        await _pay(api, admin, ledger[0])
        _ok(await api.post(f"/gesprekstafels/betalingen/{ledger[1]['id']}/stappen", json={"status": "geautoriseerd"}))
        header = "betalingId;status;bedrag;datum;kenmerk\r\n"
        sent = f"{header}{ledger[1]['id']};verzonden;10.000,00;06-01-{SUBSIDIEJAAR};BR-2\r\n"
        run = _ok(
            await admin.post(
                "/gesprekstafels/betalingen/bankrun", content=sent.encode(), headers={"Content-Type": "text/csv"}
            )
        )
        assert run["verwerkt"] == 1
        wrong = (
            f"betalingId;status;bedrag\r\n{ledger[1]['id']};betaald;9.999,99\r\n{ledger[2]['id']};betaald;10.000,00\r\n"
        )
        refused = _problem(
            await admin.post(
                "/gesprekstafels/betalingen/bankrun", content=wrong.encode(), headers={"Content-Type": "text/csv"}
            ),
            422,
            "bankrun_geweigerd",
        )
        named = {p["name"] for p in refused["invalidParams"]}
        assert named == {"regels[2].bedrag", "regels[3].status"}, "every bad line named; nothing booked"
        paid = f"betalingId;status;bedrag\r\n{ledger[1]['id']};betaald;10.000,00\r\n"
        _ok(
            await admin.post(
                "/gesprekstafels/betalingen/bankrun", content=paid.encode(), headers={"Content-Type": "text/csv"}
            )
        )
        _problem(
            await admin.post(f"/gesprekstafels/betalingen/{ledger[0]['id']}/stappen", json={"status": "verzonden"}),
            409,
            "ongeldige_overgang",
        )
        step = await api.get(f"/gesprekstafels/betalingen/{ledger[0]['id']}")
        assert [s["status"] for s in step.json()["stappen"]] == ["gepland", "geautoriseerd", "verzonden", "betaald"]

        # Settled below what was paid (2,000,000): the open advances cancelled, 500,000 reclaimed within six weeks.
        settlement = await _report_and_settle(platform, tenant, api, apps["Buurtwerk"], 1_500_000, 1_500_000)
        ledger = await _ledger(api, apps["Buurtwerk"]["id"])
        assert [(b["soort"], b["status"]) for b in ledger[:4]] == [
            ("voorschot", "betaald"),
            ("voorschot", "betaald"),
            ("voorschot", "geannuleerd"),
            ("voorschot", "geannuleerd"),
        ]
        reclaim = ledger[4]
        due = date.fromisoformat(settlement["datum"]) + timedelta(weeks=6)
        assert (reclaim["soort"], reclaim["bedragCent"], reclaim["vervaldatum"]) == (
            "terugvordering",
            500_000,
            due.isoformat(),
        )

        # Settled above what was paid (two advances of 750,000): the final payment of the rest.
        sport = await _ledger(api, apps["Sportkring"]["id"])
        for betaling in sport[:2]:
            await _pay(api, admin, betaling)
        await _report_and_settle(platform, tenant, api, apps["Sportkring"], 2_900_000, 2_800_000)
        sport = await _ledger(api, apps["Sportkring"]["id"])
        final = [b for b in sport if b["soort"] == "nabetaling"]
        assert [b["bedragCent"] for b in final] == [1_300_000] and final[0]["status"] == "gepland"

        # Withdrawn after one advance: a decision, and a reclaim of that advance.
        taal = await _ledger(api, apps["Taalhuis"]["id"])
        await _pay(api, admin, taal[0])
        withdrawn = _ok(
            await api.post(
                f"/gesprekstafels/aanvragen/{apps['Taalhuis']['id']}/intrekking", json={"reden": "Activiteit gestopt"}
            )
        )
        assert withdrawn["status"] == "ingetrokken"
        taal = await _ledger(api, apps["Taalhuis"]["id"])
        assert [b["soort"] for b in taal if b["status"] != "geannuleerd"] == ["voorschot", "terugvordering"]
        assert next(b for b in taal if b["soort"] == "terugvordering")["bedragCent"] == 500_000
        besluiten = await all_results(api, "/gesprekstafels/besluiten", aanvraagId=apps["Taalhuis"]["id"])
        assert {b["soort"] for b in besluiten} == {"toekenning", "intrekking"}

        # financien: committed, paid and reclaimed under the ceiling. The payments and the withdrawal's release reach
        # financien as separate events: wait until the release has arrived too.
        committed = 1_500_000 + 2_800_000 + 1_000_000

        async def counted() -> dict | None:
            rows = await all_results(api, "/financien/subsidieplafonds", jaar=SUBSIDIEJAAR)
            row = rows[0] if rows else None
            expected_paid = 2_000_000 + 1_500_000 + 500_000
            settled = row and row["betaaldCent"] == expected_paid and row["teruggevorderdCent"] == 1_000_000
            return row if settled and row["vastgelegdCent"] == committed else None

        row = await eventually(counted, timeout=30)
        assert row["sisaCode"] is None, "here the call carries the code, the ceiling none"
        assert row["vastgelegdCent"] == committed, "settled amounts stay committed; a withdrawal releases"

        # SiSa: per code and year, the ledger's own sums.
        sisa = await all_results(api, "/gesprekstafels/sisa", jaar=SUBSIDIEJAAR)
        assert len(sisa) == 1 and sisa[0]["sisaCode"] == SISA
        everything = await all_results(api, "/gesprekstafels/betalingen")
        paid_out = sum(
            b["bedragCent"] for b in everything if b["soort"] != "terugvordering" and b["status"] == "betaald"
        )
        reclaimed = sum(
            b["bedragCent"] for b in everything if b["soort"] == "terugvordering" and b["status"] != "geannuleerd"
        )
        assert (sisa[0]["betaaldCent"], sisa[0]["teruggevorderdCent"]) == (paid_out, reclaimed)
        assert sisa[0]["aantalToekenningen"] == 3 and sisa[0]["vastgesteldCent"] == 1_500_000 + 2_800_000
        csv = (await api.get("/gesprekstafels/sisa", params={"formaat": "csv"})).text.splitlines()
        assert csv[0].startswith("SiSa-code;Jaar;") and csv[1].startswith(f"{SISA};{SUBSIDIEJAAR};3;")

        # 360Giving: valid against the standard's schema; disbursed from the ledger; KvK; confidential left out.
        package = _ok(await api.get("/gesprekstafels/open-data/360giving"))
        validate(package)
        by_title = {g["title"]: g for g in package["grants"]}
        assert "Activiteit van Stil Fonds" not in by_title, "what its applicant marked confidential is not published"
        assert "Activiteit van Taalhuis" not in by_title, "a withdrawn grant is no grant"
        assert by_title["Activiteit van Buurtwerk"]["recipientOrganization"][0]["id"] == "NL-KVK-41012345"
        assert by_title["Activiteit van Buurtwerk"]["amountDisbursed"] == 20_000
        assert by_title["Activiteit van Sportkring"]["amountDisbursed"] == 15_000

        # Partners: their own schedule and payments only, and never a step of one.
        async with _client(platform, auth_headers(platform, tenant, "partner", "Sportkring")) as sportkring:
            own = await all_results(sportkring, "/gesprekstafels/betalingen")
            assert own and {b["partner"] for b in own} == {"Sportkring"}
            _problem(
                await sportkring.get(f"/gesprekstafels/betalingen/{ledger[0]['id']}"), 403, "niet_eigen_organisatie"
            )
            _problem(
                await sportkring.post(
                    f"/gesprekstafels/betalingen/{final[0]['id']}/stappen", json={"status": "betaald"}
                ),
                403,
            )
            _problem(await sportkring.get("/gesprekstafels/sisa"), 403)


async def test_a_grant_above_the_deciders_mandate_waits_for_a_second_other_decider(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    first = _person(platform, tenant, "beleid", "beleid-anna", "Anna Beleid")
    async with (
        _client(platform, auth_headers(platform, tenant)) as api,
        _client(platform, first) as anna,
        _client(platform, _person(platform, tenant, "beleid", "beleid-bert", "Bert Beleid")) as bert,
        _client(platform, _person(platform, tenant, "beleid", "wethouder-carla", "Carla Wethouder")) as carla,
    ):
        mandaten = await all_results(api, "/gesprekstafels/mandaten")
        assert {(m["rol"], m["maximumCent"], m["standaard"]) for m in mandaten} >= {("beleid", 5_000_000, True)}
        # The ceiling carries the SiSa code, the call none: the grant falls under the ceiling's.
        ceiling_code = {"plafond": "A12", "uitvraag": None}
        apps = await _applications(platform, api, tenant, {"Groot Werk": 6_000_000}, {}, ceiling_code)
        aanvraag = apps["Groot Werk"]

        waiting = await anna.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/toekenning", json={})
        assert waiting.status_code == 202, waiting.text
        voorstel = waiting.json()
        assert voorstel["status"] == "wacht" and voorstel["eerste"]["persoon"] == "beleid-anna"
        assert (await api.get(f"/gesprekstafels/aanvragen/{aanvraag['id']}")).json()["status"] == "voorgesteld"
        _problem(await anna.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/toekenning", json={}), 409)

        url = f"/gesprekstafels/besluitvoorstellen/{voorstel['id']}/medebesluit"
        _problem(await anna.post(url), 409, "zelfde_besluitvormer")
        _problem(await bert.post(url), 403, "mandaat_ontoereikend")

        # The administrator gives Carla (in person) a mandate to € 100,000; the table then replaces the default.
        line = {"persoon": "wethouder-carla", "maximumCent": 10_000_000, "omschrijving": "Wethouder sociaal domein"}
        _problem(await anna.post("/gesprekstafels/mandaten", json=line), 403)
        # Four eyes on the table too: one administrator proposes, another confirms.
        async with _client(platform, auth_headers(platform, tenant)) as other_admin:
            for proposal in (line, {"rol": "beleid", "maximumCent": 5_000_000}):
                wijziging = _ok(await api.post("/gesprekstafels/mandaten", json=proposal), 202)
                url_ok = f"/gesprekstafels/mandaatwijzigingen/{wijziging['id']}/bevestiging"
                assert _ok(await other_admin.post(url_ok))["status"] == "doorgevoerd"

        besluit = _ok(await carla.post(url), 201)
        assert besluit["soort"] == "toekenning" and besluit["bedragCent"] == 6_000_000
        assert besluit["sisaCode"] == "A12", "neither decision nor call names a SiSa code: the ceiling's"
        assert [(b["persoon"], b["naam"], b["mandaatCent"]) for b in besluit["besluitvormers"]] == [
            ("beleid-anna", "Anna Beleid", 5_000_000),
            ("wethouder-carla", "Carla Wethouder", 10_000_000),
        ]
        assert besluit["id"] == voorstel["id"], "the decision keeps the proposal's id"
        trail = await all_results(api, f"/gesprekstafels/besluiten/{besluit['id']}/audittrail")
        assert {row["client"] for row in trail} >= {"beleid-anna", "wethouder-carla"}, "both in the audit trail"
        done = _ok(await api.get(f"/gesprekstafels/besluitvoorstellen/{voorstel['id']}"))
        assert done["status"] == "besloten" and done["tweede"]["persoon"] == "wethouder-carla"
        assert (await api.get(f"/gesprekstafels/aanvragen/{aanvraag['id']}")).json()["status"] == "toegekend"
