"""The store on a real PostgreSQL server, started by these tests and stopped whatever happens.

The server is Debian's postgresql binaries run as the `postgres` user (PostgreSQL refuses root),
on a cluster in a temporary directory, listening only on a Unix socket in that directory, so it
touches neither Debian's own cluster nor the network. A role with a password owns one database
per test; the password reaches libpq through PGPASSWORD, ~/.pgpass or CONCBENCH_STORE, never argv.
"""

import glob
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from store_writers import dated, start_writers, wait_for

from concbench import store

REPOSITORY = Path(__file__).resolve().parents[2]
SAMPLE = REPOSITORY / "reports/samples/vm-quick/results.json"
ROLE = "concbench"


def postgresql_bin() -> Path | None:
    """The newest installed server's bin directory (Debian: /usr/lib/postgresql/<major>/bin)."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0) if found else None


class Server:
    """A running test server: its socket directory and the passwords of its two roles."""

    def __init__(self, directory: Path, superuser_password: str, role_password: str):
        self.directory = directory
        self.superuser_password = superuser_password
        self.role_password = role_password
        self.databases = 0

    def connect_as_superuser(self):
        import psycopg2
        conn = psycopg2.connect(host=str(self.directory), port=5432, user="postgres", dbname="postgres",
                                password=self.superuser_password, connect_timeout=10)
        conn.autocommit = True
        return conn

    def url(self, database: str, password: str | None = None) -> str:
        user = f"{ROLE}:{password}" if password else ROLE
        return f"postgresql://{user}@/{database}?host={self.directory}&port=5432"

    def new_database(self) -> str:
        """A fresh database owned by the test role."""
        self.databases += 1
        name = f"store_test_{self.databases}"
        conn = self.connect_as_superuser()
        with conn.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name} OWNER {ROLE}")
        conn.close()
        return name


def run_as_postgres(command: list, timeout: float) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    result = subprocess.run(prefix + [str(part) for part in command], capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed: {result.stderr.strip() or result.stdout.strip()}")


def stop(bin_dir: Path, directory: Path) -> None:
    """Stops the server: pg_ctl first, SIGKILL to the postmaster if that fails."""
    data = directory / "data"
    if not (data / "postmaster.pid").exists():
        return
    try:
        run_as_postgres([bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "-t", "30", "stop"], timeout=60)
    except (RuntimeError, subprocess.TimeoutExpired):
        try:
            os.kill(int((data / "postmaster.pid").read_text().split()[0]), signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            pass


@pytest.fixture(scope="module")
def server():
    bin_dir = postgresql_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin; "
                    "scripts/setup --all installs them)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run the server as")
    directory = Path(tempfile.mkdtemp(prefix="concbench-pg-"))
    try:
        superuser_password, role_password = secrets.token_hex(12), secrets.token_hex(12)
        (directory / "pwfile").write_text(superuser_password + "\n")
        if os.geteuid() == 0:
            for path in (directory, directory / "pwfile"):
                shutil.chown(path, "postgres", "postgres")
        run_as_postgres([bin_dir / "initdb", "-D", directory / "data", "-U", "postgres", "-E", "UTF8",
                         "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                         f"--pwfile={directory / 'pwfile'}", "--no-sync"], timeout=120)
        with open(directory / "data" / "postgresql.conf", "a") as conf:
            conf.write(f"listen_addresses = ''\nunix_socket_directories = '{directory}'\nport = 5432\n"
                       "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        run_as_postgres([bin_dir / "pg_ctl", "-D", directory / "data", "-l", directory / "server.log",
                         "-w", "-t", "60", "start"], timeout=90)
        server = Server(directory, superuser_password, role_password)
        conn = server.connect_as_superuser()
        with conn.cursor() as cursor:
            cursor.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD %s", (role_password,))
        conn.close()
        yield server
    finally:
        stop(bin_dir, directory)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def database(server, monkeypatch):
    """A new database, and the role's password in PGPASSWORD (the usual way for a script)."""
    monkeypatch.setenv("PGPASSWORD", server.role_password)
    monkeypatch.delenv("CONCBENCH_STORE", raising=False)
    return server.url(server.new_database())


