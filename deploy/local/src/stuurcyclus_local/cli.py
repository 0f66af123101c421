"""`stuurcyclus`: run the platform on this machine.

stuurcyclus up                 start everything (embedded PostgreSQL/NATS unless DATABASE_URL/NATS_URL are set)
stuurcyclus migrate            apply every service's migrations
stuurcyclus seed               load every service's seed data (idempotent)
stuurcyclus token              print a signed token for local use (--gemeente, --rol, --organisatie)
stuurcyclus status             the running platform's processes, their restarts and exit codes
stuurcyclus dlq list|show|replay   the dead-letter stream: inspect, and replay through the consumers (inbox: once)
stuurcyclus events asyncapi    print the AsyncAPI document of all domain events
stuurcyclus events oude-onderwerpen   events still on subjects without the municipality (the upgrade's leftovers)
stuurcyclus kubernetes base    write deploy/kubernetes/base/ (every process's manifests) from the list of processes
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from stuurcyclus_common.auth import ROLES

from . import demo, rapport
from .platform import (
    Infrastructure,
    PlatformState,
    Ports,
    ProcessGroup,
    create_database,
    database_url,
    local_auth_secret,
    platform_env,
    run_manage,
    token_for,
)

DATABASE = "stuurcyclus"


def _prepare(args: argparse.Namespace) -> tuple[Infrastructure, dict[str, str], Ports]:
    data_dir = Path(args.data_dir)
    print(f"stuurcyclus: infrastructure (data in {data_dir.resolve()})", flush=True)
    infra = Infrastructure.from_env_or_embedded(data_dir, pg_port=args.pg_port, nats_port=args.nats_port)
    try:
        asyncio.run(create_database(infra.server_url, args.database))
    except BaseException:
        infra.stop()
        raise
    ports = Ports.from_base(args.port, max(1, getattr(args, "replicas", 1)))
    env = platform_env(
        database_url_=database_url(infra.server_url, args.database),
        nats_url=infra.nats_url,
        ports=ports,
        json_logs=not args.plain_logs,
        auth_secret=local_auth_secret(data_dir),
    )
    env["WEB_CONCURRENCY"] = str(max(1, getattr(args, "workers", 1)))  # uvicorn's processes per API and gateway
    kind = "embedded" if infra.embedded else "given"
    print(f"  PostgreSQL ({kind}): {database_url(infra.server_url, args.database)}", flush=True)
    print(f"  NATS: {infra.nats_url}", flush=True)
    return infra, env, ports


def cmd_up(args: argparse.Namespace) -> int:
    infra, env, ports = _prepare(args)
    group = ProcessGroup(env, ports, log_dir=Path(args.data_dir) / "logs")
    stopping = False

    def request_stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        print("stuurcyclus: migrations", flush=True)
        run_manage("migrate", env)
        if not args.no_seed:
            print("stuurcyclus: seed data", flush=True)
            run_manage("seed", env)
        print("stuurcyclus: starting services, workers and gateway", flush=True)
        group.start_all()
        base = f"http://127.0.0.1:{ports.gateway}"
        admin_token = (
            token_for(env, gemeente="GM0193", rol="beheerder", ttl=12 * 3600)
            if env.get("AUTH_SECRET")
            else "<a token of your identity provider (AUTH_PUBLIC_KEY is set)>"
        )
        if not args.no_seed and env.get("AUTH_SECRET"):
            print("stuurcyclus: the demo year (the sources' own figures)", flush=True)
            try:
                for line in demo.load(base, admin_token, env, demo.amsterdam_today()):
                    print("  " + line, flush=True)
            except Exception as exc:  # the platform runs without it; say why
                print(f"  demo not loaded: {exc}", flush=True)
        print(
            f"\nstuurcyclus is up.\n"
            f"  API (gateway)   {base}/api/v1/<service>/…   e.g. {base}/api/v1/sporen/sporen\n"
            f"  Token           an administrator of Zwolle (GM0193), valid 12 hours — send it as\n"
            f"                  Authorization: Bearer {admin_token}\n"
            f"                  (other roles: stuurcyclus token --rol beleid|financien|raad|…)\n"
            f"  OpenAPI         {base}/api/v1/openapi.json\n"
            f"  Swagger UI      {base}/api/v1/docs      ReDoc {base}/api/v1/redoc\n"
            f"  AsyncAPI        {base}/api/v1/asyncapi.html  ({base}/api/v1/asyncapi.json)\n"
            + "".join(f"  {s:<15} http://127.0.0.1:{p}/api/v1/{s}/docs\n" for s, p in ports.services.items())
            + (
                f"  Replicas        {ports.count} API processes and workers per service (ports "
                + ", ".join(f"{s} {'/'.join(map(str, p))}" for s, p in ports.replicas.items())
                + ")\n"
                if ports.count > 1
                else ""
            )
            + f"  Logs            {Path(args.data_dir).resolve() / 'logs'}\n"
            f"Press Ctrl-C to stop.",
            flush=True,
        )
        state = PlatformState(Path(args.data_dir))
        state.write(env, infra, ports, group)
        while not stopping:  # supervise: a process that exits is restarted with backoff; only Ctrl-C stops all
            for line in [*infra.supervise(), *group.supervise()]:  # the embedded servers too
                print(f"stuurcyclus: {line}", flush=True)
                state.write(env, infra, ports, group)
            time.sleep(0.5)
        return 0
    finally:
        print("\nstuurcyclus: stopping", flush=True)
        PlatformState(Path(args.data_dir)).remove()
        group.stop()
        infra.stop()
        print("stuurcyclus: stopped", flush=True)


def cmd_manage(command: str):
    def run(args: argparse.Namespace) -> int:
        infra, env, _ = _prepare(args)
        try:
            run_manage(command, env)
        finally:
            infra.stop()
        return 0

    return run


def cmd_import_iv3(args: argparse.Namespace) -> int:
    """Import a CBS Iv3 file into financien: on the running platform's database when one runs here (its servers
    are busy with their data directory), else on the platform's database, embedded or given, started for this."""
    extra = [*(["--jaar", str(args.jaar)] if args.jaar else []), *(["--bron", args.bron] if args.bron else [])]
    command = [sys.executable, "-m", "financien.manage", "import-iv3", str(Path(args.file).resolve()), *extra]
    running = PlatformState(Path(args.data_dir)).read()
    if running is not None:
        print(f"stuurcyclus: importing into the running platform ({running['databaseUrl']})", flush=True)
        env = dict(os.environ, DATABASE_URL=running["databaseUrl"])
        return subprocess.run(command, env=env, check=False).returncode
    infra, env, _ = _prepare(args)
    try:
        run_manage("migrate", env, ("financien",))
        return subprocess.run(command, env=env, check=False).returncode
    finally:
        infra.stop()


