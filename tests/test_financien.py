"""financien over the real platform: the Totaalopgave, reports, the budget cycle, ceilings and reservations."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import nats
import pytest
from stuurcyclus_common.contracts.gesprekstafels import AanvraagIngetrokken, ToekenningVerleend, ToekenningVoorgesteld
from stuurcyclus_common.events import EventEnvelope
from stuurcyclus_common.events.streams import stream_name

from .support import ZWOLLE, RunningPlatform, all_results, auth_headers, eventually, fetched, unique_tenant

PROBLEM = "application/problem+json"


def _seed(platform: RunningPlatform) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "financien.manage", "seed"],
        env=platform.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def zwolle(platform: RunningPlatform) -> RunningPlatform:
    _seed(platform)
    return platform


def _client(platform: RunningPlatform, tenant: str = ZWOLLE) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1/financien", headers=auth_headers(platform, tenant))


def _problem(response: httpx.Response, status: int, *fields: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    named = {p["name"] for p in response.json().get("invalidParams", [])}
    assert set(fields) <= named, f"expected {fields} named in {named}"


async def test_totaalopgave_reproduces_the_source(zwolle: RunningPlatform) -> None:
    async with _client(zwolle) as client:
        report = (await client.get("/rapportages/totaalopgave")).json()
        assert report["jaren"] == [2020, 2021, 2022, 2023, 2024]
        assert [report["totaal"][str(j)]["mln"] for j in report["jaren"]] == ["0.85", "1.65", "3.80", "4.85", "5.70"]
        marge = report["behoedzaamheidsmarge"]
        assert [marge[str(j)]["mln"] for j in report["jaren"]] == ["2.00", "1.25", "0.80", "1.05", "1.80"]
        assert report["totaal"]["2024"]["cent"] == 570_000_000
        assert [lijn["code"] for lijn in report["lijnen"]] == ["2", "10", "3 & 7", "8 & 9"]
        assert "2020" not in report["lijnen"][1]["bedragen"], "line 10 has no figure for 2020 ('–')"
        # The total is the sum of the lines, computed.
        for jaar in map(str, report["jaren"]):
            assert report["totaal"][jaar]["cent"] == sum(
                lijn["bedragen"].get(jaar, {"cent": 0})["cent"] for lijn in report["lijnen"]
            )

        csv = await client.get("/rapportages/totaalopgave", params={"formaat": "csv"})
        assert csv.headers["content-type"].startswith("text/csv")
        lines = csv.text.splitlines()
        assert lines[0] == "Regel;Omschrijving;Spoor;2020;2021;2022;2023;2024"
        assert lines[-3] == ";Besparing (totaal);;0,85;1,65;3,80;4,85;5,70"
        assert lines[-2] == ";Behoedzaamheidsmarge;;2,00;1,25;0,80;1,05;1,80"
        assert lines[-1] == ";waarvan beslag;;0,00;0,10;0,70;0,70;0,70"
        assert report["beslagOpMarge"]["2022"]["mln"] == "0.70"

        posten = await all_results(client, "/begrotingsposten", soort="programmakosten")
        assert [(p["jaar"], p["bedragCent"]) for p in posten] == [
            (2021, 24_720_000),
            (2022, 28_720_000),
            (2023, 28_720_000),
        ]
        investeringen = await all_results(client, "/begrotingsposten", jaar=2021, soort="investering")
        assert sorted((p["ambitieNummer"], p["bedragCent"]) for p in investeringen) == [
            (1, 68_500_000),
            (2, 6_500_000),
            (3, 2_500_000),
        ]
        assert "0 records added" in _seed(zwolle), "seeding twice adds nothing"
        assert (await client.get("/rapportages/totaalopgave")).json() == report


async def test_target_against_realised_per_track_with_chart(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        lijn = await client.post(
            "/besparingslijnen",
            json={"code": "8 & 9", "naam": "Passende jeugdhulp", "spoorNummer": 3, "doelen": {"2021": 95_000_000}},
        )
        assert lijn.status_code == 201, lijn.text
        url = f"/besparingslijnen/{lijn.json()['id']}/realisaties"
        for soort, cent in (("structureel", 60_000_000), ("incidenteel", 10_000_000), ("structureel", -5_000_000)):
            answer = await client.post(url, json={"jaar": 2021, "soort": soort, "bedragCent": cent})
            assert answer.status_code == 201, answer.text
        rows = await all_results(client, "/rapportages/doel-realisatie")
        assert rows == [
            {
                "spoorNummer": 3,
                "jaar": 2021,
                "doel": {"cent": 95_000_000, "tekst": "€ 950.000", "mln": "0.95"},
                "beslagMarge": {"cent": 0, "tekst": "€ 0", "mln": "0.00"},
                "gerealiseerdStructureel": {"cent": 55_000_000, "tekst": "€ 550.000", "mln": "0.55"},
                "gerealiseerdIncidenteel": {"cent": 10_000_000, "tekst": "€ 100.000", "mln": "0.10"},
                "gerealiseerd": {"cent": 65_000_000, "tekst": "€ 650.000", "mln": "0.65"},
            }
        ]
        assert len(await all_results(client, url)) == 3, "corrections are rows of their own"
        csv = (await client.get("/rapportages/doel-realisatie", params={"formaat": "csv"})).text
        assert csv.splitlines()[1] == "3;2021;0,95;0,00;0,55;0,10;0,65"
        svg = await client.get("/rapportages/doel-realisatie/grafiek", params={"spoor": 3})
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert svg.text.startswith("<svg") and svg.text.count('class="doel"') == 1
        assert "2021 gerealiseerd: € 0.65 mln" in svg.text


async def test_invalid_money_and_unknown_things_are_refused(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        post = {"jaar": 2021, "soort": "investering", "omschrijving": "x", "bedragCent": 100, "karakter": "incidenteel"}
        _problem(await client.post("/begrotingsposten", json=post | {"bedragCent": -1}), 400, "bedragCent")
        _problem(await client.post("/begrotingsposten", json=post | {"bedragCent": 12.5}), 400, "bedragCent")
        _problem(await client.post("/begrotingsposten", json=post | {"bedragCent": "12,50"}), 400, "bedragCent")
        _problem(await client.post("/begrotingsposten", json=post | {"jaar": 1800}), 400, "jaar")
        _problem(await client.post("/begrotingsposten", json=post | {"ambitieNummer": 0}), 400, "ambitieNummer")
        _problem(await client.put("/behoedzaamheidsmarges/1800", json={"bedragCent": 1}), 400, "path.jaar")
        missing = f"/besparingslijnen/{uuid.uuid4()}/realisaties"
        _problem(await client.post(missing, json={"jaar": 2021, "soort": "structureel", "bedragCent": 1}), 404)
        lijn = {"code": "2", "naam": "x", "doelen": {"2021": -5}}
        _problem(await client.post("/besparingslijnen", json=lijn), 400, "doelen.2021")
        ceiling = {"ambitieId": str(uuid.uuid4()), "jaar": 2026, "bedragCent": 100}
        _problem(await client.put("/subsidieplafonds", json=ceiling), 422, "ambitieId")
        assert await all_results(client, "/begrotingsposten") == []


async def test_reallocation_moves_money_with_a_reason_and_never_below_zero(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        base = {"jaar": 2021, "soort": "budget", "karakter": "structureel"}
        maatwerk = (
            await client.post("/begrotingsposten", json=base | {"omschrijving": "Maatwerk", "bedragCent": 500_00})
        ).json()
        basis = (
            await client.post("/begrotingsposten", json=base | {"omschrijving": "Sociale basis", "bedragCent": 100_00})
        ).json()
        move = {"vanPostId": maatwerk["id"], "naarPostId": basis["id"], "bedragCent": 300_00, "reden": "Onderbesteding"}
        assert (await client.post("/verschuivingen", json=move)).status_code == 201
        actual = {p["omschrijving"]: p["actueelCent"] for p in await all_results(client, "/begrotingsposten")}
        assert actual == {"Maatwerk": 200_00, "Sociale basis": 400_00}
        _problem(await client.post("/verschuivingen", json=move), 409)  # only 200 left
        _problem(await client.post("/verschuivingen", json=move | {"reden": ""}), 400, "reden")
        _problem(await client.post("/verschuivingen", json=move | {"naarPostId": maatwerk["id"]}), 422)
        _problem(await client.post("/verschuivingen", json=move | {"naarPostId": str(uuid.uuid4())}), 422, "naarPostId")
        assert len(await all_results(client, "/verschuivingen")) == 1


async def test_adopting_the_budget_is_announced_once(platform: RunningPlatform) -> None:
    async with _client(platform, unique_tenant()) as client:
        begroting = (await client.post("/begrotingen", json={"jaar": 2027})).json()
        assert begroting["status"] == "voorgesteld"
        _problem(await client.post("/begrotingen", json={"jaar": 2027}), 409)
        url = f"/begrotingen/{begroting['id']}/vaststelling"
        adopted = await client.post(url, json={"vastgesteldOp": "2026-11-05"})
        assert adopted.json()["status"] == "vastgesteld" and adopted.json()["vastgesteldOp"] == "2026-11-05"
        _problem(await client.post(url, json={"vastgesteldOp": "2026-11-06"}), 409)
        _problem(await client.post(url, json={"vastgesteldOp": "5 november"}), 400, "vastgesteldOp")
    nc = await nats.connect(platform.infra.nats_url)
    try:
        sub = await nc.jetstream().pull_subscribe(
            f"{platform.prefix}.financien.*.begroting.vastgesteld", stream=stream_name(platform.prefix, "financien")
        )
        msgs = await eventually(lambda: fetched(sub, 10))
        data = [EventEnvelope.model_validate_json(m.data).data for m in msgs]
        assert [d for d in data if d["begrotingId"] == begroting["id"]] == [
            {"begrotingId": begroting["id"], "jaar": 2027, "vastgesteldOp": "2026-11-05"}
        ]
    finally:
        await nc.close()


async def _ambition(platform: RunningPlatform, tenant: str) -> str:
    """An ambition created in sporen, once financien knows it (through the event)."""
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant)) as api:
        ambitie = (await api.post("/sporen/ambities", json={"nummer": 1, "naam": "Sociale contacten"})).json()

        async def known() -> bool:
            return any(
                a["ambitieId"] == ambitie["id"] for a in (await api.get("/financien/ambities")).json()["results"]
            )

        await eventually(known)
    return ambitie["id"]


async def test_concurrent_reservations_never_exceed_the_ceiling_and_redelivery_changes_nothing(
    platform: RunningPlatform,
) -> None:
    tenant = unique_tenant()
    ambitie_id = await _ambition(platform, tenant)
    ceiling, amount, requests = 1_000_000_00, 3_000_000, 60  # € 1 mln; 60 × € 30.000: 33 fit
    async with _client(platform, tenant) as client:
        assert (
            await client.put("/subsidieplafonds", json={"ambitieId": ambitie_id, "jaar": 2026, "bedragCent": ceiling})
        ).status_code == 200
    platform.group.start_worker("financien", name="financien-worker-extra")  # one more consumer, really concurrent

    nc = await nats.connect(platform.infra.nats_url)
    js = nc.jetstream()
    try:
        answers_sub = await js.pull_subscribe(
            f"{platform.prefix}.financien.*.reservering.>", stream=stream_name(platform.prefix, "financien")
        )
        proposals = []
        for _ in range(requests):
            data = ToekenningVoorgesteld(
                aanvraagId=uuid.uuid4(), ambitieId=ambitie_id, jaar=2026, bedragCent=amount, partner="P"
            )
            proposals.append(EventEnvelope.wrap(data, tenant=tenant, subject=str(data.aanvraagId)))

        async def publish(envelope: EventEnvelope, msg_id: str) -> None:
            subject = f"{platform.prefix}.gesprekstafels.{tenant}.toekenning.voorgesteld"
            await js.publish(subject, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": msg_id})

        await asyncio.gather(*(publish(p, str(p.id)) for p in proposals))

        answers: dict[str, dict] = {}

        async def answered(expected: int):  # noqa: ANN202
            try:
                for msg in await answers_sub.fetch(200, timeout=1):
                    envelope = EventEnvelope.model_validate_json(msg.data)
                    if envelope.tenant == tenant:
                        answers[envelope.id.hex] = {"type": envelope.type, **envelope.data}
            except TimeoutError:  # nats.errors.TimeoutError is one too
                pass
            return len(answers) >= expected

        await eventually(lambda: answered(requests), timeout=30)
        by_request = {a["aanvraagId"]: a for a in answers.values()}
        assert len(by_request) == requests, "every request got exactly one answer"
        confirmed = [a for a in by_request.values() if a["type"].endswith("reservering.bevestigd.v1")]
        refused = [a for a in by_request.values() if a["type"].endswith("reservering.geweigerd.v1")]
        assert sum(a["bedragCent"] for a in confirmed) <= ceiling
        assert (len(confirmed), len(refused)) == (ceiling // amount, requests - ceiling // amount)
        assert {a["code"] for a in refused} == {"plafond_overschreden"}

        async with _client(platform, tenant) as client:
            use = (await all_results(client, "/subsidieplafonds", jaar=2026))[0]
            assert use["gereserveerdCent"] == len(confirmed) * amount <= ceiling
            assert use["beschikbaarCent"] == ceiling - use["gereserveerdCent"]

            # Redeliver every request: with its message id (JetStream drops it) and with a new one (the inbox does).
            await asyncio.gather(*(publish(p, str(p.id)) for p in proposals))
            await asyncio.gather(*(publish(p, f"again-{p.id}") for p in proposals))

            async def drained() -> bool:
                infos = [
                    await js.consumer_info(stream_name(platform.prefix, "gesprekstafels"), "financien-gesprekstafels")
                ]
                return all(i.num_pending == 0 and i.num_ack_pending == 0 for i in infos)

            await eventually(drained, timeout=30)
            assert not await answered(requests + 1), "a redelivered request was answered again"
            assert (await all_results(client, "/subsidieplafonds", jaar=2026))[0] == use
            reservations = await all_results(client, "/reserveringen")
            assert len(reservations) == len(confirmed)

            # A grant commits its reservation; a withdrawal releases one, making room again.
            granted, withdrawn = confirmed[0]["aanvraagId"], confirmed[1]["aanvraagId"]
            for event in (
                ToekenningVerleend(aanvraagId=granted, partner="P"),
                AanvraagIngetrokken(aanvraagId=withdrawn, partner="P"),
            ):
                envelope = EventEnvelope.wrap(event, tenant=tenant)
                subject = event.event_name.subject(platform.prefix, envelope.tenant)
                await js.publish(
                    subject, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": str(envelope.id)}
                )

            async def settled() -> dict | None:  # both events: two workers may apply them in either order
                now = (await all_results(client, "/subsidieplafonds", jaar=2026))[0]
                both = now["vastgelegdCent"] == amount and now["gereserveerdCent"] == (len(confirmed) - 2) * amount
                return now if both else None

            after = await eventually(settled)
            assert after["gereserveerdCent"] == (len(confirmed) - 2) * amount
            assert after["beschikbaarCent"] == ceiling - (len(confirmed) - 1) * amount
            _problem(
                await client.put(
                    "/subsidieplafonds", json={"ambitieId": ambitie_id, "jaar": 2026, "bedragCent": amount}
                ),
                409,
            )
    finally:
        await nc.close()
        platform.group.kill("financien-worker-extra")


IV3 = Path(__file__).resolve().parents[2] / "shared" / "data" / "iv3" / "2024_begroting.csv"


def _import_iv3(platform: RunningPlatform, path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "financien.manage", "import-iv3", str(path), *args],
        env=platform.env,
        capture_output=True,
        text=True,
        timeout=300,
    )


async def test_iv3_import_of_every_municipality(platform: RunningPlatform, tmp_path: Path) -> None:
    first = _import_iv3(platform, IV3)
    assert first.returncode == 0, first.stderr[-3000:]
    result = json.loads(first.stdout.split("Iv3 import ", 1)[1].rsplit(" in ", 1)[0])
    # Every row is new, or already there unchanged when the demo year (tests/test_first_day.py) imported it first.
    assert (result["jaar"], result["gemeenten"], result["nieuw"] + result["ongewijzigd"]) == (2024, 342, 24282)
    assert result["gewijzigd"] == 0
    assert result["overgeslagen"] == {"Nederland": 71}, "the national total is not a municipality"

    async with _client(platform) as zwolle:
        velden = {r["taakveld"]: r for r in await all_results(zwolle, "/iv3/2024/taakvelden")}
        assert len(velden) == 71
        assert velden["6.81a"]["lastenCent"] == 71_255_000_00  # € 71,255,000
        sporen = {r["spoorNummer"]: r for r in await all_results(zwolle, "/iv3/2024/sporen")}
        assert sporen[2]["taakvelden"] == ["6.71a", "6.71b", "6.71c", "6.71d", "6.81a", "6.81b"]
        assert sporen[3]["taakvelden"][:2] == ["6.72a", "6.72b"] and "6.82b" in sporen[3]["taakvelden"]
        assert "6.2" not in {v for s in sporen.values() for v in s["taakvelden"]}, "toegang belongs to no track"
        for nummer, totals in sporen.items():
            leaves = [velden[c] for c in totals["taakvelden"]]
            assert totals["lastenCent"] == sum(v["lastenCent"] or 0 for v in leaves), nummer
            assert totals["saldoCent"] == totals["lastenCent"] - totals["batenCent"]
        csv = (await zwolle.get("/iv3/2024/sporen", params={"formaat": "csv"})).text.splitlines()
        assert csv[0] == "Spoor;Lasten;Baten;Saldo;Taakvelden" and csv[2].startswith("2;")
    async with _client(platform, "GM1894") as peel_en_maas:  # books its WMO care on the parent 6.71 only
        sporen_pm = {r["spoorNummer"]: r for r in await all_results(peel_en_maas, "/iv3/2024/sporen")}
        assert "6.71" in sporen_pm[2]["taakvelden"], "a parent's money counts towards the track of its leaves"
        velden_pm = {r["taakveld"]: r for r in await all_results(peel_en_maas, "/iv3/2024/taakvelden")}
        assert velden_pm["6.71"]["lastenCent"] == 1_747_000_00 and sporen_pm[2]["lastenCent"] >= 1_747_000_00
    async with _client(platform, "GM0363") as amsterdam:
        amsterdam_velden = {r["taakveld"]: r for r in await all_results(amsterdam, "/iv3/2024/taakvelden")}
        assert amsterdam_velden["6.81a"]["lastenCent"] != velden["6.81a"]["lastenCent"], "kept apart per municipality"

    again = _import_iv3(platform, IV3)
    assert '"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 24282' in again.stdout, again.stdout
    next_year = _import_iv3(platform, IV3, "--jaar", "2025")
    assert '"nieuw": 24282' in next_year.stdout
    async with _client(platform) as zwolle:
        assert len(await all_results(zwolle, "/iv3/2025/taakvelden")) == 71
        assert len(await all_results(zwolle, "/iv3/2024/taakvelden")) == 71

    lines = IV3.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "2030_begroting.csv"
    bad.write_text(  # the file's first 600 lines are enough to show a bad row refuses it whole
        "\n".join([*lines[:500], "Atlantis;6.1 Samenkracht;1.0;2.0;3.0;Zee", *lines[500:600]]), encoding="utf-8"
    )
    refused = _import_iv3(platform, bad)
    assert refused.returncode == 2 and "Line 501" in refused.stderr and "Atlantis" in refused.stderr
    fraction = tmp_path / "2031_begroting.csv"
    fraction.write_text(
        "\n".join([*lines[:3], "Zwolle;6.1 Samenkracht;;0.000005;1.0;Overijssel", *lines[3:100]]), encoding="utf-8"
    )
    refused = _import_iv3(platform, fraction)
    assert refused.returncode == 2 and "Line 4" in refused.stderr and "cents" in refused.stderr
    async with _client(platform) as zwolle:
        assert await all_results(zwolle, "/iv3/2030/taakvelden") == [], "nothing of a refused file was written"


async def test_a_re_proposal_with_another_amount_is_answered_with_what_is_reserved(platform: RunningPlatform) -> None:
    """A repeated proposal for an application that holds a reservation: the answer states the amount reserved."""
    tenant = unique_tenant()
    ambitie_id = await _ambition(platform, tenant)
    async with _client(platform, tenant) as client:
        plafond = {"ambitieId": ambitie_id, "jaar": 2026, "bedragCent": 10_000_00}
        assert (await client.put("/subsidieplafonds", json=plafond)).status_code == 200
    nc = await nats.connect(platform.infra.nats_url)
    js = nc.jetstream()
    try:
        answers = await js.pull_subscribe(
            f"{platform.prefix}.financien.*.reservering.>", stream=stream_name(platform.prefix, "financien")
        )
        aanvraag = uuid.uuid4()
        seen: list[dict] = []

        async def propose(bedrag: int) -> dict:
            data = ToekenningVoorgesteld(
                aanvraagId=aanvraag, ambitieId=ambitie_id, jaar=2026, bedragCent=bedrag, partner="P"
            )
            envelope = EventEnvelope.wrap(data, tenant=tenant)
            subject = data.event_name.subject(platform.prefix, envelope.tenant)
            await js.publish(subject, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": str(envelope.id)})

            async def answer() -> dict | None:
                for msg in await fetched(answers, 100):
                    e = EventEnvelope.model_validate_json(msg.data)
                    if e.tenant == tenant and e.type.startswith("nl.stuurcyclus.financien.reservering."):
                        seen.append({"type": e.type.split(".")[4], **e.data})
                return seen[-1] if len(seen) > count else None

            count = len(seen)
            return await eventually(answer, timeout=20)

        first = await propose(4_000_00)
        assert (first["type"], first["bedragCent"]) == ("bevestigd", 4_000_00)
        smaller = await propose(3_000_00)
        assert (smaller["type"], smaller["bedragCent"]) == ("bevestigd", 3_000_00), "re-judged at the new amount"
        async with _client(platform, tenant) as client:
            held = await all_results(client, "/reserveringen")
            assert [(r["bedragCent"], r["status"]) for r in held] == [(3_000_00, "gereserveerd")], (
                "what is said is true"
            )
            too_much = await propose(12_000_00)
            assert (too_much["type"], too_much["code"]) == ("geweigerd", "plafond_overschreden")
            assert [r["bedragCent"] for r in await all_results(client, "/reserveringen")] == [3_000_00]
            again = await propose(3_000_00)
            assert (again["type"], again["bedragCent"]) == ("bevestigd", 3_000_00)
    finally:
        await nc.close()
