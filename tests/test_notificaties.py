"""Subscriptions for integrators (Notificaties API compatible), over the real platform, with a real local receiver.

The receiver answers 500 to the first deliveries, then is down (connection refused) for a while, then comes back:
every grant decision of a test year arrives, each signed (HMAC-SHA256), none lost; a delivery that arrives more
than once carries the same Idempotency-Key. A subscription whose receiver stays down is parked, announced, and
delivered once replayed.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import uuid
from pathlib import Path

import httpx
import nats
from aiohttp import web
from stuurcyclus_common.events import EventEnvelope
from stuurcyclus_common.events.aflevering import HEADERS, VERIFY_EXAMPLE
from stuurcyclus_common.events.streams import stream_name
from stuurcyclus_local.embedded import free_port

from .support import RunningPlatform, all_results, auth_headers, eventually, fetched, unique_tenant
from .test_gesprekstafels import _cycle_at_the_call, _ok, _phase, _published, _wait_status


class Receiver:
    """A local HTTP receiver: fails the first `fail_first` deliveries with 500, records the rest; can go down."""

    def __init__(self, port: int, fail_first: int = 0) -> None:
        self.port, self.fail_first = port, fail_first
        self.received: list[dict] = []
        self.failed = 0
        self.runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        if self.failed < self.fail_first:
            self.failed += 1
            return web.Response(status=500, text="not now")
        self.received.append({"headers": dict(request.headers), "body": body})
        return web.Response(status=204)

    async def up(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    async def down(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"


async def _a_year_of_decisions(platform: RunningPlatform, tenant: str, api: httpx.AsyncClient) -> list[str]:
    """A call with four applications: three granted, one rejected; returns the decisions' ids."""
    ambitie = _ok(await api.post("/sporen/ambities", json={"nummer": 1, "naam": "Sociale contacten"}), 201)

    async def known() -> bool:
        return (await api.get("/gesprekstafels/ambities")).json()["count"] >= 1

    await eventually(known, timeout=20)
    await _cycle_at_the_call(api, 2040, ambitie["id"], ceiling=10_000_000)
    call = {"jaar": 2040, "ambitieId": ambitie["id"], "titel": "Uitvraag 2041", "deadline": "2040-06-30"}
    uitvraag = _ok(await api.post("/gesprekstafels/uitvragen", json=call), 201)
    uitvraag = await eventually(
        lambda: _published(api, f"/gesprekstafels/uitvragen/{uitvraag['id']}/publicatie"), timeout=20
    )
    apps = []
    for n in range(4):
        body = {
            "uitvraagId": uitvraag["id"],
            "partner": f"Partner {n}",
            "titel": f"Activiteit {n}",
            "activiteiten": [{"omschrijving": "Inloop"}],
            "bedragCent": 1_000_000,
        }
        aanvraag = _ok(await api.post("/gesprekstafels/aanvragen", json=body), 201)
        _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/indiening"))
        _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/behandeling"))
        apps.append(aanvraag)
    for aanvraag in apps[:3]:
        _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/voorstel"))
        await _wait_status(api, aanvraag["id"], "voorgesteld", "bevestigd")
    _ok(await api.post(f"/gesprekstafels/aanvragen/{apps[3]['id']}/afwijzing", json={"toelichting": "Past niet."}), 201)
    await _phase(api, 2040, "uitvraag", "sluiting")
    begroting = _ok(await api.post("/financien/begrotingen", json={"jaar": 2041}), 201)
    _ok(await api.post(f"/financien/begrotingen/{begroting['id']}/vaststelling", json={"vastgesteldOp": "2040-11-05"}))

    async def budget() -> bool:
        return (await api.get("/gesprekstafels/cycli/2040")).json()["begrotingVastgesteldOp"] is not None

    await eventually(budget, timeout=20)
    await _phase(api, 2040, "toekenning", "opening")
    for aanvraag in apps[:3]:
        _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/toekenning", json={}), 201)
    return [b["id"] for b in (await api.get("/gesprekstafels/besluiten")).json()["results"]]


