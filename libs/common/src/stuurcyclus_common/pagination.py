"""Page-number pagination in the shape of the Dutch ZGW APIs: `count`, `next`, `previous`, `results`.

Query keys are camelCase (`page`, `pageSize`) as the API Design Rules ask; `next`/`previous` are absolute URLs
that keep the caller's other query parameters.
"""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar
from urllib.parse import urlsplit

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")

MAX_PAGE_SIZE = 100


class PageParams(BaseModel):
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


async def page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1.")] = 1,
    pageSize: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Results per page (at most 100).")] = 20,
) -> PageParams:
    return PageParams(page=page, page_size=pageSize)


class Page(BaseModel, Generic[T]):
    count: int = Field(description="Total number of results over all pages.")
    next: str | None = Field(description="URL of the next page, if any.")
    previous: str | None = Field(description="URL of the previous page, if any.")
    results: list[T]


def public_url(request: Request):  # noqa: ANN201  (starlette URL)
    """The request's URL at the platform's public address (`PUBLIC_BASE_URL`: its scheme and host), never at a host a
    caller names: `Host` and `X-Forwarded-*` are the caller's to write, so a link built from them points anywhere."""
    settings = getattr(request.app.state, "settings", None)
    base = urlsplit(settings.public_base_url if settings is not None else "http://127.0.0.1:8000")
    return request.url.replace(scheme=base.scheme, netloc=base.netloc)


def build_page(request: Request, params: PageParams, count: int, results: list[T]) -> Page[T]:
    base = public_url(request)

    def url_for(page: int) -> str:
        return str(base.include_query_params(page=page, pageSize=params.page_size))

    has_next = params.offset + len(results) < count
    return Page[T](
        count=count,
        next=url_for(params.page + 1) if has_next else None,
        previous=url_for(params.page - 1) if params.page > 1 else None,
        results=results,
    )


async def paginate(
    session: AsyncSession, query: Select, params: PageParams, *, scalars: bool = True
) -> tuple[int, list]:
    """Run `query` for one page; returns (total count, rows of the page: the first column's values, or with
    `scalars=False` whole rows)."""
    count = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = query.limit(params.page_size).offset(params.offset)
    rows = (await session.scalars(page)).all() if scalars else (await session.execute(page)).all()
    return int(count or 0), list(rows)


class Pager:
    """One page of a list answer, in the one list shape of the platform (`{count, next, previous, results}`).

    Every `GET` that answers a collection takes a `PagerDep` and returns `Page[…]` (tests/test_list_shape.py checks
    the merged OpenAPI for it): `await pager.query(session, select(...), convert)` pages in the database,
    `pager.of(items)` pages a list already in memory (a sub-collection, a computed report)."""

    def __init__(self, request: Request, params: PageParams) -> None:
        self.request, self.params = request, params

    def of(self, items: list[T]) -> Page[T]:
        start = self.params.offset
        return build_page(self.request, self.params, len(items), items[start : start + self.params.page_size])

    async def query(self, session: AsyncSession, query: Select, convert=None, *, scalars: bool = True) -> Page:  # noqa: ANN001
        count, rows = await paginate(session, query, self.params, scalars=scalars)
        return build_page(self.request, self.params, count, [convert(r) for r in rows] if convert else rows)


async def get_pager(request: Request, params: Annotated[PageParams, Depends(page_params)]) -> Pager:
    return Pager(request, params)


PagerDep = Annotated[Pager, Depends(get_pager)]
