"""The platform on one machine: infrastructure (given or embedded), databases, migrations, seeds, processes.

Used by `stuurcyclus up` and by the test suite, so that what the tests start is what a developer starts.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import nats
from stuurcyclus_common.settings import plain_database_url

from . import SERVICES
from .embedded import EmbeddedNats, EmbeddedPostgres, free_port, port_open, stop_processes

DEFAULT_PG_PORT = 54329
DEFAULT_NATS_PORT = 42229
LOOPBACK_NETWORKS = '["127.0.0.0/8", "::1/128"]'


@dataclass
class Infrastructure:
    """Where PostgreSQL (server URL, any database) and NATS are, and the embedded ones we started, if any."""

    server_url: str
    nats_url: str
    embedded: list = field(default_factory=list)
    #: Per embedded server (`postgres`, `nats`): restarts so far, when it went down, when a restart is due.
    restarts: dict[str, int] = field(default_factory=dict)
    down_since: dict[str, float] = field(default_factory=dict)
    restart_due: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_env_or_embedded(
        cls, data_dir: Path, *, pg_port: int | None = None, nats_port: int | None = None, with_nats: bool = True
    ) -> Infrastructure:
        """Use `DATABASE_URL` / `NATS_URL` when set; otherwise start embedded servers in `data_dir` (NATS only
        when `with_nats`)."""
        server_url = os.environ.get("DATABASE_URL")
        nats_url = os.environ.get("NATS_URL")
        infra = cls(server_url=server_url or "", nats_url=nats_url or "")
        try:
            if not server_url:
                postgres = EmbeddedPostgres(data_dir / "postgres", pg_port or _pick(DEFAULT_PG_PORT))
                postgres.start()
                infra.embedded.append(postgres)
                infra.server_url = postgres.url
            if not nats_url and with_nats:
                nats_server = EmbeddedNats(data_dir / "nats", nats_port or _pick(DEFAULT_NATS_PORT))
                nats_server.start()
                infra.embedded.append(nats_server)
                infra.nats_url = nats_server.url
        except BaseException:
            infra.stop()
            raise
        return infra

    def supervise(self, now: float | None = None) -> list[str]:
        """Restart an embedded server that went away, as the launcher does its processes: with backoff (1 s, 2 s, 4 s
        … 30 s). Returns what happened, one line each."""
        now = time.time() if now is None else now
        said = []
        for server in self.embedded:
            name = server.kind
            if server.alive():
                if name in self.down_since:
                    del self.down_since[name]
                continue
            if name not in self.restart_due:
                self.down_since.setdefault(name, now)
                delay = min(2.0 ** self.restarts.get(name, 0), 30.0)
                self.restart_due[name] = now + delay
                said.append(f"{name} is down; restarting in {delay:.0f}s")
            elif now >= self.restart_due[name]:
                del self.restart_due[name]
                self.restarts[name] = self.restarts.get(name, 0) + 1
                try:
                    server.restart()
                    said.append(f"{name} restarted (restart {self.restarts[name]})")
                except Exception as exc:  # tried again after the next, longer wait
                    said.append(f"{name} could not be restarted: {str(exc)[:200]}")
        return said

    def status(self) -> list[dict]:
        """Each embedded server as `stuurcyclus status` shows it beside the processes."""
        return [
            {
                "naam": server.kind,
                "pid": server.pid,
                "status": "draait" if server.alive() else "herstart-wacht",
                "herstarts": self.restarts.get(server.kind, 0),
                "laatsteExitcode": None,
                "sinds": self.down_since.get(server.kind),
            }
            for server in self.embedded
        ]

    def stop(self) -> None:
        for server in reversed(self.embedded):
            server.stop()
        self.embedded.clear()


def _pick(preferred: int) -> int:
    return preferred if not port_open(preferred) else free_port()


def database_url(server_url: str, database: str) -> str:
    """`server_url` with its database replaced by `database`."""
    base, _, query = server_url.partition("?")
    scheme, _, rest = base.partition("://")
    authority = rest.split("/", 1)[0]
    return f"{scheme}://{authority}/{database}" + (f"?{query}" if query else "")


async def create_database(server_url: str, database: str) -> None:
    """Create `database` on the server if it does not exist yet."""
    conn = await asyncpg.connect(plain_database_url(database_url(server_url, "postgres")))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{database}"')
    finally:
        await conn.close()


async def drop_database(server_url: str, database: str) -> None:
    conn = await asyncpg.connect(plain_database_url(database_url(server_url, "postgres")))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await conn.close()


def run_manage(command: str, env: dict[str, str], services: tuple[str, ...] = SERVICES) -> None:
    """Run `python -m <service>.manage <command>` for every service, concurrently; fail if any fails."""
    procs = {
        s: subprocess.Popen(
            [sys.executable, "-m", f"{s}.manage", command],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for s in services
    }
    failures = []
    for service, proc in procs.items():
        output, _ = proc.communicate(timeout=300)
        lines = [line for line in output.splitlines() if line.startswith(f"{service}:")]
        print("  " + (lines[-1] if lines else f"{service}: {command} done"), flush=True)
        if proc.returncode != 0:
            failures.append(f"{service} {command} failed:\n{output[-3000:]}")
    if failures:
        raise RuntimeError("\n".join(failures))


@dataclass
class Ports:
    """The gateway's port and every API process's: `services` the first of each service, `replicas` all of them
    (`--replicas N` runs N API processes per service, each on its own port, behind the gateway)."""

    gateway: int = 8000
    services: dict[str, int] = field(default_factory=dict)
    #: Chosen by the launcher (free ones), not by the user: it may choose others when one is taken.
    chosen: bool = False
    replicas: dict[str, list[int]] = field(default_factory=dict)
    #: Each API process also listens on a Unix domain socket, and the gateway reaches it there (`serve`: why).
    unix_sockets: bool = True

    def __post_init__(self) -> None:
        for service, port in self.services.items():
            self.replicas.setdefault(service, [port])

    @classmethod
    def from_base(cls, base: int, replicas: int = 1) -> Ports:
        """The gateway on `base`, the services on the next five; a further replica k on `base + 10k + 1…5`."""
        services = {s: base + 1 + i for i, s in enumerate(SERVICES)}
        more = {s: [base + 10 * k + 1 + i for k in range(replicas)] for i, s in enumerate(SERVICES)}
        return cls(gateway=base, services=services, replicas=more)

    @classmethod
    def free(cls, replicas: int = 1) -> Ports:
        """Distinct free ports for the gateway and every API process."""
        ports: list[int] = []
        while len(ports) < 1 + len(SERVICES) * replicas:
            port = free_port()
            if port not in ports:
                ports.append(port)
        per_service = {s: ports[1 + i * replicas : 1 + (i + 1) * replicas] for i, s in enumerate(SERVICES)}
        first = {s: p[0] for s, p in per_service.items()}
        return cls(gateway=ports[0], services=first, chosen=True, replicas=per_service)

    @property
    def count(self) -> int:
        """API processes per service."""
        return max((len(p) for p in self.replicas.values()), default=1)

    @property
    def socket_dir(self) -> Path:
        """Where the API processes' Unix sockets are: short (a socket's path has at most 107 bytes), and one per
        platform on this host (its gateway's port is its own)."""
        return Path(tempfile.gettempdir()) / f"stuurcyclus-{self.gateway}"

    def socket(self, service: str, replica: int = 1) -> str | None:
        """The Unix socket of an API process, or None where the platform uses TCP only."""
        return str(self.socket_dir / f"{service}-{replica}.sock") if self.unix_sockets else None


def platform_env(
    *,
    database_url_: str,
    nats_url: str,
    ports: Ports,
    event_prefix: str = "stuurcyclus",
    json_logs: bool = True,
    auth_secret: str | None = None,
) -> dict[str, str]:
    """The environment of every platform process (a given AUTH_SECRET / AUTH_PUBLIC_KEY wins over `auth_secret`)."""
    env = dict(os.environ)
    if auth_secret and not (env.get("AUTH_SECRET") or env.get("AUTH_PUBLIC_KEY")):
        env["AUTH_SECRET"] = auth_secret
    env.update(
        DATABASE_URL=database_url_,
        NATS_URL=nats_url,
        EVENT_PREFIX=event_prefix,
        LOG_JSON="true" if json_logs else "false",
        PUBLIC_BASE_URL=f"http://127.0.0.1:{ports.gateway}",
        # On one machine receivers run on loopback over http; production refuses both (notificaties/callbacks.py).
        NOTIFICATIES_CALLBACK_ALLOW_HTTP=env.get("NOTIFICATIES_CALLBACK_ALLOW_HTTP", "true"),
        NOTIFICATIES_CALLBACK_ALLOW_NETWORKS=env.get("NOTIFICATIES_CALLBACK_ALLOW_NETWORKS", LOOPBACK_NETWORKS),
        # A frontend in development runs on this machine on a port of its own (Vite: 5173): the local platform lets
        # a browser call it from any loopback origin; a deployment names its origins (GATEWAY_CORS_ORIGINS).
        GATEWAY_CORS_ORIGIN_REGEX=env.get("GATEWAY_CORS_ORIGIN_REGEX", LOCAL_ORIGINS),
    )
    env.update(gateway_urls(ports))
    return env


#: Browser origins on this machine, any port: what the local platform allows by default.
LOCAL_ORIGINS = r"^http://(localhost|127\.0\.0\.1)(:\d{1,5})?$"


def gateway_urls(ports: Ports) -> dict[str, str]:
    """Where the gateway finds each service: every replica's URL, comma-separated (it takes turns, and passes one
    that cannot be reached)."""
    urls = {
        f"GATEWAY_{service.upper()}_URL": ",".join(f"http://127.0.0.1:{port}" for port in ports.replicas[service])
        for service in ports.services
    }
    sockets = {
        f"GATEWAY_{service.upper()}_SOCKET": ",".join(
            ports.socket(service, n) or "" for n in range(1, len(ports.replicas[service]) + 1)
        )
        for service in ports.services
        if ports.unix_sockets
    }
    return urls | sockets


class ProcessGroup:
    """The platform's processes (services, workers, gateway), started together and stopped together."""

    def __init__(self, env: dict[str, str], ports: Ports, log_dir: Path | None = None) -> None:
        self.env = env
        self.ports = ports
        self.log_dir = log_dir
        self.procs: dict[str, subprocess.Popen] = {}
        self.args: dict[str, list[str]] = {}
        #: Per process: restarts so far, last exit code, when it (re)started, and when a restart is due.
        self.restarts: dict[str, int] = {}
        self.last_exit: dict[str, int] = {}
        self.started_at: dict[str, float] = {}
        self.restart_due: dict[str, float] = {}
        self._logs: list = []

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        output = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115  (open while the process runs)
            self._logs.append(output)
        proc = subprocess.Popen([sys.executable, *args], env=self.env, stdout=output, stderr=output)
        self.procs[name] = proc
        self.args[name] = args
        self.started_at[name] = time.time()
        return proc

    def supervise(self, now: float | None = None) -> list[str]:
        """Restart every process that exited, with backoff (1 s, 2 s, 4 s … 30 s; back to 1 s after a minute of
        running well). Returns what happened, one line each, for the launcher to print."""
        now = time.time() if now is None else now
        said = []
        for name, proc in list(self.procs.items()):
            code = proc.poll()
            if code is None:
                if now - self.started_at.get(name, now) > 60:
                    self.restarts.setdefault(name, 0)
                continue
            if name not in self.restart_due:
                self.last_exit[name] = code
                ran = now - self.started_at.get(name, now)
                attempt = 0 if ran > 60 else self.restarts.get(name, 0)
                delay = min(2.0**attempt, 30.0)
                self.restart_due[name] = now + delay
                said.append(f"{name} exited with code {code}; restarting in {delay:.0f}s")
            elif now >= self.restart_due[name]:
                del self.restart_due[name]
                self.restarts[name] = self.restarts.get(name, 0) + 1
                self._spawn(name, self.args[name])
                said.append(f"{name} restarted (restart {self.restarts[name]})")
        return said

    def status(self) -> list[dict]:
        """Each process: name, pid, running or waiting to restart, restarts, last exit code, since when."""
        return [
            {
                "naam": name,
                "pid": proc.pid,
                "status": "draait" if proc.poll() is None else "herstart-wacht",
                "herstarts": self.restarts.get(name, 0),
                "laatsteExitcode": self.last_exit.get(name),
                "sinds": self.started_at.get(name),
            }
            for name, proc in sorted(self.procs.items())
        ]

    def start_api(self, service: str, replica: int = 1) -> None:
        """Start an API process of `service` (replica 1 is `<service>-api`, a further one `<service>-api-<n>`)."""
        port = self.ports.replicas.get(service, [self.ports.services[service]])[replica - 1]
        uds = self.ports.socket(service, replica)
        if uds is not None:
            self.ports.socket_dir.mkdir(mode=0o700, exist_ok=True)
        self._spawn(_replica(f"{service}-api", replica), _serve(f"{service}.main:app", port, uds))

    def start_worker(self, service: str, name: str | None = None, replica: int = 1) -> None:
        """Start a worker of `service` (replica 1 is `<service>-worker`, a further one `<service>-worker-<n>`); give
        another `name` to run one more (workers share the durable consumers and the outbox)."""
        self._spawn(name or _replica(f"{service}-worker", replica), ["-m", f"{service}.worker"])

    def start_gateway(self) -> None:
        self._spawn("gateway", _serve("gateway.main:app", self.ports.gateway, None))

    def start_all(self, services: tuple[str, ...] = SERVICES, timeout: float = 60, tries: int = 3) -> None:
        """Start workers, APIs and the gateway and wait until they answer. Where the launcher chose the ports
        (`Ports.free`), a process that fails at start-up (a port taken meanwhile by another server) makes it start
        everything again on other ports, up to `tries` times."""
        for attempt in range(1, tries + 1):
            for replica in range(1, self.ports.count + 1):
                for service in services:
                    self.start_worker(service, replica=replica)
                    self.start_api(service, replica=replica)
            self.start_gateway()
            try:
                self.wait_ready(timeout)
                return
            except RuntimeError:
                if not self.ports.chosen or attempt == tries:
                    raise
                self.stop()
                self.use_ports(Ports.free(self.ports.count))

    def use_ports(self, ports: Ports) -> None:
        """Move the platform to other ports (before it is started): the gateway's URL and where it finds each
        service."""
        self.ports = ports
        self.env["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{ports.gateway}"
        self.env.update(gateway_urls(ports))

    def wait_ready(self, timeout: float) -> None:
        urls = {
            _replica(f"{s}-api", n): f"http://127.0.0.1:{p}/health/ready"
            for s, ports in self.ports.replicas.items()
            for n, p in enumerate(ports, start=1)
        }
        urls["gateway"] = f"http://127.0.0.1:{self.ports.gateway}/health/live"
        urls = {name: url for name, url in urls.items() if name in self.procs}
        deadline = time.monotonic() + timeout
        pending = dict(urls)
        while pending:
            for name, url in list(pending.items()):
                if self.procs[name].poll() is not None:
                    raise RuntimeError(f"{name} exited with code {self.procs[name].returncode} during start-up")
                try:
                    if httpx.get(url, timeout=1).status_code == 200:
                        del pending[name]
                except httpx.HTTPError:
                    pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"not ready within {timeout:.0f}s: {', '.join(pending)}")
            if pending:
                time.sleep(0.1)

    def kill(self, name: str) -> None:
        """Kill one process abruptly (SIGKILL), as a crash would."""
        proc = self.procs.pop(name)
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    def stop(self, timeout: float = 10) -> None:
        stop_processes(self.procs, self._logs, timeout)
        if self.ports.unix_sockets:
            shutil.rmtree(self.ports.socket_dir, ignore_errors=True)


def _replica(name: str, replica: int) -> str:
    return name if replica == 1 else f"{name}-{replica}"


def _serve(app: str, port: int, uds: str | None) -> list[str]:
    """An API process: its TCP port and, where given, its Unix socket (`serve`)."""
    return ["-m", "stuurcyclus_common.serve", app, "--port", str(port), *(["--uds", uds] if uds else [])]


@dataclass
class RunningPlatform:
    """A complete platform on its own database and streams (tests, benchmarks), on free ports."""

    infra: Infrastructure
    database: str
    database_url: str
    prefix: str
    env: dict[str, str]
    ports: Ports
    group: ProcessGroup

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.ports.gateway}"

    def service(self, name: str, replica: int = 1) -> str:
        return f"http://127.0.0.1:{self.ports.replicas[name][replica - 1]}"


