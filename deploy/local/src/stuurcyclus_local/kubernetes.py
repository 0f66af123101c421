"""The Kubernetes base of the platform (`deploy/kubernetes/base/`), written from the list of its processes.

Every process the platform runs — each service's API and worker, notificaties' API and worker, the gateway, the
migration job — gets its manifests from here, so that a new service cannot be forgotten and the dozen near-equal
Deployments cannot drift apart: `stuurcyclus kubernetes base` writes them, a test fails when the committed files are
not what this writes. The overlays (`deploy/kubernetes/overlays/{dev,production}`) are written by hand and small.

Per API process: a Deployment (readiness `/health/ready` — the database reachable —, liveness and start-up
`/health/live`, requests and limits, a non-root user, a read-only root filesystem with an emptyDir on /tmp, no
privilege escalation, no capabilities), a Service, a HorizontalPodAutoscaler on CPU, a PodDisruptionBudget. Per
worker: a Deployment whose probes read its heartbeat file (`python -m stuurcyclus_common.heartbeat`: fresh for
liveness, `ok` rather than `waiting` for readiness) and a PodDisruptionBudget. Configuration from the ConfigMap
`stuurcyclus-config` and Secrets: the database URL from CloudNativePG's application secret (`stuurcyclus-db-app`, key
`uri`), tokens' keys from `stuurcyclus-auth`. NetworkPolicies let only the gateway reach the APIs, nothing reach a
worker or the migration job, only the platform reach NATS and PostgreSQL.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from . import SERVICES

BASE = Path(__file__).resolve().parents[3] / "kubernetes" / "base"
IMAGE = "stuurcyclus"
PORT = 8000
PART_OF = {"app.kubernetes.io/part-of": "stuurcyclus"}
HEARTBEAT = "/tmp/heartbeat"
DATABASE_SECRET = "stuurcyclus-db-app"  # made by CloudNativePG for the Cluster `stuurcyclus-db`
AUTH_SECRET = "stuurcyclus-auth"
CONFIG = "stuurcyclus-config"


def _labels(name: str, component: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/component": component, **PART_OF}


def _env() -> dict[str, Any]:
    """What every container reads: the ConfigMap, the tokens' keys (optional keys of a Secret) and the database."""
    return {
        "envFrom": [
            {"configMapRef": {"name": CONFIG}},
            {"secretRef": {"name": AUTH_SECRET, "optional": True}},
        ],
        "env": [{"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": DATABASE_SECRET, "key": "uri"}}}],
    }


def _hardened(container: dict[str, Any]) -> dict[str, Any]:
    return container | {
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }


def _pod(name: str, component: str, container: dict[str, Any], restart: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "automountServiceAccountToken": False,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 10001,
            "runAsGroup": 10001,
            "fsGroup": 10001,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "containers": [_hardened(container)],
        "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}],
    }
    if restart is not None:
        spec["restartPolicy"] = restart
    else:
        spec["terminationGracePeriodSeconds"] = 30
        spec["topologySpreadConstraints"] = [
            {
                "maxSkew": 1,
                "topologyKey": "topology.kubernetes.io/zone",
                "whenUnsatisfiable": "ScheduleAnyway",
                "labelSelector": {"matchLabels": {"app.kubernetes.io/name": name}},
            }
        ]
    return {"metadata": {"labels": _labels(name, component)}, "spec": spec}


#: Where Prometheus finds an API process's metrics (the common `prometheus.io/*` pod annotations).
SCRAPE = {"prometheus.io/scrape": "true", "prometheus.io/port": str(PORT), "prometheus.io/path": "/metrics"}


def _deployment(name: str, component: str, container: dict[str, Any], replicas: int = 2) -> dict[str, Any]:
    template = _pod(name, component, container)
    if component == "api":  # every service's API process answers /metrics (stuurcyclus_common.metrics)
        template["metadata"]["annotations"] = dict(SCRAPE)
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": _labels(name, component)},
        "spec": {
            "replicas": replicas,
            "revisionHistoryLimit": 5,
            "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            "template": template,
        },
    }


def _resources(cpu: str, memory: str, cpu_limit: str, memory_limit: str) -> dict[str, Any]:
    return {"requests": {"cpu": cpu, "memory": memory}, "limits": {"cpu": cpu_limit, "memory": memory_limit}}


