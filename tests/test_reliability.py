"""Bad input, full disks, read-only files, lost servers, killed parents: one clear line each, the rest
goes on. Real failures where the machine allows them (a tmpfs of a few kilobytes mounted for the
test, a read-only remount); those tests skip, saying why, where mounting is not permitted."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed.jsonl"


def wireclaims(*args: object, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def tmpfs(tmp_path) -> Iterator[Path]:
    """A fresh 1 MiB tmpfs (root only): room for about 20 articles of the corpus; unmounted afterwards."""
    mount = tmp_path / f"fs-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def remount_read_only(mount: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True, capture_output=True)


def test_review_on_a_read_only_database_says_so(tmpfs, tmp_path):
    built = wireclaims("extract", SEED, "-o", tmp_path / "claims.db", "--model", "blank", "-q")
    assert built.returncode == 0, built.stderr
    shutil.copy(tmp_path / "claims.db", tmpfs / "claims.db")
    remount_read_only(tmpfs)
    from extractor.review import create_app
    from extractor.review.store import NotAWireclaimsDb

    with pytest.raises(NotAWireclaimsDb, match="cannot be written .*copy it to a writable directory"):
        create_app(tmpfs / "claims.db")


def test_review_on_a_file_that_is_no_database(tmp_path):
    from extractor.review import create_app
    from extractor.review.store import NotAWireclaimsDb

    (tmp_path / "notes.db").write_text("not a database at all, but more than a page of text " * 100)
    with pytest.raises(NotAWireclaimsDb, match="is not a SQLite database"):
        create_app(tmp_path / "notes.db")


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01", "0999-12-31T10:00:00"])
def test_anchor_at_the_end_of_the_calendar_is_one_reject(tmp_path, published):
    source = tmp_path / "in.jsonl"
    lines = [{"id": "far", "text": "Officials said 12 people died on Monday.", "published": published},
             {"id": "ok", "text": "Officials said 12 people died on Monday.", "published": "2022-10-04"}]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    done = wireclaims("extract", source, "-o", tmp_path / "out.jsonl", "--model", "blank")
    assert done.returncode == 0, done.stderr
    assert f"in.jsonl:1: article 'far': published {published[:10]} is outside 1000-01-01..8999-12-31" in done.stderr
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["article_id"] for r in records] == ["ok"] and records[0]["dates"][0]["value"] == "2022-10-03"


def children_of(pid: int) -> list:
    psutil = pytest.importorskip("psutil", reason="needs psutil to find the workers")
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_workers_exit_when_the_parent_is_killed(tmp_path):
    import os
    import signal
    import time

    psutil = pytest.importorskip("psutil", reason="needs psutil to find the workers")
    source = tmp_path / "many.jsonl"
    lines = (ROOT / "corpus" / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()
    with source.open("w", encoding="utf-8") as out:
        for n in range(30):  # minutes of work for two workers
            for line in lines:
                record = json.loads(line)
                out.write(json.dumps({**record, "id": f"{record['id']}-{n}"}) + "\n")
    parent = subprocess.Popen([sys.executable, "-m", "extractor", "extract", str(source), "-o", str(tmp_path / "out.db"),
                               "--model", "blank", "--workers", "2", "-q"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    workers: list = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.5)
        workers = [p for p in children_of(parent.pid) if "python" in p.name().lower()]
    assert len(workers) >= 2, "the workers did not start"
    time.sleep(3)  # let them get to work
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=30)
    gone, alive = psutil.wait_procs(workers, timeout=15)
    for process in alive:  # do not leave them behind whatever the outcome
        process.kill()
    assert not alive, f"{len(alive)} worker(s) outlived the killed parent"


def stored(db: Path) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT article_id, record FROM articles ORDER BY article_id").fetchall()


def test_disk_full_is_one_line_and_resume_is_exact(tmpfs, tmp_path):
    corpus = ROOT / "corpus" / "wikinews.jsonl"
    full = wireclaims("extract", corpus, "-o", tmpfs / "out.db", "--model", "blank", "-q", "--batch-size", "4")
    assert full.returncode == 3, full.stderr
    (line,) = full.stderr.strip().splitlines()  # one line, no traceback
    assert line.startswith("wireclaims: error: output disk is full after ")
    assert line.endswith("; run again with --skip-existing to resume")
    kept = stored(tmpfs / "out.db")
    assert 0 < len(kept) < 90 and f" full after {len(kept)} articles " in line  # what was committed
    subprocess.run(["mount", "-o", "remount,size=32m", str(tmpfs)], check=True)
    resumed = wireclaims("extract", corpus, "-o", tmpfs / "out.db", "--model", "blank", "-q", "--skip-existing")
    assert resumed.returncode == 0, resumed.stderr
    clean = wireclaims("extract", corpus, "-o", tmp_path / "clean.db", "--model", "blank", "-q")
    assert clean.returncode == 0
    assert stored(tmpfs / "out.db") == stored(tmp_path / "clean.db")  # nothing lost, nothing twice


def test_jsonl_output_on_a_full_disk(tmpfs):
    corpus = ROOT / "corpus" / "wikinews.jsonl"  # twice: more than the 1 MiB
    done = wireclaims("extract", corpus, corpus, "-o", tmpfs / "out.jsonl", "--model", "blank", "-q")
    assert done.returncode == 3
    assert done.stderr.startswith("wireclaims: error: output disk is full after ") and "Traceback" not in done.stderr


def test_database_of_another_schema_is_refused_at_once(tmp_path):
    import sqlite3

    with sqlite3.connect(tmp_path / "other.db") as conn:
        conn.execute("CREATE TABLE articles (id TEXT, body TEXT)")
    done = wireclaims("extract", SEED, "-o", tmp_path / "other.db", "--model", "blank")
    assert done.returncode == 2
    assert ("already has a table 'articles' with other columns than wireclaims writes (id, body); "
            "write to another file") in done.stderr
    assert "could not store" not in done.stderr and "no article could be read" not in done.stderr


def test_lost_postgres_server_is_one_line_and_resume_is_exact(tmp_path):
    import shutil
    import time

    psycopg = pytest.importorskip("psycopg", reason="needs the postgres extra")
    from pg_server import PORT, SETTINGS, PgServer, PgUnavailable

    try:
        server = PgServer.start()
    except PgUnavailable as err:
        pytest.skip(str(err))
    try:
        url = server.create_database()
        source = tmp_path / "many.jsonl"
        lines = (ROOT / "corpus" / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()
        source.write_text("".join(json.dumps({**json.loads(line), "id": f"{json.loads(line)['id']}-{n}"}) + "\n"
                                  for n in range(4) for line in lines), encoding="utf-8")
        run = subprocess.Popen([sys.executable, "-m", "extractor", "extract", str(source), "-o", url, "--model",
                                "blank", "-q", "--batch-size", "4"], cwd=ROOT, stderr=subprocess.PIPE, text=True)

        def count() -> int:
            try:
                with psycopg.connect(url) as conn:
                    return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except psycopg.Error:
                return 0

        deadline = time.monotonic() + 120
        while count() < 8 and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.3)
        server._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(server.data_dir))  # the server dies
        _, err = run.communicate(timeout=120)
        assert run.returncode == 4, err
        err_lines = err.strip().splitlines()
        assert len(err_lines) == 1, err  # the whole stderr when it is not one line
        (line,) = err_lines
        assert line.startswith("wireclaims: error: lost the connection to the PostgreSQL server after ")
        assert line.endswith("; run again with --skip-existing to resume once it is back")
        options = " ".join(f"-c {key}={value}" for key, value in SETTINGS.items())
        server._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(server.data_dir), "-l",
                    str(server.root / "server.log"), "-o", f"{options} -p {PORT} -k {server.root}")
        resumed = wireclaims("extract", source, "-o", url, "--model", "blank", "-q", "--skip-existing")
        assert resumed.returncode == 0, resumed.stderr
        with psycopg.connect(url) as conn:
            ids = [row[0] for row in conn.execute("SELECT article_id FROM articles")]
        assert len(ids) == len(set(ids)) == 4 * len(lines)  # nothing lost, nothing twice
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
