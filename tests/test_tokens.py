"""Tokens: the municipality claim is a current CBS code exactly, keys come from the identity provider as providers
publish them (discovery document, a JWKS that rotates), and the local token command refuses what services refuse."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

import httpx
import jwt
import pytest
from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from stuurcyclus_common.auth import TokenVerifier, Unauthorized, issue_token
from stuurcyclus_common.keys import jwks_document
from stuurcyclus_common.settings import ServiceSettings
from stuurcyclus_local.embedded import free_port

from .support import RunningPlatform, auth_headers

BAD_MUNICIPALITIES = ["", "*", "gm0193", "GM0193 ", " GM0193", "Zwolle", "GM9999", "GM019", "GM01934", None, 193]


async def test_the_municipality_claim_is_a_current_cbs_code_exactly_everywhere(platform: RunningPlatform) -> None:
    secret = platform.env["AUTH_SECRET"]
    now = int(time.time())
    base = {"iss": "stuurcyclus", "aud": "stuurcyclus", "sub": "t", "rol": "beheerder", "exp": now + 60}
    writes = {
        "sporen": ("/sporen", {"nummer": 1, "naam": "x"}),
        "indicatoren": ("/indicatoren", {"code": "T1", "naam": "x", "richting": "afname"}),
        "financien": ("/begrotingen", {"jaar": 2040}),
        "gesprekstafels": ("/cycli", {"jaar": 2040}),
        "notificaties": ("/abonnementen", {"callbackUrl": "http://127.0.0.1:9/", "auth": "x", "kanalen": []}),
    }
    async with httpx.AsyncClient(timeout=30) as client:
        for gemeente in BAD_MUNICIPALITIES:
            claims = base | ({"gemeente": gemeente} if gemeente is not None else {})
            header = {"Authorization": "Bearer " + jwt.encode(claims, secret)}
            for service, (path, body) in writes.items():
                url = f"http://127.0.0.1:{platform.ports.services[service]}/api/v1/{service}{path}"
                for answer in (
                    await client.get(url, headers=header),
                    await client.post(url, json=body, headers=header),
                ):
                    assert answer.status_code == 401, (service, gemeente, answer.status_code, answer.text)
                    assert "gemeente" in answer.json()["detail"]
            through = await client.get(f"{platform.gateway}/api/v1/sporen/sporen", headers=header)
            assert through.status_code == 401, gemeente
        good = await client.get(f"{platform.gateway}/api/v1/sporen/sporen", headers=auth_headers(platform, "GM0363"))
        assert good.status_code == 200


def test_the_token_command_refuses_a_token_every_service_would_refuse(tmp_path) -> None:  # noqa: ANN001
    command = [sys.executable, "-m", "stuurcyclus_local.cli", "token", "--data-dir", str(tmp_path)]
    partner = subprocess.run([*command, "--rol", "partner"], capture_output=True, text=True, timeout=60)
    assert partner.returncode == 2 and partner.stdout == ""
    assert "organisatie" in partner.stderr
    nowhere = subprocess.run([*command, "--gemeente", "GM9999"], capture_output=True, text=True, timeout=60)
    assert nowhere.returncode == 2 and "gemeente" in nowhere.stderr
    fine = subprocess.run([*command, "--rol", "partner", "--organisatie", "Travers"], capture_output=True, text=True)
    assert fine.returncode == 0 and fine.stdout.count(".") == 2


class IdentityProvider:
    """A local OpenID Connect provider: a discovery document and a JWKS whose keys the test rotates."""

    def __init__(self) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}/realms/gemeente"
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.published: list[str] = []
        self.jwks_requests = 0
        self.runner: web.AppRunner | None = None

    def new_key(self) -> str:
        kid = uuid.uuid4().hex[:8]
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return kid

    def token(self, kid: str, **claims: object) -> str:
        pem = (
            self.keys[kid]
            .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
            .decode()
        )
        settings = ServiceSettings(service="t", auth_issuer=self.issuer)
        return issue_token(settings, gemeente="GM0193", rol="beleid", private_key=pem, kid=kid, **claims)

    async def start(self) -> None:
        async def discovery(_: web.Request) -> web.Response:
            return web.json_response({"issuer": self.issuer, "jwks_uri": f"{self.issuer}/protocol/certs"})

        async def certs(_: web.Request) -> web.Response:
            self.jwks_requests += 1
            return web.json_response(jwks_document(*((kid, self.keys[kid]) for kid in self.published)))

        app = web.Application()
        app.router.add_get("/realms/gemeente/.well-known/openid-configuration", discovery)
        app.router.add_get("/realms/gemeente/protocol/certs", certs)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


@pytest.fixture
async def provider():  # noqa: ANN201
    idp = IdentityProvider()
    await idp.start()
    yield idp
    await idp.stop()


async def test_keys_from_a_discovery_document_that_rotates(provider: IdentityProvider) -> None:
    first = provider.new_key()
    provider.published = [first]
    settings = ServiceSettings(
        service="t", auth_issuer=provider.issuer, auth_discovery_url=provider.discovery_url, auth_jwks_refresh_seconds=1
    )
    verifier = TokenVerifier(settings)
    now = [1000.0]
    verifier.sources[provider.issuer].clock = lambda: now[0]  # time passes when the test says so
    try:
        assert (await verifier.verify(provider.token(first))).rol == "beleid"
        assert provider.jwks_requests == 1
        assert (await verifier.verify(provider.token(first))).rol == "beleid"
        assert provider.jwks_requests == 1, "keys are cached"

        second = provider.new_key()  # the provider publishes a new key beside the old, then signs with it
        provider.published = [first, second]
        now[0] += 1.1  # refetches are at most once per refresh interval (1 s here)
        assert (await verifier.verify(provider.token(second))).rol == "beleid", "an unknown kid refetches"
        assert provider.jwks_requests == 2

        provider.published = [second]  # the old key is withdrawn
        unknown = provider.new_key()
        now[0] += 1.1
        before = provider.jwks_requests
        for _ in range(20):  # a flood of unknown kids fetches at most once per refresh interval
            with pytest.raises(Unauthorized, match=unknown):
                await verifier.verify(provider.token(unknown))
        assert provider.jwks_requests - before == 1
        with pytest.raises(Unauthorized, match=first):  # withdrawn, and the refetch knows it
            await verifier.verify(provider.token(first))
        assert (await verifier.verify(provider.token(second))).rol == "beleid"

        with pytest.raises(Unauthorized, match="issuer"):
            await verifier.verify(
                issue_token(ServiceSettings(service="t", auth_secret="s" * 32), gemeente="GM0193", rol="raad")
            )
        forged = jwt.encode(
            jwt.decode(provider.token(second), options={"verify_signature": False}), "guess", headers={"kid": second}
        )
        with pytest.raises(Unauthorized):
            await verifier.verify(forged)  # HS256 with a guessed secret, naming a published RSA key
    finally:
        await verifier.close()


async def test_a_service_verifies_tokens_by_its_providers_published_keys(
    platform: RunningPlatform, provider: IdentityProvider
) -> None:
    kid = provider.new_key()
    provider.published = [kid]
    port = free_port()
    env = {k: v for k, v in platform.env.items() if k != "AUTH_SECRET"}
    env |= {"AUTH_ISSUER": provider.issuer, "AUTH_DISCOVERY_URL": provider.discovery_url}
    env |= {"AUTH_JWKS_REFRESH_SECONDS": "1"}
    command = [sys.executable, "-m", "uvicorn", "sporen.main:app", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/v1/sporen/sporen"
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            for _ in range(100):
                try:
                    await client.get(f"http://127.0.0.1:{port}/health/live")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            ok = await client.get(url, headers={"Authorization": f"Bearer {provider.token(kid)}"})
            assert ok.status_code == 200, ok.text
            rotated = provider.new_key()
            provider.published = [kid, rotated]
            time.sleep(1.1)  # past the refresh interval: the unknown kid refetches
            ok = await client.get(url, headers={"Authorization": f"Bearer {provider.token(rotated)}"})
            assert ok.status_code == 200, ok.text
            local = await client.get(url, headers=auth_headers(platform))
            assert local.status_code == 401, "the platform's own secret is not this service's issuer"
    finally:
        process.terminate()
        process.wait(10)
