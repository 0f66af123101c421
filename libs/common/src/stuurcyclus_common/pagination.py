"""Page-number pagination in the shape of the Dutch ZGW APIs: `count`, `next`, `previous`, `results`.

Query keys are camelCase (`page`, `pageSize`) as the API Design Rules ask; `next`/`previous` are absolute URLs
that keep the caller's other query parameters.
"""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Query, Request
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


def page_params(
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
    """The URL the caller used: behind the gateway, its scheme and host (X-Forwarded-*), not the service's."""
    url = request.url
    host = request.headers.get("x-forwarded-host")
    proto = request.headers.get("x-forwarded-proto")
    if host:
        url = url.replace(netloc=host)
    if proto in ("http", "https"):
        url = url.replace(scheme=proto)
    return url


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


async def paginate(session: AsyncSession, query: Select, params: PageParams) -> tuple[int, list]:
    """Run `query` for one page; returns (total count, rows of the page)."""
    count = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = (await session.scalars(query.limit(params.page_size).offset(params.offset))).all()
    return int(count or 0), list(rows)
