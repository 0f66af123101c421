"""Who sees which event, over the whole catalogue: every contract declares it, the live stream honours it.

For every event type in the catalogue (and one it does not know), an event of it concerning partner A is put on the
bus; a second partner's stream must receive none but those declared public, partner A's only those plus its own,
the council's all but the integrators' alerts. Undeclared means staff-only: the filter is fail-closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import enum
import json
import types
import typing
import uuid

import httpx
import nats
import pytest
from pydantic import BaseModel
from stuurcyclus_common import contracts  # noqa: F401  (registers the whole catalogue)
from stuurcyclus_common.auth import Identity
from stuurcyclus_common.events import CATALOGUE, EventData, EventEnvelope
from stuurcyclus_common.events.envelope import Zichtbaarheid
from stuurcyclus_common.events.visibility import may_see

from .support import RunningPlatform, auth_headers, unique_tenant

PARTNER_A, PARTNER_B = "Partner A", "Partner B"
UNKNOWN_TYPE = "nl.stuurcyclus.onbekend.ding.gebeurd.v1"


def _value(annotation: typing.Any, name: str) -> typing.Any:
    """A valid sample value for a field (names that say who they are about name partner A)."""
    if name in ("partner", "leverancier"):
        return PARTNER_A
    origin = typing.get_origin(annotation)
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        return _value(next(a for a in typing.get_args(annotation) if a is not type(None)), name)
    if origin is typing.Literal:
        return typing.get_args(annotation)[0]
    if origin in (list, tuple, set):
        return []
    if origin is dict:
        return {}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _sample(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation)).value  # a status or kind: one of its values
    samples = {str: "x", int: 1, bool: True, float: 1.0, uuid.UUID: str(uuid.uuid4()), dt.date: "2026-01-01"}
    samples[dt.datetime] = "2026-01-01T00:00:00+00:00"
    return samples.get(annotation, "x")


def _sample(model: type[BaseModel]) -> dict:
    data = {name: _value(info.annotation, name) for name, info in model.model_fields.items()}
    model.model_validate(data)  # a sample the contract accepts
    return data


#: An event of another municipality (one no other test uses), published beside the test's: no live stream of the
#: test's municipality gets it.
OTHER_MUNICIPALITY_TYPE = "nl.stuurcyclus.sporen.elders.gebeurd.v1"


def _envelope(event_type: str, tenant: str) -> EventEnvelope:
    model = CATALOGUE.get(event_type)
    data = _sample(model) if model else {"partner": PARTNER_A}
    source = f"urn:nld:cbs:{tenant}:systeem:stuurcyclus-" + event_type.split(".")[2]
    return EventEnvelope(source=source, type=event_type, tenant=tenant, data=data)


def _identity(rol: str, organisatie: str | None = None, gemeente: str = "GM0193") -> Identity:
    return Identity(client="t", gemeente=gemeente, rol=rol, organisatie=organisatie)


def test_every_contract_declares_who_may_see_it_and_a_partners_contract_names_the_partner() -> None:
    assert len(CATALOGUE) > 40
    for event_type, model in CATALOGUE.items():
        assert isinstance(model.zichtbaarheid, Zichtbaarheid), event_type
        if model.zichtbaarheid is Zichtbaarheid.PARTNER:
            field = model.model_fields["partner"]
            assert field.is_required() and field.annotation is str, f"{event_type}: partner must be required"
    with pytest.raises(TypeError, match="names the partner"):
        from stuurcyclus_common.events import contract

        @contract("proef", "ding", "gebeurd", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
        class ZonderPartner(EventData):
            """A partner's event that does not say which partner."""

            partner: str | None = None


