"""The permission matrix over the real services (through the gateway): every role against every endpoint class.

A request is *allowed* when the service did not refuse it for who is calling (anything but 401/403: it may still be
404 or 422 for the data); *denied* is 403 problem+json. Tokens are checked by each service itself: without one, with
a bad signature, expired, or for another municipality, the answer is 401 / 403 — also when a service is called
directly, past the gateway.
"""

from __future__ import annotations

import itertools
import time
import uuid

import httpx
import jwt

from .support import RunningPlatform, auth_headers, unique_tenant

ROLES = ("beleid", "financien", "raad", "subsidieadministratie", "partner", "beheerder")
_numbers = itertools.count(10)


def _requests() -> dict[str, tuple[str, str, object]]:
    """Endpoint class → (method, path, body); bodies unique per call so allowed writes do not collide."""
    n = next(_numbers)
    return {
        "agenda lezen": ("GET", "/sporen/sporen", None),
        "agenda wijzigen": ("POST", "/sporen/ambities", {"nummer": n, "naam": f"Ambitie {n}"}),
        "indicatoren lezen": ("GET", "/indicatoren/indicatoren", None),
        "indicatoren wijzigen": (
            "POST",
            "/indicatoren/indicatoren",
            {"code": f"P{n}", "naam": "x", "richting": "toename"},
        ),
        "financien lezen": ("GET", "/financien/begrotingsposten", None),
        "financien wijzigen": ("POST", "/financien/begrotingen", {"jaar": 2000 + n}),
        "cyclus lezen": ("GET", "/gesprekstafels/cycli", None),
        "cyclus regisseren": ("POST", "/gesprekstafels/cycli", {"jaar": 2000 + n}),
        "tussenrapportage": ("GET", "/gesprekstafels/tussenrapportages/2030", None),
        "aanvraag indienen": (
            "POST",
            "/gesprekstafels/aanvragen",
            {"uitvraagId": str(uuid.uuid4()), "titel": "x", "activiteiten": [{"omschrijving": "y"}], "bedragCent": 1},
        ),
        "besluiten lezen": ("GET", "/gesprekstafels/besluiten", None),
        "betalingen lezen": ("GET", "/gesprekstafels/betalingen", None),
        "betaling autoriseren": (
            "POST",
            f"/gesprekstafels/betalingen/{uuid.uuid4()}/stappen",
            {"status": "geautoriseerd"},
        ),
        "betaling verzonden": (
            "POST",
            f"/gesprekstafels/betalingen/{uuid.uuid4()}/stappen",
            {"status": "verzonden", "kenmerk": f"BR-{n}"},
        ),
        "bankrun": (
            "POST",
            "/gesprekstafels/betalingen/bankrun",
            f"betalingId;status;bedrag\n{uuid.uuid4()};betaald;1\n",
        ),
        "sisa": ("GET", "/gesprekstafels/sisa", None),
        "mandaten lezen": ("GET", "/gesprekstafels/mandaten", None),
        "mandaten wijzigen": ("POST", "/gesprekstafels/mandaten", {"rol": "raad", "maximumCent": n}),
        "medebesluit": ("POST", f"/gesprekstafels/besluitvoorstellen/{uuid.uuid4()}/medebesluit", None),
        "rapportage publiceren": ("POST", "/sporen/rapportages/halfjaar/2020S2/publicaties", None),
        "abonnementen lezen": ("GET", "/notificaties/abonnementen", None),
        "abonnement nemen": (
            "POST",
            "/notificaties/abonnementen",
            {"callbackUrl": "http://127.0.0.1:9/hook", "auth": "x", "kanalen": [{"naam": "gesprekstafels-besluit"}]},
        ),
        "audittrail": ("GET", f"/sporen/sporen/{uuid.uuid4()}/audittrail", None),
        "live stroom": ("STREAM", "/notificaties/stroom", None),
        "rekeningen lezen": ("GET", "/gesprekstafels/rekeningen", None),
        "rekening vastleggen": (
            "POST",
            "/gesprekstafels/rekeningen",
            {"houder": "x", "iban": "NL20INGB0001234567", "tenaamstelling": "x"},
        ),
        "betaalbestand": ("GET", "/gesprekstafels/betalingen/betaalbestand", None),
        "verantwoording terugsturen": (
            "POST",
            f"/gesprekstafels/aanvragen/{uuid.uuid4()}/verantwoording/terugsturing",
            {"reden": "x"},
        ),
        "termijnen als agenda": ("GET", "/gesprekstafels/termijnen/ical", None),
        "subsidieregister lezen": ("GET", "/gesprekstafels/subsidieregister", None),
        "subsidieregister inlezen": ("POST", "/gesprekstafels/subsidieregister", "DOSSIERNUMMER;REGELINGNAAM\n"),
        "subsidieregister naast een uitvraag": (
            "GET",
            f"/gesprekstafels/uitvragen/{uuid.uuid4()}/bestaande-subsidies",
            None,
        ),
        "statline koppelen": (
            "PUT",
            "/indicatoren/statline/koppelingen/83262NED/ONBEKEND",
            {"onderwerp": "WmoClienten_1"},
        ),
        "statline koppelingen lezen": ("GET", "/indicatoren/statline/koppelingen", None),
    }


