"""Authentication: signed bearer tokens (JWT), verified by every service itself, and the roles they carry.

A token says who calls (`sub`: a system's client id or a person), for which municipality (`gemeente`, a current CBS
code, exactly), in which role (`rol`) and, for a partner, which organisation (`organisatie`). Systems get one by
OAuth2 client credentials from the municipality's identity provider; frontends use the same kind.

Where the keys come from (`keys.py`): a shared secret (HS256, local use), one static public key, or — as identity
providers publish them — an issuer's OpenID Connect discovery document or JWKS, cached, picked by `kid`, refreshed
(rate-limited) on an unknown `kid`. Several issuers may be trusted (the municipality's own and the brokers partners
log in through); the token's `iss` picks which one's keys verify it. PyJWT does the cryptography.

The roles (the permission matrix per service is in each `api.py` and in the README):
`beleid` policy staff · `financien` finance staff · `raad` council members (read only) · `subsidieadministratie` the
subsidy administration's system · `partner` a partner organisation (its own things only) · `beheerder` administrator.
"""

from __future__ import annotations

import re
import time
import unicodedata
import uuid
from typing import Annotated, Literal

import jwt
from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError, field_validator, model_validator

from .errors import Forbidden, ProblemError
from .gemeenten import is_gemeente
from .keys import KeyUnavailable, UnknownKey, issuer_key_sources
from .logs import get_logger
from .settings import ServiceSettings