async def test_every_decision_reaches_a_flaky_receiver_signed_and_none_lost(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    receiver = Receiver(free_port(), fail_first=3)
    await receiver.up()
    admin = httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant), timeout=30)
    integrator = httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1/notificaties",
        headers=auth_headers(platform, tenant, "subsidieadministratie"),
        timeout=30,
    )
    try:
        kanalen = {k["naam"]: k for k in await all_results(integrator, "/kanalen")}
        assert {"actie", "soort", "partner", "besluitId"} <= set(kanalen["gesprekstafels-besluit"]["filters"])
        bad = await integrator.post(
            "/abonnementen", json={"callbackUrl": receiver.url, "auth": "x", "kanalen": [{"naam": "geen"}]}
        )
        assert bad.status_code == 422 and bad.json()["invalidParams"][0]["name"] == "kanalen[0].naam"
        abonnement = _ok(
            await integrator.post(
                "/abonnementen",
                json={
                    "callbackUrl": receiver.url,
                    "auth": "Bearer ontvanger-token",
                    "kanalen": [{"naam": "gesprekstafels-besluit", "filters": {"actie": "genomen"}}],
                },
            ),
            201,
        )
        async with httpx.AsyncClient(
            base_url=f"{platform.gateway}/api/v1/notificaties",
            headers=auth_headers(platform, tenant, "partner", "P"),
            timeout=30,
        ) as partner:  # a partner manages its own subscriptions only: the integrator's does not exist for it
            assert _ok(await partner.get("/abonnementen"))["results"] == []
            assert (await partner.get(f"/abonnementen/{abonnement['id']}")).status_code == 404
            assert (await partner.delete(f"/abonnementen/{abonnement['id']}")).status_code == 404

        decisions = await _a_year_of_decisions(platform, tenant, admin)
        assert len(decisions) == 4
        await asyncio.sleep(0.5)
        await receiver.down()  # a while unreachable: deliveries keep failing and are retried
        await asyncio.sleep(3)
        await receiver.up()

        async def all_arrived() -> set | None:
            ids = {json.loads(r["body"])["kenmerken"]["besluitId"] for r in receiver.received}
            return ids if ids >= set(decisions) else None

        await eventually(all_arrived, timeout=60)
        assert receiver.failed == 3
        for delivery in receiver.received:
            body, headers = delivery["body"], delivery["headers"]
            expected = "sha256=" + hmac.new(abonnement["geheim"].encode(), body, hashlib.sha256).hexdigest()
            assert hmac.compare_digest(headers["X-Stuurcyclus-Signature"], expected)
            assert headers["Authorization"] == "Bearer ontvanger-token"
            message = json.loads(body)
            assert message["kanaal"] == "gesprekstafels-besluit" and message["actie"] == "genomen"
            assert message["resourceUrl"].endswith(
                f"/api/v1/gesprekstafels/besluiten/{message['kenmerken']['besluitId']}"
            )
            assert {"hoofdObject", "resource", "aanmaakdatum"} <= set(message)
        by_key: dict[str, set] = {}
        for delivery in receiver.received:
            by_key.setdefault(delivery["headers"]["Idempotency-Key"], set()).add(
                json.loads(delivery["body"])["kenmerken"]["besluitId"]
            )
        assert all(len(ids) == 1 for ids in by_key.values()), "one key per event, also on duplicates"
        assert len(by_key) == 4

        async def logged() -> list | None:  # the receiver has it a moment before the worker records its answer
            rows = await all_results(integrator, f"/abonnementen/{abonnement['id']}/afleveringen")
            return rows if {a["status"] for a in rows} == {"afgeleverd"} else None

        log = await eventually(logged, timeout=20)
        assert len(log) == 4
        failures = [p for a in log for p in a["log"] if p["statusCode"] != 204]
        assert any(p["statusCode"] == 500 for p in failures), "the 500s are in the delivery log"
        # The log says what went wrong in the platform's words: the receiver's own answer ("not now") is not echoed.
        assert all("not now" not in json.dumps(a) for a in log), [p for a in log for p in a["log"]]
    finally:
        await receiver.down()
        await admin.aclose()
        await integrator.aclose()


