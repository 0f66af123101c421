"""Async SQLAlchemy 2 over asyncpg: one engine per process, one session per request or event, one commit point.

Service code only `flush()`es; the session dependency (`session_scope`) commits once when the request succeeds
and rolls back otherwise. That single commit point is what lets an outbox row share the business transaction.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, DateTime, MetaData, Result, String, Table, event, func, or_, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Mapped, mapped_column

from .logs import get_logger
from .reads import Prepared
from .settings import ServiceSettings, plain_database_url

log = get_logger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def make_metadata(schema: str) -> MetaData:
    """Metadata of one service: all its tables live in its own schema, with predictable constraint names."""
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


class TenantMixin:
    """Every record belongs to one municipality (CBS code, e.g. `GM0193`): the tenant of a multi-tenant deployment."""

    tenant: Mapped[str] = mapped_column(String(6), index=True, comment="CBS code of the municipality (GM####)")


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Database:
    """The engine and session factory of one service process."""

    def __init__(self, settings: ServiceSettings, *, pool_size: int | None = None) -> None:
        self.settings = settings
        self.engine: AsyncEngine = create_async_engine(
            settings.database_url,
            pool_size=pool_size or settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            # No ping per checkout (three round trips on every request): a connection the server closed fails on
            # use, SQLAlchemy then renews the whole pool, a read is run once more (`http.TransactionalRoute`) and
            # a write answers 503 with Retry-After (nothing was saved); connections older than an hour are renewed.
            pool_pre_ping=False,
            pool_recycle=3600,
            connect_args={"server_settings": {"application_name": f"stuurcyclus-{settings.service}"}},
        )
        event.listen(self.engine.sync_engine, "handle_error", _closed_is_a_disconnect)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        #: Sessions of reads (GET): autocommit, so a read costs its SELECTs and no BEGIN/COMMIT round trips. The
        #: same snapshots as before: under READ COMMITTED every statement sees its own.
        #: Statements that are each their own transaction (reads; an event applied in one statement).
        self.autocommit_engine: AsyncEngine = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self.read_sessionmaker = async_sessionmaker(self.autocommit_engine, expire_on_commit=False, autoflush=False)

        self._reads: Any = None  # asyncpg pool of the hot reads (`fetch`), made on first use
        self._reads_lock = asyncio.Lock()

    async def fetch(self, query: Prepared, **params: Any) -> list[Any]:
        """Rows of a read statement (`reads.Prepared`), prepared once per connection, in autocommit. A pooled
        connection the server had closed is replaced and the read run once more (reads are safe to repeat)."""
        args = query.args(params)

        async def on_the_reads_pool() -> list[Any]:
            pool = self._reads or await self._reads_pool()
            try:
                return await pool.fetch(query.sql, *args)
            except Exception as exc:
                if _closed_connection(exc):
                    # The server closed one pooled connection, so most likely all of them (a restart, a failover):
                    # every connection of the pool is replaced before it is used again.
                    await pool.expire_connections()
                raise

        return await _once_more_if_closed(on_the_reads_pool, query, "read_retried_on_a_closed_connection")

    async def fetch_on_engine(self, query: Prepared, **params: Any) -> list[Any]:
        """Rows of a statement that is its own transaction (`reads.Prepared`; an event applied in one statement),
        prepared once per connection, on a connection of the engine's own pool — a worker keeps one pool, not a
        second beside it (PostgreSQL's connections are counted). A connection the server had closed is dropped from
        the pool and the statement run once more on a fresh one (such statements are safe to repeat)."""
        args = query.args(params)

        async def on_the_engines_pool() -> list[Any]:
            async with self.autocommit_engine.connect() as connection:
                raw = await connection.get_raw_connection()
                try:
                    return await raw.driver_connection.fetch(query.sql, *args)  # type: ignore[union-attr]
                except Exception as exc:
                    if _closed_connection(exc):
                        await connection.invalidate(exc)
                    raise

        return await _once_more_if_closed(on_the_engines_pool, query, "statement_retried_on_a_closed_connection")

    async def fetchrow(self, query: Prepared, **params: Any) -> Any:
        rows = await self.fetch(query, **params)
        return rows[0] if rows else None

    async def fetch_page(
        self, page: Prepared, count: Prepared, *, limit: int, offset: int, **params: Any
    ) -> tuple[int, list[Any]]:
        """A page of a `reads.paged` statement and the total: from its rows, or — past the last page, where no row
        carries it — from `count` (the same conditions, no limit)."""
        rows = await self.fetch(page, limit=limit, offset=offset, **params)
        total = rows[0]["totaal"] if rows else (await self.fetchrow(count, **params))[0]
        return int(total), rows

    async def _reads_pool(self) -> Any:
        import asyncpg
        import orjson

        async def init(conn: asyncpg.Connection) -> None:
            for kind in ("json", "jsonb"):
                await conn.set_type_codec(kind, encoder=_json_text, decoder=orjson.loads, schema="pg_catalog")

        async def no_reset(conn: asyncpg.Connection) -> None:
            """Reads leave no session state behind: skip the RESET ALL … round trip on every release."""

        async with self._reads_lock:
            if self._reads is None:
                self._reads = await asyncpg.create_pool(
                    plain_database_url(self.settings.database_url),
                    min_size=1,
                    max_size=self.settings.db_pool_size,
                    init=init,
                    reset=no_reset,
                    server_settings={"application_name": f"stuurcyclus-{self.settings.service}-reads"},
                )
        return self._reads

    @asynccontextmanager
    async def session_scope(self) -> AsyncIterator[AsyncSession]:
        """A session whose work commits once at the end, or rolls back entirely on any error."""
        async with self.sessionmaker() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        if self._reads is not None:
            await self._reads.close()
            self._reads = None
        await self.engine.dispose()


def _json_text(value: Any) -> str:
    import orjson

    return orjson.dumps(value).decode()


def _closed_connection(exc: BaseException) -> bool:
    """asyncpg's words for a connection that is gone (the server closed it, or it broke): worth one more try on
    another. As the server's closing meets the client: the connection gone in the middle of a statement, a closed
    connection used, the server's own "terminating connection" (57P01) as the statement's answer, or the protocol
    left in a state it cannot leave (`InternalClientError`: "cannot switch to state …")."""
    name = type(exc).__name__
    return (
        name in ("ConnectionDoesNotExistError", "AdminShutdownError", "InternalClientError")
        or (name == "InterfaceError" and "closed" in str(exc).lower())
        or getattr(exc, "sqlstate", None) == "57P01"
    )


async def _once_more_if_closed(run: Callable[[], Awaitable[list[Any]]], query: Prepared, said: str) -> list[Any]:
    """`run()`, and where the server had closed the connection it used (which `run` then dropped), once more."""
    try:
        return await run()
    except Exception as exc:
        if not _closed_connection(exc):
            raise
        log.info(said, statement=query.sql[:80])
    return await run()


def _closed_is_a_disconnect(context: ExceptionContext) -> None:
    """SQLAlchemy knows a closed asyncpg connection by `is_closed()`; the server's closing can also meet a statement
    before the client has noticed (`_closed_connection`). Those too are a disconnect: the pool's connections are
    replaced rather than reused, and the error counts as the database being away (`errors.unavailable`: a 503 with
    Retry-After, a consumer that waits and retries) — never a 500, never an event's failure."""
    error = context.original_exception
    if any(_closed_connection(e) for e in (error, error.__cause__) if e is not None):
        context.is_disconnect = True


#: The escape character of every LIKE pattern built from user input.
LIKE_ESCAPE = "\\"


def like_literal(text_: str) -> str:
    """`text_` as a literal inside a LIKE pattern: `%`, `_` and the escape character stand for themselves."""
    return text_.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")


def text_search(term: str, *columns: Any) -> Any:
    """Rows where any of `columns` contains `term` (case-insensitive), the term taken literally: a search for `%` or
    `_` finds those characters, not everything. The only way a service searches text on user input."""
    pattern = f"%{like_literal(term)}%"
    return or_(*(column.ilike(pattern, escape=LIKE_ESCAPE) for column in columns))


def starts_with(column: Any, prefix: str) -> Any:
    """Rows where `column` begins with `prefix`, taken literally."""
    return column.like(f"{like_literal(prefix)}%", escape=LIKE_ESCAPE)


class NotConfigured(Exception):
    """The configured database or schema does not exist (or refuses these credentials): waiting will not help."""


async def check_configured(settings: Any) -> None:
    """Fail with `NotConfigured` (one clear sentence) when the database or the service's schema does not exist or
    the credentials are refused; raise the connection error itself when the server is only unreachable (a caller
    waits and retries then); return when all is there."""
    import asyncpg

    url = plain_database_url(settings.database_url)
    try:
        conn = await asyncpg.connect(url, timeout=5)
    except (asyncpg.InvalidCatalogNameError, asyncpg.InvalidAuthorizationSpecificationError) as exc:
        raise NotConfigured(f"the database of DATABASE_URL ({_safe(url)}) cannot be used: {exc}") from None
    try:
        schema = await conn.fetchval("SELECT to_regclass($1)", f"{settings.schema}.alembic_version")
    finally:
        await conn.close()
    if schema is None:
        raise NotConfigured(
            f"the schema {settings.schema!r} has no migrations in {_safe(url)}: run `python -m "
            f"{settings.service}.manage migrate` (or `stuurcyclus migrate`) first"
        )


def _safe(url: str) -> str:
    """A database URL without its password, for messages."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def table_of(model: type[Any]) -> Table:
    """A mapped class's table, typed as the `Table` it is (SQLAlchemy types `__table__` as any FROM clause)."""
    return cast(Table, model.__table__)


def affected(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched (its result is a cursor result; SQLAlchemy types it as any)."""
    return cast(CursorResult[Any], result).rowcount