def load(path) -> dict:
    return json.loads(Path(path).read_text())


def given_back(documents: list, location: str) -> dict:
    """Adds documents to a store; returns what the selectors give back from it."""
    with store.open_store(location, create=True) as db:
        for document in documents:
            store.add_run(db, document)
        store.add_run(db, documents[0])                        # again: nothing added
        selectors = ["latest", "latest@all", "vm", "vm@2", "vm@all", "vm-a", "ryzen-b", "1", "run:5"]
        return {"documents": {s: store.select(db, s) for s in selectors},
                "runs": [(r.id, r.machine, r.measured_at, r.benchmarks, r.values, r.history)
                         for r in store.list_runs(db)],
                "machines": [m for m in store.list_machines(db)]}


def test_postgresql_and_sqlite_give_back_the_same_runs(database, fixture_path, tmp_path):
    small = load(fixture_path("store/small_run.json"))
    documents = [dated(small, 2), dated(small, 1), load(fixture_path("machine_a.json")),
                 load(fixture_path("machine_b.json")), load(SAMPLE)]
    on_postgresql = given_back(documents, database)
    on_sqlite = given_back(documents, str(tmp_path / "results.sqlite"))
    assert on_postgresql == on_sqlite
    assert on_postgresql["documents"]["latest@all"] == [documents[i] for i in (2, 3, 1, 0, 4)]
    assert on_postgresql["documents"]["vm"] == [documents[4]]


def test_the_password_comes_from_pgpass(server, fixture_path, tmp_path):
    """scripts/store with no password anywhere but ~/.pgpass (libpq reads it from $HOME)."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".pgpass").write_text(f"*:*:*:{ROLE}:{server.role_password}\n")
    (home / ".pgpass").chmod(0o600)
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    environment.update(HOME=str(home), CONCBENCH_STORE=server.url(server.new_database()))
    run = lambda *args: subprocess.run([sys.executable, str(REPOSITORY / "scripts/store"), *map(str, args)],
                                       capture_output=True, text=True, env=environment, timeout=120)
    imported = run("import", fixture_path("store/small_run.json"))
    assert imported.returncode == 0, imported.stderr
    exported = run("export", "vm", "-o", tmp_path / "back.json")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "back.json").read_text() == fixture_path("store/small_run.json").read_text()


def test_a_url_with_its_password_in_the_environment_works_and_is_never_shown(server, fixture_path, capsys,
                                                                             monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("HOME", "/nonexistent")
    monkeypatch.setenv("CONCBENCH_STORE", server.url(server.new_database(), password=server.role_password))
    with store.open_store(create=True) as db:
        run_id = store.add_run(db, load(fixture_path("machine_a.json")))
        assert store.select_run_ids(db, "vm-a") == [run_id]
        assert server.role_password not in db.where and "***" in db.where


def test_a_wrong_password_is_one_line_without_it(server, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "wrong-" + server.role_password)
    with pytest.raises(store.StoreError) as error:
        store.open_store(server.url(server.new_database()), create=True)
    message = str(error.value)
    assert "password authentication failed" in message and "\n" not in message
    assert server.role_password not in message


def test_a_future_schema_on_postgresql_is_refused(database, fixture_path):
    with store.open_store(database, create=True) as db:
        store.add_run(db, load(fixture_path("machine_a.json")))
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE schema_version SET version = 99")
    with pytest.raises(store.StoreError, match="schema version 99 is newer than this concbench knows"):
        store.open_store(database, create=True)


def test_two_writers_on_postgresql_lose_nothing(database, fixture_path, tmp_path):
    """Both find the machine missing and race to insert it; the loser retries and finds it."""
    count = 10
    wait_for(start_writers(database, fixture_path("store/small_run.json"), tmp_path, count))
    with store.open_store(database) as db:
        assert len(store.select_run_ids(db, "vm@all")) == 2 * count
        assert len(store.list_machines(db)) == 1
