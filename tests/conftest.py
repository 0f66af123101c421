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
    if not os.environ.get("STUURCYCLUS_KEEP"):
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


# Steps of one scenario (a class marked `incremental`): a step after a failed one is reported as not run, so the
# report names the step, and the rule, that broke (pytest's documented incremental-testing recipe).
_FAILED_STEP: dict[str, str] = {}


def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> None:
    if "incremental" in item.keywords and call.excinfo is not None and call.when == "call":
        _FAILED_STEP.setdefault(item.parent.nodeid if item.parent else "", item.name)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if "incremental" in item.keywords and item.parent is not None and item.parent.nodeid in _FAILED_STEP:
        pytest.xfail(f"not run: the earlier step {_FAILED_STEP[item.parent.nodeid]} failed")


@pytest.hookimpl(hookwrapper=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]):  # noqa: ANN201
    """A step of a scenario needs the steps before it: where `-k` or `--last-failed` (CI's rerun) picks some steps
    of an `incremental` class, the whole class runs, in order."""
    everything = list(items)
    yield
    chosen = {id(item) for item in items}
    scenarios = {item.parent.nodeid for item in items if "incremental" in item.keywords and item.parent}
    if scenarios:
        items[:] = [
            item
            for item in everything
            if id(item) in chosen
            or ("incremental" in item.keywords and item.parent and item.parent.nodeid in scenarios)
        ]
