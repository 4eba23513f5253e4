"""Reference data kept in each process's memory: the catalog, the working calendar and the
organisation (units, memberships). Read on every intake and permission check, changed rarely.

Invalidation is done by the database, not by the code that writes: a trigger on every watched
table replaces the number in `motcua_reference_generation` by a fresh one in the writing
transaction, whatever wrote (a service, the admin, a bulk import, `queryset.update()`, SQL by
hand). A reader asks for that number once (one cheap query) and uses the entries cached under it;
a commit elsewhere shows as a new number and a reload, so a cached answer is never older than the
database was when the number was read. Numbers never come back after a rollback (a PostgreSQL
sequence; a random 63-bit number on SQLite), so data a rolled-back transaction read is never
served to anyone else.

Cached objects are shared by every request of the process: treat them as read-only.

Shared machinery, so it lives in `core`: the catalog, the calendar (`workdays.reference`) and the
organisation (`accounts.permissions`, `accounts.selectors`) cache through it, and it names their
tables without importing them.
"""

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

T = TypeVar("T")

TABLE = "motcua_reference_generation"
SEQUENCE = "motcua_reference_generation_seq"
TRIGGER = "motcua_reference_changed"
# Tables whose content the cached entries are built from. A new table read by a cached loader
# must be added here (test_reference_cache checks each one).
WATCHED = (
    "catalog_procedure",
    "catalog_procedurecase",
    "catalog_processstep",
    "catalog_fee",
    "catalog_component",
    "workdays_calendaroverride",
    "workdays_deadlinerules",
    "accounts_unit",
    "accounts_membership",
)


def _postgresql_sql() -> list[str]:
    sql = [
        f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, value bigint NOT NULL)",
        f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}",
        f"INSERT INTO {TABLE} (id, value) VALUES (1, nextval('{SEQUENCE}')) "  # noqa: S608
        "ON CONFLICT (id) DO NOTHING",
        # The row lock serialises writers of reference data until they commit; readers of the
        # number never wait.
        f"""CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {TABLE} SET value = nextval('{SEQUENCE}') WHERE id = 1;
            RETURN NULL;
        END $$""",  # noqa: S608
    ]
    sql += [
        f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
        for table in WATCHED
    ]
    return sql


def _sqlite_sql() -> list[str]:
    sql = [
        f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, value bigint NOT NULL)",
        f"INSERT OR IGNORE INTO {TABLE} (id, value) VALUES (1, abs(random()))",  # noqa: S608
    ]
    sql += [
        f"CREATE TRIGGER IF NOT EXISTS {TRIGGER}_{table}_{event.lower()} "  # noqa: S608
        f"AFTER {event} ON {table} BEGIN UPDATE {TABLE} SET value = abs(random()) WHERE id = 1; END"
        for table in WATCHED
        for event in ("INSERT", "UPDATE", "DELETE")
    ]
    return sql


def install(using: str = "default", **kwargs: Any) -> None:
    """Create the generation row and the triggers, idempotently (a `post_migrate` receiver:
    SQLite drops a table's triggers when a migration rebuilds the table, so they are put back
    after every migrate)."""
    from django.db import connections

    db: BaseDatabaseWrapper = connections[using]
    if db.vendor not in ("postgresql", "sqlite"):
        return
    existing = set(db.introspection.table_names())
    if not set(WATCHED) <= existing:  # an early migration state: the next migrate installs
        return
    statements = _postgresql_sql() if db.vendor == "postgresql" else _sqlite_sql()
    with db.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def generation() -> int:
    """The current number of the reference data (one indexed single-row read)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {TABLE} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError(f"{TABLE} is empty: run «manage.py migrate».")
    return int(row[0])


class ReferenceCache:
    """Entries keyed by (generation, key); entries of other generations are dropped when a new
    one is seen, and all of them past `limit` (one entry per user who asked a permission question:
    citizens too). Thread-safe for gthread workers: two threads may load one entry once each."""

    def __init__(self, limit: int = 10_000) -> None:
        self.limit = limit
        self._entries: dict[tuple[int, Hashable], Any] = {}
        self._generation: int | None = None
        self._lock = threading.Lock()

    def get(self, current: int, key: Hashable, load: Callable[[], T]) -> T:
        """The entry for `key` under generation `current` (read with `generation()` before
        `load` reads the tables), loading it on a miss."""
        try:
            # What this key's `load` returned: each key is always loaded by one function.
            return cast(T, self._entries[(current, key)])
        except KeyError:
            pass
        value = load()
        with self._lock:
            if current != self._generation:
                self._entries = {k: v for k, v in self._entries.items() if k[0] == current}
                self._generation = current
            if len(self._entries) >= self.limit:
                self._entries = {}
            self._entries[(current, key)] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries = {}
            self._generation = None


CACHE = ReferenceCache()
