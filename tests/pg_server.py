"""A throw-away PostgreSQL server for the tests: ``initdb`` in a temporary directory, started
with ``pg_ctl`` on a free 127.0.0.1 port (and a unix socket in the same directory), stopped and
deleted at the end of the session.

PostgreSQL refuses to run as root: as root, the server runs as the ``postgres`` system user
(the one the Debian/Ubuntu packages create), or as ``certcoach-pg``, created with ``useradd``
if neither exists.  ``CERTCOACH_PG_BIN`` names the directory of ``initdb``/``pg_ctl`` when they
are not on the PATH, in /usr/local/bin or in /usr/lib/postgresql/*/bin.
``CERTCOACH_TEST_PG_URL`` (a superuser URL of a server the tests may create databases on)
skips starting one.

Any failure raises :class:`PgServerError` with the command's output: the fixtures turn it into
a test failure, never a skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

SERVER_USER_CANDIDATES = ("postgres", "certcoach-pg")


class PgServerError(RuntimeError):
    pass


def find_bin(name: str) -> str:
    places = [os.environ.get("CERTCOACH_PG_BIN", ""), "/usr/local/bin"]
    places += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for place in places:
        candidate = Path(place) / name
        if place and candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise PgServerError(
        f"PostgreSQL's {name} was not found (install the postgresql server package, "
        "or set CERTCOACH_PG_BIN to the directory holding initdb and pg_ctl)"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user() -> str | None:
    """None when not root (the server runs as us); else a system user to run it as."""
    if os.geteuid() != 0:
        return None
    for name in SERVER_USER_CANDIDATES:
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    name = SERVER_USER_CANDIDATES[-1]
    _run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name], None)
    return name


def _run(command: list[str], user: str | None, timeout: float = 120) -> str:
    if user is not None:
        command = ["runuser", "-u", user, "--", *command]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PgServerError(f"{' '.join(command)} failed: {exc}") from exc
    if done.returncode != 0:
        raise PgServerError(
            f"{' '.join(command)} exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return done.stdout


@dataclass
class PgServer:
    """A running server; ``url(db)`` is a superuser URL (trust authentication on 127.0.0.1)."""

    port: int
    host: str = "127.0.0.1"
    user: str = "postgres"
    base: Path | None = None
    run_as: str | None = None
    _stop: list[str] = field(default_factory=list)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def stop(self) -> None:
        if self._stop:
            try:
                _run(self._stop, self.run_as, timeout=60)
            finally:
                self._stop = []
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)


def start_server() -> PgServer:
    """initdb + pg_ctl start in a new temporary directory (fsync off: the data is thrown away)."""
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    run_as = _server_user()
    base = Path(tempfile.mkdtemp(prefix="certcoach-pg-"))
    data, log = base / "data", base / "server.log"
    if run_as is not None:
        entry = pwd.getpwnam(run_as)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    try:
        _run([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], run_as)
        port = _free_port()
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={base} "
            "-c fsync=off -c full_page_writes=off -c max_connections=300"
        )
        _run([pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"], run_as)
    except PgServerError as exc:
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        raise PgServerError(f"{exc}\n{tail}") from exc
    return PgServer(
        port=port, base=base, run_as=run_as, _stop=[pg_ctl, "-D", str(data), "-m", "fast", "stop"]
    )


async def create_database(admin_url: str, label: str) -> str:
    """The URL of a new, empty database on the server of ``admin_url`` (a superuser URL);
    ``label`` says in its name who made it (``certcoach_<label>_<pid>_<random>``)."""
    import asyncpg  # only the callers that make databases need the driver

    name = f"certcoach_{label}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return admin_url.rsplit("/", 1)[0] + "/" + name
