"""The hot lane (`stuurcyclus_common.hotreads`) answers exactly what the full stack answers.

Every route marked `@hot_read` in every service, asked the same requests — a plain read, paging and filters, the
tenant header (own and another's), no token, a forged token, each role, a conditional GET (matching and not), an
unknown, an invalid and an unstorable query parameter, an invalid or unknown path value, Dutch problem texts — of the
platform's API process (lane on) and of a second process of the same service with `HOT_READS=false` (the ordinary
way through FastAPI), on the same database: status, headers and body are the same, byte for byte. The lane's
requests keep their access-log route label in the metrics."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from stuurcyclus_common.auth import ROLES
from stuurcyclus_common.hotreads import hot_routes
from stuurcyclus_local.embedded import free_port
from stuurcyclus_local.platform import RunningPlatform, token_for

from tests.support import ZWOLLE, auth_headers, eventually, seed

pytestmark = pytest.mark.asyncio(loop_scope="session")

SERVICES = ("sporen", "financien", "indicatoren", "gesprekstafels")
#: Headers that differ per answer whoever makes it.
PER_ANSWER = {"date", "server"}


#: Run in the service's own environment: the lane's routes, and every route of its routers marked `@hot_read`.
LANE = """
import json
from fastapi.routing import APIRoute
from {service}.main import app
lane = next(m for m in app.user_middleware if m.cls.__name__ == "HotReadsMiddleware").kwargs["routes"]
routers = [m.original_router for m in app.router.routes if hasattr(m, "original_router")]
marked = [r.path for router in routers for r in router.routes
          if isinstance(r, APIRoute) and getattr(r.endpoint, "__hot_read__", False)]
print(json.dumps({{"lane": sorted(h.route.path for h in lane), "marked": sorted(marked)}}))
"""


def lane_routes(platform: RunningPlatform, service: str) -> set[str]:
    """The hot routes of the service's app — every route marked `@hot_read` is one."""
    done = subprocess.run(
        [sys.executable, "-c", LANE.format(service=service)], env=platform.env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert found["lane"] and found["lane"] == found["marked"], found
    return set(found["lane"])


@pytest.fixture(scope="module")
def cold(platform: RunningPlatform) -> Iterator[dict[str, str]]:
    """A second API process of each service with the lane off, on the platform's database."""
    env = dict(platform.env, HOT_READS="false")
    procs, urls = [], {}
    for service in SERVICES:
        port = free_port()
        args = ["-m", "uvicorn", f"{service}.main:app", "--host", "127.0.0.1", "--port", str(port)]
        procs.append(subprocess.Popen([sys.executable, *args, "--log-level", "warning"], env=env))
        urls[service] = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        for url in urls.values():
            while True:
                try:
                    if httpx.get(f"{url}/health/live", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, f"{url} did not start"
                time.sleep(0.1)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)


async def _examples(platform: RunningPlatform) -> dict[str, dict[str, list[str]]]:
    """Per service, per hot route: the paths and queries to ask (real values of Zwolle's seed)."""
    for service in ("sporen", "financien", "indicatoren"):
        seed(platform, service)
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform)) as api:
        spoor = (await api.get("/sporen/sporen", params={"pageSize": 1})).json()["results"][0]["id"]
        code = (await api.get("/indicatoren/indicatoren", params={"pageSize": 1})).json()["results"][0]["code"]
        rows = [
            {"indicator": code, "periode": str(j), "gebied": ZWOLLE, "waarde": str(j % 7)} for j in range(2016, 2025)
        ]
        assert (await api.post("/indicatoren/metingen", json=rows)).status_code in (200, 201)

        async def ambitions() -> bool:
            return (await api.get("/gesprekstafels/ambities")).json()["count"] >= 3

        await eventually(ambitions, timeout=30)
        assert (await api.post("/gesprekstafels/cycli", json={"jaar": 2027})).status_code in (201, 409)
    bad = "%00"
    return {
        "sporen": {
            "/sporen": ["", "?page=1&pageSize=2", "?status=actief", "?zoek=zorg", "?pageSize=0", "?zoek=" + bad],
            "/sporen/{spoorId}": [
                f"/{spoor}",
                f"/{spoor}?expand=raakvlakken",
                "/nope",
                "/00000000-0000-4000-8000-000000000000",
                f"/{spoor}?jaar=2024",
            ],
        },
        "financien": {"/rapportages/totaalopgave": ["", "?formaat=csv", "?formaat=xml", "?x=1"]},
        "indicatoren": {
            "/indicatoren/{code}/metingen": [
                f"/{code}/metingen",
                f"/{code}/metingen?gebied={ZWOLLE}&van=2018&tot=2022",
                f"/{code}/metingen?formaat=tabel",
                f"/{code}/metingen?alleVersies=true&pageSize=3&page=2",
                f"/{code}/metingen?gebied=XX",
                f"/{quote('geen-indicator')}/metingen",
            ]
        },
        "gesprekstafels": {"/cycli/{jaar}": ["/2027", "/2031", "/1800", "/twee"]},
    }


