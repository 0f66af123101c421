"""A warning that repeats while a server is down is said once per interval, with how often it happened."""

from __future__ import annotations

from typing import Any

from stuurcyclus_common.logs import Throttled


class Lines:
    def __init__(self) -> None:
        self.lines: list[tuple[str, str, dict[str, Any]]] = []

    def warning(self, event: str, **fields: Any) -> None:
        self.lines.append(("warning", event, fields))

    def info(self, event: str, **fields: Any) -> None:
        self.lines.append(("info", event, fields))


def test_one_line_per_interval_with_the_count_then_one_when_it_ends() -> None:
    logger = Lines()
    warned = Throttled(logger, "outbox_relay_failed", interval=30)
    for second in range(0, 100):  # five attempts a second for 20 s, then one a second for 80 s
        for _ in range(5 if second < 20 else 1):
            warned.warning(now=float(second), error="ConnectionRefusedError")
    assert [(level, fields["repeated"]) for level, _, fields in logger.lines] == [
        ("warning", 1),  # at once
        ("warning", 20 * 5 + 11 - 1),  # at 30 s: everything since the first line
        ("warning", 30),  # at 60 s
        ("warning", 30),  # at 90 s
    ]
    warned.ok("outbox_relay_recovered")
    assert logger.lines[-1] == ("info", "outbox_relay_recovered", {"times": 100 + 80})
    warned.ok("outbox_relay_recovered")
    assert len(logger.lines) == 5, "said once"
    warned.warning(now=200.0, error="x")
    assert logger.lines[-1][2]["repeated"] == 1, "a new outage starts a new count"
