"""The demo loader sends a request again when the platform answers 503 with Retry-After (nothing was saved), and
gives up after a few tries; any other answer it takes as it comes."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
from stuurcyclus_local.demo import _SendAgainWhenAsked


def _server(answers: list[tuple[int, dict[str, str]]]) -> tuple[ThreadingHTTPServer, list[bytes]]:
    bodies: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  (the standard library's name)
            bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
            status, headers = answers.pop(0) if answers else (201, {})
            self.send_response(status)
            for name, value in {**headers, "Content-Length": "0"}.items():
                self.send_header(name, value)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, bodies


def test_a_503_with_retry_after_is_sent_again_with_the_same_body() -> None:
    server, bodies = _server([(503, {"Retry-After": "0"}), (503, {"Retry-After": "0"})])
    try:
        with httpx.Client(transport=_SendAgainWhenAsked()) as client:
            answer = client.post(f"http://127.0.0.1:{server.server_port}/x", content=b"rij;1")
        assert answer.status_code == 201
        assert bodies == [b"rij;1"] * 3
    finally:
        server.shutdown()


def test_it_gives_up_after_four_tries_and_leaves_other_answers_alone() -> None:
    server, bodies = _server([(503, {"Retry-After": "0"})] * 4 + [(500, {}), (503, {})])
    try:
        with httpx.Client(transport=_SendAgainWhenAsked()) as client:
            url = f"http://127.0.0.1:{server.server_port}/x"
            assert client.post(url, content=b"a").status_code == 503
            assert bodies == [b"a"] * 4, "four tries"
            assert client.post(url, content=b"b").status_code == 500, "a 500 is not sent again"
            assert client.post(url, content=b"c").status_code == 503, "nor a 503 without Retry-After"
            assert bodies == [b"a"] * 4 + [b"b", b"c"]
    finally:
        server.shutdown()