def cmd_status(args: argparse.Namespace) -> int:
    """What `stuurcyclus up` runs now: the embedded servers and every process, whether it runs, how often it was
    restarted."""
    running = PlatformState(Path(args.data_dir)).read()
    if running is None:
        print(f"stuurcyclus: no platform running from {Path(args.data_dir).resolve()}")
        return 1
    print(f"stuurcyclus: up (launcher pid {running['pid']}), gateway http://127.0.0.1:{running['gateway']}")
    print(f"  {'process':<24} {'pid':>7}  {'status':<15} {'restarts':>8}  last exit")
    for p in [*running.get("servers", []), *running["processes"]]:  # the embedded servers first, then the processes
        last = p["laatsteExitcode"] or ""
        print(f"  {p['naam']:<24} {p['pid'] or '':>7}  {p['status']:<15} {p['herstarts']:>8}  {last}")
    return 0


def _event_bus(args: argparse.Namespace, command: str) -> tuple[str, str] | None:
    """NATS and the stream prefix of the platform running from `--data-dir` (or of NATS_URL / EVENT_PREFIX); None,
    said on stderr, when there is neither."""
    running = PlatformState(Path(args.data_dir)).read() or {}
    nats_url = os.environ.get("NATS_URL") or running.get("natsUrl")
    if not nats_url:
        missing = "no running platform here (start it with `make up`) and no NATS_URL"
        print(f"stuurcyclus {command}: {missing}", file=sys.stderr)
        return None
    return nats_url, os.environ.get("EVENT_PREFIX") or running.get("eventPrefix", "stuurcyclus")


