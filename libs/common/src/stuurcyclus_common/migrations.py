"""Alembic, one history per service, each confined to its own schema (tables and `alembic_version`).

A service's `migrations/env.py` is two lines: it calls `run_migrations_from_env(<its metadata>)`. The platform
and the tests run migrations with `upgrade("<service>", settings)`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

from .db import make_metadata
from .events.tables import event_tables
from .settings import ServiceSettings
from .snapshots import snapshot_version_table
from .writes import write_tables


def alembic_config(service: str, settings: ServiceSettings | None = None) -> Config:
    """Alembic configuration of `service` (its scripts ship inside its package: `<service>:migrations`)."""
    settings = settings or ServiceSettings.for_service(service)
    config = Config()
    config.set_main_option("script_location", f"{service}:migrations")
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    config.attributes["schema"] = settings.schema
    return config


def upgrade(service: str, settings: ServiceSettings | None = None, revision: str = "head") -> None:
    """Bring `service`'s schema to `revision` (blocking; call from a thread inside an event loop)."""
    command.upgrade(alembic_config(service, settings), revision)


def run_migrations_from_env(metadata: MetaData) -> None:
    """Body of a service's `env.py`: online migrations over asyncpg, in the service's own schema."""
    config = context.config
    schema = config.attributes.get("schema") or metadata.schema
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        url = ServiceSettings.for_service(str(metadata.schema)).database_url
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))

    def do_run(connection: Connection) -> None:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table_schema=schema,
            # Autogenerate compares this service's schema only: never another service's tables.
            include_schemas=True,
            include_name=lambda name, type_, _parents: type_ != "schema" or name == schema,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = async_engine_from_config(
            config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
        )
        async with engine.begin() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    if context.is_offline_mode():
        raise RuntimeError("offline (SQL script) migrations are not supported; run against a database")
    asyncio.run(run_async())


def create_write_tables_v1(connection: Connection, schema: str) -> None:
    """Migration step: the audit trail and idempotency tables (`stuurcyclus_common.writes`) as first released."""
    tables = write_tables(make_metadata(schema))
    tables.audittrail.create(connection)
    tables.idempotentie.create(connection)
    # As first released, a resource's rows were found by `resource_id` alone; a later revision of every service
    # leads that index with the municipality (`lead_with_the_tenant`).
    connection.execute(text(f"DROP INDEX {schema}.ix_audittrail_tenant_resource_id"))
    connection.execute(text(f"CREATE INDEX ix_audittrail_resource_id ON {schema}.audittrail (resource_id)"))
    # Append-only, also for whoever has SQL access: an UPDATE or DELETE of an audit row is an error.
    connection.execute(
        text(
            f"CREATE FUNCTION {schema}.audittrail_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$"
        )
    )
    connection.execute(
        text(
            f"CREATE TRIGGER audittrail_append_only BEFORE UPDATE OR DELETE ON {schema}.audittrail "
            f"FOR EACH ROW EXECUTE FUNCTION {schema}.audittrail_append_only()"
        )
    )


def create_snapshot_version_table_v1(connection: Connection, schema: str) -> None:
    """Migration step: the counter of snapshot event versions (`stuurcyclus_common.snapshots`) as first released."""
    snapshot_version_table(make_metadata(schema)).create(connection)


def create_event_tables_v1(connection: Connection, schema: str) -> None:
    """Migration step: the outbox and inbox tables as first released (used by each service's first revision)."""
    tables = event_tables(make_metadata(schema))
    tables.outbox.create(connection)
    tables.inbox.create(connection)


def lead_with_the_tenant(
    schema: str,
    indexes: Mapping[str, Sequence[str]] | None = None,
    uniques: Mapping[str, Sequence[tuple[str, ...]]] | None = None,
) -> None:
    """In a migration's `upgrade()`: make indexes and unique constraints of a service lead with the municipality.

    `indexes`: per table, columns that had an index of their own (`ix_<table>_<column>`), now `(tenant, column)`
    (`ix_<table>_tenant_<column>`). `uniques`: per table, the columns of a unique constraint, now with `tenant`
    first. Names follow the platform's naming convention (`db.NAMING_CONVENTION`)."""
    from alembic import op

    for table, columns in (indexes or {}).items():
        for column in columns:
            op.drop_index(f"ix_{table}_{column}", table_name=table, schema=schema)
            op.create_index(f"ix_{table}_tenant_{column}", table, ["tenant", column], schema=schema)
    for table, constraints in (uniques or {}).items():
        for unique in constraints:
            op.drop_constraint(f"uq_{table}_{'_'.join(unique)}", table, schema=schema, type_="unique")
            op.create_unique_constraint(
                f"uq_{table}_tenant_{'_'.join(unique)}", table, ["tenant", *unique], schema=schema
            )


def follow_the_tenant_back(
    schema: str,
    indexes: Mapping[str, Sequence[str]] | None = None,
    uniques: Mapping[str, Sequence[tuple[str, ...]]] | None = None,
) -> None:
    """The `downgrade()` of `lead_with_the_tenant` with the same arguments."""
    from alembic import op

    for table, constraints in (uniques or {}).items():
        for unique in constraints:
            op.drop_constraint(f"uq_{table}_tenant_{'_'.join(unique)}", table, schema=schema, type_="unique")
            op.create_unique_constraint(f"uq_{table}_{'_'.join(unique)}", table, list(unique), schema=schema)
    for table, columns in (indexes or {}).items():
        for column in columns:
            op.drop_index(f"ix_{table}_tenant_{column}", table_name=table, schema=schema)
            op.create_index(f"ix_{table}_{column}", table, [column], schema=schema)
