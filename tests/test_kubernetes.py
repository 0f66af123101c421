"""The Kubernetes deployment, rendered and validated offline: a broken manifest fails here, not in a cluster.

Each overlay (`deploy/kubernetes/overlays/{dev,production}`) is rendered with kustomize (`kubectl kustomize`, or a
`kustomize` binary) and every document of a Kubernetes kind is validated against that version's own schema,
strictly (an unknown or misspelt field fails), with `kubernetes-validate`; CloudNativePG's `Cluster` (a custom
resource, whose schema does not ship offline) is checked for the fields the platform relies on. Then, over the whole
class: every process of the platform has its Deployment (a service added without manifests fails), each with
probes, requests and limits, a non-root user and a read-only root filesystem; every API and the gateway an
autoscaler; every Deployment a disruption budget; only the gateway reaches the APIs; configuration from ConfigMaps
and Secrets only; the committed base is what `stuurcyclus kubernetes base` writes.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from stuurcyclus_local import SERVICES, kubernetes

ROOT = Path(__file__).resolve().parents[1] / "deploy" / "kubernetes"
OVERLAYS = ("dev", "production")
KUBERNETES_VERSION = "1.33.0"
CUSTOM = {"postgresql.cnpg.io/v1"}


def _kustomize(path: Path) -> list[dict]:
    if shutil.which("kubectl"):
        command = ["kubectl", "kustomize", str(path)]
    elif shutil.which("kustomize"):
        command = ["kustomize", "build", str(path)]
    else:
        pytest.skip("neither kubectl nor kustomize is installed: the manifests cannot be rendered here")
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [d for d in yaml.safe_load_all(done.stdout) if d]


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request: pytest.FixtureRequest) -> tuple[str, list[dict]]:
    return request.param, _kustomize(ROOT / "overlays" / request.param)


def _of(documents: list[dict], kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}


def test_the_committed_base_is_what_the_generator_writes() -> None:
    for name, text in kubernetes.render().items():
        assert (ROOT / "base" / name).read_text() == text, f"run: stuurcyclus kubernetes base ({name} is stale)"
    written = {p.name for p in (ROOT / "base").glob("*.yaml")}
    assert written == set(kubernetes.render()), "a file in the base that the generator does not write"


def test_every_document_validates_against_the_kubernetes_schema(rendered: tuple[str, list[dict]]) -> None:
    overlay, documents = rendered
    assert len(documents) > 30
    for document in documents:
        if document["apiVersion"] in CUSTOM:
            continue
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
    clusters = [d for d in documents if d["kind"] == "Cluster" and d["apiVersion"] == "postgresql.cnpg.io/v1"]
    assert len(clusters) == 1, "PostgreSQL from the CloudNativePG operator"
    spec = clusters[0]["spec"]
    assert spec["instances"] == (3 if overlay == "production" else 1)
    assert spec["bootstrap"]["initdb"] == {"database": "stuurcyclus", "owner": "stuurcyclus"}
    assert spec["storage"]["size"] and spec["imageName"].startswith("ghcr.io/cloudnative-pg/postgresql:")


def test_every_process_is_deployed_hardened_probed_and_budgeted(rendered: tuple[str, list[dict]]) -> None:
    overlay, documents = rendered
    deployments = _of(documents, "Deployment")
    expected = {f"{s}-{part}" for s in SERVICES for part in ("api", "worker")} | {"gateway"}
    assert set(deployments) == expected, "one Deployment per process of the platform"
    budgets = {
        d["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]
        for d in _of(documents, "PodDisruptionBudget").values()
    }
    scalers = {d["spec"]["scaleTargetRef"]["name"] for d in _of(documents, "HorizontalPodAutoscaler").values()}
    config_maps = set(_of(documents, "ConfigMap"))
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["automountServiceAccountToken"] is False
        for container in pod["containers"]:
            assert container["securityContext"]["readOnlyRootFilesystem"] is True, name
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name
            assert container["readinessProbe"] and container["livenessProbe"], f"{name}: probes"
            limits, requests = container["resources"]["limits"], container["resources"]["requests"]
            assert {"cpu", "memory"} <= set(limits) and {"cpu", "memory"} <= set(requests), f"{name}: resources"
            for env in container.get("env", []):  # values come from ConfigMaps and Secrets, never written here
                assert "valueFrom" in env or not kubernetes_secretish(env["name"]), f"{name}: {env['name']}"
            sources = {next(iter(s.values()))["name"] for s in container["envFrom"]}
            assert sources & config_maps and "stuurcyclus-auth" in sources, f"{name}: configuration"
            if name.endswith("-worker"):
                assert "stuurcyclus_common.heartbeat" in container["livenessProbe"]["exec"]["command"]
                assert "--ready" in container["readinessProbe"]["exec"]["command"]
            else:
                assert container["readinessProbe"]["httpGet"]["path"] in ("/health/ready", "/health/live")
        assert name in budgets, f"{name}: a PodDisruptionBudget"
        if not name.endswith("-worker"):
            assert name in scalers, f"{name}: a HorizontalPodAutoscaler"
            assert name in _of(documents, "Service"), f"{name}: a Service"
    jobs = _of(documents, "Job")
    assert "stuurcyclus-migrate" in jobs and jobs["stuurcyclus-migrate"]["spec"]["template"]["spec"]["containers"][0][
        "command"
    ] == ["stuurcyclus-migrate"]
    config = next(d for d in documents if d["kind"] == "ConfigMap")["data"]
    assert config["EVENT_STREAM_REPLICAS"] == ("3" if overlay == "production" else "1")
    for service in SERVICES:
        assert config[f"GATEWAY_{service.upper()}_URL"] == f"http://{service}-api:8000"


def kubernetes_secretish(name: str) -> bool:
    return any(word in name.upper() for word in ("SECRET", "PASSWORD", "TOKEN", "KEY", "DATABASE_URL"))


def test_only_the_gateway_reaches_the_services(rendered: tuple[str, list[dict]]) -> None:
    _, documents = rendered
    policies = list(_of(documents, "NetworkPolicy").values())
    apis = [
        p
        for p in policies
        if p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/component") == "api"
    ]
    assert len(apis) == 1
    sources = [peer for rule in apis[0]["spec"]["ingress"] for peer in rule["from"]]
    assert sources == [
        {
            "podSelector": {
                "matchLabels": {"app.kubernetes.io/component": "gateway", "app.kubernetes.io/part-of": "stuurcyclus"}
            }
        }
    ]
    quiet = [p for p in policies if p["spec"]["ingress"] == []]
    assert quiet and {"worker", "migrate"} <= set(quiet[0]["spec"]["podSelector"]["matchExpressions"][0]["values"])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_nats_and_postgres_come_from_their_own_projects(overlay: str) -> None:
    values = yaml.safe_load((ROOT / "overlays" / overlay / "nats-values.yaml").read_text())
    jetstream = values["config"]["jetstream"]
    assert jetstream["enabled"] and jetstream["fileStore"]["enabled"] and jetstream["fileStore"]["pvc"]["size"]
    if overlay == "production":
        assert values["config"]["cluster"] == {"enabled": True, "replicas": 3}, "three NATS servers"
        assert values["podDisruptionBudget"]["enabled"]
