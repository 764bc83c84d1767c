"""A throwaway PostgreSQL cluster in a temporary folder (the server's tests and bench/sync_server.py).

initdb and pg_ctl come from PATH or /usr/lib/postgresql/*/bin. Both refuse to
run as root (CI runs as root): then they run as the ``postgres`` user, in a
folder it owns. No TCP: the socket is in the folder; fsync is off.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path


def find_pg_bin() -> Path | None:
    """The folder of pg_ctl and initdb: PATH first, then the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(candidates[-1]).parent if candidates else None


def _as_owner(command: list[str]) -> list[str]:
    # initdb and pg_ctl refuse to run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PgCluster:
    """A PostgreSQL cluster in a temporary folder, reached through a socket in that folder."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="fairmate-pg-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.user = "postgres" if os.geteuid() == 0 else None

    def start(self) -> None:
        """initdb and start, fsync off, no TCP: the socket is in the temporary folder."""
        self._run([str(self.bin_dir / "initdb"), "-D", str(self.data), "-A", "trust", "--no-sync",
                   "-U", "postgres", "-E", "UTF8", "--locale", "C"])
        options = f"-c fsync=off -c listen_addresses='' -k {self.folder} -c full_page_writes=off"
        self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options,
                   "-l", str(self.folder / "log"), "-w", "start"])

    def stop(self) -> None:
        """Stop the server and remove the folder."""
        try:
            self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def dsn(self, dbname: str = "postgres") -> str:
        """The DSN of database *dbname* in this cluster."""
        return f"host={self.folder} dbname={dbname} user=postgres"

    def create_database(self) -> str:
        """A new empty schema (CREATE DATABASE takes ~0.4 s, a schema ~5 ms); the DSN that uses it."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        return self.dsn() + f" options='-c search_path={name}'"

    def _run(self, command: list[str]) -> None:
        result = subprocess.run(_as_owner(command), capture_output=True, text=True, cwd=self.folder)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {result.stdout}{result.stderr}")
