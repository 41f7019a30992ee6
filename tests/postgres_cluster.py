"""A throwaway PostgreSQL cluster for the tests: made with the machine's own `initdb`, in a temp folder.

CI starts one before the suite (`python -m tests.postgres_cluster start DIR`, which prints the URL
to put in `INSOLE_CATALOG_TEST_DATABASE`) and stops it after (`... stop DIR`). A developer without
that variable gets one started by the test session itself (tests/conftest.py). The load test kills
and restarts it (`kill`, `start` on the same folder).

The server listens on loopback only, with `trust` for local connections: it holds nothing but test
data and goes when the folder does. As root, the server runs as the `postgres` user (PostgreSQL
refuses to run as root).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
URL_FILE = "url"
START_WAIT_S = 30


class ClusterError(Exception):
    """PostgreSQL could not be found, set up or started; the message says which and why."""


def postgres_bin_dir() -> Path:
    """Where `initdb` and `pg_ctl` live (Debian keeps them out of PATH)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if not candidates:
        raise ClusterError("PostgreSQL is not installed (no initdb); install Debian's postgresql package")
    return candidates[0].parent


@dataclass
class Cluster:
    folder: Path
    port: int = 0

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    # ---- life cycle ---------------------------------------------------------------------------

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        _give_to_server_user(self.folder)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )

    def start(self) -> None:
        if not self.data.is_dir():
            self.init()
        if not self.port:
            self.port = _free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.socket_dir} "
            "-c max_connections=200 -c fsync=on"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log"), "-w", "start")
        self._wait_ready()
        (self.folder / URL_FILE).write_text(self.url() + "\n", encoding="utf-8")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def kill(self) -> None:
        """Kill the server at once, as a power cut or an OOM kill would (no shutdown checkpoint)."""
        pid_file = self.data / "postmaster.pid"
        with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
            pid = int(pid_file.read_text().splitlines()[0])
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + START_WAIT_S
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    # ---- helpers ------------------------------------------------------------------------------

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_WAIT_S
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.05)
        raise ClusterError(f"PostgreSQL did not accept connections on port {self.port}; see {self.folder}/server.log")

    def _run(self, program: str, *arguments: str, check: bool = True) -> None:
        command = [str(postgres_bin_dir() / program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if check and result.returncode != 0:
            raise ClusterError(f"{program} failed: {result.stderr.strip() or result.stdout.strip()}")


def _give_to_server_user(folder: Path) -> None:
    if os.geteuid() != 0:
        return
    user = pwd.getpwnam(SUPERUSER)
    # The server user must reach the folder through every parent (a temp folder under /tmp is fine).
    for path in [folder, *(p for p in folder.rglob("*"))]:
        os.chown(path, user.pw_uid, user.pw_gid)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def cluster_in(folder: Path) -> Cluster:
    """The cluster kept in `folder`, with the port it was last started on (if any)."""
    cluster = Cluster(Path(folder))
    url_file = cluster.folder / URL_FILE
    if url_file.exists():
        cluster.port = int(url_file.read_text().strip().rsplit(":", 1)[1].split("/")[0])
    return cluster


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"start", "stop", "remove"}:
        print("usage: python -m tests.postgres_cluster start|stop|remove FOLDER", file=sys.stderr)
        return 2
    action, folder = argv
    cluster = cluster_in(Path(folder))
    try:
        if action == "start":
            cluster.start()
            print(cluster.url())
        elif action == "stop":
            cluster.stop()
        else:
            cluster.remove()
    except ClusterError as error:
        print(f"postgres_cluster: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
