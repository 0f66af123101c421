"""Each service's migrations create exactly the tables its models declare (autogenerate finds nothing to do)."""

from __future__ import annotations

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine
from stuurcyclus_common.settings import normalise_database_url

from .support import RunningPlatform


@pytest.mark.parametrize("service", ["sporen", "indicatoren", "financien", "gesprekstafels", "notificaties"])
async def test_models_match_migrations(platform: RunningPlatform, service: str) -> None:
    metadata = importlib.import_module(f"{service}.models").Base.metadata
    engine = create_async_engine(normalise_database_url(platform.database_url))

    def diff(connection):  # noqa: ANN001, ANN202
        context = MigrationContext.configure(
            connection,
            opts={
                "include_schemas": True,
                "include_name": lambda name, type_, _parents: type_ != "schema" or name == service,
                "compare_type": True,
                "version_table_schema": service,
            },
        )
        return compare_metadata(context, metadata)

    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(diff)
    finally:
        await engine.dispose()
    assert differences == [], f"{service}: models and migrations differ: {differences}"
