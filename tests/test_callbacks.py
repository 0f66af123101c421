"""Notifications never go into the platform's own network: refused when subscribing, and again at every delivery after
resolving the name (the delivery then goes to the address that was checked)."""

from __future__ import annotations

import httpx
import pytest
from aiohttp import web
from notificaties.callbacks import CallbackPolicy, CallbackRefused
from notificaties.service import post_checked
from stuurcyclus_local.embedded import free_port

from .support import RunningPlatform, auth_headers, unique_tenant

INTERNAL = [
    "http://10.0.0.1/hook",
    "http://172.16.5.4/hook",
    "http://192.168.1.10/hook",
    "http://169.254.169.254/latest/meta-data/",  # the cloud metadata service
    "http://100.64.0.1/hook",  # shared address space
    "http://0.0.0.0:8000/hook",
    "http://224.0.0.1/hook",
    "http://[fe80::1]/hook",
    "http://[fd00:ec2::254]/hook",
    "http://[::ffff:10.0.0.1]/hook",
    "http://beheer:geheim@127.0.0.1:9/hook",  # credentials belong in `auth`
    "ftp://127.0.0.1/hook",
]


async def test_a_subscription_to_an_internal_address_is_refused(platform: RunningPlatform) -> None:
    headers = auth_headers(platform, unique_tenant(), "subsidieadministratie")
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1/notificaties", headers=headers) as client:
        for url in INTERNAL:
            body = {"callbackUrl": url, "auth": "x", "kanalen": [{"naam": "gesprekstafels-besluit"}]}
            refused = await client.post("/abonnementen", json=body)
            assert refused.status_code in (400, 422), (url, refused.text)
            assert refused.json()["invalidParams"][0]["name"] == "callbackUrl", url
        allowed = {
            "callbackUrl": "http://127.0.0.1:9/hook",
            "auth": "x",
            "kanalen": [{"naam": "gesprekstafels-besluit"}],
        }
        assert (await client.post("/abonnementen", json=allowed)).status_code == 201, "loopback: allowed by setting"
        assert (await client.get("/abonnementen")).json()["count"] == 1


def _resolver(table: dict[str, list[str]]):  # noqa: ANN202
    async def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(-2, "Name or service not known")
        return table[host]

    return resolve


async def test_the_policy_without_any_allowance() -> None:
    strict = CallbackPolicy()
    resolver = _resolver({"ontvanger.example": ["93.184.216.34"], "intern.example": ["93.184.216.34", "10.0.0.8"]})
    assert (await strict.resolve("https://ontvanger.example/hook", resolver))[2] == ["93.184.216.34"]
    for url, reason in (
        ("http://ontvanger.example/hook", "https"),
        ("https://intern.example/hook", "private"),  # one private address among public ones is enough
        ("https://onbekend.example/hook", "resolved"),
        ("https://127.0.0.1/hook", "private"),
        ("https://[::1]/hook", "private"),
    ):
        with pytest.raises(CallbackRefused, match=reason):
            await strict.resolve(url, resolver)


async def test_a_delivery_checks_the_name_again_and_goes_to_the_address_it_checked() -> None:
    received: list[dict] = []

    async def hook(request: web.Request) -> web.Response:
        received.append({"host": request.headers["Host"], "body": await request.read()})
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    policy = CallbackPolicy.from_settings(allow_http=True, allow_networks=["127.0.0.0/8"])
    url = f"http://ontvanger.example:{port}/hook"
    try:
        async with httpx.AsyncClient() as client:
            answer = await post_checked(
                client, policy, url, b"{}", {}, 5, _resolver({"ontvanger.example": ["127.0.0.1"]})
            )
            assert answer.status_code == 204
            assert received == [{"host": f"ontvanger.example:{port}", "body": b"{}"}], "its own name as Host"
            with pytest.raises(CallbackRefused, match="private"):  # the name now points elsewhere: nothing is sent
                await post_checked(client, policy, url, b"{}", {}, 5, _resolver({"ontvanger.example": ["10.9.8.7"]}))
            assert len(received) == 1
    finally:
        await runner.cleanup()
