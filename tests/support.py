"""Helpers for the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import asyncio
import itertools

from stuurcyclus_local.platform import RunningPlatform

__all__ = ["ZWOLLE", "RunningPlatform", "eventually", "unique_tenant"]

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
