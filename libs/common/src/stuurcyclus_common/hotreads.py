"""Hot reads: the platform's hottest GETs (a track, the tracks, the Totaalopgave, an indicator's series, the cycle)
answered below FastAPI's routing, its dependency solving and the four middlewares between them — with the same
code and the same answer.

Why: a one-row read spent ~45% of the service's CPU on the way to and from its endpoint (Starlette's router, FastAPI
resolving the same dependency graph again on every request, the conditional-GET, text-guard and expected-failure
middlewares each wrapping `send`). A route marked `@hot_read` is compiled once, at start: its path to a regular
expression, its dependency graph (the route's policy, the verified caller, the tenant, the database, paging, path,
query and header parameters — FastAPI's own fields and validation) to a fixed plan of calls. Per request the lane
runs that plan, calls the route's own endpoint, serialises its answer once with FastAPI's serializer, tags it (the
one ETag rule, `conditional.conditional_answer`) and sends it; the access log line, metrics, correlation id and
version headers stay with `RequestContextMiddleware` around it, errors are the app's own exception handlers.

Whatever the lane does not do itself goes the ordinary way, through the full stack, which then answers it as it
always did: a parameter that does not validate (the 400 names it), an unknown query parameter, text that cannot be
stored, a method other than GET, a pooled connection the server had closed (read once more there). So the lane only
ever answers what the full stack would have answered the same; `tests/test_hot_reads.py` compares both, byte for
byte, over every hot route of every service. `HOT_READS=false` turns the lane off (diagnosis).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import Response
from fastapi._compat import ModelField
from fastapi._compat.shared import field_annotation_is_sequence
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import _get_param_aliases, _get_param_model, _is_json_field, request_params_to_args
from fastapi.routing import APIRoute, APIRouter, serialize_response
from sqlalchemy.exc import DBAPIError
from starlette.requests import Request
from starlette.routing import compile_path
from starlette.types import ASGIApp, Receive, Scope, Send

from .conditional import body_etag, conditional_answer
from .errors import expected_failure
from .reads import is_shared
from .textguard import flaws_outside_the_body

E = TypeVar("E", bound=Callable[..., Any])
_MARK = "__hot_read__"


def hot_read(endpoint: E) -> E:
    """Answer this GET route in the hot lane (put it above the `@router.get(...)` line)."""
    setattr(endpoint, _MARK, True)
    return endpoint


class NotHot(Exception):
    """The route cannot be answered in the lane (says why): mark it at start, not found at run time."""


class _FullStack(Exception):
    """This request goes the ordinary way (the full stack answers it, as it always did)."""


#: Defaults that need no copy per request (FastAPI deep-copies a parameter's default before using it).
_IMMUTABLE = (type(None), str, int, float, bool, bytes)


class _Params:
    """A dependency's path, query or header parameters, read and validated as FastAPI's `request_params_to_args`
    reads them — with the questions it asks of every field on every request (a parameter model? a sequence? JSON?
    which names may carry it?) answered once, at start: they were three quarters of its cost. Parameters of any
    other shape (a model of query parameters, a list) are read by FastAPI's own function."""

    def __init__(self, fields: Sequence[ModelField]) -> None:
        self.fields = list(fields)
        plain = all(
            _get_param_model(f) is None
            and not _is_json_field(f)
            and not field_annotation_is_sequence(f.field_info.annotation)
            for f in self.fields
        )
        self.compiled = (
            [
                (
                    f,
                    [key for _, key in _get_param_aliases(f)],
                    f.field_info.in_.value,  # type: ignore[attr-defined]  # a Param: path, query or header
                    f.field_info.is_required(),
                    f.field_info.validate_default,
                    f.default,
                    isinstance(f.default, _IMMUTABLE),
                )
                for f in self.fields
            ]
            if plain
            else None
        )

    def read(self, received: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters' values by name; `_FullStack` when one does not validate (the full stack's 400 names it)."""
        if self.compiled is None:
            values, errors = request_params_to_args(self.fields, received)
            if errors:
                raise _FullStack
            return values
        values = {}
        for param, keys, kind, required, validate_default, default, immutable in self.compiled:
            key = next((k for k in keys if k in received), keys[0]) if len(keys) > 1 else keys[0]
            value = received.get(key)
            if value is None:
                if required:
                    raise _FullStack
                value = default if immutable else deepcopy(default)
                if not validate_default:
                    values[param.name] = value
                    continue
            value, errors = param.validate(value, values, loc=(kind, key))
            if errors:
                raise _FullStack
            values[param.name] = value
        return values


class _Plan:
    """One dependency (or the endpoint) compiled: what it needs, in order, from the request."""

    def __init__(self, dependant: Dependant, route: APIRoute) -> None:
        call = dependant.call
        if call is None or not inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call):
            raise NotHot(f"{route.path}: {call!r} is not a plain async function (a yield or sync dependency)")
        unsupported = {
            "body": dependant.body_params,
            "cookies": dependant.cookie_params,
            "background tasks": dependant.background_tasks_param_name,
            "security scopes": dependant.security_scopes_param_name,
            "websocket": dependant.websocket_param_name,
            "connection": dependant.http_connection_param_name,
        }
        if needs := [what for what, used in unsupported.items() if used]:
            raise NotHot(f"{route.path}: {call.__name__} takes {', '.join(needs)}")
        self.call = call
        self.subs = [(sub.name, sub.use_cache, _Plan(sub, route)) for sub in dependant.dependencies]
        self.params = [
            (_Params(fields), where)
            for fields, where in (
                (dependant.path_params, "path_params"),
                (dependant.query_params, "query_params"),
                (dependant.header_params, "headers"),
            )
            if fields
        ]
        self.request_name = dependant.request_param_name
        self.response_name = dependant.response_param_name

    async def values(self, request: Request, response: Response, cache: dict[Any, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, use_cache, sub in self.subs:
            if use_cache and sub.call in cache:
                value = cache[sub.call]
            else:
                value = cache[sub.call] = await sub.call(**await sub.values(request, response, cache))
            if name is not None:
                values[name] = value
        for params, where in self.params:
            values.update(params.read(getattr(request, where)))  # the full stack's 400 names one that fails
        if self.request_name:
            values[self.request_name] = request
        if self.response_name:
            values[self.response_name] = response
        return values


#: How many shared models' answers a route keeps serialised (`reads.ParsedOnce`).
SERIALISED_KEPT = 512


@dataclass
class _HotRoute:
    route: APIRoute
    pattern: re.Pattern[str]
    convertors: dict[str, Any]
    plan: _Plan
    known_query: frozenset[str]
    #: Paths of the app's other GET routes the pattern also matches (a literal route declared beside it).
    others: frozenset[str]
    #: By id: a shared model (`reads.is_shared`), its answer's body and that body's tag — serialised once.
    serialised: dict[int, tuple[Any, bytes, bytes]] = field(default_factory=dict)

    async def answer(self, request: Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        if any(name not in self.known_query for name in request.query_params):
            raise _FullStack  # the route's 400 names it
        response = Response()
        del response.headers["content-length"]
        response.status_code = None  # type: ignore[assignment]  # as FastAPI's: None unless the endpoint sets it
        values = await self.plan.values(request, response, {})
        raw = await self.plan.call(**values)
        route = self.route
        tag = None
        if isinstance(raw, Response):
            if not hasattr(raw, "body") or raw.background is not None:
                raise _FullStack  # a streamed answer, or work after it: the full stack reads it again and sends it
            answer = raw
        else:
            kept = self.serialised.get(id(raw))
            if kept is not None and kept[0] is raw:  # a shared model's answer: serialised before
                _, content, tag = kept
            else:
                content = await self._serialise(raw)
                if is_shared(raw):
                    tag = body_etag(content)
                    if len(self.serialised) >= SERIALISED_KEPT:
                        del self.serialised[next(iter(self.serialised))]
                    self.serialised[id(raw)] = (raw, content, tag)
            status = response.status_code or route.status_code or 200
            answer = Response(content=content, media_type="application/json", status_code=status)
            answer.headers.raw.extend(response.headers.raw)
        headers = list(answer.raw_headers)
        if answer.status_code != 200:
            return answer.status_code, headers, bytes(answer.body)
        if_none_match = request.headers.get("if-none-match")
        return conditional_answer(
            headers, bytes(answer.body), if_none_match.encode() if if_none_match else None, body_tag=tag
        )

    async def _serialise(self, raw: Any) -> bytes:
        """The endpoint's answer as FastAPI's own route would serialise it (its response model and options)."""
        route = self.route
        return await serialize_response(
            field=route.response_field,
            response_content=raw,
            include=route.response_model_include,
            exclude=route.response_model_exclude,
            by_alias=route.response_model_by_alias,
            exclude_unset=route.response_model_exclude_unset,
            exclude_defaults=route.response_model_exclude_defaults,
            exclude_none=route.response_model_exclude_none,
            dump_json=True,
        )


def compile_route(route: APIRoute, prefix: str, others: Iterable[APIRoute] = ()) -> _HotRoute:
    """The lane's form of a GET route (NotHot when it cannot be one: it must be a plain JSON read)."""
    if route.methods != {"GET"}:
        raise NotHot(f"{route.path}: only a GET route is hot, not {sorted(route.methods or ())}")
    if not isinstance(route.response_class, DefaultPlaceholder) or route.response_field is None:
        raise NotHot(f"{route.path}: a hot read answers its response model as JSON")
    pattern, _, convertors = compile_path(prefix + route.path)
    overlapping = set()
    for other in others:
        if other is route or "GET" not in (other.methods or ()):
            continue
        full = prefix + other.path
        if pattern.match(full):
            if "{" in other.path:
                raise NotHot(f"{route.path}: {other.path} matches the same paths; the lane could take its requests")
            overlapping.add(full)
    plan = _Plan(route.dependant, route)
    return _HotRoute(route, pattern, convertors, plan, known_query_parameters(route), frozenset(overlapping))


