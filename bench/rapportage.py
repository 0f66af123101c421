"""Half-year report benchmark; prints its figures.

Zwolle's seed data (sporen, financien, indicatoren: six tracks, the Totaalopgave, Bijlage 1's 83 indicators) plus a
series of 8 years for every indicator, the 2020S2 texts of every chapter (the whole report of issue 25) and the CBS Iv3
budget 2024 of every municipality (which a 2020 report does not show: nothing from after its period), on a platform
of its own; then the report for H2 2020 is generated through
the gateway as JSON, HTML and PDF, each `--rounds` times. Targets (median): JSON and HTML ≤ 100 ms, PDF ≤ 300 ms
(issue 18). A report whose data did not change is rendered once (`sporen/rapportage/weergaven.py`), so the repeated
requests measure the report's build and the kept rendering; the rendering itself (the first request after a change)
is timed apart, in this process, on the same report.

Runs on PostgreSQL/NATS from DATABASE_URL/NATS_URL, else embedded ones; on a database and streams of its own.
    python bench/rapportage.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import results
from stuurcyclus_local.platform import Infrastructure, RunningPlatform, temporary_platform, token_for

TENANT = "GM0193"
IV3 = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "iv3" / "2024_begroting.csv"
TARGETS = {"json": 0.1, "html": 0.1, "pdf": 0.3}
URL = "/api/v1/sporen/rapportages/halfjaar/2020S2"


def seed(platform: RunningPlatform) -> None:
    for service in ("sporen", "financien", "indicatoren"):
        done = subprocess.run(
            [sys.executable, "-m", f"{service}.manage", "seed"], env=platform.env, capture_output=True
        )
        assert done.returncode == 0, done.stderr[-2000:]
    if IV3.exists():
        command = [sys.executable, "-m", "financien.manage", "import-iv3", str(IV3.resolve())]
        done = subprocess.run(command, env=platform.env, capture_output=True)
        assert done.returncode == 0, done.stderr[-2000:]


def measure(platform: RunningPlatform, rounds: int) -> dict[str, list[float]]:
    token = token_for(platform.env, gemeente=TENANT, rol="beheerder")
    headers = {"Gemeente-Code": TENANT, "Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=platform.gateway, headers=headers, timeout=60) as client:
        codes = [i["code"] for i in _all(client, "/api/v1/indicatoren/indicatoren?pageSize=100")]
        rows = [
            {"indicator": code, "periode": str(jaar), "gebied": TENANT, "waarde": str(100 + jaar % 7 + n)}
            for n, code in enumerate(codes)
            for jaar in range(2013, 2021)
        ]
        assert client.post("/api/v1/indicatoren/metingen", json=rows).status_code in (200, 201)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until the report's read models have every series and the finance
            report = client.get(URL).json()
            with_values = sum(1 for s in report["sporen"] for i in s["indicatoren"] if i["laatsteWaarden"])
            overview = report["financien"] or {}
            if overview.get("kaders") and with_values >= 83 and len(report["teksten"]) >= 5:
                break
            time.sleep(0.2)
        else:
            raise SystemExit("the report's read models did not fill within 60 s")
        times: dict[str, list[float]] = {"json": [], "html": [], "pdf": []}
        for _ in range(rounds):
            for formaat in times:
                started = time.perf_counter()
                response = client.get(URL, params={"formaat": formaat})
                times[formaat].append(time.perf_counter() - started)
                assert response.status_code == 200, response.text[:500]
        times["sizes"] = [len(client.get(URL, params={"formaat": f}).content) for f in ("json", "html", "pdf")]
        times["report"] = client.get(URL).json()
        return times


def cold_renderings(report: dict, rounds: int = 7) -> dict[str, float]:
    """Median seconds to render the report as HTML and as PDF from scratch (what a changed report's first request
    costs on top of its build)."""
    from sporen.rapportage import html, pdf, schemas

    model = schemas.Halfjaarrapportage.model_validate(report)
    medians = {}
    for formaat, render in (("html", html.render), ("pdf", pdf.render)):
        spent = []
        for _ in range(rounds):
            started = time.perf_counter()
            render(model)
            spent.append(time.perf_counter() - started)
        medians[formaat] = statistics.median(spent)
    return medians


def _all(client: httpx.Client, url: str) -> list[dict]:
    found = []
    while url:
        page = client.get(url).json()
        found += page["results"]
        url = page["next"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stuurcyclus-bench-") as tmp:
        infra = Infrastructure.from_env_or_embedded(Path(tmp) / "infra")
        try:
            with temporary_platform(infra, Path(tmp) / "logs", extra_env={"LOG_LEVEL": "WARNING"}) as platform:
                seed(platform)
                times = measure(platform, args.rounds)
        finally:
            infra.stop()
    sizes = times.pop("sizes")
    cold = cold_renderings(times.pop("report"))
    print(
        f"== half-year report H2 2020, Zwolle (every chapter: 6 tracks with their texts, 83 indicators × 8 values, "
        f"finance with the frame's history; no Iv3 after 2020), {args.rounds} rounds"
    )
    for (formaat, values), size in zip(times.items(), sizes, strict=True):
        median, target = statistics.median(values), TARGETS[formaat]
        print(
            f"{formaat:5} median {median * 1000:7.1f} ms   slowest {max(values) * 1000:7.1f} ms   "
            f"{size / 1024:7.1f} KiB   (target median ≤ {target * 1000:.0f} ms)   "
            f"{'OK' if median <= target else 'ABOVE TARGET'}"
        )
    print(
        f"rendering from scratch (a changed report's first request, in-process): html median {cold['html'] * 1000:.1f} "
        f"ms, pdf median {cold['pdf'] * 1000:.1f} ms"
    )
    results.record(
        "rapportage",
        {f"{f}_median_ms": statistics.median(v) * 1000 for f, v in times.items()}
        | {"pdf_rendering_ms": cold["pdf"] * 1000, "html_rendering_ms": cold["html"] * 1000},
    )


if __name__ == "__main__":
    main()
