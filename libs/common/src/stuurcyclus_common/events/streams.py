"""JetStream streams: one per service (`<PREFIX>_<SERVICE>` on `<prefix>.<service>.>`) and one dead-letter stream."""

from __future__ import annotations

from typing import Any

import nats
from nats.aio.client import Client as NATS
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from ..logs import Throttled, get_logger
from .envelope import legacy_event_subject

log = get_logger(__name__)

#: JetStream drops a message whose Nats-Msg-Id it saw within this window: it must exceed the relay's lease
#: (a relay that died after publishing but before deleting is re-published once its lease ran out).
DUPLICATE_WINDOW_SECONDS = 10 * 60
#: Events are kept a year: long enough for any integrator to catch up after an outage.
MAX_AGE_SECONDS = 365 * 24 * 3600


def stream_name(prefix: str, service: str) -> str:
    return f"{prefix}_{service}".upper()


def dead_letter_subject(prefix: str, service: str, consumer: str) -> str:
    return f"{prefix}.dlq.{service}.{consumer}"


def stream_configs(prefix: str, service: str, replicas: int = 1) -> list[StreamConfig]:
    """A service's stream (every municipality's events, `<prefix>.<service>.>`) and the dead-letter stream, each kept
    in `replicas` copies on as many servers of a cluster (`EVENT_STREAM_REPLICAS`: 1 locally, 3 in production)."""
    common: dict[str, Any] = dict(
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.OLD,
        max_age=MAX_AGE_SECONDS,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
        num_replicas=replicas,
    )
    return [
        StreamConfig(name=stream_name(prefix, service), subjects=[f"{prefix}.{service}.>"], **common),
        StreamConfig(name=stream_name(prefix, "dlq"), subjects=[f"{prefix}.dlq.>"], **common),
    ]


async def ensure_streams(js: JetStreamContext, prefix: str, services: list[str], replicas: int = 1) -> None:
    """Create (or update to the current configuration, replicas included) the streams of `services` and the
    dead-letter stream."""
    seen: set[str] = set()
    for service in services:
        for config in stream_configs(prefix, service, replicas):
            assert config.name is not None  # every config above is named
            if config.name in seen:
                continue
            seen.add(config.name)
            try:
                await js.stream_info(config.name)
                await js.update_stream(config)
            except NotFoundError:
                await js.add_stream(config)
                log.info("stream_created", stream=config.name)


async def legacy_events(js: JetStreamContext, prefix: str, service: str) -> int:
    """How many events `service`'s stream still holds on the subjects from before the municipality was in them
    (`<prefix>.<service>.<entity>.<action>`): while any remain, consumers keep reading them (EVENT_LEGACY_SUBJECTS)."""
    try:
        legacy = legacy_event_subject(prefix, service, "*", "*")
        info = await js.stream_info(stream_name(prefix, service), subjects_filter=legacy)
    except NotFoundError:
        return 0
    return sum((info.state.subjects or {}).values())


def nats_servers(url: str) -> list[str]:
    """`NATS_URL` may name several servers of a cluster, comma-separated: the client picks one and fails over."""
    return [part.strip() for part in url.split(",") if part.strip()]


async def connect_nats(url: str, name: str) -> NATS:
    """A NATS connection that reconnects for ever: an outage of NATS delays events, it never drops the worker."""

    errors = Throttled(log, "nats_error")

    async def on_error(exc: Exception) -> None:  # while NATS is away the client calls this on every attempt
        errors.warning(error=str(exc) or type(exc).__name__)

    async def on_disconnect() -> None:
        log.warning("nats_disconnected")

    async def on_reconnect() -> None:
        errors.ok("nats_reconnected_after_errors")
        log.info("nats_reconnected")

    return await nats.connect(
        nats_servers(url),
        name=name,
        max_reconnect_attempts=-1,
        reconnect_time_wait=0.5,
        connect_timeout=2,
        allow_reconnect=True,
        error_cb=on_error,
        disconnected_cb=on_disconnect,
        reconnected_cb=on_reconnect,
    )