def known_query_parameters(route: APIRoute) -> frozenset[str]:
    """The query parameters a route takes, its dependencies' included (paging's `page`, `pageSize`, …): any other
    is refused (`http.refuse_unknown_query_parameters`)."""
    names: set[str] = set()
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        names |= {field.alias for field in dependant.query_params}
        pending += dependant.dependencies
    return frozenset(names)


def hot_routes(routers: Iterable[APIRouter], prefix: str) -> list[_HotRoute]:
    """Every route of `routers` marked `@hot_read`, compiled (NotHot at start for one that cannot be)."""
    routes = [r for router in routers for r in router.routes if isinstance(r, APIRoute)]
    return [compile_route(r, prefix, routes) for r in routes if getattr(r.endpoint, _MARK, False)]


class HotReadsMiddleware:
    """The lane: inside `RequestContextMiddleware` (log line, metrics, headers), before everything else."""

    def __init__(self, app: ASGIApp, routes: list[_HotRoute], enabled: bool = True) -> None:
        self.app = app
        self.routes = routes if enabled else []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not self.routes:
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        for hot in self.routes:
            match = hot.pattern.match(path)
            if match is not None and path not in hot.others:
                break
        else:
            await self.app(scope, receive, send)
            return
        if flaws_outside_the_body(scope):
            await self.app(scope, receive, send)  # the text guard's 400
            return
        scope["path_params"] = {k: hot.convertors[k].convert(v) for k, v in match.groupdict().items()}
        scope["route"] = hot.route  # the metrics' route label, as the router sets it
        request = Request(scope, receive)
        try:
            status, headers, body = await hot.answer(request)
        except _FullStack:
            await self.app(scope, receive, send)
            return
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            await self.app(scope, receive, send)  # the full stack reads once more on a renewed pool
            return
        except Exception as exc:
            answer = await _handled(request, exc)
            await answer(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _handled(request: Request, exc: Exception) -> Any:
    """The app's own answer to `exc`: its exception handler (problem+json), else the expected-failure answer (503
    for a dependency that cannot be reached, 400 for a value PostgreSQL refused), else raised (a 500, as ever)."""
    handlers = request.app.exception_handlers
    for kind in type(exc).__mro__:
        if kind is Exception:
            break
        handler = handlers.get(kind)
        if handler is not None:
            return await handler(request, exc)
    answer = expected_failure(request, exc)
    if answer is None:
        raise exc
    return answer
