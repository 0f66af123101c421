"""Authentication: signed bearer tokens (JWT), verified by every service itself, and the roles they carry.

A token says who calls (`sub`: a system's client id or a person), for which municipality (`gemeente`, a CBS code),
in which role (`rol`) and, for a partner, which organisation (`organisatie`). Systems get one by OAuth2 client
credentials from the municipality's identity provider; frontends use the same kind. Verification needs only
configuration: the issuer and audience, and either a shared secret (HS256, for local use) or the provider's public
key (RS256/ES256). `stuurcyclus token` issues tokens for local use. PyJWT does the cryptography.

The roles (the permission matrix per service is in each `api.py` and in the README):
`beleid` policy staff · `financien` finance staff · `raad` council members (read only) · `subsidieadministratie` the
subsidy administration's system · `partner` a partner organisation (its own things only) · `beheerder` administrator.
"""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Literal

import jwt
from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError

from .errors import Forbidden, ProblemError
from .settings import ServiceSettings

Rol = Literal["beleid", "financien", "raad", "subsidieadministratie", "partner", "beheerder"]
ROLES: tuple[str, ...] = Rol.__args__  # type: ignore[attr-defined]
ALL_ROLES = frozenset(ROLES)
STAFF = frozenset({"beleid", "financien", "raad", "subsidieadministratie", "beheerder"})
POLICY_STAFF = frozenset({"beleid", "beheerder"})
FINANCE_STAFF = frozenset({"financien", "beheerder"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Identity(BaseModel):
    """Who calls, as the verified token says."""

    client: str
    gemeente: str
    rol: Rol
    organisatie: str | None = None
    naam: str | None = None


class Unauthorized(ProblemError):
    status, title, code = 401, "Unauthorized", "unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


class TokenVerifier:
    """Checks signature, issuer, audience and expiry; reads the identity from the claims."""

    def __init__(self, settings: ServiceSettings) -> None:
        if settings.auth_public_key and settings.auth_public_key.strip():
            self.key: str = settings.auth_public_key
            self.algorithms = ["RS256", "ES256"]
        elif settings.auth_secret and settings.auth_secret.get_secret_value():
            self.key = settings.auth_secret.get_secret_value()
            self.algorithms = ["HS256"]
        else:
            raise RuntimeError("Set AUTH_SECRET (HS256) or AUTH_PUBLIC_KEY (RS256/ES256): tokens cannot be verified.")
        self.issuer, self.audience = settings.auth_issuer, settings.auth_audience

    def verify(self, token: str) -> Identity:
        try:
            claims = jwt.decode(
                token,
                self.key,
                algorithms=self.algorithms,
                issuer=self.issuer,
                audience=self.audience,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("The token has expired.") from None
        except jwt.InvalidTokenError as exc:
            raise Unauthorized(f"The token is not valid: {exc}.") from None
        try:
            identity = Identity(
                client=claims["sub"], **{k: claims.get(k) for k in ("gemeente", "rol", "organisatie", "naam")}
            )
        except ValidationError as exc:
            raise Unauthorized(f"The token lacks a valid gemeente or rol claim ({exc.error_count()} errors).") from None
        if identity.rol == "partner" and not identity.organisatie:
            raise Unauthorized("A partner's token names its organisation (claim `organisatie`).")
        return identity


def issue_token(
    settings: ServiceSettings,
    *,
    gemeente: str,
    rol: str,
    organisatie: str | None = None,
    client: str | None = None,
    naam: str | None = None,
    ttl_seconds: int = 3600,
    private_key: str | None = None,
) -> str:
    """A signed token (local use and tests): HS256 with AUTH_SECRET, or RS256 with `private_key`."""
    now = int(time.time())
    claims = (
        {
            "iss": settings.auth_issuer,
            "aud": settings.auth_audience,
            "sub": client or f"{rol}-{uuid.uuid4().hex[:8]}",
            "iat": now,
            "exp": now + ttl_seconds,
            "gemeente": gemeente,
            "rol": rol,
        }
        | ({"organisatie": organisatie} if organisatie else {})
        | ({"naam": naam} if naam else {})
    )
    if private_key:
        return jwt.encode(claims, private_key, algorithm="RS256")
    if settings.auth_secret is None:
        raise RuntimeError("AUTH_SECRET is not set: cannot sign a token.")
    return jwt.encode(claims, settings.auth_secret.get_secret_value(), algorithm="HS256")


def get_identity(request: Request) -> Identity:
    """The verified identity of the request (401 problem+json without a valid bearer token)."""
    cached = getattr(request.state, "identity", None)
    if cached is not None:
        return cached
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send a bearer token: `Authorization: Bearer <jwt>`.")
    identity = request.app.state.token_verifier.verify(token.strip())
    request.state.identity = identity
    return identity


IdentityDep = Annotated[Identity, Depends(get_identity)]


def policy(read: frozenset[str] | set[str], write: frozenset[str] | set[str]):  # noqa: ANN201  (a Depends)
    """A router-wide rule: reading needs one of `read`, changing one of `write` (403 problem+json otherwise)."""

    def authorize(request: Request, identity: IdentityDep) -> Identity:
        allowed = read if request.method in SAFE_METHODS else write
        if identity.rol not in allowed:
            verb = "read" if request.method in SAFE_METHODS else "change"
            raise Forbidden(f"The role {identity.rol!r} may not {verb} this.", code="rol_niet_toegestaan")
        return identity

    return Depends(authorize)
