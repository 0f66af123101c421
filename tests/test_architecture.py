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


def _module_name(package: str, folder: Path, path: Path) -> str:
    parts = list(path.relative_to(folder).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([package, *parts])


def _imports_of(module: str, path: Path, modules: set[str]) -> set[str]:
    """The project modules `module` imports anywhere in its file (a function-local import is an import too)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}  # `from . import x` names a module
    return {name for name in found if name in modules} - {module}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each an import circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def test_no_import_circle_inside_any_package() -> None:
    """Every package's modules import one another without a circle (a sub-domain's rules never need a function-local
    import to reach a module that reaches back)."""
    found = {}
    for package, folder in PACKAGES.items():
        files = {_module_name(package, folder, path): path for path in folder.rglob("*.py")}
        graph = {module: _imports_of(module, path, set(files)) for module, path in files.items()}
        # a package's __init__ importing its own submodules is how Python loads them, not a circle of rules
        graph = {m: {n for n in deps if not m.startswith(n + ".")} for m, deps in graph.items()}
        if circles := _circles(graph):
            found[package] = circles
    assert found == {}


def test_the_circle_finder_finds_a_circle() -> None:
    """The check above is not vacuous: a circle of three is found, a chain is not."""
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_a_sub_domain_is_one_folder_with_its_routes_rules_and_bodies() -> None:
    """gesprekstafels: each sub-domain folder has its own router (`endpoints.py`) and bodies (`schemas.py`), and
    `main.py` includes each router by name — no router filled by import side effects, no re-export facade."""
    folder = PACKAGES["gesprekstafels"]
    main = (folder / "main.py").read_text()
    for sub in ("cyclus", "tafels", "uitvraag", "aanvragen", "besluiten", "mandaten", "verantwoording", "betalingen"):
        assert (folder / sub / "endpoints.py").exists() and (folder / sub / "schemas.py").exists(), sub
        assert "router = service_router(" in (folder / sub / "endpoints.py").read_text(), sub
        assert f"from .{sub}.endpoints import router" in main, sub
    for path in folder.rglob("__init__.py"):
        tree = ast.parse(path.read_text())
        assert not [n for n in tree.body if isinstance(n, ast.ImportFrom | ast.Import)], f"{path} re-exports"
