"""HTTP conventions every service shares: middleware, the session dependency, tenant, health, the app factory.

- Correlation id: taken from `X-Correlation-ID` (or made), bound to logs, returned on the response.
- `API-Version` on every response (API Design Rules /core/version-header).
- One transaction per request, committed by `TransactionalRoute` *before* the response is sent, so a failed
  commit becomes an error answer instead of a success that was never saved (nor a 500 after a save).
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import IdentityDep, TokenVerifier, policy
from .db import Database
from .errors import Forbidden, InvalidInput, install_problem_handlers
from .logs import bind_correlation_id, clear_context, configure_logging, get_logger
from .openapi import adr_openapi
from .settings import API_PREFIX, API_VERSION, TENANT_PATTERN, ServiceSettings

CORRELATION_HEADER = "X-Correlation-ID"
TENANT_HEADER = "Gemeente-Code"
access_log = get_logger("stuurcyclus.access")


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
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"api-version", API_VERSION.encode()))
                headers.append((b"x-correlation-id", correlation_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            if not scope["path"].startswith("/health"):
                access_log.info(
                    "request",
                    method=scope["method"],
                    path=scope["path"],
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                )
            clear_context()


class TransactionalRoute(APIRoute):
    """Commits the request's session after the endpoint returned and before the response goes out."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except BaseException:
                session: AsyncSession | None = getattr(request.state, "session", None)
                if session is not None:
                    await session.rollback()
                raise
            session = getattr(request.state, "session", None)
            if session is not None and response.status_code < 400:
                await session.commit()
            elif session is not None:
                await session.rollback()
            return response

        return route_handler


def service_router(*, read: frozenset[str] | set[str], write: frozenset[str] | set[str], **kwargs: Any) -> APIRouter:
    """An APIRouter whose routes need a valid token, whose role may read (`read`) or change (`write`) them, and
    which commit their transaction before answering."""
    return APIRouter(route_class=TransactionalRoute, dependencies=[policy(read, write)], **kwargs)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session; committed by `TransactionalRoute`, always closed here."""
    database: Database = request.app.state.database
    session = database.sessionmaker()
    request.state.session = session
    try:
        yield session
    finally:
        await session.close()


SessionDep = Annotated[AsyncSession, Depends(get_session)]


def get_tenant(
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


def etag(versie: int) -> str:
    """The ETag of a versioned resource is its version number, quoted."""
    return f'"{versie}"'


def get_if_match(
    if_match: Annotated[
        str | None, Header(alias="If-Match", description='ETag of the version you read, e.g. `"3"`.')
    ] = None,
) -> int | None:
    """The version the caller read (optimistic concurrency), from `If-Match`; None when absent."""
    if if_match is None:
        return None
    try:
        return int(if_match.strip().removeprefix("W/").strip('"'))
    except ValueError:
        raise InvalidInput.field("header.If-Match", 'must be the ETag of the resource, e.g. "3"') from None


IfMatchDep = Annotated[int | None, Depends(get_if_match)]


def health_router() -> APIRouter:
    """Liveness (process up) and readiness (database reachable), outside the versioned public API."""
    router = APIRouter(include_in_schema=False)

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/health/ready")
    async def ready(request: Request) -> JSONResponse:
        try:
            await request.app.state.database.ping()
        except Exception as exc:  # readiness reports, never raises
            return JSONResponse({"status": "unavailable", "database": str(exc)[:200]}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    return router


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    description: str,
    routers: list[APIRouter],
) -> FastAPI:
    """A service's FastAPI app: its routers under `/api/v1/<service>`, problem+json errors, ADR-shaped OpenAPI."""
    configure_logging(settings.service, settings.log_level, settings.log_json)
    verifier = TokenVerifier(settings)  # fails at start, not per request, when no key is configured

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.database = Database(settings)
        app.state.settings = settings
        yield
        await app.state.database.dispose()

    prefix = f"{API_PREFIX}/{settings.service}"
    app = FastAPI(
        title=title,
        description=description,
        version=API_VERSION,
        lifespan=lifespan,
        openapi_url=f"{prefix}/openapi.json",
        docs_url=f"{prefix}/docs",
        redoc_url=None,
    )
    app.state.token_verifier = verifier
    app.add_middleware(RequestContextMiddleware)
    install_problem_handlers(app)
    app.include_router(health_router())
    for router in routers:
        app.include_router(router, prefix=prefix)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            raw = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            app.openapi_schema = adr_openapi(raw, strip_prefix=API_PREFIX)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
