"""The gateway's hop for a GET to a service on this host: HTTP/1.1 over its Unix socket, a small keep-alive pool,
answers parsed by httptools (the C parser uvicorn itself uses).

Why not aiohttp here, as everywhere else: a forwarded read spent a quarter of the gateway's CPU in aiohttp's client
(a `ClientRequest` and a `ClientResponse` object, a timer rescheduled on every read, tracing hooks, a connector
lookup), more than the rest of the gateway's own work together. A GET to a process on the same host needs none of
it: one write of the request, the answer's bytes fed to the parser as they come, the connection back in the pool.
Everything else — writes, HEAD, TCP to a service elsewhere (Kubernetes) — keeps going through aiohttp.

An answer that turns out to be a live stream (`text/event-stream`) is handed over as it comes; its connection is not
pooled again. Failures say what the caller is to be told (`proxy._upstream_problem`): `HopUnreachable` (nothing was
sent: 503), `HopDropped` (the pooled connection was closed before any byte of the answer: sent once more on a fresh
one), `HopTimeout` (504), `HopBroken` (an answer that does not parse, or one cut off: 502).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httptools


class HopError(Exception):
    """Talking to the service over its socket failed."""


class HopUnreachable(HopError):
    """The socket could not be connected to: nothing was sent."""


class HopDropped(HopError):
    """The connection was closed before any byte of the answer (a pooled one the service had just closed)."""


class HopTimeout(HopError):
    """No (whole) answer within the read timeout."""


class HopBroken(HopError):
    """An answer that does not parse as HTTP, or a connection closed in the middle of one."""


@dataclass
class HopAnswer:
    status: int
    #: Header names lower-cased, as the service sent them otherwise.
    headers: list[tuple[bytes, bytes]]
    body: bytes = b""
    #: A live stream's chunks after the head (`body` is then empty); None for a whole answer.
    stream: AsyncIterator[bytes] | None = field(default=None, repr=False)


class _Exchange(asyncio.Protocol):
    """One connection to the service: sends a request, parses its answer, and is pooled again when both sides keep
    it alive."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[HopAnswer] | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []
        self.answered = False  # any byte of the current answer received
        self.complete = False
        self.closed = False
        self.reusable = False
        self.idle_since = 0.0
        self.queue: asyncio.Queue[bytes | None] | None = None  # a live stream's chunks
        self.loop = asyncio.get_running_loop()
        self.read_timeout = 0.0
        self.last_read = 0.0
        self.timer: asyncio.TimerHandle | None = None

    # --- asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.answered = True
        self.last_read = self.loop.time()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(HopBroken(f"the answer does not parse: {exc}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.queue is not None:
            self.queue.put_nowait(None)
        elif not self.complete:
            self._fail(HopBroken("the connection closed mid-answer") if self.answered else HopDropped("closed"))

    # --- httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        content_type = next((v for k, v in self.headers if k == b"content-type"), b"")
        if content_type.startswith(b"text/event-stream"):
            self.queue = asyncio.Queue()
            self._resolve(HopAnswer(self.parser.get_status_code(), self.headers, stream=self._stream()))

    def on_body(self, body: bytes) -> None:
        if self.queue is not None:
            self.queue.put_nowait(body)
        else:
            self.chunks.append(body)

    def on_message_complete(self) -> None:
        if 100 <= self.parser.get_status_code() < 200:  # an interim answer (100 Continue): the real one follows
            self.headers, self.chunks = [], []
            return
        self.complete = True
        if self.queue is not None:
            self.queue.put_nowait(None)
            return
        self.reusable = self.parser.should_keep_alive()
        self._resolve(HopAnswer(self.parser.get_status_code(), self.headers, b"".join(self.chunks)))

    # --- the exchange
    def send(self, request: bytes) -> asyncio.Future[HopAnswer]:
        assert self.transport is not None
        self.waiter = self.loop.create_future()
        self.headers, self.chunks = [], []
        self.answered = self.complete = self.reusable = False
        self.transport.write(request)
        return self.waiter

    def arm(self, read_timeout: float) -> None:
        """Time out when nothing was read for `read_timeout` seconds (as aiohttp's `sock_read`: an answer that keeps
        coming may take longer in all)."""
        self.read_timeout = read_timeout
        self.last_read = self.loop.time()
        self.timer = self.loop.call_at(self.last_read + read_timeout, self._check_timeout)

    def disarm(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _check_timeout(self) -> None:
        due = self.last_read + self.read_timeout
        if self.loop.time() >= due:
            self._fail(HopTimeout("no answer in time"))
        else:  # bytes came meanwhile: wait from the last of them
            self.timer = self.loop.call_at(due, self._check_timeout)

    def abort(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.abort()

    def _resolve(self, answer: HopAnswer) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(answer)

    def _fail(self, exc: HopError) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc)
        self.abort()

    async def _stream(self) -> AsyncIterator[bytes]:
        assert self.queue is not None
        try:
            while (chunk := await self.queue.get()) is not None:
                yield chunk
        finally:
            self.abort()  # a stream's connection is never pooled again


class UnixHop:
    """GETs to one API process over its Unix socket: at most `limit` connections, idle ones kept for
    `keepalive_seconds` (below the service's own keep-alive, so none is used as the service closes it)."""

    def __init__(
        self,
        path: str,
        host: str,
        *,
        limit: int = 100,
        keepalive_seconds: float = 4.0,
        connect_timeout: float = 2.0,
        read_timeout: float = 30.0,
    ) -> None:
        self.path = path
        self.host = host.encode("latin-1")
        self.keepalive_seconds = keepalive_seconds
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._idle: list[_Exchange] = []
        self._slots = asyncio.Semaphore(limit)

    async def get(self, target: str, headers: list[tuple[bytes, bytes]], *, fresh: bool = False) -> HopAnswer:
        """Send `GET target` with `headers` (hop-by-hop ones already left out) and return the answer; `fresh`: on a
        new connection (the one retry after a pooled one was found closed)."""
        request = b"".join(
            [
                b"GET ",
                target.encode("latin-1"),
                b" HTTP/1.1\r\nhost: ",
                self.host,
                b"\r\n",
                *(b"%s: %s\r\n" % pair for pair in headers),
                b"\r\n",
            ]
        )
        async with self._slots:
            exchange = None if fresh else self._pooled()
            if exchange is None:
                exchange = await self._connect()
            exchange.arm(self.read_timeout)
            try:
                answer = await exchange.send(request)
            except BaseException:
                exchange.abort()  # a failure, or the caller went away mid-answer: the connection is spent
                raise
            finally:
                exchange.disarm()
        if answer.stream is None and exchange.reusable and not exchange.closed:
            exchange.idle_since = time.monotonic()
            self._idle.append(exchange)
        elif answer.stream is None:
            exchange.abort()
        return answer

    def _pooled(self) -> _Exchange | None:
        now = time.monotonic()
        while self._idle:
            exchange = self._idle.pop()  # the most recently used: the least likely to have idled out
            if not exchange.closed and now - exchange.idle_since < self.keepalive_seconds:
                return exchange
            exchange.abort()
        return None

    async def _connect(self) -> _Exchange:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.connect_timeout):
                _, exchange = await loop.create_unix_connection(_Exchange, self.path)
        except (OSError, TimeoutError) as exc:
            raise HopUnreachable(f"{self.path}: {exc or type(exc).__name__}") from None
        return exchange

    def close(self) -> None:
        for exchange in self._idle:
            exchange.abort()
        self._idle.clear()
