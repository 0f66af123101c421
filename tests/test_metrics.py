"""Metrics (issue 29, item 1): every API process answers `/metrics` in Prometheus' exposition format, and its families
move under a small scripted load — a write raises the request counter of its route template, the outbox and each
durable consumer are reported per service, notificaties counts its deliveries by state."""

from __future__ import annotations

import re

import httpx
from prometheus_client.parser import text_string_to_metric_families

from .support import RunningPlatform, auth_headers, eventually, unique_tenant

SERVICES = ("sporen", "indicatoren", "financien", "gesprekstafels", "notificaties")


async def _scrape(platform: RunningPlatform, service: str) -> dict[str, list]:
    """Every replica's families, their samples together (requests are spread over the replicas)."""
    families: dict[str, list] = {}
    async with httpx.AsyncClient(timeout=10) as client:
        for replica in range(1, len(platform.ports.replicas[service]) + 1):
            answer = await client.get(f"{platform.service(service, replica)}/metrics")
            assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
            for family in text_string_to_metric_families(answer.text):
                families.setdefault(family.name, []).extend(family.samples)
    return families


def _value(samples: list, **labels: str) -> float:
    return sum(s.value for s in samples if all(s.labels.get(k) == v for k, v in labels.items()))


async def test_every_process_exposes_its_families(platform: RunningPlatform) -> None:
    for service in SERVICES:
        families = await _scrape(platform, service)
        for family in (
            "stuurcyclus_http_requests",
            "stuurcyclus_http_request_duration_seconds",
            "stuurcyclus_outbox_waiting",
            "stuurcyclus_outbox_oldest_age_seconds",
            "stuurcyclus_dependency_up",
            "stuurcyclus_db_pool_connections",
        ):
            assert family in families, f"{service} lacks {family}"
        up = [s for s in families["stuurcyclus_dependency_up"] if s.labels["service"] == service]
        assert up and all(s.value == 1 for s in up), up
        if service != "notificaties":  # every service with a subscription reports each of its durable consumers
            consumers = {s.labels["consumer"] for s in families.get("stuurcyclus_consumer_pending", [])}
            assert consumers and all(c.startswith(f"{service}-") for c in consumers), (service, consumers)
    assert "stuurcyclus_webhook_deliveries" in await _scrape(platform, "notificaties")


async def test_a_write_raises_the_counter_of_its_route_template(platform: RunningPlatform) -> None:
    route = "/sporen/{spoorId}"  # the template as the service routes it (its prefix is the `service` label)
    before = _value((await _scrape(platform, "sporen"))["stuurcyclus_http_requests"], route=route, method="GET")
    tenant = unique_tenant()
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as api:
        created = await api.post("/api/v1/sporen/sporen", json={"nummer": 1, "naam": "Sterke sociale basis"})
        assert created.status_code == 201
        for _ in range(3):
            assert (await api.get(f"/api/v1/sporen/sporen/{created.json()['id']}")).status_code == 200
        assert (await api.get("/api/v1/sporen/sporen/00000000-0000-4000-8000-000000000000")).status_code == 404

    async def moved() -> dict | None:
        families = await _scrape(platform, "sporen")
        requests = families["stuurcyclus_http_requests"]
        done = _value(requests, route=route, method="GET")
        return families if done >= before + 4 else None

    families = await eventually(moved, timeout=10)
    requests = families["stuurcyclus_http_requests"]
    assert _value(requests, route=route, method="GET", status="4xx") >= 1
    assert _value(requests, route="/sporen", method="POST", status="2xx") >= 1
    labels = {s.labels["route"] for s in requests}
    assert not any(re.search(r"/[0-9a-f]{8}-[0-9a-f]{4}-", label) for label in labels), "templates, never ids"
    count = _value(families["stuurcyclus_http_request_duration_seconds"], route=route, method="GET")
    assert count > 0


