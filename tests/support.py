"""Helpers for the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys

from stuurcyclus_local.platform import RunningPlatform, token_for

__all__ = ["ZWOLLE", "RunningPlatform", "auth_headers", "eventually", "fetched", "seed", "unique_tenant"]

ZWOLLE = "GM0193"
_tenants = itertools.count(1000)


def unique_tenant() -> str:
    """A municipality code no other test uses (GM1000, GM1001, …), so tests never see each other's data."""
    return f"GM{next(_tenants):04d}"


async def eventually(check, timeout: float = 10.0, interval: float = 0.05):  # noqa: ANN001, ANN201
    """Await `check()` until it returns a truthy value (returned), or fail after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    last = None
    while asyncio.get_running_loop().time() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")


def auth_headers(
    platform: RunningPlatform, tenant: str = ZWOLLE, rol: str = "beheerder", organisatie: str | None = None
) -> dict[str, str]:
    """Headers of a caller of `tenant` in role `rol` (an administrator unless said): its token and municipality."""
    token = token_for(platform.env, gemeente=tenant, rol=rol, organisatie=organisatie)
    return {"Gemeente-Code": tenant, "Authorization": f"Bearer {token}"}


def seed(platform: RunningPlatform, service: str) -> str:
    """Load `service`'s seed data (Zwolle's) with its own command, as `make up` does; returns what it printed."""
    command = [sys.executable, "-m", f"{service}.manage", "seed"]
    result = subprocess.run(command, env=platform.env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


async def fetched(sub, batch: int = 100, timeout: float = 1.0) -> list:  # noqa: ANN001  (a JetStream pull subscription)
    """The messages a pull subscription has now (none: an empty list — nats-py signals that with a timeout)."""
    try:
        return await sub.fetch(batch, timeout=timeout)
    except TimeoutError:  # nats.errors.TimeoutError is one too
        return []
