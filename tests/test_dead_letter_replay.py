"""The way back from the dead-letter stream: an event a real handler failed on for an unexpected reason (the
database refusing its writes) is listed, the cause fixed, the event replayed through the normal consumer path — and
applied exactly once, however often it is replayed. (A report refused on its merits is not a dead letter: it is
answered with `indicatoren.verantwoording.geweigerd`, tests/test_verantwoording.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import asyncpg
import httpx
import nats
from stuurcyclus_common.contracts.gesprekstafels import Indicatorwaarde, VerantwoordingIngediend
from stuurcyclus_common.events import EventEnvelope
from stuurcyclus_common.events.deadletters import replay_subject
from stuurcyclus_common.settings import plain_database_url

from .support import RunningPlatform, all_results, auth_headers, eventually, unique_tenant

CONSUMER = "indicatoren-gesprekstafels"


def _dlq(platform: RunningPlatform, *args: str, manage: str | None = None) -> str:
    env = dict(platform.env)
    command = (
        [sys.executable, "-m", f"{manage}.manage", "dlq", *args]
        if manage
        else [sys.executable, "-m", "stuurcyclus_local.cli", "dlq", "--data-dir", "/nonexistent", *args]
    )
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _letters(output: str, event_id: str) -> list[dict]:
    rows = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return [r for r in rows if r["eventId"] == event_id]


async def test_a_dead_lettered_event_is_replayed_after_the_fix_and_applied_once(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    code = f"later-{uuid.uuid4().hex[:6]}"
    report = VerantwoordingIngediend(
        verantwoordingId=uuid.uuid4(),
        aanvraagId=uuid.uuid4(),
        partner="Travers Welzijn",
        indicatorwaarden=[Indicatorwaarde(indicator=code, periode="2025", gebied=tenant, waarde="42")],
    )
    envelope = EventEnvelope.wrap(report, tenant=tenant, subject=str(report.verantwoordingId))
    fault = f"storing_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(plain_database_url(platform.database_url))
    nc = await nats.connect(platform.infra.nats_url)
    try:
        js = nc.jetstream()
        async with httpx.AsyncClient(
            base_url=f"{platform.gateway}/api/v1/indicatoren", headers=auth_headers(platform, tenant)
        ) as client:
            known = await client.post("/indicatoren", json={"code": code, "naam": "Later", "richting": "toename"})
            assert known.status_code == 201
            # The unexpected: the database refuses this municipality's measurements (a trigger stands in for a full
            # disk or a broken extension); nothing about the event itself is wrong.
            await conn.execute(
                f"CREATE FUNCTION indicatoren.{fault}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN RAISE EXCEPTION 'opslag tijdelijk kapot ({fault})'; END $$"
            )
            await conn.execute(
                f"CREATE TRIGGER {fault} BEFORE INSERT ON indicatoren.meting FOR EACH ROW "
                f"WHEN (NEW.tenant = '{tenant}') EXECUTE FUNCTION indicatoren.{fault}()"
            )
            payload = envelope.model_dump_json().encode()
            await js.publish(
                report.event_name.subject(platform.prefix, envelope.tenant),
                payload,
                headers={"Nats-Msg-Id": str(envelope.id)},
            )

            async def dead() -> list[dict]:  # the handler fails on the event, three times
                return _letters(_dlq(platform, "list", "--consumer", CONSUMER), str(envelope.id))

            letter = (await eventually(dead, timeout=30))[0]
            assert letter["consumer"] == CONSUMER and fault in letter["error"]
            shown = json.loads(_dlq(platform, "show", str(letter["seq"])))
            assert shown["envelope"]["id"] == str(envelope.id) and shown["subject"].endswith("verantwoording.ingediend")
            assert _letters(_dlq(platform, "list", manage="indicatoren"), str(envelope.id)), "the service's command too"

            await conn.execute(f"DROP TRIGGER {fault} ON indicatoren.meting")  # the cause is fixed
            await conn.execute(f"DROP FUNCTION indicatoren.{fault}()")
            assert "replayed 1 of 1" in _dlq(platform, "replay", str(letter["seq"]))
            assert _letters(_dlq(platform, "list", "--consumer", CONSUMER), str(envelope.id)) == []

            async def measured() -> list:
                return await all_results(client, f"/indicatoren/{code}/metingen", alleVersies=True)

            rows = await eventually(measured, timeout=30)
            # Replayed again (an operator twice, or the letter copied back): the inbox applies it once.
            subject = replay_subject(platform.prefix, "gesprekstafels", CONSUMER)
            await js.publish(subject, payload, headers={"Nats-Msg-Id": f"nog-eens-{envelope.id}"})
            await js.publish(
                report.event_name.subject(platform.prefix, envelope.tenant), payload, headers={"Nats-Msg-Id": "anders"}
            )

            async def seen_twice_more() -> bool:
                info = await js.consumer_info(f"{platform.prefix.upper()}_GESPREKSTAFELS", CONSUMER)
                return info.num_pending == 0 and info.num_ack_pending == 0

            await eventually(seen_twice_more, timeout=30)
            inbox = await conn.fetchval(
                "SELECT count(*) FROM indicatoren.inbox WHERE consumer = $1 AND event_id = $2",
                CONSUMER,
                envelope.id,
            )
            assert inbox == 1
            assert (
                [(r["waarde"], r["versie"], r["leverancier"]) for r in await measured()]
                == [(42, 1, "Travers Welzijn")]
                == [(r["waarde"], r["versie"], r["leverancier"]) for r in rows]
            )
    finally:
        await conn.execute(f"DROP TRIGGER IF EXISTS {fault} ON indicatoren.meting")
        await conn.execute(f"DROP FUNCTION IF EXISTS indicatoren.{fault}()")
        await conn.close()
        await nc.close()


def test_dlq_takes_its_options_in_any_order_and_says_plainly_when_nats_is_away(platform: RunningPlatform) -> None:
    env = dict(platform.env)
    after = [sys.executable, "-m", "stuurcyclus_local.cli", "dlq", "list", "--data-dir", "/nonexistent"]
    listed = subprocess.run(after, env=env, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0 and "dead letter(s)" in listed.stdout, listed.stderr[-2000:]
    away = subprocess.run(
        after, env=env | {"NATS_URL": "nats://127.0.0.1:9"}, capture_output=True, text=True, timeout=60
    )
    assert away.returncode == 3 and "NATS cannot be reached" in away.stderr, away.stderr[-2000:]
    assert "Traceback" not in away.stderr
