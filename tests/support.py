"""Helpers for the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import asyncio
import itertools

from stuurcyclus_local.platform import RunningPlatform, token_for

__all__ = ["ZWOLLE", "RunningPlatform", "auth_headers", "eventually", "unique_tenant"]

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
