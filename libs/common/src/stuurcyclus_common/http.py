"""HTTP conventions every service shares: middleware, the session dependency, tenant, health, the app factory.

- Correlation id: taken from `X-Correlation-ID` (or made), bound to logs, returned on the response.
- `API-Version` on every response (API Design Rules /core/version-header).
- One transaction per request, committed by `TransactionalRoute` *before* the response is sent, so a failed
  commit becomes an error answer instead of a success that was never saved (nor a 500 after a save).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import re
import sys
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import foutmeldingen, metrics, otel, writes
from .auth import ROLES, SAFE_METHODS, STAFF, Identity, IdentityDep, TokenVerifier, get_identity, policy
from .conditional import ConditionalGetMiddleware
from .db import Database, NotConfigured, check_configured
from .docs import mount_docs
from .errors import (
    MAYBE_SAVED,
    Forbidden,
    InvalidInput,
    InvalidParam,
    ProblemError,
    Unavailable,
    Unprocessable,
    expected_failure,
    install_problem_handlers,
    status_for,
    unavailable,
)
from .events.streams import nats_servers
from .hotreads import HotReadsMiddleware, hot_routes, known_query_parameters
from .logs import (
    AccessLine,
    bind_correlation_id,
    bind_trace,
    clear_context,
    configure_logging,
    get_correlation_id,
    get_logger,
)
from .openapi import adr_openapi
from .pagination import Page, PagerDep
from .settings import API_PREFIX, API_VERSION, TENANT_PATTERN, ServiceSettings
from .textguard import TextGuardMiddleware

CORRELATION_HEADER = "X-Correlation-ID"
TENANT_HEADER = "Gemeente-Code"
access_log = AccessLine()
log = get_logger(__name__)


def state_of(holder: Request | FastAPI | Any, name: str) -> Any:
    """`holder.state.<name>`, or None when not set. Not `getattr(…, None)`: Starlette's State raises and formats an
    AttributeError on every miss, which cost 6% of a simple read's CPU."""
    return holder.state._state.get(name)


#: Every answer depends on who asks (the token: municipality, role, organisation) and in which language: a shared
#: cache must never serve one caller's answer to another, and a browser revalidates (ETag → 304) before reuse.
VARY = (b"Authorization", b"Accept-Language")


