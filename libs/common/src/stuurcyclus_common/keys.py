"""Where the keys that verify tokens come from: per trusted issuer, a static key or the issuer's published keys.

Identity providers publish their signing keys as a JWKS, found through their OpenID Connect discovery document
(`…/.well-known/openid-configuration` → `jwks_uri`), and rotate them: a new key appears (with a new `kid`) before
tokens are signed with it, an old one disappears after. `PublishedKeys` caches the set, picks the key by the token's
`kid`, refetches when the cache is older than `auth_jwks_max_age_seconds` or a token names a `kid` it does not know
(at most once per `auth_jwks_refresh_seconds`, so unknown `kid`s cannot make us hammer the provider), and refuses a
token whose `kid` is still unknown after that. Symmetric (`oct`) keys are never taken from a JWKS: a published
secret is no secret.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Protocol

import httpx
import jwt

from .logs import get_logger
from .settings import ServiceSettings

log = get_logger(__name__)
ASYMMETRIC = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")


class UnknownKey(Exception):
    """The token names a key the issuer does not publish (after a refresh): the token is refused."""


class KeyUnavailable(Exception):
    """The issuer's keys cannot be fetched and none are cached: the request cannot be judged now (503)."""


class KeySource(Protocol):
    async def key_for(self, header: dict[str, Any]) -> tuple[Any, list[str]]:
        """The key that verifies a token with this header, and the algorithms it may be used with."""

    async def close(self) -> None: ...


class StaticKey:
    """One configured key: a shared secret (HS256) or a provider's public key in PEM (RS256/ES256)."""

    def __init__(self, key: str, algorithms: list[str]) -> None:
        self.key, self.algorithms = key, algorithms

    async def key_for(self, header: dict[str, Any]) -> tuple[Any, list[str]]:
        return self.key, self.algorithms

    async def close(self) -> None:
        return None


