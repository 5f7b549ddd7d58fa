"""Crash safety of `dyad ingest` with real processes: SIGKILL at 20+ points and resume; readers while it writes.

The harness is bench/crash.py (its larger run is the benchmark). Each ingest run is the `dyad ingest` command in a
child process forked from this one once the model is loaded, so a kill costs about two seconds, not a cold start.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dyad.cli import app
from dyad.errors import StoreError
from dyad.store import open_store
from dyad.web import create_app

REPO = Path(__file__).resolve().parents[1]
DYAD = str(Path(sys.executable).with_name("dyad"))  # the installed command, next to this interpreter
runner = CliRunner()


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crash_harness", REPO / "bench" / "crash.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


crash = _harness()


@pytest.fixture(scope="module")
def warm() -> None:
    crash.warm()  # what `dyad ingest` loads, so that forked runs start in about two seconds


# The kill-and-resume run forks `dyad ingest` from a warm process. It runs in a fresh interpreter of its own:
# forked from this test process, a child can inherit a lock some earlier test's thread held at the fork and hang.
CRASH_RUN = """
import json, sys
from pathlib import Path
sys.path.insert(0, {bench!r})
import crash
crash.warm()
folder = Path({folder!r})
source = crash.write_sample(folder / "news.jsonl", 80)
report = crash.crash_test(source, folder, kills=20, checkpoint_kills=2, batch_size=2, seed=8)
print(json.dumps({{
    "kills": len(report.kills), "hows": dict(report.by_strategy()),
    "points": len({{k.documents for k in report.kills}}), "resumes": report.resumes, "runs": report.runs,
    "problems": [str(p) for p in report.problems], "reference_rows": report.reference_rows,
    "lost": report.lost, "extra": report.extra, "tracebacks": report.tracebacks,
    "exit_codes": list(report.exit_codes),
}}))
"""


@pytest.mark.slow
def test_crash_sigkill_at_twenty_points_and_resume_matches_a_clean_run(tmp_path: Path) -> None:
    script = CRASH_RUN.format(bench=str(REPO / "bench"), folder=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])

    # Kills that landed: every planned one while input was left, in start-up, at commits and between them.
    assert report["kills"] >= 20
    hows = report["hows"]
    assert (hows["start-up"], hows["at a commit"]) == (4, 4) and hows["after commits"] == 12
    assert report["points"] >= 10  # at many different points of the input
    assert report["resumes"] == report["runs"] - 1 >= report["kills"]
    # After every kill: whole batches in input order, whole documents, nothing committed lost.
    assert report["problems"] == []
    # At the end: every table row for row as the uninterrupted run's; nothing lost, nothing twice.
    rows = report["reference_rows"]
    assert rows["documents"] == 80 and rows["errors"] == 2
    assert rows["events"] > 10
    assert rows["event_enrichment"] == rows["events"]
    assert report["lost"] == dict.fromkeys(rows, 0)
    assert report["extra"] == dict.fromkeys(rows, 0)
    assert report["tracebacks"] == 0
    assert report["exit_codes"] == [2, 2]  # both report the two bad input lines, stored in the errors table


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _writing_message(db: Path, pid: int) -> str:
    return (f"error: {db}: the database is in use by another process (PID {pid}), which is writing to it, and "
            "DuckDB lets no other process open it meanwhile; try again when that process (e.g. `dyad ingest`) has "
            "finished")


def test_crash_readers_while_ingest_writes_get_one_line_errors(tmp_path: Path, warm: None) -> None:
    source = crash.write_sample(tmp_path / "news.jsonl", 200)
    db = tmp_path / "live.duckdb"
    run = crash.Run(crash.ingest_args(source, db, 2), tmp_path / "ingest.log", exec_=True)
    try:
        crash.wait_for_commits(run, db.with_name(db.name + ".wal"), 8)
        assert run.poll() is None, "the ingest ended before the readers could try"
        # The installed commands, as separate processes: one line on stderr, exit status 2, no traceback.
        commands = [["query", "SELECT count(*) FROM documents"], ["serve", "--port", str(_free_port())]]
        readers = [subprocess.Popen([DYAD, *args, "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True) for args in commands]
        for args in (["export", "--format", "csv"], ["dyads", "--source", "USA", "--target", "IRQ"],
                     ["influence", "--target", "IRQ", "--actors", "USA"]):
            result = runner.invoke(app, [*args, "--db", str(db)])
            assert (result.exit_code, result.stderr, result.stdout) == (2, _writing_message(db, run.pid) + "\n", "")
        with pytest.raises(StoreError) as info:
            create_app(db)
        assert f"error: {info.value}" == _writing_message(db, run.pid)
        for reader in readers:
            try:
                out, err = reader.communicate(timeout=120)
            finally:
                reader.kill()
            assert run.poll() is None, "the ingest ended before the readers could try"
            assert (reader.returncode, err, out) == (2, _writing_message(db, run.pid) + "\n", "")
    finally:
        run.kill()


def test_crash_killed_store_is_readable_and_a_server_keeps_writers_out(tmp_path: Path, warm: None) -> None:
    source = crash.write_sample(tmp_path / "news.jsonl", 40)
    db, log = tmp_path / "killed.duckdb", tmp_path / "ingest.log"
    run = crash.Run(crash.ingest_args(source, db, 2), log, exec_=True)
    crash.wait_for_commits(run, db.with_name(db.name + ".wal"), 8)
    assert run.kill()
    # Readers see the committed batches (DuckDB replays the log in memory for a read-only open).
    query = runner.invoke(app, ["query", "SELECT count(*) AS n FROM documents", "--db", str(db), "--format", "json"])
    assert query.exit_code == 0, query.stderr
    stored = json.loads(query.stdout)[0]["n"]
    assert 0 < stored < 40

    # The web app over the killed store; while it holds the file, a resumed ingest is refused at once, in one line.
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        assert client.get("/api/summary").json()["counts"]["documents"] == stored
        # The installed commands: a child forked from here would share this process's open database. Another
        # reader may open the file beside the server; a writer may not.
        reader = subprocess.Popen([DYAD, "query", "SELECT count(*) AS n FROM documents", "--db", str(db),
                                   "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        blocked = crash.Run(crash.ingest_args(source, db, 2), tmp_path / "blocked.log", exec_=True)
        assert blocked.wait(timeout=120) == 2
        out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0 and json.loads(out) == [{"n": stored}], err
    assert (tmp_path / "blocked.log").read_text() == (
        f"error: {db}: the database is in use by another process (PID {os.getpid()}); DuckDB allows one writer "
        "and no other process meanwhile, so wait for it to finish or stop it (e.g. `dyad serve`)\n")
    finished = crash.Run(crash.ingest_args(source, db, 2), log, exec_=True)
    assert finished.wait() == 2  # the two bad input lines
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (40,)


def test_crash_one_process_cannot_hold_a_store_both_ways(tmp_path: Path) -> None:
    db = tmp_path / "both.duckdb"
    with open_store(db), pytest.raises(StoreError) as info:
        open_store(db, read_only=True)
    assert str(info.value) == (f"{db}: this process already has the database open, and DuckDB cannot also open it "
                               "read-only; close the other store first, or query through it")
