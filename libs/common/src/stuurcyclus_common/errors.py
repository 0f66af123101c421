"""Errors as RFC 9457 problem details (`application/problem+json`), as the API Design Rules require.

Invalid input answers 400 with `invalidParams` naming each offending field (the Dutch API strategy's extension);
a rule of the domain that refuses a well-formed request answers 409/422. Nothing escapes as a bare 500: an
unexpected error is logged with its correlation id and answered as a problem that carries that id.
"""

from __future__ import annotations

import errno
import socket
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import foutmeldingen
from .logs import get_correlation_id, get_logger

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = get_logger(__name__)


class InvalidParam(BaseModel):
    name: str = Field(description="The field or parameter that is invalid, e.g. `naam` or `query.pageSize`.")
    code: str = Field(description="Machine-readable reason, e.g. `missing`, `string_too_long`.")
    reason: str = Field(description="Human-readable reason.")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(default="about:blank", description="URI identifying the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="HTTP status code.")
    detail: str = Field(description="Explanation of this occurrence of the problem.")
    instance: str | None = Field(default=None, description="URI of this occurrence (the request path).")
    code: str | None = Field(default=None, description="Machine-readable problem code.")
    correlationId: str | None = Field(default=None, description="Correlation id of the request, for support.")
    invalidParams: list[InvalidParam] | None = Field(default=None, description="Fields that failed validation.")


class ProblemError(Exception):
    """Raise from service code to answer with a problem; `status` decides the HTTP code."""

    status = 400
    title = "Bad request"
    code = "ongeldig_verzoek"

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        title: str | None = None,
        code: str | None = None,
        invalid_params: list[InvalidParam] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status or self.status
        self.title = title or self.title
        self.code = code or self.code
        self.invalid_params = invalid_params
        self.headers = headers

    def response(self, request: Request | None) -> JSONResponse:
        return problem_response(
            request,
            status=self.status,
            title=self.title,
            detail=self.detail,
            code=self.code,
            invalid_params=self.invalid_params,
            headers=self.headers,
        )


class Forbidden(ProblemError):
    """The caller is known but may not do this (another organisation's thing, a role that may not)."""

    status, title, code = 403, "Forbidden", "verboden"


class NotFound(ProblemError):
    status, title, code = 404, "Not found", "niet_gevonden"


class Conflict(ProblemError):
    status, title, code = 409, "Conflict", "conflict"


class Waiting(Conflict):
    """A 409 that only waits for another service (its answer, or an event on its way): it says what it waits for, and
    `Retry-After` says when to ask again, so no client guesses a retry loop."""

    def __init__(self, detail: str, *, code: str, wacht_op: str, retry_after: int = 2) -> None:
        super().__init__(f"{detail} Waiting for: {wacht_op}.", code=code, headers={"Retry-After": str(retry_after)})


class PreconditionFailed(ProblemError):
    status, title, code = 412, "Precondition failed", "voorwaarde_niet_vervuld"


class Unprocessable(ProblemError):
    """Well-formed input that a rule of the domain refuses."""

    status, title, code = 422, "Unprocessable content", "niet_verwerkbaar"


class InvalidInput(ProblemError):
    status, title, code = 400, "Invalid input", "ongeldig"

    @classmethod
    def field(cls, name: str, reason: str, code: str = "invalid") -> InvalidInput:
        return cls(
            f"{name}: {reason}",
            invalid_params=[InvalidParam(name=name, code=code, reason=reason)],
        )


def problem_response(
    request: Request | None,
    *,
    status: int,
    title: str,
    detail: str,
    code: str | None = None,
    invalid_params: list[InvalidParam] | None = None,
    headers: dict[str, str] | None = None,
    correlation_id: str | None = None,
) -> JSONResponse:
    problem = Problem(
        title=title,
        status=status,
        detail=detail,
        code=code,
        instance=str(request.url.path) if request is not None else None,
        correlationId=correlation_id or get_correlation_id(),
        invalidParams=invalid_params,
    )
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _param_name(loc: tuple[Any, ...]) -> str:
    """`('body', 'naam')` → `naam`; `('query', 'pageSize')` → `query.pageSize`; list indexes kept (`regels.2.x`)."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[1:] or ["body"]
    return ".".join(parts)


def line_params(exc: ValidationError, line: int, columns: dict[str, str] | None = None) -> list[InvalidParam]:
    """A model built from one line of a file, refused: each error named by its line and column (`regels[3].kenmerk`),
    as the request's own fields are named, never a 500. `columns` maps a model field to the file's column name."""
    columns = columns or {}
    params = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err.get("loc") else "regel"
        params.append(
            InvalidParam(name=f"regels[{line}].{columns.get(field, field)}", code=err.get("type", "invalid"),
                         reason=foutmeldingen.reason(dict(err), field))
        )  # fmt: skip
    return params


def validation_params(exc: RequestValidationError, body: bytes = b"") -> list[InvalidParam]:
    """Each refused value named by its field, with what it should have been in words and an example, in the
    request's language (`foutmeldingen`); a body that is no JSON says its line and column."""
    params = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        if err.get("type") == "json_invalid":  # located at a character offset of the body
            params.append(InvalidParam(name="body", code="json_invalid", reason=_json_place(body, loc)))
            continue
        field = str(next((part for part in reversed(loc) if isinstance(part, str)), "body"))
        params.append(InvalidParam(name=_param_name(loc), code=err.get("type", "invalid"),
                                   reason=foutmeldingen.reason(dict(err), field)))  # fmt: skip
    return params


def _json_place(body: bytes, loc: tuple[Any, ...]) -> str:
    offset = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
    before = body[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    if foutmeldingen.LANGUAGE.get() == "nl":
        return f"geen geldige JSON bij regel {line}, kolom {column}"
    return f"not valid JSON at line {line}, column {column}"


def sqlstate(exc: DBAPIError) -> str:
    """The SQLSTATE of a database error (asyncpg's, under SQLAlchemy's wrapper), or ''."""
    for candidate in (exc.orig, getattr(exc.orig, "__cause__", None)):
        state = getattr(candidate, "sqlstate", None)
        if isinstance(state, str):
            return state
    return ""


#: SQLSTATEs that say the database could not do the work now, not that the request was wrong: connection exceptions
#: (08), insufficient resources (53), operator intervention such as a shutdown (57P), serialization failures and
#: deadlocks (40001, 40P01), a lock not available (55P03).
UNAVAILABLE_SQLSTATES = ("08", "53", "57P", "40001", "40P01", "55P03")
_NETWORK_ERRNOS = {
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.ECONNABORTED,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.ETIMEDOUT,
    errno.EPIPE,
    errno.ENOTCONN,
}


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def unavailable(exc: BaseException) -> bool:
    """True when `exc` says a server (PostgreSQL, NATS, an identity provider) could not be reached or could not do
    the work *now* — refused, reset, timed out, pool exhausted, shutting down, a serialization failure — rather than
    that the work itself is wrong. Such a failure is answered 503 with Retry-After, and a consumer waits and retries
    instead of counting it against the event."""
    for error in _chain(exc):
        if isinstance(error, DBAPIError) and (
            error.connection_invalidated or sqlstate(error).startswith(UNAVAILABLE_SQLSTATES)
        ):
            return True
        if isinstance(error, SQLAlchemyTimeout | ConnectionError | TimeoutError | socket.gaierror):
            return True  # SQLAlchemyTimeout: no connection free in the pool in time
        if isinstance(error, OSError) and error.errno in _NETWORK_ERRNOS:
            return True
        state = getattr(error, "sqlstate", None)
        if isinstance(state, str) and state.startswith(UNAVAILABLE_SQLSTATES):
            return True
        name = type(error).__name__
        if name in _UNAVAILABLE_CLIENT_ERRORS and type(error).__module__.split(".")[0] in ("asyncpg", "nats"):
            return True
        if name == "InterfaceError" and "closed" in str(error).lower():
            return True  # asyncpg: the connection was closed under us
    return False


#: asyncpg's and nats-py's own names for "the server is gone" (matched by name: neither is imported here).
_UNAVAILABLE_CLIENT_ERRORS = {
    "ConnectionDoesNotExistError",
    "ConnectionFailureError",
    "CannotConnectNowError",
    "TooManyConnectionsError",
    "ConnectionClosedError",
    "NoServersError",
    "NoRespondersError",
    "StaleConnectionError",
    "OutboundBufferLimitError",
    "ServiceUnavailableError",
}


class Unavailable(ProblemError):
    """A server the request needs is unreachable now; `saved` says whether the request may have taken effect."""

    status, title, code = 503, "Service unavailable", "database_onbereikbaar"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail, code=code, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


RETRY_AFTER_SECONDS = 5
NOTHING_SAVED = "The database could not be reached or could not complete the request; nothing was saved. Try again."
MAYBE_SAVED = (
    "The database went away while the change was being committed: it may or may not have been saved. Check, or "
    "retry with the same Idempotency-Key (a saved change is then answered again, not made twice)."
)


def status_for(exc: BaseException) -> int:
    """The HTTP status the handlers below answer `exc` with (also what the audit trail records for it)."""
    if isinstance(exc, ProblemError):
        return exc.status
    if isinstance(exc, RequestValidationError):
        return 400
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code
    if isinstance(exc, IntegrityError):
        return 409
    if unavailable(exc):
        return 503
    if isinstance(exc, DBAPIError):
        return 400 if sqlstate(exc).startswith("22") else 503
    if data_exception(exc):
        return 400
    return 500


def data_exception(exc: BaseException) -> bool:
    """A value PostgreSQL cannot take (SQLSTATE class 22: a NUL in text, a number out of range), from the ORM path or
    straight from asyncpg on the prepared-read path (`Database.fetch`): the same 400 either way."""
    state = getattr(exc, "sqlstate", None)
    return type(exc).__module__.split(".")[0] == "asyncpg" and isinstance(state, str) and state.startswith("22")


def expected_failure(request: Request, exc: BaseException) -> JSONResponse | None:
    """The answer to an exception no route handler maps but whose meaning is known, or None: a dependency that cannot
    be reached now (503, Retry-After, nothing saved — asyncpg's ConnectionRefusedError, an OSError that is no
    DBAPIError) or a value PostgreSQL cannot take on the prepared-read path (400, as the ORM path answers it). One
    warning line each, never a traceback: they are no fault of the platform's code."""
    if unavailable(exc):
        log.warning("dependency_unavailable", error=type(exc).__name__, path=request.url.path, status=503)
        return Unavailable(NOTHING_SAVED).response(request)
    if data_exception(exc):
        log.warning("data_error", error=str(exc), path=request.url.path, status=400)
        return problem_response(
            request,
            status=400,
            title="Invalid input",
            detail="A value in the request cannot be used (for example a NUL character in text).",
            code="ongeldige_waarde",
        )
    return None


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error of `app` as problem+json."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return exc.response(request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        body = await request.body() if any(e.get("type") == "json_invalid" for e in exc.errors()) else b""
        params = validation_params(exc, body)
        names = ", ".join(dict.fromkeys(p.name for p in params))
        dutch = foutmeldingen.LANGUAGE.get() == "nl"
        return problem_response(
            request,
            status=400,
            title="Ongeldige invoer" if dutch else "Invalid input",
            detail=f"Ongeldige invoer in: {names}" if dutch else f"Invalid input in: {names}",
            code="ongeldig",
            invalid_params=params,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed", 406: "Not acceptable", 415: "Unsupported media type"}
        return problem_response(
            request,
            status=exc.status_code,
            title=titles.get(exc.status_code, "Error"),
            detail=str(exc.detail),
            code=f"http_{exc.status_code}",
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity_error", error=str(exc.orig))
        return problem_response(
            request,
            status=status_for(exc),
            title="Conflict",
            detail="The request conflicts with existing data (a unique or referential rule).",
            code="conflict",
        )

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        if status_for(exc) == 400:  # data exception (SQLSTATE 22): a value PostgreSQL cannot take, e.g. NUL in text
            log.warning("data_error", error=str(exc.orig))
            return problem_response(
                request,
                status=400,
                title="Invalid input",
                detail="A value in the request cannot be stored (for example a NUL character in text); "
                "nothing was saved.",
                code="ongeldige_waarde",
            )
        log.error("database_error", error=str(exc.orig))
        return Unavailable(NOTHING_SAVED).response(request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        expected = expected_failure(request, exc)  # a service's middleware answers these first; the gateway here
        if expected is not None:
            return expected
        log.exception("unhandled_error")
        # Answered outside the request's middleware (Starlette's ServerErrorMiddleware): the correlation id and
        # version headers are set here, from what the request context left on the request.
        correlation_id = get_correlation_id() or getattr(request.state, "correlation_id", None)
        response = problem_response(
            request,
            status=500,
            title="Internal server error",
            detail="An unexpected error occurred; nothing was saved. Quote the correlation id when reporting it.",
            code="interne_fout",
            correlation_id=correlation_id,
        )
        if correlation_id:
            response.headers["X-Correlation-ID"] = correlation_id
        return response
