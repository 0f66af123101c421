"""The way back from the dead-letter stream: list, show and replay what a consumer gave up on.

An event lands in `STUURCYCLUS_DLQ` (subject `<prefix>.dlq.<service>.<consumer>`) when its handler failed on it
`max_deliver` times, with the original subject, the consumer and the last error in its headers. Once the cause is
fixed (a missing definition created, a bug deployed), `replay` puts each chosen letter back on the consumer's own
replay subject, `<prefix>.<source>.herhaling.<consumer>`, which only that durable consumer listens to: it goes
through the normal consumer path, so the inbox still applies each event once (a letter replayed twice, or an event
that was meanwhile applied, changes nothing), and the letter is removed from the dead-letter stream.

Used by `stuurcyclus dlq list|show|replay` and by every service's `python -m <service>.manage dlq …`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime

import nats
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from .streams import nats_servers, stream_name

ORIGINAL_SUBJECT = "Stuurcyclus-Original-Subject"
CONSUMER = "Stuurcyclus-Consumer"
ERROR = "Stuurcyclus-Error"


def replay_subject(prefix: str, source_service: str, durable: str) -> str:
    """The subject only one durable consumer (`<service>-<name>`) receives replayed events on."""
    return f"{prefix}.{source_service}.herhaling.{durable}"


@dataclass
class DeadLetter:
    seq: int
    time: datetime
    consumer: str
    original_subject: str
    error: str
    data: bytes

    @property
    def envelope(self) -> dict | None:
        try:
            return json.loads(self.data)
        except ValueError:
            return None  # a poison message: not an event at all

    @property
    def source_service(self) -> str:
        return self.original_subject.split(".")[1]

    def summary(self) -> dict:
        envelope = self.envelope or {}
        return {
            "seq": self.seq,
            "time": self.time.isoformat(),
            "consumer": self.consumer,
            "type": envelope.get("type", "(not an event envelope)"),
            "eventId": envelope.get("id"),
            "tenant": envelope.get("tenant"),
            "error": self.error,
        }


async def letters(
    js: JetStreamContext, prefix: str, *, consumer: str | None = None, since: datetime | None = None
) -> list[DeadLetter]:
    """The letters in the dead-letter stream, oldest first (of one consumer, or of a service's: `indicatoren-`)."""
    name = stream_name(prefix, "dlq")
    try:
        info = await js.stream_info(name)
    except NotFoundError:
        return []
    found = []
    for seq in range(info.state.first_seq, info.state.last_seq + 1) if info.state.messages else ():
        try:
            raw = await js.get_msg(name, seq)
        except NotFoundError:
            continue  # replayed and removed
        headers = raw.headers or {}
        letter = DeadLetter(
            seq=seq,
            time=_time(raw),
            consumer=headers.get(CONSUMER, ""),
            original_subject=headers.get(ORIGINAL_SUBJECT, ""),
            error=headers.get(ERROR, ""),
            data=raw.data or b"",
        )
        if consumer and not (letter.consumer == consumer or letter.consumer.startswith(consumer.rstrip("-") + "-")):
            continue
        if since and letter.time < since:
            continue
        found.append(letter)
    return found


def _time(raw) -> datetime:  # noqa: ANN001  (nats.js.api.RawStreamMsg)
    stamp = raw.time or datetime.now(UTC)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


async def replay(js: JetStreamContext, prefix: str, chosen: list[DeadLetter]) -> int:
    """Put each letter back on its consumer's replay subject and remove it from the dead-letter stream."""
    done = 0
    for letter in chosen:
        if letter.envelope is None or not letter.consumer:
            continue  # a poison message has nothing to replay
        subject = replay_subject(prefix, letter.source_service, letter.consumer)
        await js.publish(subject, letter.data, headers={"Nats-Msg-Id": f"herhaling-{letter.seq}-{letter.consumer}"})
        await js.delete_msg(stream_name(prefix, "dlq"), letter.seq)
        done += 1
    return done


def cli(argv: list[str], *, nats_url: str, prefix: str, service: str | None = None, prog: str = "dlq") -> int:
    """`list [--consumer C] [--since ISO]`, `show SEQ`, `replay [SEQ …] [--consumer C] [--since ISO]`."""
    parser = argparse.ArgumentParser(prog=prog, description="Inspect and replay the dead-letter stream.")
    sub = parser.add_subparsers(dest="action", required=True)
    for action in ("list", "replay"):
        p = sub.add_parser(action)
        p.add_argument("seq", nargs="*", type=int, help="letters by sequence number (replay; default: all chosen)")
        p.add_argument("--consumer", help="e.g. indicatoren-gesprekstafels (or a service: indicatoren)")
        p.add_argument("--since", type=datetime.fromisoformat, help="only letters from this moment (ISO 8601)")
    show = sub.add_parser("show")
    show.add_argument("seq", type=int)
    args = parser.parse_args(argv)
    try:
        return asyncio.run(_run(args, nats_url, prefix, service))
    except (OSError, TimeoutError, nats.errors.Error) as exc:  # said plainly, no traceback: nothing to fix in code
        reason = str(exc) or type(exc).__name__
        print(f"{prog}: NATS cannot be reached at {nats_url} ({reason}); is the platform running?", file=sys.stderr)
        return 3


async def _run(args: argparse.Namespace, nats_url: str, prefix: str, service: str | None) -> int:
    async def quiet(_: Exception) -> None:  # the outcome is said once, by `cli`, not logged with a traceback
        return None

    nc = await nats.connect(nats_servers(nats_url), connect_timeout=3, max_reconnect_attempts=1, error_cb=quiet)
    try:
        js = nc.jetstream()
        since = getattr(args, "since", None)
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        found = await letters(js, prefix, consumer=getattr(args, "consumer", None) or service, since=since)
        if args.action == "show":
            letter = next((x for x in found if x.seq == args.seq), None)
            if letter is None:
                print(f"no dead letter {args.seq}")
                return 1
            print(
                json.dumps(
                    letter.summary() | {"subject": letter.original_subject, "envelope": letter.envelope}, indent=2
                )
            )
            return 0
        if args.seq:
            found = [x for x in found if x.seq in set(args.seq)]
        if args.action == "list":
            for letter in found:
                print(json.dumps(letter.summary(), ensure_ascii=False))
            print(f"{len(found)} dead letter(s)")
            return 0
        print(f"replayed {await replay(js, prefix, found)} of {len(found)} dead letter(s)")
        return 0
    finally:
        await nc.close()
