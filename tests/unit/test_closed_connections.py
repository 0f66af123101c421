"""Every form in which a connection the server closed meets asyncpg is a closed connection (a read runs once more on
a fresh one; SQLAlchemy replaces its pool and the error is the database being away: 503, a consumer retries) — and
errors of the statement itself are not."""

from __future__ import annotations

import asyncpg
import pytest
from asyncpg.exceptions._base import InternalClientError
from stuurcyclus_common.db import _closed_connection


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.InterfaceError("cannot call Connection.fetch(): connection is closed"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command"),
        InternalClientError("cannot switch to state 12; another operation (2) is in progress"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_the_server_closing_a_connection_in_any_form_is_a_closed_connection(error: Exception) -> None:
    assert _closed_connection(error)


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.UniqueViolationError("duplicate key value violates unique constraint"),
        asyncpg.InterfaceError("cannot perform operation: another operation is in progress"),
        asyncpg.DataError("invalid input syntax for type integer"),
        asyncpg.RaiseError("line 3 of the batch needs the thorough check"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_error_of_the_statement_itself_is_not(error: Exception) -> None:
    assert not _closed_connection(error)