def private_to_the_caller(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """`Cache-Control: private, no-cache` unless the route set its own, and `Vary: Authorization, Accept-Language`
    beside whatever the answer varies on already (the gateway adds `Origin` for browsers)."""
    if not any(k == b"cache-control" for k, _ in headers):
        headers.append((b"cache-control", b"private, no-cache"))
    varies = [v.strip() for k, value in headers if k == b"vary" for v in value.split(b",") if v.strip()]
    wanted = [*varies, *(v for v in VARY if v.lower() not in {x.lower() for x in varies})]
    return [(k, v) for k, v in headers if k != b"vary"] + [(b"vary", b", ".join(wanted))]


class ExpectedFailureMiddleware:
    """An exception whose meaning is known though no route handler maps it (`errors.expected_failure`: a server the
    request needs cannot be reached now → 503 with Retry-After; a value PostgreSQL cannot take → 400) is answered
    here with one warning line — not, as Starlette's last-resort handler does, also re-raised to the server as a 500
    with a traceback. Inside `RequestContextMiddleware`, so the access log has the status the client got and the
    answer its correlation id and version headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            answer = None if started else expected_failure(Request(scope), exc)
            if answer is None:
                raise
            await answer(scope, receive, send)


class RequestContextMiddleware:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware): correlation id, API-Version, one access-log line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        for key, value in scope["headers"]:
            if key == b"x-correlation-id":
                incoming = value.decode("latin-1")[:128]
                break
        correlation_id = bind_correlation_id(incoming)
        caller_trace = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"traceparent"), None)
        if not otel.enabled():  # the default: no span, nothing recorded (and no context manager per request)
            bind_trace(caller_trace)
            await self._serve(scope, receive, send, correlation_id, None)
            return
        with otel.span(scope["method"], caller_trace, attributes={"http.request.method": scope["method"]}) as span:
            bind_trace(otel.traceparent_of(span) if span else caller_trace, own_span=span is not None)
            await self._serve(scope, receive, send, correlation_id, span)

    async def _serve(self, scope: Scope, receive: Receive, send: Send, correlation_id: str, span: Any) -> None:
        accept_language = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"accept-language"), None)
        language = foutmeldingen.LANGUAGE.set(foutmeldingen.language_of(accept_language))
        scope.setdefault("state", {})["correlation_id"] = correlation_id  # for an answer made outside this context
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"api-version", API_VERSION.encode()))
                headers.append((b"x-correlation-id", correlation_id.encode("latin-1")))
                message["headers"] = private_to_the_caller(headers)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            seconds = time.perf_counter() - started
            if span is not None:
                route = self.route_of(scope)
                span.update_name(f"{scope['method']} {route}")
                span.set_attributes(
                    {"http.route": route, "http.response.status_code": status, "url.path": scope["path"]}
                )
            if not scope["path"].startswith(("/health", "/metrics")):
                access_log.info(
                    "request",
                    method=scope["method"],
                    path=scope["path"],
                    status=status,
                    duration_ms=round(seconds * 1000, 2),
                )
                metrics.observe_request(self.service_of(scope), self.route_of(scope), scope["method"], status, seconds)
            foutmeldingen.LANGUAGE.reset(language)
            clear_context()

    def service_of(self, scope: Scope) -> str:
        app = scope.get("app")
        settings = getattr(getattr(app, "state", None), "settings", None)
        return getattr(settings, "service", "gateway")

    def route_of(self, scope: Scope) -> str:
        """The route's template (`/sporen/{spoorId}`), never the path itself: a bounded set of labels."""
        route = scope.get("route")
        return getattr(route, "path", None) or "unmatched"


def refuse_unknown_query_parameters(request: Request, known: frozenset[str]) -> None:
    """A query parameter the route does not take is a 400 naming it, not silently ignored: `jaar=2024` on a route
    without a year would otherwise answer every year's data as if filtered."""
    unknown = [name for name in dict.fromkeys(request.query_params) if name not in known]
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise InvalidInput(
            f"Unknown query parameter(s): {', '.join(unknown)} (this operation takes: {takes}).",
            code="onbekende_parameter",
            invalid_params=[
                InvalidParam(
                    name=f"query.{name}", code="unknown", reason=f"not a parameter of this operation ({takes})"
                )
                for name in unknown
            ],
        )


class TransactionalRoute(APIRoute):
    """Commits the request's session after the endpoint returned and before the response goes out.

    A write (POST/PUT/PATCH/DELETE) also leaves its audit rows in the same transaction (a refused one in its own), and
    with an `Idempotency-Key` its response, so that a retry returns the first result and changes nothing.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        # A route's summary is written: given, or its docstring's first sentence — never FastAPI's title-cased
        # function name ("List Lijnen"), which Swagger UI would show as the operation's name.
        if not kwargs.get("summary") and (doc := inspect.getdoc(endpoint)):
            first = doc.split("\n\n")[0].replace("\n", " ")
            kwargs["summary"] = first.split(". ")[0].rstrip(".")
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        known = known_query_parameters(self)

        async def route_handler(request: Request) -> Response:
            refuse_unknown_query_parameters(request, known)
            tables: writes.WriteTables | None = state_of(request.app, "writes")
            if request.method in SAFE_METHODS:
                try:
                    return await handle(request, tables, False, None)
                except DBAPIError as exc:  # a pooled connection the server had closed (no ping per checkout):
                    if not exc.connection_invalidated:  # the pool is renewed; a read is safe to run once more
                        raise
                    log.info("read_retried_on_a_closed_connection", path=request.url.path)
                    return await handle(request, tables, False, None)
            is_write = tables is not None
            key = request.headers.get("idempotency-key") if is_write else None
            identity = await _identity_or_none(request) if key is not None else None
            if identity is None:  # no key, or no valid token (then the handler answers 401)
                return await handle(request, tables, is_write, None)
            for dependency in self.dependencies:  # who may call the route is asked before any stored answer is
                check = getattr(dependency.dependency, "check", None)  # replayed (a replay is an answer too)
                if check is not None:
                    check(identity, request.method)
            assert key is not None  # a token was looked for only with a key
            async with _key_lock(request, identity, key):  # retries of one key run one after the other
                replay = await _replay(request, tables, identity, key)  # type: ignore[arg-type]
                if replay is NOT_THIS_ROLE:
                    return await handle(request, tables, is_write, None)
                return replay if replay is not None else await handle(request, tables, is_write, key)

        async def handle(
            request: Request, tables: writes.WriteTables | None, is_write: bool, key: str | None
        ) -> Response:
            try:
                response = await handler(request)
                session: AsyncSession | None = state_of(request, "session")
                if session is not None and response.status_code < 400:
                    if request.method in SAFE_METHODS:
                        return response  # a read ran in autocommit: nothing to commit (its session is closed)
                    if is_write:
                        await session.flush()
                        if key is not None:
                            await _remember(request, session, tables, key, response)  # type: ignore[arg-type]
                        await _audit(request, session, tables, response.status_code)  # type: ignore[arg-type]
                    await _commit(session)  # a failed flush or commit is a refused write too (below)
                    return response
            except BaseException as exc:
                session = state_of(request, "session")
                with contextlib.suppress(Exception):  # the database may be the thing that failed
                    if session is not None:
                        await session.rollback()
                    if is_write:
                        await _audit_refused(request, tables, status_for(exc))  # type: ignore[arg-type]
                raise
            if session is not None:
                await session.rollback()
                if is_write:
                    await _audit_refused(request, tables, response.status_code)  # type: ignore[arg-type]
            return response

        return route_handler


async def _commit(session: AsyncSession) -> None:
    """Commit; a database that goes away *during* the commit leaves it unknown whether the change was saved, and
    the answer says so (503, retry with the same Idempotency-Key) instead of claiming nothing was."""
    try:
        await session.commit()
    except Exception as exc:
        if unavailable(exc):
            raise Unavailable(MAYBE_SAVED, code="opslaan_onzeker") from exc
        raise


async def _identity_or_none(request: Request) -> Identity | None:
    try:
        return await get_identity(request)
    except ProblemError:
        return None


def _audit_context(request: Request) -> dict[str, Any]:
    return {
        "method": request.method,
        "path": request.url.path,
        "correlation_id": get_correlation_id(),
        "reason": (request.headers.get(writes.AUDIT_REASON_HEADER) or None),
    }


async def _audit(request: Request, session: AsyncSession, tables: writes.WriteTables, status: int) -> None:
    identity = request.state.identity
    recorder: writes.ChangeRecorder | None = state_of(request, "recorder")
    rows = writes.audit_rows(
        tenant=identity.gemeente,
        identity=identity,
        status=status,
        changes=recorder.changes if recorder else [],
        **_audit_context(request),
    )
    await session.execute(tables.audittrail.insert(), rows)


async def _audit_refused(request: Request, tables: writes.WriteTables, status: int) -> None:
    """A refused write by a known caller is recorded too (in its own transaction: the request's rolled back)."""
    identity = state_of(request, "identity")
    if identity is None:
        return  # not even authenticated: nothing to attribute, and no table to fill for strangers
    rows = writes.audit_rows(
        tenant=identity.gemeente, identity=identity, status=status, changes=[], **_audit_context(request)
    )
    async with request.app.state.database.sessionmaker() as session:
        await session.execute(tables.audittrail.insert(), rows)
        await session.commit()


async def _fingerprint(request: Request, rol: str | None = None) -> str:
    """The request as sent, and the role it was sent in: a stored answer is replayed only to the same request made
    in the same role (a token of the same subject in another role gets its own answer, never the stored one)."""
    rol = rol if rol is not None else getattr(await get_identity(request), "rol", "")
    return writes.fingerprint(
        request.method,
        f"{rol} {request.url.path}",
        request.url.query,
        await request.body(),
        request.headers.get("content-length"),
    )


#: `_replay`'s answer when the key's stored answer was given to the same subject in another role.
NOT_THIS_ROLE = Response(status_code=499)


async def _replay(request: Request, tables: writes.WriteTables, identity: Identity, key: str) -> Response | None:
    """The stored answer to this key, if any (422 when the key came with a different request)."""
    async with request.app.state.database.sessionmaker() as session:
        stored = await writes.stored_response(session, tables.idempotentie, identity.gemeente, identity.client, key)
    if stored is None:
        return None
    if stored["vingerafdruk"] != await _fingerprint(request, identity.rol):
        for rol in (r for r in ROLES if r != identity.rol):
            if stored["vingerafdruk"] == await _fingerprint(request, rol):
                return NOT_THIS_ROLE  # the same request in another role: answered afresh, as this role's (not stored)
        raise Unprocessable(
            f"The {writes.IDEMPOTENCY_HEADER} {key!r} was used for a different request; use a new key.",
            code="idempotency_key_hergebruikt",
            invalid_params=[
                InvalidParam(name=f"header.{writes.IDEMPOTENCY_HEADER}", code="reused", reason="other request")
            ],
        )
    headers = dict(stored["headers"]) | {"Idempotent-Replayed": "true"}
    return Response(stored["body"], status_code=stored["status"], media_type=stored["media_type"], headers=headers)


@asynccontextmanager
async def _key_lock(request: Request, identity: Identity, key: str) -> AsyncIterator[None]:
    """Hold a transaction-scoped advisory lock on (municipality, client, key) on a connection of its own while the
    request runs, so that simultaneous retries wait for the first and then replay its answer."""
    async with request.app.state.database.sessionmaker() as lock:
        name = f"idempotency:{identity.gemeente}:{identity.client}:{key}"
        await lock.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": name})
        try:
            yield
        finally:
            await lock.rollback()


async def _remember(
    request: Request, session: AsyncSession, tables: writes.WriteTables, key: str, response: Response
) -> None:
    if not hasattr(response, "body") or len(key) > 200:
        return  # a streamed answer is not replayable; an over-long key is not kept (the write still counts)
    identity = request.state.identity
    await writes.store_response(
        session,
        tables.idempotentie,
        {
            "tenant": identity.gemeente,
            "client": identity.client,
            "sleutel": key,
            "vingerafdruk": await _fingerprint(request),
            "status": response.status_code,
            "media_type": response.media_type,
            "headers": writes.response_headers(dict(response.headers)),
            "body": writes.replayable_body(bytes(response.body), response.media_type),
        },
    )


def service_router(*, read: frozenset[str] | set[str], write: frozenset[str] | set[str], **kwargs: Any) -> APIRouter:
    """An APIRouter whose routes need a valid token, whose role may read (`read`) or change (`write`) them, and
    which commit their transaction before answering."""
    return APIRouter(route_class=TransactionalRoute, dependencies=[policy(read, write)], **kwargs)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session; committed by `TransactionalRoute`, always closed here. A write's session records the
    rows it changes (old and new values) for the audit trail."""
    database: Database = request.app.state.database
    if request.method in SAFE_METHODS:
        session = database.read_sessionmaker()
    else:
        session = database.sessionmaker()
        request.state.recorder = writes.ChangeRecorder(session)
    request.state.session = session
    try:
        yield session
    finally:
        await session.close()


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def get_database(request: Request) -> Database:
    """The service's database, for the prepared hot reads (`Database.fetch`) that need no ORM session."""
    return request.app.state.database


DatabaseDep = Annotated[Database, Depends(get_database)]


async def get_tenant(
    identity: IdentityDep,
    gemeente_code: Annotated[
        str | None,
        Header(
            alias=TENANT_HEADER,
            description="CBS code of the municipality whose data is meant (e.g. `GM0193`, Zwolle); optional: the "
            "token names it, and a different one is refused (403).",
            examples=["GM0193"],
        ),
    ] = None,
) -> str:
    """The municipality (tenant) of the request: the token's. Every query and every write is scoped to it."""
    if gemeente_code is not None:
        if not re.fullmatch(TENANT_PATTERN, gemeente_code):
            raise InvalidInput.field(
                f"header.{TENANT_HEADER}", "must be a CBS municipality code such as GM0193", "pattern_mismatch"
            )
        if gemeente_code != identity.gemeente:
            raise Forbidden(
                f"The token is for {identity.gemeente}; it does not reach {gemeente_code}'s data.",
                code="andere_gemeente",
            )
    return identity.gemeente


TenantDep = Annotated[str, Depends(get_tenant)]
#: A year in a path (of a cycle, a budget, a target): one shape for every service.
YearPath = Annotated[int, Path(ge=2000, le=2100, description="A year.")]


def etag(versie: int) -> str:
    """The ETag of a versioned resource is its version number, quoted."""
    return f'"{versie}"'


async def get_if_match(
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description='ETag of the version you read: `"3"`, or the ETag of the GET you read.'),
    ] = None,
) -> int | None:
    """The version the caller read (optimistic concurrency), from `If-Match`; None when absent."""
    if if_match is None:
        return None
    try:
        return int(if_match.strip().removeprefix("W/").strip('"').split(".", 1)[0])  # `"3"` or a GET's `"3.<hash>"`
    except ValueError:
        raise InvalidInput.field("header.If-Match", 'must be the ETag of the resource, e.g. "3"') from None


