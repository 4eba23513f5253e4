"""A benchmark's own PostgreSQL database and scratch folder, dropped when it ends (a SIGTERM too,
once the caller turns it into SystemExit), unless kept for `--reuse`."""

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )


@contextmanager
def scratch_database(database: str, *, create: bool, keep: bool, scratch: Path) -> Iterator[None]:
    """Create `database` when asked; at the end drop it (unless kept) and the scratch folder."""
    drop = False
    try:
        if create:
            psql(f'CREATE DATABASE "{database}"')
            drop = not keep
            if keep:
                print(f"database kept for --reuse: {database}")
        yield
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django may not have started
            pass
        if drop:
            psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(scratch, ignore_errors=True)
