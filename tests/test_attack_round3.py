"""Attack round 3, each item over its class: a token policy every service holds (bounded, canonical claims, numeric
times, a maximum lifetime, `organisatie` for partners only, the reason in the log and not in the answer); four eyes
between two people (a subject with a space is no second person: it is no subject at all); segregation of duties on
money leaving; authorisation before an idempotent replay, across the permission matrix; links from configuration,
never from `Host` or `X-Forwarded-*`."""

from __future__ import annotations

import time
import uuid

import httpx
import jwt
import pytest
from stuurcyclus_common.auth import ROLES, issue_token
from stuurcyclus_common.settings import ServiceSettings

from .support import RunningPlatform, auth_headers, unique_tenant
from .test_betalingen import _applications, _client, _ledger, _ok

SERVICES = ("sporen", "indicatoren", "financien", "gesprekstafels", "notificaties")


def _claims(tenant: str, **changes: object) -> dict:
    now = int(time.time())
    base = {"iss": "stuurcyclus", "aud": "stuurcyclus", "sub": "beleid-1", "iat": now, "exp": now + 600}
    return base | {"gemeente": tenant, "rol": "beleid"} | changes


BAD_CLAIMS = {
    "exp in the year 9999": {"exp": 253402300799},
    "exp as a string": {"exp": str(int(time.time()) + 600)},
    "no iat": {"iat": None},
    "iat in the future": {"iat": int(time.time()) + 3600, "exp": int(time.time()) + 4000},
    "empty sub": {"sub": ""},
    "sub with a trailing space": {"sub": "beleid-b3bbe97c "},
    "sub with a newline": {"sub": "beleid\nb3bbe97c"},
    "a 100 kB sub": {"sub": "s" * 100_000},
    "a 200 kB naam": {"naam": "n" * 200_000},
    "NUL in organisatie": {"rol": "partner", "organisatie": "Stichting\x00X"},
    "newline in organisatie": {"rol": "partner", "organisatie": "Stichting\nX"},
    "organisatie on a staff token": {"organisatie": "Stichting X"},
}


@pytest.mark.parametrize("case", sorted(BAD_CLAIMS))
async def test_every_service_refuses_a_token_outside_the_policy(platform: RunningPlatform, case: str) -> None:
    tenant = unique_tenant()
    claims = {k: v for k, v in _claims(tenant, **BAD_CLAIMS[case]).items() if v is not None}
    token = jwt.encode(claims, platform.env["AUTH_SECRET"])
    header = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=30) as client:
        urls = [f"{platform.gateway}/api/v1/sporen/sporen"]
        for service in SERVICES:  # every service verifies the token itself
            port = platform.ports.services[service]
            path = {"notificaties": "abonnementen", "financien": "begrotingen", "gesprekstafels": "cycli"}
            urls.append(f"http://127.0.0.1:{port}/api/v1/{service}/{path.get(service, service)}")
        for url in urls:
            answer = await client.get(url, headers=header)
            assert answer.status_code == 401, (case, url, answer.text[:200])
            detail = answer.json()["detail"]
            assert len(detail) < 300 and "\x00" not in detail and "at most" not in detail, detail


def test_the_token_command_refuses_what_the_services_would() -> None:
    settings = ServiceSettings(service="test", auth_secret="s" * 32)
    for changes in ({"client": "beleid-1 "}, {"client": "x" * 300}, {"ttl_seconds": 13 * 3600}):
        kwargs = {"gemeente": "GM0193", "rol": "beleid", "client": "beleid-1"} | changes
        with pytest.raises(ValueError):
            issue_token(settings, **kwargs)
    with pytest.raises(ValueError):
        issue_token(settings, gemeente="GM0193", rol="beleid", organisatie="Stichting X")
    assert issue_token(settings, gemeente="GM0193", rol="beleid", ttl_seconds=12 * 3600)


def _person(platform: RunningPlatform, tenant: str, rol: str, sub: str) -> dict[str, str]:
    settings = ServiceSettings(service="test", auth_secret=platform.env["AUTH_SECRET"])
    token = issue_token(
        settings, gemeente=tenant, rol=rol, client=sub, organisatie="Stichting Proef" if rol == "partner" else None
    )
    return {"Gemeente-Code": tenant, "Authorization": f"Bearer {token}"}