def _http_container(app: str, readiness: str) -> dict[str, Any]:
    def probe(path: str, period: int, failures: int) -> dict[str, Any]:
        return {
            "httpGet": {"path": path, "port": "http"},
            "periodSeconds": period,
            "timeoutSeconds": 3,
            "failureThreshold": failures,
        }

    return {
        "name": "app",
        "image": IMAGE,
        "command": ["python", "-m", "stuurcyclus_common.serve", app, "--host", "0.0.0.0", "--port", str(PORT)],
        "ports": [{"name": "http", "containerPort": PORT}],
        **_env(),
        "startupProbe": probe("/health/live", 2, 30),
        "readinessProbe": probe(readiness, 5, 3),
        "livenessProbe": probe("/health/live", 10, 6),
        "resources": _resources("250m", "256Mi", "1", "512Mi"),
    }


def _worker_container(service: str) -> dict[str, Any]:
    def probe(*extra: str, period: int, failures: int) -> dict[str, Any]:
        command = ["python", "-m", "stuurcyclus_common.heartbeat", HEARTBEAT, "--max-age", "30", *extra]
        return {
            "exec": {"command": command},
            "periodSeconds": period,
            "timeoutSeconds": 5,
            "failureThreshold": failures,
        }

    container = {
        "name": "worker",
        "image": IMAGE,
        "command": ["python", "-m", f"{service}.worker"],
        **_env(),
        "startupProbe": probe(period=2, failures=60),
        "readinessProbe": probe("--ready", period=10, failures=3),
        "livenessProbe": probe(period=15, failures=4),
        "resources": _resources("100m", "192Mi", "500m", "384Mi"),
    }
    container["env"] = [*container["env"], {"name": "HEARTBEAT_FILE", "value": HEARTBEAT}]
    return container


def _service(name: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "labels": _labels(name, "api" if name != "gateway" else "gateway")},
        "spec": {
            "selector": {"app.kubernetes.io/name": name},
            "ports": [{"name": "http", "port": PORT, "targetPort": "http"}],
        },
    }


def _autoscaler(name: str) -> dict[str, Any]:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": name, "labels": {"app.kubernetes.io/name": name, **PART_OF}},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicas": 2,
            "maxReplicas": 10,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}},
                }
            ],
        },
    }


def _disruption_budget(name: str) -> dict[str, Any]:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": name, "labels": {"app.kubernetes.io/name": name, **PART_OF}},
        "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app.kubernetes.io/name": name}}},
    }


def _service_documents(service: str) -> list[dict[str, Any]]:
    api, worker = f"{service}-api", f"{service}-worker"
    return [
        _deployment(api, "api", _http_container(f"{service}.main:app", "/health/ready")),
        _service(api),
        _autoscaler(api),
        _disruption_budget(api),
        _deployment(worker, "worker", _worker_container(service)),
        _disruption_budget(worker),
    ]


def _gateway_documents() -> list[dict[str, Any]]:
    # The gateway's readiness is its own liveness: `/health/ready` checks every service, and one service down must
    # not take the whole API out of the load balancer.
    return [
        _deployment("gateway", "gateway", _http_container("gateway.main:app", "/health/live")),
        _service("gateway"),
        _autoscaler("gateway"),
        _disruption_budget("gateway"),
    ]


def _migration_job() -> dict[str, Any]:
    container = {
        "name": "migrate",
        "image": IMAGE,
        "command": ["stuurcyclus-migrate"],
        **_env(),
        "resources": _resources("100m", "192Mi", "1", "512Mi"),
    }
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {
            "name": "stuurcyclus-migrate",
            "labels": _labels("stuurcyclus-migrate", "migrate"),
            # Run before each release's services (Argo CD; with plain kubectl: delete the finished job, apply again).
            "annotations": {
                "argocd.argoproj.io/hook": "PreSync",
                "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
            },
        },
        "spec": {
            "backoffLimit": 6,
            "ttlSecondsAfterFinished": 86400,
            "template": _pod("stuurcyclus-migrate", "migrate", container, restart="OnFailure"),
        },
    }


def _config() -> dict[str, str]:
    """The platform's configuration (a generated ConfigMap: a change gives it a new name, so the pods roll)."""
    data = {
        "LOG_JSON": "true",
        "LOG_LEVEL": "INFO",
        "NATS_URL": "nats://nats:4222",
        "EVENT_STREAM_REPLICAS": "3",
        "EVENT_LEGACY_SUBJECTS": "true",
        "EVENT_OIN": "{}",
        "WEB_CONCURRENCY": "2",
        "DB_POOL_SIZE": "5",
        "DB_MAX_OVERFLOW": "5",
        "AUTH_ISSUER": "stuurcyclus",
        "AUTH_AUDIENCE": "stuurcyclus",
        "STUURCYCLUS_SEED": "false",
    }
    return data | {f"GATEWAY_{s.upper()}_URL": f"http://{s}-api:{PORT}" for s in SERVICES}


