"""`stuurcyclus_common.serve`: an answer is written once (head and body together) and leaves as soon as it is whole —
not after what the app still does once it was sent (the access line, metrics), which would add to every request's
latency."""

from __future__ import annotations

import asyncio
import socket
import threading

import uvicorn
from stuurcyclus_common.serve import HttpProtocol
from stuurcyclus_local.embedded import free_port


async def test_the_whole_answer_leaves_before_the_app_finishes_what_follows_it() -> None:
    received = threading.Event()
    outcome: list[bool] = []

    async def app(scope: dict, receive, send) -> None:  # noqa: ANN001
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})
        # Work after the answer, without giving the event loop a turn: the answer must already be on its way.
        outcome.append(received.wait(5))

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, http=HttpProtocol, lifespan="off", log_level="error")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    answer: list[bytes] = []

    def client() -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
            data = b""
            while not data.endswith(b"ok"):
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            answer.append(data)
            received.set()

    thread = threading.Thread(target=client)
    thread.start()
    try:
        while not outcome:
            await asyncio.sleep(0.01)
    finally:
        thread.join(10)
        server.should_exit = True
        await serving
    assert outcome == [True], "the client had the whole answer while the app was still busy after sending it"
    assert answer[0].startswith(b"HTTP/1.1 200 OK") and answer[0].endswith(b"\r\n\r\nok")


async def test_the_server_leaves_its_start_up_heap_out_of_full_collections() -> None:
    """`serve.Server` freezes the heap once the app has started (`heap.freeze_start_up_heap`)."""
    import gc

    from stuurcyclus_common.serve import Server

    async def app(scope: dict, receive, send) -> None:  # noqa: ANN001
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})

    gc.unfreeze()
    server = Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="error"))
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:
            await asyncio.sleep(0.01)
        assert gc.get_freeze_count() > 1_000, "start-up's objects are out of the full collections"
    finally:
        server.should_exit = True
        await serving
        gc.unfreeze()