async def test_a_stopped_consumer_raises_its_lag_and_it_falls_when_it_runs_again(platform: RunningPlatform) -> None:
    """Both workers of financien stopped: the tracks sporen announces wait in financien's consumer, and its lag shows
    them; the workers back, the lag falls to what it was."""
    consumer = "financien-sporen"

    async def lag() -> float:
        return _value((await _scrape(platform, "financien"))["stuurcyclus_consumer_pending"], consumer=consumer)

    before = await lag()
    for name in ("financien-worker", "financien-worker-2"):
        platform.group.kill(name)
    try:
        tenant = unique_tenant()
        async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as api:
            for nummer in range(1, 6):
                body = {"nummer": nummer, "naam": f"Spoor {nummer}"}
                assert (await api.post("/api/v1/sporen/sporen", json=body)).status_code == 201

        async def waiting() -> float | None:
            now = await lag()
            return now if now >= before + 5 else None

        assert await eventually(waiting, timeout=15), "five events wait for the stopped consumer"
    finally:
        platform.group.start_worker("financien", replica=1)
        platform.group.start_worker("financien", replica=2)

    async def caught_up() -> bool:
        return await lag() <= before

    assert await eventually(caught_up, timeout=30), "the workers back, the lag falls"


async def test_a_failing_receiver_parks_a_delivery_and_the_metric_shows_it(platform: RunningPlatform) -> None:
    async def parked() -> float:
        families = await _scrape(platform, "notificaties")
        return _value(families["stuurcyclus_webhook_deliveries"], state="geparkeerd") / len(
            platform.ports.replicas["notificaties"]
        )  # every replica reports the same count of the shared table

    before = await parked()
    tenant = unique_tenant()
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as api:
        body = {
            "callbackUrl": "http://127.0.0.1:9/ontvanger",  # nothing listens: every attempt fails
            "auth": "Bearer x",
            "kanalen": [{"naam": "sporen-spoor"}],
            "maxPogingen": 1,
        }
        assert (await api.post("/api/v1/notificaties/abonnementen", json=body)).status_code == 201
        assert (await api.post("/api/v1/sporen/sporen", json={"nummer": 1, "naam": "Geparkeerd"})).status_code == 201

    async def shown() -> float | None:
        now = await parked()
        return now if now >= before + 1 else None

    assert await eventually(shown, timeout=30), "the parked delivery is counted"


def _families() -> set[str]:
    """The metric families the platform's processes register (notificaties adds its deliveries)."""
    import notificaties.metrics  # noqa: F401  (registers its gauge)
    from stuurcyclus_common.metrics import REGISTRY

    return {metric.name for metric in REGISTRY.collect()}


def _named(expr: str) -> set[str]:
    return {re.sub(r"_(total|bucket|count|sum)$", "", m) for m in re.findall(r"stuurcyclus_[a-z_]+", expr)}


def test_the_alerts_and_the_dashboard_name_only_metrics_the_platform_exposes() -> None:
    import json
    from pathlib import Path

    import yaml

    monitoring = Path(__file__).resolve().parents[1] / "deploy" / "kubernetes" / "monitoring"
    known = _families()
    rule = yaml.safe_load((monitoring / "prometheusrule.yaml").read_text())
    assert rule["kind"] == "PrometheusRule" and rule["apiVersion"] == "monitoring.coreos.com/v1"
    alerts = [r for group in rule["spec"]["groups"] for r in group["rules"]]
    assert {a["alert"] for a in alerts} >= {
        "StuurcyclusWebhookDeliveriesParked",
        "StuurcyclusDeadLetters",
        "StuurcyclusOutboxOld",
        "StuurcyclusConsumerLag",
        "StuurcyclusServerErrors",
    }
    for alert in alerts:
        assert alert["labels"]["severity"] in ("warning", "critical") and alert["annotations"]["runbook"]
        assert _named(alert["expr"]) and _named(alert["expr"]) <= known, alert["alert"]
    dashboard = json.loads((monitoring / "grafana-dashboard.json").read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    assert exprs and all(_named(e) and _named(e) <= known for e in exprs)
    assert len({p["id"] for p in dashboard["panels"]}) == len(dashboard["panels"])


def test_every_api_deployment_is_scraped() -> None:
    from pathlib import Path

    import yaml

    base = Path(__file__).resolve().parents[1] / "deploy" / "kubernetes" / "base"
    apis = []
    for path in base.glob("*.yaml"):
        for doc in yaml.safe_load_all(path.read_text()):
            if (
                doc
                and doc.get("kind") == "Deployment"
                and doc["metadata"]["labels"].get("app.kubernetes.io/component") == "api"
            ):
                apis.append(doc)
                annotations = doc["spec"]["template"]["metadata"].get("annotations", {})
                assert (
                    annotations.get("prometheus.io/scrape") == "true"
                    and annotations["prometheus.io/path"] == "/metrics"
                )
    assert len(apis) >= 5