EVERYONE = set(ROLES)
STAFF = EVERYONE - {"partner"}
EXPECTED = {
    "agenda lezen": EVERYONE,
    "agenda wijzigen": {"beleid", "beheerder"},
    "indicatoren lezen": EVERYONE,
    "indicatoren wijzigen": {"beleid", "beheerder"},
    "financien lezen": STAFF,
    "financien wijzigen": {"financien", "beheerder"},
    "cyclus lezen": EVERYONE,
    "cyclus regisseren": {"beleid", "beheerder"},
    "tussenrapportage": STAFF,
    "aanvraag indienen": {"beleid", "beheerder", "partner"},
    "besluiten lezen": EVERYONE,  # a partner sees its own only (tests/test_gesprekstafels.py)
    "betalingen lezen": EVERYONE,  # a partner sees its own only (tests/test_betalingen.py)
    "betaling autoriseren": {"beleid", "financien", "beheerder"},
    "betaling verzonden": {"subsidieadministratie", "financien", "beheerder"},
    "bankrun": {"subsidieadministratie", "financien", "beheerder"},
    "sisa": STAFF,
    "mandaten lezen": STAFF,
    "mandaten wijzigen": {"beheerder"},
    "medebesluit": {"beleid", "beheerder"},
    "rapportage publiceren": {"beleid", "beheerder"},
    "abonnementen lezen": {"beleid", "subsidieadministratie", "beheerder", "partner"},  # a partner: its own
    "abonnement nemen": {"subsidieadministratie", "beheerder", "partner"},  # a partner: sent what it may see
    "audittrail": STAFF,
    "live stroom": EVERYONE,
    "rekeningen lezen": {"beleid", "financien", "subsidieadministratie", "beheerder"},
    "rekening vastleggen": {"beleid", "financien", "subsidieadministratie", "beheerder"},
    "betaalbestand": {"beleid", "financien", "subsidieadministratie", "beheerder"},
    "verantwoording terugsturen": {"beleid", "beheerder"},
    "termijnen als agenda": EVERYONE,
    "subsidieregister lezen": EVERYONE,  # a partner: the dossiers that name it (tests/test_subsidieregister.py)
    "subsidieregister inlezen": {"beleid", "subsidieadministratie", "beheerder"},
    "subsidieregister naast een uitvraag": STAFF,
    "statline koppelen": {"beleid", "beheerder"},
    "statline koppelingen lezen": EVERYONE,
}


async def _call(client: httpx.AsyncClient, method: str, path: str, body: object, headers: dict) -> httpx.Response:
    if method == "STREAM":  # a live stream: its status and first bytes say enough
        async with client.stream(
            "GET", f"/api/v1{path}", headers=headers | {"Accept": "text/event-stream"}
        ) as response:
            await response.aread() if response.status_code != 200 else None
            return response
    if isinstance(body, str):  # a file (the bank run's CSV)
        return await client.request(
            method, f"/api/v1{path}", content=body, headers=headers | {"Content-Type": "text/csv"}
        )
    return await client.request(method, f"/api/v1{path}", json=body, headers=headers)


async def test_every_role_against_every_endpoint_class(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    seen: dict[str, set[str]] = {name: set() for name in EXPECTED}
    async with httpx.AsyncClient(base_url=platform.gateway, timeout=30) as client:
        for rol in ROLES:
            headers = auth_headers(platform, tenant, rol, "Stichting Test" if rol == "partner" else None)
            for name, (method, path, body) in _requests().items():
                response = await _call(client, method, path, body, headers)
                assert response.status_code != 401, (rol, name, response.text)
                assert response.status_code < 500, (rol, name, response.text)
                if response.status_code == 403:
                    assert response.headers["content-type"].startswith("application/problem+json")
                    assert response.json()["code"] == "rol_niet_toegestaan", (rol, name, response.text)
                else:
                    seen[name].add(rol)
    wrong = {name: (sorted(seen[name]), sorted(EXPECTED[name])) for name in EXPECTED if seen[name] != EXPECTED[name]}
    assert wrong == {}, f"allowed (seen, expected): {wrong}"


async def test_without_a_valid_token_every_service_answers_401(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    secret = platform.env["AUTH_SECRET"]
    now = int(time.time())
    claims = {"iss": "stuurcyclus", "aud": "stuurcyclus", "sub": "t", "gemeente": tenant, "rol": "beheerder"}
    bad = {
        "none": None,
        "not a jwt": "Bearer abc.def",
        "wrong signature": "Bearer " + jwt.encode(claims | {"exp": now + 60}, "another-secret-of-32-bytes-length!"),
        "expired": "Bearer " + jwt.encode(claims | {"exp": now - 5}, secret),
        "other issuer": "Bearer " + jwt.encode(claims | {"exp": now + 60, "iss": "elders"}, secret),
        "no role": "Bearer " + jwt.encode({k: v for k, v in claims.items() if k != "rol"} | {"exp": now + 60}, secret),
        "partner without organisation": "Bearer " + jwt.encode(claims | {"exp": now + 60, "rol": "partner"}, secret),
    }
    services = {
        "sporen": "/sporen",
        "indicatoren": "/indicatoren",
        "financien": "/besparingslijnen",
        "gesprekstafels": "/cycli",
    }
    async with httpx.AsyncClient(timeout=30) as client:
        for service, path in services.items():
            # Straight to the service, past the gateway: the service checks the token itself.
            url = f"http://127.0.0.1:{platform.ports.services[service]}/api/v1/{service}{path}"
            for why, header in bad.items():
                response = await client.get(url, headers={"Authorization": header} if header else {})
                assert response.status_code == 401, (service, why, response.text)
                assert response.headers["content-type"].startswith("application/problem+json")
            good = auth_headers(platform, tenant)
            assert (await client.get(url, headers=good)).status_code == 200, service
            other = good | {"Gemeente-Code": "GM0363"}  # Zwolle's token never reaches Amsterdam's data
            refused = await client.get(url, headers=other)
            assert refused.status_code == 403 and refused.json()["code"] == "andere_gemeente", service