@contextmanager
def temporary_platform(
    infra: Infrastructure, log_dir: Path, *, extra_env: dict[str, str] | None = None, replicas: int = 1
) -> Iterator[RunningPlatform]:
    """Start every service (`replicas` API processes and workers each), and the gateway, on a fresh database and stream
    prefix; remove both after."""
    run_id = uuid.uuid4().hex[:10]
    database, prefix = f"sctest_{run_id}", f"sctest{run_id}"
    asyncio.run(create_database(infra.server_url, database))
    ports = Ports.free(replicas)
    url = database_url(infra.server_url, database)
    env = platform_env(
        database_url_=url,
        nats_url=infra.nats_url,
        ports=ports,
        event_prefix=prefix,
        auth_secret=secrets.token_urlsafe(32),
    )
    env.update(extra_env or {})
    group = ProcessGroup(env, ports, log_dir=log_dir)
    try:
        run_manage("migrate", env)
        group.start_all()
        yield RunningPlatform(infra, database, url, prefix, group.env, group.ports, group)
    finally:
        group.stop()
        asyncio.run(remove_streams(infra.nats_url, prefix))
        asyncio.run(drop_database(infra.server_url, database))


async def remove_streams(nats_url: str, prefix: str) -> None:
    """Delete the JetStream streams of one stream prefix (a test run's)."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        for info in await js.streams_info():
            name = info.config.name or ""
            if name.startswith(prefix.upper() + "_"):
                await js.delete_stream(name)
    finally:
        await nc.close()


@contextmanager
def temporary_database(data_dir: Path, services: tuple[str, ...]) -> Iterator[str]:
    """A fresh database with `services`' migrations applied (PostgreSQL from DATABASE_URL, else embedded; no
    NATS), removed afterwards. Yields its URL. For benchmarks that drive a service's code in-process."""
    infra = Infrastructure.from_env_or_embedded(data_dir, with_nats=False)
    name = f"scbench_{uuid.uuid4().hex[:8]}"
    try:
        asyncio.run(create_database(infra.server_url, name))
        url = database_url(infra.server_url, name)
        run_manage("migrate", {**os.environ, "DATABASE_URL": url}, services)
        yield url
    finally:
        asyncio.run(drop_database(infra.server_url, name))
        infra.stop()


