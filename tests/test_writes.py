"""Every write leaves an audit trail (who, when, old/new, result, correlation id, reason) and honours
`Idempotency-Key` (a retry returns the first result and changes nothing) — in every service, through the gateway."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx
import pytest
from stuurcyclus_common.settings import plain_database_url

from .support import RunningPlatform, all_results, auth_headers, unique_tenant


def _api(
    platform: RunningPlatform, tenant: str, rol: str = "beheerder", organisatie: str | None = None
) -> httpx.AsyncClient:
    headers = auth_headers(platform, tenant, rol, organisatie)
    return httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=headers, timeout=30)


async def test_every_write_is_in_the_audit_trail_with_who_what_why(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _api(platform, tenant) as api:
        created = await api.post(
            "/sporen/sporen",
            json={"nummer": 1, "naam": "Sterke sociale basis"},
            headers={"X-Audit-Toelichting": "Agenda 2026 ingevoerd", "X-Correlation-ID": "audit-1"},
        )
        spoor = created.json()
        changed = await api.patch(
            f"/sporen/sporen/{spoor['id']}",
            json={"naam": "Sterke basis", "versie": 1},
            headers={"X-Audit-Toelichting": "Naam ingekort"},
        )
        assert changed.status_code == 200, changed.text
        stale = await api.patch(f"/sporen/sporen/{spoor['id']}", json={"naam": "x", "versie": 1})
        assert stale.status_code == 412
        trail = await all_results(api, f"/sporen/sporen/{spoor['id']}/audittrail")
    assert [(r["actie"], r["resultaat"]) for r in trail][:1] == [("create", 201)]
    create, update = trail[0], next(r for r in trail if r["actie"] == "update" and r["resource"] == "spoor")
    assert create["nieuw"]["naam"] == "Sterke sociale basis" and create["toelichting"] == "Agenda 2026 ingevoerd"
    assert create["correlationId"] == "audit-1" and create["rol"] == "beheerder" and create["client"]
    assert (update["oud"]["naam"], update["nieuw"]["naam"], update["toelichting"]) == (
        "Sterke sociale basis",
        "Sterke basis",
        "Naam ingekort",
    )
    assert update["oud"]["versie"] == 1 and update["nieuw"]["versie"] == 2
    assert trail[-1]["actie"] == "refused" and trail[-1]["resultaat"] == 412, "a refused write is recorded too"

    async with _api(platform, tenant, "partner", "Stichting X") as partner:
        assert (await partner.get(f"/sporen/sporen/{spoor['id']}/audittrail")).status_code == 403
    async with _api(platform, unique_tenant()) as other:
        assert await all_results(other, f"/sporen/sporen/{spoor['id']}/audittrail") == [], "another municipality's"

    # Append-only, in the database too.
    conn = await asyncpg.connect(plain_database_url(platform.database_url))
    try:
        with pytest.raises(asyncpg.RaiseError, match="append-only"):
            await conn.execute("UPDATE sporen.audittrail SET toelichting = 'weg' WHERE tenant = $1", tenant)
        with pytest.raises(asyncpg.RaiseError, match="append-only"):
            await conn.execute("DELETE FROM sporen.audittrail WHERE tenant = $1", tenant)
    finally:
        await conn.close()


async def test_writes_in_every_service_are_audited(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _api(platform, tenant) as api:
        begroting = (await api.post("/financien/begrotingen", json={"jaar": 2031})).json()
        await api.post(f"/financien/begrotingen/{begroting['id']}/vaststelling", json={"vastgesteldOp": "2030-11-05"})
        cyclus = (await api.post("/gesprekstafels/cycli", json={"jaar": 2030})).json()
        assert (
            await api.post("/indicatoren/indicatoren", json={"code": "AUD", "naam": "x", "richting": "afname"})
        ).status_code == 201
        financien = await all_results(api, f"/financien/begrotingen/{begroting['id']}/audittrail")
        gesprekstafels = await all_results(api, f"/gesprekstafels/cycli/{cyclus['id']}/audittrail")
    assert [r["actie"] for r in financien] == ["create", "update"]
    assert financien[1]["oud"]["status"] == "voorgesteld" and financien[1]["nieuw"]["status"] == "vastgesteld"
    assert gesprekstafels[0]["actie"] == "create" and gesprekstafels[0]["nieuw"]["jaar"] == 2030


async def test_a_retried_write_with_the_same_idempotency_key_changes_nothing(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    body = {"nummer": 1, "naam": "Betekenisvolle contacten"}
    async with _api(platform, tenant) as api:
        first = await api.post("/sporen/ambities", json=body, headers={"Idempotency-Key": "k-1"})
        again = await api.post("/sporen/ambities", json=body, headers={"Idempotency-Key": "k-1"})
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
        assert again.headers["ETag"] == first.headers["ETag"]
        reused = await api.post("/sporen/ambities", json=body | {"nummer": 2}, headers={"Idempotency-Key": "k-1"})
        assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_hergebruikt"

        # Ten simultaneous retries of one new request: one write, ten equal answers.
        same = {"nummer": 3, "naam": "Gelijke kansen"}
        answers = await asyncio.gather(
            *(api.post("/sporen/ambities", json=same, headers={"Idempotency-Key": "k-2"}) for _ in range(10))
        )
        assert {a.status_code for a in answers} == {201} and len({a.json()["id"] for a in answers}) == 1
        ambities = (await api.get("/sporen/ambities")).json()
        assert sorted(a["nummer"] for a in ambities["results"]) == [1, 3]

        patch = {"naam": "Vitaal", "versie": 1}
        amb = first.json()["id"]
        one = await api.patch(f"/sporen/ambities/{amb}", json=patch, headers={"Idempotency-Key": "p-1"})
        two = await api.patch(f"/sporen/ambities/{amb}", json=patch, headers={"Idempotency-Key": "p-1"})
        assert one.status_code == two.status_code == 200 and two.json()["versie"] == 2, "not a stale 412"
    async with _api(platform, tenant, "beleid") as colleague:  # keys are per client: another client's k-1 is new
        other = await colleague.post(
            "/sporen/ambities", json={"nummer": 4, "naam": "x"}, headers={"Idempotency-Key": "k-1"}
        )
        assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
