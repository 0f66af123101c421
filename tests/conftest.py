"""Test fixtures: real PostgreSQL and NATS (from DATABASE_URL/NATS_URL, else embedded ones started here).

Each test run makes its own database (`sctest_<run>`) and its own JetStream streams (prefix `sctest<run>`), and
removes both at the end, so runs repeat cleanly and can run beside a running platform. Every process started
here is stopped here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from stuurcyclus_local import SERVICES
from stuurcyclus_local.platform import Infrastructure, RunningPlatform, temporary_platform


@pytest.fixture(scope="session")
def tmp_root() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="stuurcyclus-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def infra(tmp_root: Path) -> Iterator[Infrastructure]:
    infrastructure = Infrastructure.from_env_or_embedded(tmp_root / "infra")
    yield infrastructure
    infrastructure.stop()


#: API processes and workers per service of the test platform: two of everything, as production runs it, so that
#: every test also shows the platform correct with two of each (events applied once, the ceiling held, proposals in
#: order, each outbox row published once, each delivery once). `STUURCYCLUS_TEST_REPLICAS=1` for one of each.
REPLICAS = int(os.environ.get("STUURCYCLUS_TEST_REPLICAS", "2"))


@pytest.fixture(scope="session")
def platform(infra: Infrastructure, tmp_root: Path) -> Iterator[RunningPlatform]:
    """The whole platform (four services and notificaties, `REPLICAS` API processes and workers each, the gateway)
    as real processes on free ports."""
    with temporary_platform(
        infra,
        tmp_root / "logs",
        replicas=REPLICAS,
        extra_env={
            "OUTBOX_POLL_INTERVAL": "1",
            "EVENT_ACK_WAIT": "3",
            # A handler failing on an event is retried fast and dead-lettered after three failures here.
            "EVENT_BACKOFF_SECONDS": "[0.2, 0.5, 1]",
            "EVENT_MAX_DELIVER": "3",
            # Deliveries to integrators retry fast here, so a receiver's outage of seconds spans several retries.
            "NOTIFICATIES_DELIVERY_BACKOFF_SECONDS": "[0.2, 0.5, 1]",
            "NOTIFICATIES_DELIVERY_MAX_ATTEMPTS": "40",
            "NOTIFICATIES_DELIVERY_TIMEOUT": "2",
        },
    ) as running:
        yield running


def pytest_report_header() -> list[str]:
    given = [name for name in ("DATABASE_URL", "NATS_URL") if os.environ.get(name)]
    where = f"from {', '.join(given)}" if given else "embedded"
    return [f"stuurcyclus: infrastructure {where}; services {SERVICES}, {REPLICAS} API process(es) and worker(s) each"]