#: Writes of each service with a body that would succeed for a role that may make them.
WRITES = {
    "/sporen/ambities": lambda: {"nummer": 7, "naam": "Ambitie"},
    "/indicatoren/indicatoren": lambda: {"code": f"R{uuid.uuid4().hex[:6]}", "naam": "x", "richting": "afname"},
    "/financien/begrotingen": lambda: {"jaar": 2060},
    "/gesprekstafels/cycli": lambda: {"jaar": 2061},
    "/notificaties/abonnementen": lambda: {
        "callbackUrl": "http://127.0.0.1:9/hook",
        "auth": "x",
        "kanalen": [{"naam": "gesprekstafels-besluit"}],
    },
}


async def test_no_idempotent_replay_before_the_role_is_checked(platform: RunningPlatform) -> None:
    """For every write above and every role that may not make it: a caller with the same subject and key as the
    administrator whose write succeeded gets 403, never the stored answer."""
    tenant = unique_tenant()
    sub = f"persoon-{uuid.uuid4().hex[:8]}"
    tried = 0
    for path, body in WRITES.items():
        key = str(uuid.uuid4())
        sent = body()
        async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", timeout=30) as client:
            first = await client.post(
                path, json=sent, headers=_person(platform, tenant, "beheerder", sub) | {"Idempotency-Key": key}
            )
            assert first.status_code in (201, 202), (path, first.text)
            for rol in ROLES:
                fresh = await client.post(path, json=body(), headers=_person(platform, tenant, rol, f"{sub}-{rol}"))
                if fresh.status_code != 403:
                    continue  # this role may make this write
                again = await client.post(
                    path, json=sent, headers=_person(platform, tenant, rol, sub) | {"Idempotency-Key": key}
                )
                tried += 1
                assert again.status_code == 403, (path, rol, again.status_code, again.text[:200])
                assert "idempotent-replayed" not in again.headers
    assert tried >= 10, tried


