"""The hot lane reads a route's parameters as FastAPI does (`hotreads._Params` against `request_params_to_args`):
the same values, and where FastAPI finds an error the lane steps aside (`_FullStack`: the full stack's 400 names it) —
over parameters of every shape a route takes: path, query and header; required, optional, defaulted; aliases;
constrained; lists and models (read by FastAPI's own function)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

import pytest
from fastapi import Header, Path, Query
from fastapi.dependencies.utils import request_params_to_args
from fastapi.routing import APIRoute
from pydantic import AliasChoices, BaseModel
from starlette.datastructures import Headers, QueryParams
from stuurcyclus_common.hotreads import _FullStack, _Params


class Filter(BaseModel):
    jaar: int | None = None


async def endpoint(
    spoorId: uuid.UUID,
    jaar: Annotated[int, Path(ge=2000, le=2100)],
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=0, le=100)] = 20,
    zoek: Annotated[str | None, Query(max_length=10)] = None,
    status: Literal["actief", "afgerond"] | None = None,
    gemeente: Annotated[str | None, Header(alias="Gemeente-Code", pattern=r"^GM\d{4}$")] = None,
    x_audit: Annotated[str | None, Header()] = None,
    limiet: Annotated[int | None, Query(validation_alias=AliasChoices("limiet", "limit"))] = None,
) -> None: ...


async def with_list(tag: Annotated[list[str], Query()] = [], soort: Annotated[str, Query()] = "a") -> None: ...  # noqa: B006


async def with_model(filter: Annotated[Filter, Query()]) -> None: ...


def _headers(pairs: dict[str, str]) -> Headers:
    return Headers(raw=[(k.lower().encode(), v.encode()) for k, v in pairs.items()])


PATHS = [
    {"spoorId": str(uuid.uuid4()), "jaar": "2024"},
    {"spoorId": "nope", "jaar": "2024"},
    {"spoorId": str(uuid.uuid4()), "jaar": "1999"},
    {"spoorId": str(uuid.uuid4()), "jaar": "twee"},
]
QUERIES = [
    "",
    "page=2&pageSize=5",
    "pageSize=0",
    "pageSize=101",
    "page=0",
    "zoek=zorg",
    "zoek=" + "x" * 11,
    "status=actief",
    "status=onbekend",
    "page_size=3",
    "page=1&page=2",
    "tag=a&tag=b",
    "soort=b",
    "jaar=2024",
    "jaar=x",
    "limit=4",
    "limiet=3&limit=4",
    "limit=x",
]
HEADERS = [{}, {"Gemeente-Code": "GM0193"}, {"Gemeente-Code": "Zwolle"}, {"X-Audit": "reden"}]


def _same(fields: list, received: object) -> None:
    expected, errors = request_params_to_args(fields, received)  # type: ignore[arg-type]
    if errors:
        with pytest.raises(_FullStack):
            _Params(fields).read(received)  # type: ignore[arg-type]
    else:
        got = _Params(fields).read(received)  # type: ignore[arg-type]
        assert got == expected and [type(v) for v in got.values()] == [type(v) for v in expected.values()]


@pytest.mark.parametrize("function", [endpoint, with_list, with_model])
def test_the_lane_reads_every_parameter_as_fastapi_does(function: object) -> None:
    dependant = APIRoute("/x/{spoorId}/{jaar}", function).dependant  # type: ignore[arg-type]
    for path in PATHS:
        if dependant.path_params:
            _same(dependant.path_params, path)
    for query in QUERIES:
        if dependant.query_params:
            _same(dependant.query_params, QueryParams(query))
    for headers in HEADERS:
        if dependant.header_params:
            _same(dependant.header_params, _headers(headers))


def test_plain_parameters_are_compiled_and_others_left_to_fastapi() -> None:
    plain = APIRoute("/x/{spoorId}/{jaar}", endpoint).dependant
    assert all(_Params(f).compiled is not None for f in (plain.path_params, plain.query_params, plain.header_params))
    assert _Params(APIRoute("/x", with_list).dependant.query_params).compiled is None
    assert _Params(APIRoute("/x", with_model).dependant.query_params).compiled is None