async def test_an_undeliverable_notification_is_parked_announced_and_replayed(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    receiver = Receiver(free_port())  # down: nobody listens on its port yet
    headers = auth_headers(platform, tenant, "subsidieadministratie")
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=headers, timeout=30) as api:
        abonnement = _ok(
            await api.post(
                "/notificaties/abonnementen",
                json={
                    "callbackUrl": receiver.url,
                    "auth": "Bearer x",
                    "kanalen": [{"naam": "financien-begroting"}],
                    "formaat": "cloudevents",
                    "maxPogingen": 2,
                },
            ),
            201,
        )
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant), timeout=30
    ) as admin:
        begroting = _ok(await admin.post("/financien/begrotingen", json={"jaar": 2050}), 201)
        adopt = f"/financien/begrotingen/{begroting['id']}/vaststelling"
        _ok(await admin.post(adopt, json={"vastgesteldOp": "2049-11-05"}))
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1/notificaties", headers=headers, timeout=30
    ) as api:
        url = f"/abonnementen/{abonnement['id']}/afleveringen"

        async def parked() -> list | None:
            rows = await all_results(api, url, status="geparkeerd")
            return rows or None

        rows = await eventually(parked, timeout=30)
        assert rows[0]["pogingen"] == 2 and "ConnectError" in rows[0]["laatsteFout"]

        nc = await nats.connect(platform.infra.nats_url)
        try:
            sub = await nc.jetstream().pull_subscribe(
                f"{platform.prefix}.notificaties.*.aflevering.geparkeerd",
                stream=stream_name(platform.prefix, "notificaties"),
            )
            alerts = [EventEnvelope.model_validate_json(m.data) for m in await eventually(lambda: fetched(sub, 10))]
            assert any(a.data["afleveringId"] == rows[0]["id"] for a in alerts), "the alert was announced"
        finally:
            await nc.close()

        await receiver.up()
        try:
            assert _ok(await api.post(f"{url}/herhaling"))["opnieuw"] == 1

            async def delivered() -> list | None:
                return receiver.received or None

            received = await eventually(delivered, timeout=20)
            assert received[0]["headers"]["Content-Type"] == "application/cloudevents+json"
            assert json.loads(received[0]["body"])["type"] == "nl.stuurcyclus.financien.begroting.vastgesteld.v1"

            async def recorded() -> bool:
                return (await all_results(api, url))[0]["status"] == "afgeleverd"

            await eventually(recorded, timeout=20)
        finally:
            await receiver.down()


def test_characteristics_are_strings_and_lists_json() -> None:
    """Notificaties API kenmerken are strings: a list is JSON-encoded, never a Python repr."""
    from notificaties import kanalen
    from stuurcyclus_common.events import EventEnvelope

    data = {"besluitId": "b1", "soort": "toekenning", "voorwaarden": ["Kwartaalrapportage", "Één keer"], "partner": "P"}
    envelope = EventEnvelope(
        source="/stuurcyclus/gesprekstafels",
        type="nl.stuurcyclus.gesprekstafels.besluit.genomen.v1",
        tenant="GM0193",
        data=data,
    )
    kanaal = kanalen.kanaal_of(envelope)
    found = kanalen.kenmerken(kanaal, envelope)
    assert found["voorwaarden"] == '["Kwartaalrapportage","Één keer"]'
    assert json.loads(found["voorwaarden"]) == data["voorwaarden"]
    assert all(isinstance(v, str) for v in found.values())
    assert kanalen.matches({"soort": "toekenning"}, found) and not kanalen.matches({"soort": "afwijzing"}, found)


async def test_every_channel_points_at_a_resource_that_exists(platform: RunningPlatform) -> None:
    """The class of 'links that do not resolve': every kind of event's `hoofdObject`/`resourceUrl` is a GET route of
    the merged OpenAPI (payments at `/betalingen/{betalingId}`, not at a path built from the kind's name)."""
    from notificaties.kanalen import KANALEN, resource_path

    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, unique_tenant())) as api:
        document = (await api.get("/api/v1/openapi.json")).json()
    routes = [
        re.compile("^/api/v1" + re.sub(r"\{\w+\}", r"[^/]+", path) + "$")
        for path, item in document["paths"].items()
        if "get" in item
    ]
    for kanaal in KANALEN.values():
        data = {name: "42" for name in ("jaar", "indicator")} | {f"{kanaal.entity}Id": str(uuid.uuid4())}
        data |= {k: str(uuid.uuid4()) for k in ("interventieId", "spoorId", "aanvraagId", "besluitId", "betalingId")}
        path = resource_path(kanaal.service, kanaal.entity, data, str(uuid.uuid4()))
        assert any(route.match(path) for route in routes), (kanaal.naam, path)