Rol = Literal["beleid", "financien", "raad", "subsidieadministratie", "partner", "beheerder"]
log = get_logger(__name__)
ROLES: tuple[str, ...] = Rol.__args__  # type: ignore[attr-defined]
ALL_ROLES = frozenset(ROLES)
STAFF = frozenset({"beleid", "financien", "raad", "subsidieadministratie", "beheerder"})
POLICY_STAFF = frozenset({"beleid", "beheerder"})
FINANCE_STAFF = frozenset({"financien", "beheerder"})
INTEGRATORS = frozenset({"subsidieadministratie", "beheerder"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


#: Bounds of a token's text claims: a subject is compared as it is (four eyes), so it must be written one way only,
#: and it is stored where a write is recorded (audit trail, idempotency keys, mandates: 200 characters).
MAX_SUBJECT = 200
MAX_NAME = 200
CLOCK_SKEW_SECONDS = 60


def _plain_text(value: str, what: str, longest: int) -> str:
    """A claim's text as one canonical string: not empty, no surrounding white space, no control characters, in
    Unicode's composed form (NFC), at most `longest` characters."""
    if not value or value != value.strip():
        raise ValueError(f"{what}: not empty, without leading or trailing white space")
    if len(value) > longest:
        raise ValueError(f"{what}: at most {longest} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in value):
        raise ValueError(f"{what}: no control characters")
    if unicodedata.normalize("NFC", value) != value:
        raise ValueError(f"{what}: in Unicode's composed form (NFC)")
    return value


class Identity(BaseModel):
    """Who calls, as the verified token says."""

    client: str
    gemeente: str
    rol: Rol
    organisatie: str | None = None
    naam: str | None = None

    @field_validator("client")
    @classmethod
    def _canonical_subject(cls, value: str) -> str:
        return _plain_text(value, "the subject", MAX_SUBJECT)

    @field_validator("naam")
    @classmethod
    def _plain_name(cls, value: str | None) -> str | None:
        return None if value is None else _plain_text(value, "a name", MAX_NAME)

    @model_validator(mode="after")
    def _organisation_of_partners_only(self) -> Identity:
        if self.organisatie is not None and self.rol != "partner":
            raise ValueError("organisatie: only a partner's token names an organisation")
        return self

    @field_validator("gemeente")
    @classmethod
    def _current_municipality(cls, value: str) -> str:
        if not is_gemeente(value):
            raise ValueError("not a current CBS municipality code (GM followed by four digits, e.g. GM0193)")
        return value

    @field_validator("organisatie")
    @classmethod
    def _named_organisation(cls, value: str | None) -> str | None:
        return None if value is None else _plain_text(value, "an organisation's name", MAX_NAME)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def identity_problems(claims: dict, max_lifetime: int | None = None) -> str | None:
    """Why these claims name no valid caller (None when they do): the reason a token is refused, or not issued.
    With `max_lifetime`, also the times: `iat` and `exp` whole numbers, not issued in the future, not living longer."""
    try:
        identity = Identity(
            client=claims.get("sub") or "", **{k: claims.get(k) for k in ("gemeente", "rol", "organisatie", "naam")}
        )
    except ValidationError as exc:
        return "; ".join(f"claim `{_claim(e['loc'])}`: {e['msg']}" for e in exc.errors())
    if identity.rol == "partner" and not identity.organisatie:
        return "a partner's token names its organisation (claim `organisatie`)"
    if max_lifetime is not None:
        issued, expires = claims.get("iat"), claims.get("exp")
        if not (_whole(issued) and _whole(expires)):
            return "claims `iat` and `exp`: whole numbers of seconds, both required"
        assert isinstance(issued, int) and isinstance(expires, int)
        if issued > time.time() + CLOCK_SKEW_SECONDS:
            return "claim `iat`: issued in the future"
        if expires - issued > max_lifetime:
            return f"claims `iat` and `exp`: a token lives at most {max_lifetime} seconds"
    return None


def _claim(loc: tuple) -> str:
    """The token claim a validation error is about (`client` is the token's `sub`)."""
    field = str(loc[0]) if loc else "organisatie"
    return {"client": "sub"}.get(field, field)


def refused_claims(problem: str) -> str:
    """The claims a refusal is about (`gemeente`, `sub`), for the answer; the reason itself goes to the log."""
    return ", ".join(dict.fromkeys(re.findall(r"`(\w+)`", problem))) or "the token"


class Unauthorized(ProblemError):
    status, title, code = 401, "Unauthorized", "niet_aangemeld"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


class TokenVerifier:
    """Checks signature (by the trusted issuer's keys), issuer, audience and expiry; reads the identity."""

    #: A verified token is remembered this long (seconds, never beyond its expiry): a frontend sends the same token
    #: with every request, and checking its signature again each time was 6% of a simple read's CPU. Short, so a
    #: key withdrawn from the issuer's JWKS stops being honoured within a minute.
    REMEMBER_SECONDS = 60.0
    REMEMBER_AT_MOST = 10_000

    def __init__(self, settings: ServiceSettings) -> None:
        self.sources = issuer_key_sources(settings)  # raises when no key is configured at all
        self.audience = settings.auth_audience
        self.max_lifetime = settings.auth_max_token_lifetime_seconds
        self._verified: dict[str, tuple[Identity, float, float]] = {}  # token → identity, until (monotonic), exp

    async def verify(self, token: str) -> Identity:
        remembered = self._verified.get(token)
        if remembered is not None:
            identity, until, expires = remembered
            if time.monotonic() < until and time.time() < expires:
                return identity
            del self._verified[token]
        identity, expires = await self._verify(token)
        if len(self._verified) >= self.REMEMBER_AT_MOST:
            self._verified.clear()
        self._verified[token] = (identity, time.monotonic() + self.REMEMBER_SECONDS, expires)
        return identity

    async def _verify(self, token: str) -> tuple[Identity, float]:
        try:
            header = jwt.get_unverified_header(token)
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.InvalidTokenError as exc:
            raise Unauthorized(f"The token is not valid: {exc}.") from None
        source = self.sources.get(issuer) if isinstance(issuer, str) else None
        if source is None:
            raise Unauthorized("The token's issuer (`iss`) is not one this platform trusts.")
        try:
            key, algorithms = await source.key_for(header)
        except UnknownKey as exc:
            raise Unauthorized(f"The token is not valid: {exc}.") from None
        except KeyUnavailable as exc:
            raise ProblemError(
                f"The identity provider's keys cannot be fetched now ({exc}); try again shortly.",
                status=503,
                title="Service unavailable",
                code="sleutels_onbereikbaar",
                headers={"Retry-After": "5"},
            ) from None
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                issuer=issuer,
                audience=self.audience,
                options={"require": ["exp", "iss", "aud", "sub"]},  # `iat` too: the token policy says why
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("The token has expired.") from None
        except jwt.InvalidTokenError as exc:
            raise Unauthorized(f"The token is not valid: {exc}.") from None
        problem = identity_problems(claims, self.max_lifetime)
        if problem is not None:  # the reason goes to the log; the caller learns only that the token is refused
            log.warning("token_refused", reason=problem, issuer=issuer)
            raise Unauthorized(f"The token is not accepted: {refused_claims(problem)} (the platform's token policy).")
        identity = Identity(
            client=claims["sub"], **{k: claims.get(k) for k in ("gemeente", "rol", "organisatie", "naam")}
        )
        return identity, float(claims["exp"])

    async def close(self) -> None:
        for source in self.sources.values():
            await source.close()


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
    kid: str | None = None,
    check: bool = True,
) -> str:
    """A signed token (local use and tests): HS256 with AUTH_SECRET, or RS256 with `private_key` (and its `kid`).

    Refuses (ValueError, with the reason) to issue a token that every service would refuse, unless `check` is off
    (tests of the refusal)."""
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
        | ({"organisatie": organisatie} if organisatie is not None else {})
        | ({"naam": naam} if naam else {})
    )
    if check and (problem := identity_problems(claims, settings.auth_max_token_lifetime_seconds)) is not None:
        raise ValueError(f"no token issued: every service would refuse it ({problem})")
    if private_key:
        return jwt.encode(claims, private_key, algorithm="RS256", headers={"kid": kid} if kid else None)
    if settings.auth_secret is None:
        raise RuntimeError("AUTH_SECRET is not set: cannot sign a token.")
    return jwt.encode(claims, settings.auth_secret.get_secret_value(), algorithm="HS256")


async def get_identity(request: Request) -> Identity:
    """The verified identity of the request (401 problem+json without a valid bearer token)."""
    cached = request.state._state.get("identity")  # not getattr: a miss raises (and formats) an AttributeError
    if cached is not None:
        return cached
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send a bearer token: `Authorization: Bearer <jwt>`.")
    identity = await request.app.state.token_verifier.verify(token.strip())
    request.state.identity = identity
    return identity


IdentityDep = Annotated[Identity, Depends(get_identity)]


def policy(read: frozenset[str] | set[str], write: frozenset[str] | set[str]):  # noqa: ANN201  (a Depends)
    """A router-wide rule: reading needs one of `read`, changing one of `write` (403 problem+json otherwise)."""

    def check(identity: Identity, method: str) -> Identity:
        allowed = read if method in SAFE_METHODS else write
        if identity.rol not in allowed:
            verb = "read" if method in SAFE_METHODS else "change"
            raise Forbidden(f"The role {identity.rol!r} may not {verb} this.", code="rol_niet_toegestaan")
        return identity

    async def authorize(request: Request, identity: IdentityDep) -> Identity:
        return check(identity, request.method)

    authorize.check = check  # type: ignore[attr-defined]  # the same rule, before an idempotent replay (http.py)
    return Depends(authorize)


def require_role(rol: str, roles: frozenset[str], action: str, refusal: str | None = None) -> None:
    """Refuse (403 problem+json, naming the action and who may) a role that is not one of `roles`. A route declares
    it (`only`); a service asks it itself only where the data decides (withdrawing an application that is granted)."""
    if rol not in roles:
        detail = refusal or f"The role {rol!r} may not {action}"
        raise Forbidden(f"{detail} (that is for: {', '.join(sorted(roles))}).", code="rol_niet_toegestaan")


def only(roles: frozenset[str] | set[str], action: str, refusal: str | None = None):  # noqa: ANN201  (a Depends)
    """A route's rule of who may call it: one of `roles` may `action` (403 problem+json, naming the action,
    otherwise). Declared on the route (`dependencies=[only(...)]`), so the route says who may call it and the rule is
    asked before an idempotent replay too; the service's functions then check only what depends on the data."""
    allowed = frozenset(roles)

    def check(identity: Identity, method: str) -> Identity:
        require_role(identity.rol, allowed, action, refusal)
        return identity

    async def authorize(request: Request, identity: IdentityDep) -> Identity:
        return check(identity, request.method)

    authorize.check = check  # type: ignore[attr-defined]  # asked before an idempotent replay (http.py)
    return Depends(authorize)


def policy_staff(action: str):  # noqa: ANN201  (a Depends)
    """Only the municipality's policy staff (or an administrator) may `action`: plan, decide, direct the cycle."""
    return only(POLICY_STAFF, action)


def staff(action: str):  # noqa: ANN201  (a Depends)
    """The municipality's people and systems may `action`; a partner organisation may not."""
    return only(STAFF, action, refusal=f"A partner organisation may not {action}")
