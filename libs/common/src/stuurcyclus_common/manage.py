"""The management commands every service offers: `python -m <service>.manage migrate|seed`.

The platform launcher runs these as separate processes, so it never imports a service's code.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable

from .db import Database
from .events import deadletters
from .logs import configure_logging, get_logger
from .migrations import upgrade
from .settings import ServiceSettings

Seeder = Callable[[Database], Awaitable[str]]
log = get_logger(__name__)


def run_seed(settings: ServiceSettings, seeder: Seeder) -> str:
    async def go() -> str:
        database = Database(settings, pool_size=2)
        try:
            return await seeder(database)
        finally:
            await database.dispose()

    return asyncio.run(go())


def main(service: str, seeder: Seeder | None = None, argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m {service}.manage", description=f"Manage the {service} service.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply this service's database migrations (alembic upgrade head)")
    sub.add_parser("seed", help="load this service's seed data (idempotent)")
    dlq = sub.add_parser("dlq", help="list, show or replay this service's dead letters (list|show|replay …)")
    dlq.add_argument("rest", nargs=argparse.REMAINDER)
    args, _ = parser.parse_known_args(argv)

    settings = ServiceSettings.for_service(service)
    configure_logging(service, settings.log_level, json=False)
    if args.command == "migrate":
        upgrade(service, settings)
        print(f"{service}: migrated to head")
    elif args.command == "seed":
        summary = run_seed(settings, seeder) if seeder else "no seed data"
        print(f"{service}: {summary}")
    elif args.command == "dlq":
        code = deadletters.cli(
            args.rest, nats_url=settings.nats_url, prefix=settings.event_prefix, service=service, prog=f"{service} dlq"
        )
        raise SystemExit(code)