class PublishedKeys:
    """An issuer's JWKS (given directly, or found through its discovery document), cached and refreshed."""

    def __init__(
        self,
        *,
        issuer: str,
        jwks_url: str | None = None,
        discovery_url: str | None = None,
        refresh_seconds: float = 30.0,
        max_age_seconds: float = 3600.0,
        timeout: float = 5.0,
    ) -> None:
        if not (jwks_url or discovery_url):
            raise ValueError("a JWKS URL or a discovery URL is needed")
        self.issuer = issuer
        self.jwks_url = jwks_url
        self.discovery_url = discovery_url
        self.refresh_seconds = refresh_seconds
        self.max_age_seconds = max_age_seconds
        self.timeout = timeout
        self.keys: dict[str | None, jwt.PyJWK] = {}
        self.fetched_at: float | None = None
        self.last_attempt = float("-inf")
        self.fetches = 0
        self.clock = time.monotonic  # a test may set its own clock
        self._lock = asyncio.Lock()
        self._client: httpx.AsyncClient | None = None

    async def key_for(self, header: dict[str, Any]) -> tuple[Any, list[str]]:
        kid = header.get("kid")
        stale = self.fetched_at is None or self.clock() - self.fetched_at > self.max_age_seconds
        if stale:
            await self.refresh()
        found = self._lookup(kid)
        if found is None:
            await self.refresh()  # a rotated key: look once more (rate-limited)
            found = self._lookup(kid)
        if found is None:
            if not self.keys:
                raise KeyUnavailable(f"no keys from {self.jwks_url or self.discovery_url}")
            raise UnknownKey(f"the issuer publishes no key {kid!r}" if kid else "the token names no key (`kid`)")
        if header.get("alg") != found.algorithm_name:
            raise UnknownKey(f"key {kid!r} is for {found.algorithm_name}, not {header.get('alg')}")
        return found.key, [found.algorithm_name]

    def _lookup(self, kid: str | None) -> jwt.PyJWK | None:
        if kid is None:  # a token without `kid` only where the issuer publishes exactly one key
            return next(iter(self.keys.values())) if len(self.keys) == 1 else None
        return self.keys.get(kid)

    async def refresh(self) -> None:
        """Fetch the key set again, unless that was tried within `refresh_seconds`; keep the old keys on failure."""
        async with self._lock:
            if self.clock() - self.last_attempt < self.refresh_seconds:
                return
            self.last_attempt = self.clock()
            try:
                self.keys = await self._fetch()
                self.fetched_at = self.clock()
                self.fetches += 1
                log.info("jwks_fetched", issuer=self.issuer, kids=sorted(str(k) for k in self.keys))
            except (httpx.HTTPError, ValueError, jwt.PyJWKError, jwt.PyJWKSetError) as exc:
                log.warning("jwks_unavailable", issuer=self.issuer, error=str(exc) or type(exc).__name__)

    async def _fetch(self) -> dict[str | None, jwt.PyJWK]:
        client = self._client = self._client or httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
        jwks_url = self.jwks_url
        if jwks_url is None:
            discovery = (await client.get(self.discovery_url)).raise_for_status().json()  # type: ignore[arg-type]
            if discovery.get("issuer") != self.issuer:
                raise ValueError(
                    f"the discovery document is for issuer {discovery.get('issuer')!r}, not {self.issuer!r}"
                )
            jwks_url = discovery["jwks_uri"]
        document = (await client.get(jwks_url)).raise_for_status().json()
        usable = [
            k for k in document.get("keys", []) if k.get("kty") != "oct" and k.get("use", "sig") == "sig"
        ]  # never a symmetric key from a public document; never an encryption key
        keys = {}
        for data in usable:
            try:
                key = jwt.PyJWK(data)
            except jwt.PyJWKError as exc:
                log.warning("jwks_key_skipped", issuer=self.issuer, kid=data.get("kid"), error=str(exc))
                continue
            if key.algorithm_name in ASYMMETRIC:
                keys[data.get("kid")] = key
        if not keys:
            raise ValueError(f"no usable signing key in {jwks_url}")
        return keys

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def issuer_key_sources(settings: ServiceSettings) -> dict[str, KeySource]:
    """The key source of every trusted issuer: the platform's own (`AUTH_ISSUER` with `AUTH_DISCOVERY_URL`,
    `AUTH_JWKS_URL`, `AUTH_PUBLIC_KEY` or `AUTH_SECRET`, first given wins) and each of `AUTH_TRUSTED_ISSUERS`."""
    published = {
        "refresh_seconds": settings.auth_jwks_refresh_seconds,
        "max_age_seconds": settings.auth_jwks_max_age_seconds,
    }
    sources: dict[str, KeySource] = {}
    if settings.auth_discovery_url or settings.auth_jwks_url:
        sources[settings.auth_issuer] = PublishedKeys(
            issuer=settings.auth_issuer,
            jwks_url=settings.auth_jwks_url,
            discovery_url=settings.auth_discovery_url,
            **published,
        )
    elif settings.auth_public_key and settings.auth_public_key.strip():
        sources[settings.auth_issuer] = StaticKey(settings.auth_public_key, ["RS256", "ES256"])
    elif settings.auth_secret and settings.auth_secret.get_secret_value():
        sources[settings.auth_issuer] = StaticKey(settings.auth_secret.get_secret_value(), ["HS256"])
    for trusted in settings.auth_trusted_issuers:
        sources[trusted.issuer] = PublishedKeys(
            issuer=trusted.issuer, jwks_url=trusted.jwks_url, discovery_url=trusted.discovery_url, **published
        )
    if not sources:
        raise RuntimeError(
            "Set AUTH_DISCOVERY_URL or AUTH_JWKS_URL (an identity provider's published keys), AUTH_PUBLIC_KEY "
            "(RS256/ES256) or AUTH_SECRET (HS256): tokens cannot be verified."
        )
    return sources


def jwks_document(*keys: tuple[str, Any]) -> dict[str, Any]:
    """A JWKS of public keys `(kid, key)` (for local identity providers and tests)."""
    result = []
    for kid, key in keys:
        data = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key() if hasattr(key, "public_key") else key))
        result.append(data | {"kid": kid, "use": "sig", "alg": "RS256"})
    return {"keys": result}
