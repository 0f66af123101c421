"""A server-sent events stream of domain events for frontends (`GET /api/v1/notificaties/stroom`), live.

Each connection subscribes on NATS to its municipality's subjects only (`<prefix>.*.<gemeente>.>`: the
municipality is in every event's subject), so another municipality's events never reach it, and passes on those
the caller may see, as each event's contract declares it (`events.visibility.may_see`): the municipality's
staff see its events, integrators also the alerts, and a partner only what its contract declares public or declares
the partner's and names that partner. Anything undeclared is staff-only.
A comment line every 15 s keeps proxies from closing an idle stream. It is live, not a replay: what happened while a
frontend was away is in the APIs (and for systems in the subscriptions, which lose nothing).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import nats
from stuurcyclus_common.auth import Identity
from stuurcyclus_common.errors import Unavailable, unavailable
from stuurcyclus_common.events import EventEnvelope
from stuurcyclus_common.events.streams import nats_servers
from stuurcyclus_common.events.visibility import may_see, shown_to
from stuurcyclus_common.logs import get_logger

from .kanalen import kanaal_naam
from .settings import get_settings

log = get_logger(__name__)
KEEPALIVE_SECONDS = 15.0


def _frame(envelope: EventEnvelope) -> str:
    data = json.dumps(envelope.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
    return f"id: {envelope.id}\nevent: {envelope.type}\ndata: {data}\n\n"


async def open_stream(identity: Identity, kanalen: set[str] | None) -> AsyncIterator[str]:
    """Subscribe first (NATS unreachable is a 503 before any byte of the stream), then hand back the stream."""
    settings = get_settings()
    queue: asyncio.Queue[EventEnvelope] = asyncio.Queue(maxsize=1000)

    async def on_message(msg) -> None:  # noqa: ANN001  (nats.aio.msg.Msg)
        try:
            envelope = EventEnvelope.model_validate_json(msg.data)
        except ValueError:
            return
        if may_see(envelope, identity) and (not kanalen or kanaal_naam(envelope) in kanalen):
            with contextlib.suppress(asyncio.QueueFull):  # a reader that cannot keep up misses events, not memory
                queue.put_nowait(shown_to(envelope, identity))

    closed = asyncio.Event()

    async def quiet(_: Exception) -> None:  # the outcome is what counts: a 503, or the stream ending
        return None

    async def on_closed() -> None:
        closed.set()

    try:
        nc = await nats.connect(
            nats_servers(settings.nats_url),
            name="stuurcyclus-notificaties-stroom",
            connect_timeout=2,
            max_reconnect_attempts=4,  # a longer outage ends the stream; an EventSource reconnects by itself
            reconnect_time_wait=1,
            error_cb=quiet,
            closed_cb=on_closed,
        )
        await nc.subscribe(f"{settings.event_prefix}.*.{identity.gemeente}.>", cb=on_message)
    except Exception as exc:
        if unavailable(exc) or isinstance(exc, nats.errors.Error):
            raise Unavailable(
                "The event bus cannot be reached now; try again shortly.", code="nats_onbereikbaar"
            ) from None
        raise
    return _frames(nc, queue, closed)


async def _frames(nc, queue: asyncio.Queue[EventEnvelope], closed: asyncio.Event) -> AsyncIterator[str]:  # noqa: ANN001
    try:
        yield ": verbonden\n\n"
        while not closed.is_set():
            try:
                envelope = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                yield ": nog hier\n\n"
                continue
            yield _frame(envelope)
    finally:
        await nc.close()
