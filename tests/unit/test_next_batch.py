"""A consumer's next pull asks JetStream for what is there and no more (`consumer.next_batch`): one when it said
nothing waits, the waiting count when it said some do, never more than the batch size."""

from __future__ import annotations

from nats.aio.msg import Msg
from stuurcyclus_common.events.consumer import next_batch


def _delivered(stream_seq: int, pending: int) -> Msg:
    """A message as a pull hands it over: its ack subject carries how many more wait (`num_pending`)."""
    reply = f"$JS.ACK.SPOREN.indicatoren-sporen.1.{stream_seq}.{stream_seq}.1796630011000000000.{pending}"
    return Msg(None, subject="p.sporen.GM0193.spoor.gewijzigd", reply=reply, data=b"{}")  # type: ignore[arg-type]


def test_nothing_handed_over_or_nothing_waiting_asks_for_one() -> None:
    assert next_batch([], 50) == 1, "after a pull that timed out: one, which says how many more wait"
    assert next_batch([_delivered(7, 0)], 50) == 1
    assert next_batch([_delivered(7, 3), _delivered(8, 0)], 50) == 1, "the last one handed over counts"


def test_a_backlog_is_asked_for_as_it_is_at_most_a_batch() -> None:
    assert next_batch([_delivered(1, 6)], 50) == 6, "exactly the six that wait: the pull never waits for a seventh"
    assert next_batch([_delivered(1, 49), _delivered(2, 48)], 50) == 48
    assert next_batch([_delivered(1, 5000)], 50) == 50
    assert next_batch([_delivered(1, 5000)], 1) == 1