def _policies() -> list[dict[str, Any]]:
    def policy(name: str, selector: dict[str, Any], ingress: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": name, "labels": PART_OF},
            "spec": {"podSelector": selector, "policyTypes": ["Ingress"], "ingress": ingress},
        }

    platform = {"podSelector": {"matchLabels": PART_OF}}
    return [
        policy(
            "stuurcyclus-apis-from-the-gateway-only",
            {"matchLabels": {"app.kubernetes.io/component": "api", **PART_OF}},
            [
                {
                    "from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/component": "gateway", **PART_OF}}}],
                    "ports": [{"protocol": "TCP", "port": PORT}],
                }
            ],
        ),
        policy(
            "stuurcyclus-gateway-from-anywhere",
            {"matchLabels": {"app.kubernetes.io/component": "gateway", **PART_OF}},
            [{"ports": [{"protocol": "TCP", "port": PORT}]}],
        ),
        policy(
            "stuurcyclus-no-ingress-to-workers-and-jobs",
            {
                "matchExpressions": [
                    {"key": "app.kubernetes.io/component", "operator": "In", "values": ["worker", "migrate"]}
                ]
            },
            [],
        ),
        policy(
            "nats-from-the-platform-only",
            {"matchLabels": {"app.kubernetes.io/name": "nats"}},
            [
                {"from": [platform], "ports": [{"protocol": "TCP", "port": 4222}]},
                {"from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "nats"}}}]},
            ],
        ),
        policy(
            "postgres-from-the-platform-only",
            {"matchLabels": {"cnpg.io/cluster": "stuurcyclus-db"}},
            [
                {"from": [platform], "ports": [{"protocol": "TCP", "port": 5432}]},
                {"from": [{"podSelector": {"matchLabels": {"cnpg.io/cluster": "stuurcyclus-db"}}}]},
                {
                    "from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "cnpg-system"}}}],
                    "ports": [{"protocol": "TCP", "port": 8000}],
                },
            ],
        ),
    ]


def _database() -> dict[str, Any]:
    """PostgreSQL by the CloudNativePG operator: three instances (one primary, two streaming replicas, automatic
    failover), the application's database and owner made at bootstrap, its URL in the `stuurcyclus-db-app` secret."""
    return {
        "apiVersion": "postgresql.cnpg.io/v1",
        "kind": "Cluster",
        "metadata": {"name": "stuurcyclus-db", "labels": PART_OF},
        "spec": {
            "instances": 3,
            "imageName": "ghcr.io/cloudnative-pg/postgresql:16",
            "primaryUpdateStrategy": "unsupervised",
            "storage": {"size": "50Gi"},
            "walStorage": {"size": "20Gi"},
            "bootstrap": {"initdb": {"database": "stuurcyclus", "owner": "stuurcyclus"}},
            "postgresql": {
                "parameters": {
                    "max_connections": "400",
                    "shared_buffers": "2GB",
                    "effective_cache_size": "6GB",
                    "max_wal_size": "4GB",
                }
            },
            "resources": _resources("1", "4Gi", "4", "8Gi"),
            "affinity": {"topologyKey": "topology.kubernetes.io/zone"},
        },
    }


def base_documents() -> dict[str, list[dict[str, Any]]]:
    """Every file of the base and its documents."""
    files = {f"{service}.yaml": _service_documents(service) for service in SERVICES}
    files["gateway.yaml"] = _gateway_documents()
    files["migrate.yaml"] = [_migration_job()]
    files["networkpolicies.yaml"] = _policies()
    files["database.yaml"] = [_database()]
    resources = sorted(files)
    files["kustomization.yaml"] = [
        {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "labels": [{"pairs": PART_OF, "includeSelectors": False}],
            "resources": resources,
            "configMapGenerator": [{"name": CONFIG, "literals": [f"{k}={v}" for k, v in _config().items()]}],
        }
    ]
    return files


HEADER = (
    "# Written by `stuurcyclus kubernetes base` (deploy/local/src/stuurcyclus_local/kubernetes.py): "
    "edit that, not this.\n"
)


def render() -> dict[str, str]:
    return {
        name: HEADER + yaml.safe_dump_all(documents, sort_keys=False, width=120)
        for name, documents in base_documents().items()
    }


def write(directory: Path = BASE) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render().items():
        path = directory / name
        path.write_text(text)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="stuurcyclus kubernetes base", description=__doc__)
    parser.add_argument("--uit", default=str(BASE), help="directory to write the base to")
    args = parser.parse_args(argv)
    for path in write(Path(args.uit)):
        print(path)
    return 0
