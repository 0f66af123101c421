"""The production deployment files, checked by reading (no Docker engine runs here)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("sporen", "indicatoren", "financien", "gesprekstafels", "notificaties")


def test_compose_runs_every_process_with_health_checks_and_a_migration_step() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    expected = {"postgres", "nats", "migrate", "gateway", *SERVICES, *(f"{s}-worker" for s in SERVICES)}
    assert set(services) == expected
    for name, service in services.items():
        assert "image" in service, name
        for dependency in service.get("depends_on", {}):
            assert dependency in services, (name, dependency)
        if name != "migrate":
            assert "healthcheck" in service, f"{name} has no health check"
    for name in (*SERVICES, *(f"{s}-worker" for s in SERVICES), "gateway"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgresql://")
    for service in SERVICES:
        assert services["gateway"]["environment"][f"GATEWAY_{service.upper()}_URL"] == f"http://{service}:8000"
        assert f"{service}.main:app" in services[service]["command"]
        assert services[f"{service}-worker"]["command"][-1] == f"{service}.worker"
    assert "--jetstream" in services["nats"]["command"]
    assert list(services["gateway"]["ports"]) == ["${GATEWAY_PORT:-8000}:8000"]


def test_dockerfile_installs_every_package_the_compose_file_runs() -> None:
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    for package in ("libs/common", *(f"services/{s}" for s in SERVICES if s != "notificaties"), "gateway"):
        assert f"./{package}" in dockerfile
    migrate = (ROOT / "deploy" / "migrate.sh").read_text()
    assert all(s in migrate for s in SERVICES)