def test_the_rule_over_the_whole_catalogue() -> None:
    b, a = _identity("partner", PARTNER_B), _identity("partner", PARTNER_A)
    raad, integrator = _identity("raad"), _identity("subsidieadministratie")
    for event_type in [*CATALOGUE, UNKNOWN_TYPE]:
        envelope = _envelope(event_type, "GM0193")
        rule = CATALOGUE[event_type].zichtbaarheid if event_type in CATALOGUE else Zichtbaarheid.GEMEENTE
        assert may_see(envelope, b) is (rule is Zichtbaarheid.OPENBAAR), event_type
        assert may_see(envelope, a) is (rule in (Zichtbaarheid.OPENBAAR, Zichtbaarheid.PARTNER)), event_type
        assert may_see(envelope, raad) is (rule is not Zichtbaarheid.BEHEER), event_type
        assert may_see(envelope, integrator), event_type
        assert not may_see(envelope, _identity("beheerder", gemeente="GM0363")), "another municipality's"


async def _read_stream(client: httpx.AsyncClient, headers: dict, seen: list[str], connected: asyncio.Event) -> None:
    async with client.stream("GET", "/api/v1/notificaties/stroom", headers=headers) as response:
        assert response.status_code == 200, await response.aread()
        async for line in response.aiter_lines():
            if line.startswith(": verbonden"):
                connected.set()
            elif line.startswith("data: "):
                envelope = json.loads(line[6:])
                seen.append(envelope["type"])
                if envelope["data"].get("einde"):
                    return


async def test_a_second_partners_stream_never_receives_another_partners_event(platform: RunningPlatform) -> None:
    tenant, elsewhere_tenant = unique_tenant(), unique_tenant()
    readers = {
        "partner B": auth_headers(platform, tenant, "partner", PARTNER_B),
        "partner A": auth_headers(platform, tenant, "partner", PARTNER_A),
        "raad": auth_headers(platform, tenant, "raad"),
    }
    seen: dict[str, list[str]] = {name: [] for name in readers}
    connected = {name: asyncio.Event() for name in readers}
    async with httpx.AsyncClient(base_url=platform.gateway, timeout=60) as client:
        tasks = [
            asyncio.create_task(_read_stream(client, headers, seen[name], connected[name]))
            for name, headers in readers.items()
        ]
        try:
            await asyncio.wait_for(asyncio.gather(*(c.wait() for c in connected.values())), 20)
            nc = await nats.connect(platform.infra.nats_url)
            try:
                # Subjects no stream keeps (the workers never see these); the municipality second, as on every
                # event's subject: each live stream subscribes to its own municipality's only.
                subject = f"{platform.prefix}.zichtbaarheidstest.{tenant}.test.test"
                for event_type in [*CATALOGUE, UNKNOWN_TYPE]:
                    await nc.publish(subject, _envelope(event_type, tenant).model_dump_json().encode())
                elsewhere = _envelope(OTHER_MUNICIPALITY_TYPE, elsewhere_tenant).model_dump_json().encode()
                await nc.publish(f"{platform.prefix}.zichtbaarheidstest.{elsewhere_tenant}.test.test", elsewhere)
                last = _envelope("nl.stuurcyclus.sporen.spoor.gewijzigd.v1", tenant)
                last.data["einde"] = True
                await nc.publish(subject, last.model_dump_json().encode())
                await nc.flush()
            finally:
                await nc.close()
            await asyncio.wait_for(asyncio.gather(*tasks), 30)
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
    public = {t for t, m in CATALOGUE.items() if m.zichtbaarheid is Zichtbaarheid.OPENBAAR}
    partners = {t for t, m in CATALOGUE.items() if m.zichtbaarheid is Zichtbaarheid.PARTNER}
    alerts = {t for t, m in CATALOGUE.items() if m.zichtbaarheid is Zichtbaarheid.BEHEER}
    assert set(seen["partner B"]) == public, "a second partner sees only what is public"
    assert set(seen["partner A"]) == public | partners, "the partner concerned also sees its own"
    assert set(seen["raad"]) == (set(CATALOGUE) | {UNKNOWN_TYPE}) - alerts
    assert partners and public and alerts
    assert all(OTHER_MUNICIPALITY_TYPE not in types for types in seen.values()), "another municipality's never arrives"