def _url(service: str, template: str, example: str) -> str:
    """`template` with its parameters filled by `example` (a path tail and/or a query)."""
    head = template.split("/{", 1)[0]
    if "{" in template:
        return f"/api/v1/{service}{head}{example}"
    return f"/api/v1/{service}{template}{example}"


def _callers(platform: RunningPlatform) -> list[tuple[str, dict[str, str]]]:
    callers = [
        (f"rol {rol}", auth_headers(platform, rol=rol, organisatie="ORG-1" if rol == "partner" else None))
        for rol in sorted(ROLES)
    ]
    mine = auth_headers(platform)
    forged = token_for(platform.env, gemeente=ZWOLLE, rol="beheerder") + "x"
    return [
        *callers,
        ("no token", {}),
        ("forged token", {"Authorization": f"Bearer {forged}"}),
        ("another municipality", {**mine, "Gemeente-Code": "GM0363"}),
        ("no tenant header", {"Authorization": mine["Authorization"]}),
        ("a bad tenant header", {**mine, "Gemeente-Code": "Zwolle"}),
        ("in Dutch", {**mine, "Accept-Language": "nl"}),
    ]


async def _both(hot: httpx.AsyncClient, cold: httpx.AsyncClient, url: str, headers: dict[str, str]) -> httpx.Response:
    headers = {**headers, "X-Correlation-ID": "hot-read-parity"}
    a, b = await hot.get(url, headers=headers), await cold.get(url, headers=headers)
    where = f"{url} {headers.get('Authorization', '')[:0]}"
    assert a.status_code == b.status_code, f"{where}: lane {a.status_code} {a.text[:300]} · full {b.text[:300]}"
    assert a.content == b.content, f"{where}: lane {a.text[:400]} · full {b.text[:400]}"
    ours = {(k, v) for k, v in a.headers.multi_items() if k not in PER_ANSWER}
    theirs = {(k, v) for k, v in b.headers.multi_items() if k not in PER_ANSWER}
    assert ours == theirs, f"{where}: lane {sorted(ours - theirs)} · full {sorted(theirs - ours)}"
    return a


async def test_the_lane_answers_every_hot_route_as_the_full_stack(
    platform: RunningPlatform, cold: dict[str, str]
) -> None:
    examples = await _examples(platform)
    asked = 0
    for service in SERVICES:
        assert set(examples[service]) == lane_routes(platform, service), f"{service}: every hot route has examples here"
        async with (
            httpx.AsyncClient(base_url=platform.service(service)) as hot,
            httpx.AsyncClient(base_url=cold[service]) as full,
        ):
            for template, tails in examples[service].items():
                for tail in tails:
                    url = _url(service, template, tail)
                    for _, headers in _callers(platform):
                        first = await _both(hot, full, url, headers)
                        asked += 1
                        if first.status_code == 200:  # the conditional GET: its ETag (304) and another's (200)
                            tag = first.headers["etag"]
                            assert (await _both(hot, full, url, {**headers, "If-None-Match": tag})).status_code == 304
                            assert (
                                await _both(hot, full, url, {**headers, "If-None-Match": '"1.x"'})
                            ).status_code == 200
                            asked += 2
            metrics = (await hot.get("/metrics")).text
            for template in examples[service]:
                assert f'route="{template}"' in metrics, f"{service}: the lane's requests keep their route label"
    assert asked > 300


async def test_a_route_the_lane_cannot_answer_is_refused_at_start() -> None:
    from fastapi import APIRouter, Depends
    from stuurcyclus_common.hotreads import NotHot, hot_read

    async def session():  # noqa: ANN202  (a yield dependency: an ORM session)
        yield None

    router = APIRouter()

    @hot_read
    @router.get("/x")
    async def x(s: object = Depends(session)) -> dict:
        return {}

    with pytest.raises(NotHot, match="not a plain async function"):
        hot_routes([router], "/api/v1/t")


async def test_a_streamed_answer_goes_the_full_way() -> None:
    """An endpoint that answers a stream (or with work after the answer) is read again by the full stack, which
    streams it: the lane never sends half of it."""
    from fastapi import APIRouter, FastAPI
    from fastapi.responses import StreamingResponse
    from httpx import ASGITransport, AsyncClient
    from stuurcyclus_common.hotreads import HotReadsMiddleware, hot_read

    router = APIRouter()
    calls: list[str] = []

    async def chunks():  # noqa: ANN202
        yield b"a;"
        yield b"b"

    @hot_read
    @router.get("/x", response_model=dict)
    async def x():  # noqa: ANN202
        calls.append("x")
        return StreamingResponse(chunks(), media_type="text/csv")

    app = FastAPI()
    app.include_router(router, prefix="/api/v1/t")
    app.add_middleware(HotReadsMiddleware, routes=hot_routes([router], "/api/v1/t"))
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        answer = await client.get("/api/v1/t/x")
    assert answer.status_code == 200 and answer.content == b"a;b"
    assert calls == ["x", "x"], "the lane asked once, then handed the request to the full stack"
