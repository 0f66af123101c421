"""A browser app on another origin calls the API (issue 30, CORS): a page served from its own port on this machine
reads through the gateway, writes with an Idempotency-Key, and revalidates with If-None-Match (304), in headless
Chromium — what a frontend team's Vite dev server (http://localhost:5173) does against the local platform."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from aiohttp import web
from stuurcyclus_local.embedded import free_port

from .support import RunningPlatform, auth_headers, unique_tenant

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>dashboard</title></head><body>
<pre id="uitkomst">bezig</pre><script>
const api = %(api)s, headers = %(headers)s;
async function run() {
  const out = {};
  const list = await fetch(api + "/sporen/ambities", {headers});
  out.lezen = list.status; out.etag = list.headers.get("ETag"); out.versie = list.headers.get("API-Version");
  const body = JSON.stringify({nummer: 3, naam: "Gelijke kansen"});
  const key = {"Content-Type": "application/json", "Idempotency-Key": "dashboard-1"};
  const first = await fetch(api + "/sporen/ambities", {method: "POST", headers: {...headers, ...key}, body});
  const again = await fetch(api + "/sporen/ambities", {method: "POST", headers: {...headers, ...key}, body});
  out.schrijven = first.status; out.nogmaals = again.status;
  out.herhaald = again.headers.get("Idempotent-Replayed");
  const one = await first.json();
  const read = await fetch(api + "/sporen/ambities/" + one.id, {headers});
  const tag = read.headers.get("ETag");
  const cached = await fetch(api + "/sporen/ambities/" + one.id,
    {headers: {...headers, "If-None-Match": tag}, cache: "no-store"});
  out.etagGezien = tag; out.revalidatie = cached.status;
  document.getElementById("uitkomst").textContent = JSON.stringify(out);
}
run().catch(e => { document.getElementById("uitkomst").textContent = "fout: " + e; });
</script></body></html>"""


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (`make test` installs it)")
async def test_a_page_on_another_origin_reads_writes_and_revalidates(platform: RunningPlatform, tmp_path: Path) -> None:
    tenant = unique_tenant()
    headers = {k: v for k, v in auth_headers(platform, tenant).items()}
    page = PAGE % {"api": json.dumps(f"{platform.gateway}/api/v1"), "headers": json.dumps(headers)}
    app = web.Application()
    app.router.add_get("/", lambda _: web.Response(text=page, content_type="text/html"))
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()  # the page's origin: http://localhost:<port>
    try:
        command = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=20000",
            "--dump-dom",
            f"http://localhost:{port}/",
        ]
        process = await asyncio.create_subprocess_exec(*command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        dom, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    finally:
        await runner.cleanup()
    found = re.search(r'<pre id="uitkomst">(.*?)</pre>', dom.decode())
    assert found, dom[-500:]
    outcome = json.loads(found.group(1).replace("&quot;", '"'))
    assert outcome["lezen"] == 200 and outcome["etag"] and outcome["versie"], outcome  # exposed headers readable
    assert (outcome["schrijven"], outcome["nogmaals"], outcome["herhaald"]) == (201, 201, "true"), outcome
    assert outcome["etagGezien"] and outcome["revalidatie"] == 304, outcome
