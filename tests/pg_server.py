"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary directory.

``PgServer.start()`` finds ``initdb`` and ``pg_ctl`` (``$PG_BIN``, then ``PATH``, then Debian's
``/usr/lib/postgresql/<version>/bin``, newest first), creates a cluster in a fresh directory under
the system temp dir, and starts it listening only on a unix socket in that directory (no TCP port,
so parallel test runs cannot collide). ``initdb`` refuses to run as root: as root the cluster is
owned by, and the server runs as, the system user ``postgres`` (made by Debian's ``postgresql``
package). ``stop()`` shuts the server down and removes the directory.

Clients connect as the superuser ``postgres`` with trust authentication; ``url(dbname)`` gives the
``postgresql://`` URL and ``create_database()`` a fresh empty database.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

INSTALL_HINT = "apt-get install postgresql"
DEBIAN_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "postgres"
SERVICE_USER = "postgres"
#: Only names the socket file (``.s.PGSQL.<port>``): the server opens no TCP port.
PORT = 5432
#: Settings for a disposable server: nothing is worth an fsync.
SETTINGS = {"listen_addresses": "''", "fsync": "off", "synchronous_commit": "off",
            "full_page_writes": "off", "shared_buffers": "16MB", "max_connections": "20"}


class PgUnavailable(RuntimeError):
    """PostgreSQL's server binaries (or a user to run them as) are not on this machine."""


def find_bin_dir(debian_root: Path = DEBIAN_ROOT) -> Path:
    """The directory holding ``initdb`` and ``pg_ctl``; ``PgUnavailable`` names the package if none."""
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]))
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    if debian_root.is_dir():
        versions = [p for p in debian_root.iterdir() if re.fullmatch(r"\d+(\.\d+)?", p.name)]
        candidates += [p / "bin" for p in sorted(versions, key=lambda p: float(p.name), reverse=True)]
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    raise PgUnavailable(f"PostgreSQL server binaries (initdb, pg_ctl) not found: {INSTALL_HINT}")


def _service_account() -> pwd.struct_passwd | None:
    """Whom to run the server as: ``None`` (this user) unless this is root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        raise PgUnavailable(f"running as root and there is no {SERVICE_USER!r} user to run "
                            f"PostgreSQL as: {INSTALL_HINT} creates it") from None


@dataclass
class PgServer:
    """One running throwaway server."""

    bin_dir: Path
    root: Path
    account: pwd.struct_passwd | None = None
    _databases: int = field(default=0, init=False)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @classmethod
    def start(cls) -> PgServer:
        """Create a cluster in a new temp directory and start it; raises ``PgUnavailable``."""
        bin_dir, account = find_bin_dir(), _service_account()
        # the directory must be reachable by the service user: not under pytest's private 0700 tmp
        root = Path(tempfile.mkdtemp(prefix="wireclaims-pg-"))
        server = cls(bin_dir, root, account)
        try:
            if account is not None:
                os.chown(root, account.pw_uid, account.pw_gid)
            server._run("initdb", "-D", str(server.data_dir), "-U", SUPERUSER, "--auth=trust",
                        "--no-sync", "--encoding=UTF8", "--locale=C")
            options = " ".join(f"-c {key}={value}" for key, value in SETTINGS.items())
            server._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(server.data_dir),
                        "-l", str(root / "server.log"),
                        "-o", f"{options} -p {PORT} -k {root}")
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        return server

    def stop(self) -> None:
        """Stop the server (fast: no checkpoint worth waiting for) and remove its directory."""
        try:
            self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data_dir))
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        """A libpq URL for ``dbname`` over the unix socket."""
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.root}&port={PORT}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        self._databases += 1
        name = f"wc_{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def _run(self, program: str, *args: str) -> None:
        extra = {}
        if self.account is not None:
            extra = {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}
        done = subprocess.run([str(self.bin_dir / program), *args], capture_output=True, text=True,
                              check=False, cwd=self.root, stdin=subprocess.DEVNULL, **extra)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
                               f"\n{self.log()[-2000:]}")