class PlatformState:
    """`<data-dir>/platform.json` while `stuurcyclus up` runs: where its servers are and how its processes fare, for
    the commands that act on a running platform (`status`, `dlq`, `import-iv3`)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "platform.json"

    def write(self, env: dict[str, str], infra: Infrastructure, ports: Ports, group: ProcessGroup) -> None:
        state = {
            "pid": os.getpid(),
            "databaseUrl": env["DATABASE_URL"],
            "natsUrl": infra.nats_url,
            "eventPrefix": env.get("EVENT_PREFIX", "stuurcyclus"),
            "gateway": ports.gateway,
            "processes": group.status(),
            "servers": infra.status(),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state, indent=2))
        temporary.replace(self.path)

    def read(self) -> dict | None:
        """The running platform's state, or None when none runs (a stale file of a killed launcher is ignored)."""
        try:
            state = json.loads(self.path.read_text())
            os.kill(state["pid"], 0)
        except (OSError, ValueError, KeyError):
            return None
        return state

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def local_auth_secret(data_dir: Path) -> str:
    """The signing secret of a local platform: made once, kept (0600) in its data directory."""
    path = data_dir / "auth-secret"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def token_for(env: dict[str, str], *, gemeente: str, rol: str, organisatie: str | None = None, ttl: int = 3600) -> str:
    """A token the platform with environment `env` accepts (signed with its AUTH_SECRET)."""
    from stuurcyclus_common.auth import issue_token
    from stuurcyclus_common.settings import ServiceSettings

    settings = ServiceSettings(service="cli", auth_secret=env["AUTH_SECRET"])
    return issue_token(settings, gemeente=gemeente, rol=rol, organisatie=organisatie, ttl_seconds=ttl)
