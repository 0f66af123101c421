"""The layout rules of the architecture, checked on the source: no service imports another's code."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("sporen", "indicatoren", "financien", "gesprekstafels")
PACKAGES = {
    **{service: ROOT / "services" / service / "src" / service for service in SERVICES},
    "gateway": ROOT / "gateway" / "src" / "gateway",
    "notificaties": ROOT / "gateway" / "src" / "notificaties",
    "stuurcyclus_common": ROOT / "libs" / "common" / "src" / "stuurcyclus_common",
    "stuurcyclus_local": ROOT / "deploy" / "local" / "src" / "stuurcyclus_local",
}
#: What each package may import of the project's own packages.
ALLOWED = {
    **{service: {service, "stuurcyclus_common"} for service in SERVICES},
    "gateway": {"gateway", "stuurcyclus_common"},
    "notificaties": {"notificaties", "stuurcyclus_common"},
    "stuurcyclus_common": {"stuurcyclus_common"},
    "stuurcyclus_local": {"stuurcyclus_local", "stuurcyclus_common"},  # starts services as processes, by name
}


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_packages_import_only_their_own_code_and_libs_common() -> None:
    violations = []
    for package, folder in PACKAGES.items():
        files = list(folder.rglob("*.py"))
        assert files, f"no sources found for {package}"
        for path in files:
            forbidden = (_imported_roots(path) & set(PACKAGES)) - ALLOWED[package]
            if forbidden:
                violations.append(f"{path.relative_to(ROOT)} imports {sorted(forbidden)}")
    assert violations == []


def test_each_service_has_its_own_schema_migrations_and_entry_points() -> None:
    for service in SERVICES:
        folder = PACKAGES[service]
        for module in ("main.py", "worker.py", "manage.py", "models.py", "settings.py", "migrations/env.py"):
            assert (folder / module).exists(), f"{service} lacks {module}"
        assert list((folder / "migrations" / "versions").glob("*.py")), f"{service} has no migration"
        assert f'SERVICE = "{service}"' in (folder / "__init__.py").read_text()