IfMatchDep = Annotated[int | None, Depends(get_if_match)]


def health_router() -> APIRouter:
    """Liveness (process up) and readiness (database reachable), outside the versioned public API."""
    router = APIRouter(include_in_schema=False)

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/metrics")
    async def metrics_endpoint(request: Request) -> Response:
        """Prometheus exposition format: requests, outbox, consumers, dead letters, pool (see `metrics`)."""
        app = request.app
        body, content_type = await metrics.scrape(app, app.state.settings.service, getattr(app.state, "collectors", []))
        return Response(body, media_type=content_type)

    @router.get("/health/ready")
    async def ready(request: Request) -> JSONResponse:
        """Ready with the database; NATS away leaves it ready but `degraded` (writes are kept in the outbox and
        published when it returns), said by name so an operator sees which part is missing."""
        try:
            await request.app.state.database.ping()
        except Exception as exc:  # readiness reports, never raises
            return JSONResponse({"status": "unavailable", "database": str(exc)[:200]}, status_code=503)
        nats = await nats_state(request.app.state.settings.nats_url)
        return JSONResponse({"status": "ok" if nats == "ok" else "degraded", "database": "ok", "nats": nats})

    return router


async def nats_state(url: str, timeout: float = 0.5) -> str:
    """`ok` when one of the NATS servers of `url` accepts a connection, else `onbereikbaar` (a TCP connect only: the
    readiness probe stays cheap)."""
    for server in nats_servers(url):
        parts = urlsplit(server if "://" in server else f"nats://{server}")
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(parts.hostname or "127.0.0.1", parts.port or 4222), timeout
            )
        except (OSError, TimeoutError):
            continue
        writer.close()
        return "ok"
    return "onbereikbaar"