async def test_a_partner_subscribes_and_is_sent_only_what_it_may_see(platform: RunningPlatform) -> None:
    """Partners subscribe to webhooks under the live stream's rule: their own events (without the fields kept for
    staff) and the public ones, never another partner's; each message's resourceUrl opens with the partner's rights."""
    from .test_verantwoording import _granted, _report, _value

    tenant = unique_tenant()
    z = tenant[2:]
    receivers = {name: Receiver(free_port()) for name in ("Buurtwerk", "Sportkring")}
    headers = {name: auth_headers(platform, tenant, "partner", name) for name in receivers}
    kanalen = [
        {"naam": naam}
        for naam in ("gesprekstafels-besluit", "gesprekstafels-verantwoording", "indicatoren-verantwoording")
    ]
    clients = {
        name: httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=h, timeout=30)
        for name, h in headers.items()
    }
    api = httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant), timeout=30)
    try:
        subscriptions = {}
        for name, receiver in receivers.items():
            await receiver.up()
            body = {"callbackUrl": receiver.url, "auth": f"Bearer {name}", "kanalen": kanalen}
            subscriptions[name] = _ok(await clients[name].post("/notificaties/abonnementen", json=body), 201)
        # A test delivery first: signed like any other, and checked with the documented example.
        own_id = subscriptions["Buurtwerk"]["id"]
        proef = await clients["Buurtwerk"].post(f"/notificaties/abonnementen/{own_id}/proefaflevering")
        assert _ok(proef, 202)["kanaal"] == "test"

        async def tested() -> dict | None:
            return next((r for r in receivers["Buurtwerk"].received if json.loads(r["body"])["kanaal"] == "test"), None)

        delivery = await eventually(tested, timeout=20)
        namespace: dict = {}
        exec(VERIFY_EXAMPLE, namespace)  # the example the OpenAPI, the AsyncAPI and the README give
        header = delivery["headers"]["X-Stuurcyclus-Signature"]
        assert namespace["echt"](delivery["body"], header, subscriptions["Buurtwerk"]["geheim"])
        assert not namespace["echt"](delivery["body"] + b" ", header, subscriptions["Buurtwerk"]["geheim"])
        assert delivery["headers"]["Authorization"] == "Bearer Buurtwerk"
        mine = _ok(await clients["Sportkring"].get("/notificaties/abonnementen"))["results"]
        assert [a["id"] for a in mine] == [subscriptions["Sportkring"]["id"]]
        theirs = f"/notificaties/abonnementen/{subscriptions['Buurtwerk']['id']}"
        assert (await clients["Sportkring"].get(theirs)).status_code == 404
        assert (await clients["Sportkring"].get(f"{theirs}/afleveringen")).status_code == 404

        apps = await _granted(platform, tenant, api, ["Buurtwerk", "Sportkring"])
        url = f"/gesprekstafels/aanvragen/{apps['Buurtwerk']['id']}/verantwoording"
        _ok(await clients["Buurtwerk"].post(url, json=_report([_value(z)])), 201)

        async def arrived() -> list | None:
            kinds = {
                (json.loads(r["body"])["kanaal"], json.loads(r["body"])["actie"])
                for r in receivers["Buurtwerk"].received
            }
            wanted = {
                ("gesprekstafels-besluit", "genomen"),
                ("gesprekstafels-verantwoording", "ingediend"),
                ("indicatoren-verantwoording", "verwerkt"),
            }
            return receivers["Buurtwerk"].received if wanted <= kinds else None

        bodies = [json.loads(r["body"]) for r in await eventually(arrived, timeout=40)]
        received = [m for m in bodies if m["kanaal"] != "test"]
        await asyncio.sleep(1.0)  # time for anything wrongly owed to arrive too
        for message in received + [json.loads(r["body"]) for r in receivers["Sportkring"].received]:
            assert message["kenmerken"].get("partner") in ("Buurtwerk", "Sportkring", None), message
        assert all(
            json.loads(r["body"])["kenmerken"].get("partner") != "Buurtwerk" for r in receivers["Sportkring"].received
        )
        assert all(m["kenmerken"].get("partner") == "Buurtwerk" for m in received), received
        for message in received:  # every link resolves with the subscriber's own rights
            answer = await clients["Buurtwerk"].get(message["resourceUrl"])
            assert answer.status_code == 200, (message["kanaal"], message["resourceUrl"], answer.text[:200])
            if message["kanaal"] == "gesprekstafels-besluit":
                assert answer.json()["besluitvormers"] is None, "the deciders are staff's"
    finally:
        for receiver in receivers.values():
            await receiver.down()
        for client in (*clients.values(), api):
            await client.aclose()


