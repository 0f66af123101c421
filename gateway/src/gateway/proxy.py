"""Forwarding a request to the service that owns its path, over one pooled httpx client.

What goes through unchanged: method, path, query, body, the caller's headers (minus hop-by-hop ones), and the
service's answer (status, headers, body). What the gateway adds: the correlation id (so logs of gateway and
service line up) and `X-Forwarded-*`. A service that cannot be reached answers 503, one that does not answer
in time 504, one that answers garbage 502: always as problem+json.
"""

from __future__ import annotations

import httpx
from fastapi import Request, Response

from stuurcyclus_common.errors import NotFound, ProblemError
from stuurcyclus_common.logs import get_correlation_id, get_logger

log = get_logger(__name__)

#: Connection-level headers that must not be forwarded (RFC 9110 §7.6.1), plus those the gateway sets itself.
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}
#: Set by the gateway on the forwarded request (the caller's correlation id was already bound by the middleware).
SET_FOR_SERVICE = {"x-correlation-id", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"}
#: Set on every answer by the gateway's own middleware; the service's copies would be duplicates.
SET_BY_GATEWAY = {"api-version", "x-correlation-id", "content-length", "date", "server"}


class Upstreams:
    """The services behind the gateway and the pooled client that reaches them."""

    def __init__(self, urls: dict[str, str], client: httpx.AsyncClient) -> None:
        self.urls = urls
        self.client = client

    def base_url(self, service: str) -> str:
        try:
            return self.urls[service]
        except KeyError:
            raise NotFound(f"No service '{service}' behind this gateway; known: {', '.join(self.urls)}.") from None

    async def forward(self, request: Request, service: str) -> Response:
        url = self.base_url(service) + request.url.path
        if request.url.query:
            url += "?" + request.url.query
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP | SET_FOR_SERVICE]
        headers += [
            ("x-correlation-id", get_correlation_id() or ""),
            ("x-forwarded-for", request.client.host if request.client else ""),
            ("x-forwarded-proto", request.url.scheme),
            ("x-forwarded-host", request.headers.get("host", "")),
        ]
        try:
            upstream = await self.client.request(
                request.method,
                url,
                headers=headers,
                content=await request.body(),
            )
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise _unavailable(
                service, 503, "Service unavailable", "cannot be reached; the request was not forwarded", exc
            ) from None
        except httpx.TimeoutException as exc:
            raise _unavailable(
                service,
                504,
                "Gateway timeout",
                "did not answer in time; the request may or may not have been applied, check before retrying",
                exc,
            ) from None
        except httpx.HTTPError as exc:
            raise _unavailable(service, 502, "Bad gateway", "gave an invalid answer", exc) from None
        response_headers = {k: v for k, v in upstream.headers.items() if k.lower() not in SET_BY_GATEWAY | HOP_BY_HOP}
        return Response(content=upstream.content, status_code=upstream.status_code, headers=response_headers)


def _unavailable(service: str, status: int, title: str, what: str, exc: Exception) -> ProblemError:
    log.warning("upstream_failed", service=service, status=status, error=str(exc) or type(exc).__name__)
    return ProblemError(
        f"The {service} service {what}.",
        status=status,
        title=title,
        code=f"upstream_{status}",
        headers={"Retry-After": "5"} if status in (503, 504) else None,
    )
