"""Hot reads without the ORM: a SQLAlchemy Core statement compiled once to PostgreSQL's own SQL, run as a prepared
statement on a pooled asyncpg connection, rows as `asyncpg.Record`.

Why: a simple read by id through the ORM spent most of a request's CPU in SQLAlchemy (statement coercion, cache
keys, the unit of work, loading instances) for a row PostgreSQL hands over in 0.05 ms. Statements stay written in
SQLAlchemy Core, against the service's tables (so a renamed column fails at import, not at run time); only their
execution skips the ORM. asyncpg keeps each statement prepared per connection, so a repeated read is one round trip
(bind + execute). Reads only: every write keeps the ORM session and its single commit point.

    TRACK = Prepared(select(spoor).where(spoor.c.tenant == bindparam("tenant"), spoor.c.id == bindparam("id")))
    row = await database.fetchrow(TRACK, tenant=tenant, id=spoor_id)
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel
from sqlalchemy import Select, bindparam, func
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

_DIALECT = asyncpg_dialect()
M = TypeVar("M", bound=BaseModel)


class Prepared:
    """One read statement, compiled once: its SQL with `$n` placeholders and the order of its named parameters.

    `IN` lists are not expanded at compile time: write `column == any_(bindparam("ids"))` and pass a list."""

    __slots__ = ("sql", "names", "constants")

    def __init__(self, statement: ClauseElement) -> None:
        compiled = cast(SQLCompiler, statement.compile(dialect=_DIALECT))
        self.sql: str = str(compiled)
        self.names: tuple[str, ...] = tuple(compiled.positiontup or ())
        #: Values the statement itself holds (literals SQLAlchemy made parameters, e.g. a JSON object's keys).
        self.constants = {
            name: bind.value for name, bind in compiled.binds.items() if name in self.names and not bind.required
        }

    def args(self, params: dict[str, Any]) -> list[Any]:
        try:
            return [params[name] if name in params else self.constants[name] for name in self.names]
        except KeyError as exc:
            raise TypeError(f"missing parameter {exc.args[0]!r} of: {self.sql}") from None

    def __repr__(self) -> str:
        return f"Prepared({self.sql!r})"


def paged(query: Select) -> Select:
    """One page of `query` (bind `limit`, `offset`) with the total of all pages in every row (`totaal`,
    `count(*) OVER ()`): the page and its count in one round trip (`Database.fetch_page`)."""
    return query.add_columns(func.count().over().label("totaal")).limit(bindparam("limit")).offset(bindparam("offset"))


#: The models `ParsedOnce` holds, by id: each shared by every request that read the same text, never changed.
_SHARED: dict[int, BaseModel] = {}


def is_shared(model: object) -> bool:
    """`model` is one `ParsedOnce` holds (so its answer may be serialised once for all who read it: `hotreads`)."""
    return _SHARED.get(id(model)) is model


class ParsedOnce(Generic[M]):
    """A JSON document PostgreSQL built for an answer (a row as `row_to_json`), validated into `model` once per
    distinct text: the same text is the same row in the same state, so it is the same model. A changed row is a new
    text, and parsed anew; the oldest of `size` texts makes way for a new one.

    Why: validating a track's JSON (ten nested parts, every text its constraints) was a tenth of the service's CPU
    on its hottest read, for the same few rows over and over. The model handed out is shared by every request that
    read the same text: an endpoint answers it, and never changes it."""

    __slots__ = ("model", "size", "_parsed")

    def __init__(self, model: type[M], size: int = 512) -> None:
        self.model = model
        self.size = size
        self._parsed: dict[str, M] = {}

    def __call__(self, text: str) -> M:
        parsed = self._parsed.get(text)
        if parsed is None:
            parsed = self.model.model_validate_json(text)
            if len(self._parsed) >= self.size:
                oldest = self._parsed.pop(next(iter(self._parsed)))  # dicts keep their order
                _SHARED.pop(id(oldest), None)
            self._parsed[text] = _SHARED[id(parsed)] = parsed
        return parsed