def cmd_dlq(args: argparse.Namespace) -> int:
    """The dead-letter stream of the running platform (or of NATS_URL / EVENT_PREFIX)."""
    from stuurcyclus_common.events import deadletters

    rest, data_dir = _take_option(args.rest, "--data-dir")  # `dlq list --data-dir X` as well as `dlq --data-dir X list`
    args.data_dir = data_dir or args.data_dir
    if (bus := _event_bus(args, "dlq")) is None:
        return 2
    nats_url, prefix = bus
    return deadletters.cli(rest, nats_url=nats_url, prefix=prefix, prog="stuurcyclus dlq")


def _take_option(argv: list[str], name: str) -> tuple[list[str], str | None]:
    """`argv` without `name VALUE` / `name=VALUE` wherever it stands, and that value (the last one given)."""
    rest: list[str] = []
    value = None
    items = iter(argv)
    for item in items:
        if item == name:
            value = next(items, None)
        elif item.startswith(f"{name}="):
            value = item.split("=", 1)[1]
        else:
            rest.append(item)
    return rest, value


def cmd_token(args: argparse.Namespace) -> int:
    """Print a token for local use, signed with AUTH_SECRET or the local platform's secret (its data directory)."""
    env = {"AUTH_SECRET": os.environ.get("AUTH_SECRET") or local_auth_secret(Path(args.data_dir))}
    try:
        print(token_for(env, gemeente=args.gemeente, rol=args.rol, organisatie=args.organisatie, ttl=args.ttl))
    except ValueError as exc:  # a token every service would refuse: say why instead
        print(f"stuurcyclus token: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_rapport(args: argparse.Namespace) -> int:
    """The half-year report of the platform running from `--data-dir`, as a file (JSON, HTML, PDF or PNG pages)."""
    running = PlatformState(Path(args.data_dir)).read()
    if running is None:
        print(
            f"stuurcyclus rapport: no platform running from {Path(args.data_dir).resolve()} (start it with `make up`)"
        )
        return 1
    secret = os.environ.get("AUTH_SECRET") or local_auth_secret(Path(args.data_dir))
    token = token_for({"AUTH_SECRET": secret}, gemeente=args.gemeente, rol="raad", ttl=300)
    pages = [int(p) for p in args.paginas.split(",")]
    return rapport.run(f"http://127.0.0.1:{running['gateway']}", token, args.periode, Path(args.uit), pages)


def cmd_asyncapi(args: argparse.Namespace) -> int:
    from stuurcyclus_common.events.asyncapi import asyncapi_document

    print(json.dumps(asyncapi_document(), indent=2, ensure_ascii=False))
    return 0


def cmd_legacy_subjects(args: argparse.Namespace) -> int:
    """Per service stream: how many events still travel on the subjects from before the municipality was in them.
    While any remain, keep EVENT_LEGACY_SUBJECTS on (the default); at none everywhere it may go off."""
    from stuurcyclus_common.events.streams import connect_nats, legacy_events

    from . import SERVICES

    if (bus := _event_bus(args, "events")) is None:
        return 2
    nats_url, prefix = bus

    async def count() -> dict[str, int]:
        nc = await connect_nats(nats_url, name="stuurcyclus-cli")
        try:
            return {s: await legacy_events(nc.jetstream(), prefix, s) for s in SERVICES}
        finally:
            await nc.close()

    counts = asyncio.run(count())
    for service, left in counts.items():
        print(f"  {service:<16} {left:>8} event(s) on subjects without the municipality")
    print(
        "stuurcyclus: none left: EVENT_LEGACY_SUBJECTS may be switched off"
        if not any(counts.values())
        else "stuurcyclus: keep EVENT_LEGACY_SUBJECTS on (the default) while any remain"
    )
    return 0


def cmd_kubernetes_base(args: argparse.Namespace) -> int:
    from . import kubernetes

    return kubernetes.main(["--uit", args.uit] if args.uit else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="stuurcyclus", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def platform_parser(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_)
        p.add_argument("--data-dir", default=".stuurcyclus", help="where embedded servers keep data and logs")
        p.add_argument("--database", default=DATABASE, help="database name on the PostgreSQL server")
        p.add_argument("--port", type=int, default=8000, help="gateway port; the services use the next five")
        p.add_argument("--pg-port", type=int, default=None, help="port of the embedded PostgreSQL")
        p.add_argument("--nats-port", type=int, default=None, help="port of the embedded NATS")
        p.add_argument("--plain-logs", action="store_true", help="human-readable logs instead of JSON")
        p.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("API_WORKERS", "1")),
            help="processes per API and for the gateway (uvicorn's WEB_CONCURRENCY; default API_WORKERS or 1)",
        )
        return p

    up = platform_parser("up", "start the whole platform")
    up.add_argument(
        "--replicas",
        type=int,
        default=int(os.environ.get("REPLICAS", "1")),
        help="API processes (each on its own port, behind the gateway) and workers per service (default REPLICAS or 1)",
    )
    up.add_argument(
        "--no-seed", "--leeg", dest="no_seed", action="store_true", help="start empty: no seed data, no demo year"
    )
    up.set_defaults(func=cmd_up)
    platform_parser("migrate", "apply every service's migrations").set_defaults(func=cmd_manage("migrate"))
    platform_parser("seed", "load every service's seed data").set_defaults(func=cmd_manage("seed"))
    iv3 = platform_parser("import-iv3", "import a CBS Iv3 file (all municipalities) into financien")
    iv3.add_argument("file", help="e.g. ../shared/data/iv3/2024_begroting.csv")
    iv3.add_argument("--jaar", type=int, help="year (default: from the file name)")
    iv3.add_argument("--bron", help="begroting or jaarrekening (default: from the file name)")
    iv3.set_defaults(func=cmd_import_iv3)
    token = sub.add_parser("token", help="print a signed token for local use")
    token.add_argument("--gemeente", default="GM0193", help="CBS code of the municipality")
    token.add_argument("--rol", default="beheerder", choices=ROLES, help="role")
    token.add_argument("--organisatie", help="the partner organisation (role partner)")
    token.add_argument("--ttl", type=int, default=3600, help="seconds it stays valid")
    token.add_argument("--data-dir", default=".stuurcyclus", help="the local platform's data directory (its secret)")
    token.set_defaults(func=cmd_token)
    status = sub.add_parser("status", help="the running platform's processes (restarts, exit codes)")
    status.add_argument("--data-dir", default=".stuurcyclus", help="the local platform's data directory")
    status.set_defaults(func=cmd_status)
    dlq = sub.add_parser("dlq", help="dead letters: list|show SEQ|replay [SEQ …] [--consumer C] [--since ISO]")
    dlq.add_argument("--data-dir", default=".stuurcyclus", help="the local platform's data directory")
    dlq.add_argument("rest", nargs=argparse.REMAINDER)
    dlq.set_defaults(func=cmd_dlq)
    report = sub.add_parser("rapport", help="save the half-year report: .json, .html, .pdf, or PDF pages as .png")
    report.add_argument("periode", help="half year, e.g. 2026S1")
    report.add_argument("--uit", required=True, help="the file to write; its extension chooses the format")
    report.add_argument("--paginas", default="1,2", help="for .png: the PDF's pages, e.g. 1,5,20")
    report.add_argument("--gemeente", default="GM0193", help="CBS code of the municipality")
    report.add_argument("--data-dir", default=".stuurcyclus", help="the local platform's data directory")
    report.set_defaults(func=cmd_rapport)
    events = sub.add_parser("events", help="domain event catalogue")
    events_sub = events.add_subparsers(dest="events_command", required=True)
    events_sub.add_parser("asyncapi", help="print the AsyncAPI document").set_defaults(func=cmd_asyncapi)
    legacy = events_sub.add_parser(
        "oude-onderwerpen", help="count events still on subjects without the municipality, per service stream"
    )
    legacy.add_argument("--data-dir", default=".stuurcyclus", help="the local platform's data directory")
    legacy.set_defaults(func=cmd_legacy_subjects)

    kube = sub.add_parser("kubernetes", help="the Kubernetes manifests")
    kube_sub = kube.add_subparsers(dest="kubernetes_command", required=True)
    kube_base = kube_sub.add_parser("base", help="write deploy/kubernetes/base/ from the list of processes")
    kube_base.add_argument("--uit", default=None, help="directory (default: deploy/kubernetes/base)")
    kube_base.set_defaults(func=cmd_kubernetes_base)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