async def test_links_come_from_configuration_not_from_the_caller(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    public = platform.env["PUBLIC_BASE_URL"]
    headers = auth_headers(platform, tenant) | {
        "Host": "evil.example",
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-Proto": "https",
    }
    async with httpx.AsyncClient(timeout=30) as client:
        for n in (1, 2):
            await client.post(
                f"{platform.gateway}/api/v1/sporen/ambities",
                json={"nummer": n, "naam": f"A{n}"},
                headers=auth_headers(platform, tenant),
            )
        port = platform.ports.services["sporen"]
        for url in (f"{platform.gateway}/api/v1/sporen/ambities", f"http://127.0.0.1:{port}/api/v1/sporen/ambities"):
            page = (await client.get(url, params={"pageSize": 1}, headers=headers)).json()
            assert page["next"] and page["next"].startswith(public + "/api/v1/sporen/ambities"), page["next"]
            assert "evil.example" not in page["next"]


async def test_the_one_who_authorises_a_payment_does_not_send_or_pay_it(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _client(platform, auth_headers(platform, tenant)) as api:
        apps = await _applications(platform, api, tenant, {"Buurtwerk": 1_000_000}, {})
        _ok(await api.post(f"/gesprekstafels/aanvragen/{apps['Buurtwerk']['id']}/toekenning", json={}), 201)
        first, second = (await _ledger(api, apps["Buurtwerk"]["id"]))[:2]
    one = _person(platform, tenant, "financien", "financien-een")
    other = _person(platform, tenant, "financien", "financien-twee")
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1/gesprekstafels", timeout=30) as client:
        for betaling in (first, second):
            step = f"/betalingen/{betaling['id']}/stappen"
            _ok(await client.post(step, json={"status": "geautoriseerd"}, headers=one))
        refused = await client.post(f"/betalingen/{first['id']}/stappen", json={"status": "verzonden"}, headers=one)
        assert refused.status_code == 409 and refused.json()["code"] == "functiescheiding", refused.text
        euros = f"{second['bedragCent'] // 100},{second['bedragCent'] % 100:02d}"
        run = f"betalingId;status;bedrag\r\n{second['id']};verzonden;{euros}\r\n".encode()
        in_a_run = await client.post("/betalingen/bankrun", content=run, headers=one | {"Content-Type": "text/csv"})
        assert in_a_run.status_code == 422, in_a_run.text
        assert in_a_run.json()["invalidParams"][0]["code"] == "functiescheiding"
        sent = await client.post(f"/betalingen/{first['id']}/stappen", json={"status": "verzonden"}, headers=other)
        assert sent.status_code == 200, sent.text
        paid = await client.post(f"/betalingen/{first['id']}/stappen", json={"status": "betaald"}, headers=other)
        assert paid.status_code == 200, paid.text
        who = {s["status"]: s["door"] for s in paid.json()["stappen"]}
    assert who["geautoriseerd"] == "financien-een" and who["verzonden"] == who["betaald"] == "financien-twee"


async def test_the_mandate_table_changes_under_four_eyes_and_nobody_raises_their_own(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    admins = {name: _person(platform, tenant, "beheerder", f"beheerder-{name}") for name in ("a", "b", "c")}
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1/gesprekstafels", timeout=30) as client:

        async def propose(who: str, line: dict) -> httpx.Response:
            return await client.post("/mandaten", json=line, headers=admins[who])

        async def confirm(who: str, wijziging: dict) -> httpx.Response:
            return await client.post(f"/mandaatwijzigingen/{wijziging['id']}/bevestiging", headers=admins[who])

        beleid = await propose("a", {"rol": "beleid", "maximumCent": 10_000_000, "omschrijving": "Beleid"})
        assert beleid.status_code == 202 and beleid.json()["status"] == "wacht", beleid.text
        assert all(m["standaard"] for m in (await client.get("/mandaten", headers=admins["a"])).json()["results"])
        same = await confirm("a", beleid.json())
        assert same.status_code == 409 and same.json()["code"] == "zelfde_persoon", same.text
        done = await confirm("b", beleid.json())
        assert done.status_code == 200 and done.json()["status"] == "doorgevoerd", done.text
        assert done.json()["voorgesteldDoor"]["persoon"] == "beheerder-a"
        assert done.json()["bevestigdDoor"]["persoon"] == "beheerder-b"
        table = (await client.get("/mandaten", headers=admins["a"])).json()["results"]
        assert [(m["rol"], m["maximumCent"]) for m in table] == [("beleid", 10_000_000)]
        trail = (await client.get(f"/mandaten/{done.json()['mandaatId']}/audittrail", headers=admins["c"])).json()
        assert {row["client"] for row in trail["results"]} >= {"beheerder-a", "beheerder-b"}, trail

        own = await propose("a", {"rol": "beheerder", "omschrijving": "Onbeperkt"})  # no maximum: without limit
        assert own.status_code == 409 and own.json()["code"] == "eigen_mandaat", own.text
        for_b = await propose("a", {"persoon": "beheerder-b", "maximumCent": 50_000_000})
        assert for_b.status_code == 202, for_b.text
        by_b = await confirm("b", for_b.json())
        assert by_b.status_code == 409 and by_b.json()["code"] == "eigen_mandaat", by_b.text
        assert (await confirm("c", for_b.json())).status_code == 200
        partner = _person(platform, tenant, "partner", "partner-x")
        assert (await client.post("/mandaten", json={"rol": "beleid"}, headers=partner)).status_code == 403


async def test_a_partner_sees_the_decision_not_the_civil_servants(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _client(platform, auth_headers(platform, tenant)) as api:
        apps = await _applications(platform, api, tenant, {"Buurtwerk": 1_000_000}, {})
        besluit = _ok(await api.post(f"/gesprekstafels/aanvragen/{apps['Buurtwerk']['id']}/toekenning", json={}), 201)
        assert besluit["besluitvormers"] and besluit["besluitvormers"][0]["persoon"], "staff see who decided"
        assert (await api.get(f"/gesprekstafels/besluiten/{besluit['id']}")).json()["besluitvormers"]
    partner = auth_headers(platform, tenant, "partner", organisatie="Buurtwerk")
    async with _client(platform, partner) as own:
        single = _ok(await own.get(f"/gesprekstafels/besluiten/{besluit['id']}"))
        listed = _ok(await own.get("/gesprekstafels/besluiten"))["results"]
    assert single["bedragCent"] == 1_000_000 and single["besluitvormers"] is None, single
    assert [b["besluitvormers"] for b in listed] == [None], listed
    assert "mandaatCent" not in str(single) and "persoon" not in str(single)