async def test_the_delivery_is_documented_where_an_integrator_looks(platform: RunningPlatform) -> None:
    """The delivery's headers and the signature's check are in the merged OpenAPI (webhooks), the AsyncAPI and the
    README, as one text; the example itself is run against a real delivery above."""
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, unique_tenant())) as api:
        document = (await api.get("/api/v1/openapi.json")).json()
    assert set(document["webhooks"]) == {"notificatie", "cloudevent"}
    for name, item in document["webhooks"].items():
        operation = item["post"]
        named = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert {"Authorization", "X-Stuurcyclus-Signature", "Idempotency-Key"} <= named <= set(HEADERS), name
        assert VERIFY_EXAMPLE in operation["description"], name
    asyncapi = json.loads((Path(__file__).resolve().parents[1] / "docs" / "asyncapi.json").read_text())
    assert VERIFY_EXAMPLE in asyncapi["info"]["description"]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert VERIFY_EXAMPLE in readme


async def test_an_event_owed_to_no_one_costs_no_transaction(platform: RunningPlatform) -> None:
    """notificaties' consumer asks first whether a subscription of the event's municipality names its channel (one
    read); an event owed to no one is acknowledged without an inbox row or a transaction, and one that may be owed
    goes the usual way (`events.SelectiveHandler`)."""
    from notificaties.handlers import SUBSCRIPTIONS
    from notificaties.models import EVENTS
    from notificaties.settings import NotificatieSettings, get_settings
    from sqlalchemy import text
    from stuurcyclus_common.contracts.sporen import AmbitieGewijzigd, SpoorGewijzigd
    from stuurcyclus_common.db import Database
    from stuurcyclus_common.events import EventConsumer

    tenant = unique_tenant()
    headers = auth_headers(platform, tenant, "subsidieadministratie")
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=headers, timeout=30) as api:
        _ok(
            await api.post(
                "/notificaties/abonnementen",
                json={
                    "callbackUrl": Receiver(free_port()).url,  # nobody listens: what is owed is parked after one try
                    "auth": "x",
                    "kanalen": [{"naam": "sporen-spoor"}],
                    "maxPogingen": 1,
                },
            ),
            201,
        )
    database = Database(NotificatieSettings(service="notificaties", database_url=platform.database_url), pool_size=2)
    (subscription,) = [s for s in SUBSCRIPTIONS if s.name == "sporen"]
    consumer = EventConsumer(
        service="test-selective", subscription=subscription, database=database, tables=EVENTS, js=None, prefix="t"
    )  # type: ignore[arg-type]  # _apply talks to PostgreSQL only
    spoor = {"spoorId": uuid.uuid4(), "nummer": 1, "naam": "Wonen", "status": "actief", "versie": 2}
    ambitie = {"ambitieId": uuid.uuid4(), "nummer": 1, "naam": "Meedoen", "versie": 2}
    elsewhere = EventEnvelope.wrap(SpoorGewijzigd(**spoor), tenant=unique_tenant())  # no subscription there
    other_channel = EventEnvelope.wrap(AmbitieGewijzigd(**ambitie), tenant=tenant)  # not the subscribed channel
    subscribed = EventEnvelope.wrap(SpoorGewijzigd(**spoor), tenant=tenant)
    try:
        handler = subscription.handlers["*"]
        assert [await handler.concerns(database, e) for e in (elsewhere, other_channel, subscribed)] == [  # type: ignore[attr-defined]
            False,
            False,
            True,
        ]
        assert [await consumer._apply(e) for e in (elsewhere, other_channel, subscribed)] == [False, False, True]
        async with database.session_scope() as session:
            inbox = await session.execute(
                text("SELECT event_id FROM notificaties.inbox WHERE consumer = :c"), {"c": consumer.durable}
            )
            owed = await session.execute(
                text("SELECT count(*) FROM notificaties.aflevering WHERE event_id = :e"), {"e": subscribed.id}
            )
            assert [r[0] for r in inbox] == [subscribed.id], "an inbox row only for the event that was owed"
            assert owed.scalar_one() == 1, "and it is queued for the subscription"
    finally:
        await database.dispose()
        get_settings.cache_clear()  # read from this process's environment by `queue`: not the apps' settings