class AuditRegel(BaseModel):
    """One audited write (ZGW audittrail in spirit): who, when, what changed, the result, why."""

    model_config = ConfigDict(from_attributes=True)

    tijdstip: datetime
    client: str = Field(description="The token's subject: the system or person.")
    gebruiker: str | None
    rol: str
    methode: str
    pad: str
    resource: str | None = Field(description="Table of the changed row.")
    resourceId: str | None = Field(validation_alias="resource_id")
    actie: str = Field(description="create / update / delete / request (no row tracked) / refused")
    oud: dict[str, Any] | None
    nieuw: dict[str, Any] | None
    resultaat: int = Field(description="HTTP status of the answer.")
    correlationId: str | None = Field(validation_alias="correlation_id")
    toelichting: str | None = Field(description="The caller's reason (X-Audit-Toelichting).")


def audit_router(service: str, tables: writes.WriteTables) -> APIRouter:
    """`GET …/<collection>/{objectId}/audittrail` for each audited collection of the service (staff only): the trail
    of one resource of that collection, and of no other (an application's id under another word finds nothing)."""
    router = APIRouter(route_class=TransactionalRoute, dependencies=[policy(STAFF, STAFF)], tags=["audittrail"])
    for collection, table_names in sorted(tables.collections.items()):
        router.add_api_route(
            f"/{collection}/{{objectId}}/audittrail",
            _audit_endpoint(tables, f"{API_PREFIX}/{service}/{collection}", table_names),
            methods=["GET"],
            response_model=Page[AuditRegel],
            summary=f"The audit trail of one of {collection}: every write, oldest first (append-only)",
            name=f"audittrail_{collection.replace('-', '_')}",
        )
    return router


