"""Where the store is, how it is opened, and how its URL is shown without a password.

A store is a SQLite file (the default) or a PostgreSQL database, both through SQLAlchemy Core,
so every query is written once. Its location, in this order: the argument (`--store`), the
environment variable CONCBENCH_STORE (a path or a URL), else
$XDG_DATA_HOME/concbench/results.sqlite (~/.local/share/concbench/results.sqlite).

SQLite runs in WAL mode with a busy timeout: readers never wait for a writer, and a writer waits
(up to BUSY_TIMEOUT_S) for another instead of failing, so two runs that finish at once both land.
Write transactions start with BEGIN IMMEDIATE: a transaction that first reads and then writes
would otherwise fail at once with "database is locked" when another writer got in between,
busy timeout or not.

A PostgreSQL URL is postgresql://user@host/db or, on a local socket,
postgresql://user@/db?host=/run/postgresql. Its password comes from PGPASSWORD, ~/.pgpass (or
PGPASSFILE), which libpq reads, or from a URL in CONCBENCH_STORE; never from a command line,
where every local user sees it in `ps`. Messages show URLs with the password masked.
"""

from __future__ import annotations

import os
from urllib.parse import unquote
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import URL, Engine, make_url

from . import schema
from .errors import StoreError

STORE_ENV = "CONCBENCH_STORE"
BUSY_TIMEOUT_S = 60
CONNECT_TIMEOUT_S = 10
MASK = "***"


def default_location() -> str:
    if os.environ.get(STORE_ENV):
        return os.environ[STORE_ENV]
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "concbench" / "results.sqlite")


def is_url(location: str) -> bool:
    return "://" in location


def to_url(location: str) -> URL:
    """A SQLAlchemy URL for a path or URL; postgres:// is taken as postgresql://."""
    if not is_url(location):
        return URL.create("sqlite", database=str(Path(location).expanduser().absolute()))
    if location.startswith("postgres://"):
        location = "postgresql://" + location[len("postgres://"):]
    try:
        url = make_url(location)
    except exc.ArgumentError:
        raise StoreError(f"{masked(location)}: not a store path or URL") from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"{masked(url)}: a store is a SQLite path or a postgresql:// URL")
    if url.get_backend_name() == "sqlite" and not url.database:
        raise StoreError(f"{masked(url)}: a SQLite store needs a file path")
    return url


def has_password(location: str) -> bool:
    """Whether a location carries a password (user:password@ or ?password=)."""
    if not is_url(location):
        return False
    try:
        url = make_url(location.replace("postgres://", "postgresql://", 1))
    except exc.ArgumentError:
        return ":" in location.partition("://")[2].partition("@")[0] and "@" in location
    return bool(url.password) or "password" in url.query


def masked(location) -> str:
    """The location as text, fit to print: passwords replaced by ***, SQLite shown as its path."""
    if isinstance(location, str):
        if not is_url(location):
            return location
        try:
            location = make_url(location.replace("postgres://", "postgresql://", 1))
        except exc.ArgumentError:
            scheme, _, rest = location.partition("://")
            return f"{scheme}://{MASK}@{rest.rpartition('@')[2]}" if "@" in rest else location
    if location.get_backend_name() == "sqlite":
        return location.database or ""
    if "password" in location.query:
        location = location.update_query_dict({"password": MASK})
    return unquote(location.render_as_string(hide_password=True))     # ?host=/run/postgresql, not %2F


def first_line(error: BaseException) -> str:
    """A driver's message without SQLAlchemy's statement dump, on one line."""
    original = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__


class Store:
    """An open store: its engine and its printable location. Use as a context manager."""

    def __init__(self, engine: Engine, where: str):
        self.engine = engine
        self.where = where
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE")

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def reading(self):
        with self._translated_errors(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def writing(self):
        """One write transaction: all of it is stored, or (on any error) none of it."""
        with self._translated_errors(), self._writer.begin() as conn:
            yield conn

    @contextmanager
    def _translated_errors(self):
        try:
            yield
        except exc.IntegrityError:
            raise                       # a lost race; the caller retries
        except exc.DBAPIError as error:
            raise StoreError(f"{self.where}: {first_line(error)}") from None

    def close(self):
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url, future=True, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None     # BEGIN is ours (on_begin), not the driver's
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn):
        conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', 'DEFERRED')}")

    return engine


def _postgresql_engine(url: URL) -> Engine:
    return create_engine(url, future=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                                                         "application_name": "concbench-store"})


def open_store(location: str | None = None, *, create: bool = False) -> Store:
    """Opens the store at `location` (a path or URL; None: the default) and checks its schema.

    `create=True` makes an empty store where there is none (writers: scripts/bench, import);
    readers leave it False, so a typo in a path is an error rather than a new empty store.
    Raises StoreError (one line) for a store this code cannot use."""
    url = to_url(location or default_location())
    where = masked(url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database)
        if not path.exists():
            if not create:
                raise StoreError(f"{where}: no concbench store here yet (scripts/store import creates one)")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"{where}: cannot create ({error.strerror})") from None
        engine = _sqlite_engine(url)
    else:
        try:
            engine = _postgresql_engine(url)
        except ImportError:
            raise StoreError(f"{where}: PostgreSQL needs psycopg2 (apt-get install python3-psycopg2)") from None
    store = Store(engine, where)
    try:
        with store.reading() as conn:
            version = schema.stored_version(conn, where)
        if version != schema.SCHEMA_VERSION:
            with store.writing() as conn:
                schema.prepare(conn, where, create)
    except BaseException:
        store.close()
        raise
    return store