def _audit_endpoint(tables: writes.WriteTables, path_prefix: str, table_names: tuple[str, ...]):  # noqa: ANN202
    async def audittrail(
        objectId: Annotated[str, Path(max_length=100, description="Id of the resource.")],
        session: SessionDep,
        tenant: TenantDep,
        pager: PagerDep,
    ) -> Page[AuditRegel]:
        query = writes.audit_trail_query(tables.audittrail, tenant, path_prefix, table_names, objectId)
        return await pager.query(session, query, lambda row: AuditRegel.model_validate(row._mapping), scalars=False)

    return audittrail


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    description: str,
    routers: list[APIRouter],
    write_records: writes.WriteTables | None = None,
    events: Any = None,
    collectors: list[metrics.Collector] | None = None,
) -> FastAPI:
    """A service's FastAPI app: its routers under `/api/v1/<service>`, problem+json errors, ADR-shaped OpenAPI;
    with `write_records`, every write's audit trail (and `…/{id}/audittrail`) and idempotency keys; `/metrics` reads
    the outbox of `events` (the service's event tables) and what its own `collectors` add."""
    configure_logging(settings.service, settings.log_level, settings.log_json)
    otel.configure(settings.service)  # spans exported only where OTLP is configured
    verifier = TokenVerifier(settings)  # fails at start, not per request, when no key is configured

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            await check_configured(settings)
        except NotConfigured as exc:  # waiting will not help: one clear line, and the process exits non-zero
            print(f"{settings.service}-api: {exc}", file=sys.stderr, flush=True)
            raise
        except Exception as exc:  # the server is only unreachable: serve, and say so in /health/ready
            if not unavailable(exc):
                raise
            log.warning("database_unavailable_at_start", error=str(exc) or type(exc).__name__)
        app.state.database = Database(settings)
        app.state.settings = settings
        yield
        await app.state.database.dispose()
        await verifier.close()

    prefix = f"{API_PREFIX}/{settings.service}"
    app = FastAPI(
        title=title,
        description=description,
        version=API_VERSION,
        lifespan=lifespan,
        openapi_url=f"{prefix}/openapi.json",
        docs_url=None,
        redoc_url=None,
        telemetry=otel.FRAMEWORK_OFF,
    )
    mount_docs(app, prefix, f"{prefix}/openapi.json", title)  # Swagger UI and ReDoc without a CDN
    app.state.token_verifier = verifier
    app.state.events = events
    app.state.collectors = list(collectors or [])
    app.add_middleware(ExpectedFailureMiddleware)  # unreachable dependency 503, refused value 400: no traceback
    app.add_middleware(TextGuardMiddleware)  # NUL, lone surrogates, invalid UTF-8 anywhere in a request → 400
    app.add_middleware(ConditionalGetMiddleware)  # If-None-Match → 304 on every GET
    # the hottest GETs, answered below the routing with the same code and answer (hotreads: why, and how)
    app.add_middleware(HotReadsMiddleware, routes=hot_routes(routers, prefix), enabled=settings.hot_reads)
    app.add_middleware(RequestContextMiddleware)
    install_problem_handlers(app)
    app.include_router(health_router())
    for router in routers:
        app.include_router(router, prefix=prefix)
    if write_records is not None:
        app.state.writes = write_records
        app.include_router(audit_router(settings.service, write_records), prefix=prefix)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            raw = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                webhooks=app.webhooks.routes,
            )
            app.openapi_schema = adr_openapi(raw, strip_prefix=API_PREFIX)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


async def upload_text(request: Request, *, limit_mib: int, what: str) -> str:
    """An uploaded file as text, as the tools that write such files write it: UTF-8 (a BOM dropped) or Windows-1252
    (Excel's and CBS's own downloads); larger than `limit_mib` or neither is a 400 naming the body."""
    body = await request.body()
    if len(body) > limit_mib * 2**20:
        raise InvalidInput.field("body", f"{what} is at most {limit_mib} MiB", "too_large")
    for encoding in ("utf-8-sig", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):
            return body.decode(encoding)
    raise InvalidInput.field("body", "is not UTF-8 or Windows-1252 text", "encoding")


def csv_download(text: str, filename: str) -> PlainTextResponse:
    """A CSV answer that a browser saves as `filename` (UTF-8)."""
    disposition = f'attachment; filename="{filename}"'
    return PlainTextResponse(text, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition})
