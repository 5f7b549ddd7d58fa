"""Crash safety of `dyad ingest`: kill it with SIGKILL at random points, resume, compare with a clean run.

Usage: python bench/crash.py [--items 1000] [--batch-size 4] [--kills 100] [--checkpoint-kills 5] [--seed 0]
                             [--exec] [--no-write]

The input is a slice of the Wikipedia Current Events Iraq/Iran corpus with one bad JSON line and one bad date
added, so that the errors table is written too. It is ingested once without interruption (the reference), then
into a second file by runs that are each killed with SIGKILL and resumed (run again with the same command)
until `--kills` kills have landed; a last run finishes. Every table of the two files is then compared row by
row: rows of the reference missing from the resumed file are lost, rows the reference lacks (duplicates
included) are extra; both must be 0.

Where a kill lands (STRATEGIES): a fifth of the kills at a random moment of the run's start-up (opening the
file and replaying the last crash's write-ahead log, migrations, loading, reading and hashing the input: as long
as a run over the finished reference takes); a fifth the instant the run's write-ahead log grows (a commit being
written), watched from outside; the rest after 1 or 2 such commits plus a random part of a batch's time (while a
batch is coded, written or committed); then `--checkpoint-kills` runs are killed as they checkpoint on closing
(their first write to the database file itself), a random part of the reference's checkpoint time in. After each
kill the file is opened read-only (which replays its log in memory, as any reader would) and checked: the
stored documents are the first n of the input in order (whole batches, nothing of the batch in flight), each
stored document has exactly the reference's rows in every table, and no committed document was lost since
the previous kill.

Each run is the `dyad ingest` command (dyad's command-line app with the arguments a user types), in a child
process forked from this one after the model, dictionaries and gazetteer are loaded: a kill then costs about
two seconds instead of a cold start of about 25. `--exec` starts the installed `dyad` executable for every
run instead (slow; kills then also land during Python's and the model's start-up, and each run has its own
string-hash seed, so a coder whose output depended on it would show here). The package is first copied
to the output folder and imported from there, so that edits to the working tree during the run (a recalibration,
a dictionary change) cannot make later runs code differently from the reference.
Results are appended to this benchmark's table in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "wikipedia_current_events" / "wikipedia_current_events_iraq_iran.jsonl"
HEADER = "## Crash safety: SIGKILL and resume (bench/crash.py)"
RUN_TIMEOUT = 600.0  # seconds any one run may take before the harness gives up on it
POLL = 0.002


# -- input -----------------------------------------------------------------------------------------------------


def write_sample(path: Path, items: int, start: int = 1000) -> Path:
    """`items` consecutive news items of the Iraq/Iran corpus, with a bad JSON line and a bad date among them."""
    with CORPUS.open(encoding="utf-8") as handle:
        lines = handle.readlines()[start:start + items]
    if len(lines) < items:
        raise ValueError(f"{CORPUS} has fewer than {start + items} lines")
    third = len(lines) // 3
    bad_date = json.dumps({"id": "bad-date", "date": "2008-13-40", "text": "Iraq met Iran."}) + "\n"
    path.write_text("".join(lines[:third]) + "{not json\n" + "".join(lines[third:2 * third]) + bad_date
                    + "".join(lines[2 * third:]), encoding="utf-8")
    return path


def ingest_args(source: Path, db: Path, batch_size: int) -> list[str]:
    return ["ingest", str(source), "--db", str(db), "--batch-size", str(batch_size), "--no-progress"]


# -- runs ------------------------------------------------------------------------------------------------------


def warm() -> None:
    """Load what `dyad ingest` loads (model, dictionaries, patterns, gazetteer, the modules it imports when it
    runs), so that forked runs start warm and all run the code loaded here."""
    import dyad.cli_store
    import dyad.readers
    import dyad.store  # noqa: F401
    from dyad.cli import _settings
    from dyad.coding import Coder
    from dyad.enrich import Enricher

    coder = Coder(_settings(None, None, None, None, None, False))
    Enricher(coder).enrich_document("BAGHDAD — Iraq and Iran signed an agreement in the capital.")


class Run:
    """One `dyad ingest` process: forked from this (warm) process, or the installed executable with `exec_`.

    Fork only while this process has no DuckDB database open: the child would inherit it, and DuckDB would
    then refuse to open the same file again in what it takes for the same process.
    """

    def __init__(self, args: list[str], log: Path, *, exec_: bool = False) -> None:
        self.log = log
        self.started = time.monotonic()
        self.returncode: int | None = None
        if exec_:
            with log.open("ab") as out:
                self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                    [shutil.which("dyad") or "dyad", *args], stdout=out, stderr=out)
            self.pid = self._process.pid
            return
        self._process = None
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: run the command, never return into the caller's code
            code = 70
            try:
                fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
                os.dup2(fd, 1)
                os.dup2(fd, 2)
                # New stream objects on those descriptors: the parent's may be a test runner's capture.
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                from dyad.cli import app

                app(args=args, prog_name="dyad")
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else 1
            except BaseException:  # an unexpected error: report it in the log, exit non-zero
                import traceback

                traceback.print_exc()
            finally:
                for stream in (sys.stdout, sys.stderr):
                    stream.flush()
                os._exit(code)
        self.pid = pid

    def poll(self) -> int | None:
        if self.returncode is None:
            if self._process is not None:
                self.returncode = self._process.poll()
            else:
                done, status = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float = RUN_TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                self.kill()
                raise TimeoutError(f"dyad ingest (pid {self.pid}) ran for more than {timeout:.0f} s")
            time.sleep(0.01)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> bool:
        """SIGKILL the run; False if it had already exited."""
        if self.poll() is not None:
            return False
        os.kill(self.pid, signal.SIGKILL)
        return self.wait() == -signal.SIGKILL


def wait_for_commits(run: Run, wal: Path, commits: int, timeout: float = RUN_TIMEOUT) -> int:
    """Wait until the run's write-ahead log has grown `commits` times (or the run ended); the growths seen."""
    seen, last = 0, _size(wal)
    deadline = time.monotonic() + timeout
    while seen < commits and run.poll() is None:
        size = _size(wal)
        if size > last:
            seen += 1
        last = size
        if time.monotonic() > deadline:
            raise TimeoutError(f"no commit from dyad ingest (pid {run.pid}) in {timeout:.0f} s")
        time.sleep(POLL)
    return seen


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


# -- comparing stores ------------------------------------------------------------------------------------------


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def read_tables(db: Path) -> dict[str, Table]:
    """Every table of a store, rows sorted, plus the migrations (without their times)."""
    import duckdb

    from dyad.store import TABLES

    result = {}
    with duckdb.connect(str(db), read_only=True) as con:
        present = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        for table in (*TABLES, "schema_migrations"):
            if table not in present:  # a run killed while it created the schema: the next run finishes that
                result[table] = Table([], [])
                continue
            columns = "number, name" if table == "schema_migrations" else "*"
            cursor = con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL")
            result[table] = Table([d[0] for d in cursor.description or []], cursor.fetchall())
    return result


def difference(resumed: dict[str, Table], reference: dict[str, Table]) -> dict[str, tuple[int, int]]:
    """Per table, (rows lost, rows extra): the multiset difference both ways, so duplicates count as extra."""
    result = {}
    for name, table in reference.items():
        want, got = Counter(table.rows), Counter(resumed[name].rows)
        result[name] = (sum((want - got).values()), sum((got - want).values()))
    return result


def input_order(reference: dict[str, Table]) -> list[str]:
    """The reference's document ids in input order (their origin is `file:line`)."""
    docs = reference["documents"]
    doc_id, origin = docs.columns.index("doc_id"), docs.columns.index("origin")
    return [row[doc_id] for row in sorted(docs.rows, key=lambda r: int(r[origin].rsplit(":", 1)[1]))]


def check_killed_store(db: Path, reference: dict[str, Table], order: list[str]) -> tuple[int, list[str]]:
    """Documents stored in a killed run's file, and what is wrong with it (nothing, if crash-safe).

    Whole batches only: the documents stored are the first n of the input. Whole documents only: each stored
    document has exactly the reference's rows in every table keyed by document or event.
    """
    if not db.exists():
        return 0, []
    got = read_tables(db)
    docs = {row[reference["documents"].columns.index("doc_id")] for row in got["documents"].rows}
    problems = []
    if docs != set(order[:len(docs)]):
        problems.append(f"the {len(docs)} stored documents are not the first {len(docs)} of the input")
    event_ids = {row[reference["events"].columns.index("event_id")] for row in reference["events"].rows
                 if row[reference["events"].columns.index("doc_id")] in docs}
    for name in ("documents", "sentences", "events", "document_framing", "claims", "event_enrichment"):
        table = reference[name]
        key, keep = ("event_id", event_ids) if name == "event_enrichment" else ("doc_id", docs)
        index = table.columns.index(key)
        want = Counter(row for row in table.rows if row[index] in keep)
        if Counter(got[name].rows) != want:
            problems.append(f"{name}: stored rows differ from the reference's for the stored documents")
    for name in ("actors", "errors"):
        keys = {row[:2] for row in reference[name].rows}
        if not {row[:2] for row in got[name].rows} <= keys:
            problems.append(f"{name}: rows the reference does not have")
    return len(docs), problems


# -- the experiment --------------------------------------------------------------------------------------------

STRATEGIES = ("start-up", "at a commit", "after commits", "in the checkpoint")


@dataclass
class Kill:
    round: int
    how: str  # one of STRATEGIES
    delay: float  # seconds after the run's start (start-up) or after the moment waited for
    documents: int  # documents stored after the kill


@dataclass
class CrashReport:
    items: int
    batch_size: int
    kills: list[Kill] = field(default_factory=list)
    runs: int = 0  # runs on the killed file: kills + the final one
    reference_rows: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    extra: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    exit_codes: tuple[int, int] = (0, 0)  # the reference run's and the final resumed run's
    tracebacks: int = 0  # runs whose output has a Python traceback
    seconds: float = 0.0
    reference_seconds: float = 0.0

    @property
    def resumes(self) -> int:
        return self.runs - 1

    @property
    def rows_lost(self) -> int:
        return sum(self.lost.values())

    @property
    def rows_extra(self) -> int:
        return sum(self.extra.values())

    def by_strategy(self) -> Counter[str]:
        return Counter(k.how for k in self.kills)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        status = path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (status.st_size, status.st_mtime_ns)


def _sleep_while_running(run: Run, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while run.poll() is None and time.monotonic() < deadline:
        time.sleep(POLL)


def _watch_to_end(run: Run, db: Path) -> float:
    """Follow a run to its end; how long its closing checkpoint took: from its first write to the database file
    after the last commit to the truncation of the write-ahead log (seconds; a short default if not seen)."""
    wal = db.with_name(db.name + ".wal")
    last_wal, last_stamp = _size(wal), _stamp(db)
    began: float | None = None
    took = 0.01
    while run.poll() is None:
        now, size, stamp = time.monotonic(), _size(wal), _stamp(db)
        if size > last_wal:
            began = None
        elif stamp != last_stamp and began is None:
            began = now
        elif size < last_wal and began is not None:
            took = max(0.001, now - began)
        last_wal, last_stamp = size, stamp
        time.sleep(POLL / 4)
    return took


def _wait_for_checkpoint(run: Run, db: Path, timeout: float = RUN_TIMEOUT) -> None:
    """Wait until the run writes the database file itself: DuckDB does that only when it checkpoints (merges
    the write-ahead log into the file), which `dyad ingest` does as it closes the store."""
    before = _stamp(db)
    deadline = time.monotonic() + timeout
    while run.poll() is None and _stamp(db) == before:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no checkpoint from dyad ingest (pid {run.pid}) in {timeout:.0f} s")
        time.sleep(POLL / 4)


def crash_test(source: Path, folder: Path, *, kills: int, batch_size: int, checkpoint_kills: int = 3,
               seed: int = 0, exec_: bool = False,
               say: Callable[[str], None] = lambda message: None) -> CrashReport:
    """Ingest `source` cleanly, then with SIGKILLs and resumes, and compare the two stores.

    `kills` runs are killed while there is input left (a random strategy each: start-up, at a commit, after
    commits); then up to `checkpoint_kills` runs are killed while they checkpoint on closing; a last run ends.
    """
    rng = random.Random(seed)
    started = time.monotonic()
    items = sum(1 for _ in source.open(encoding="utf-8"))
    report = CrashReport(items=items, batch_size=batch_size)
    reference_db, resumed_db = folder / "reference.duckdb", folder / "resumed.duckdb"
    log = folder / "ingest.log"

    run = Run(ingest_args(source, reference_db, batch_size), log, exec_=exec_)
    checkpoint_seconds = _watch_to_end(run, reference_db)
    first = run.wait()
    report.reference_seconds = time.monotonic() - run.started
    # A run over the finished reference stores nothing: its length is the start-up a resumed run goes through
    # (opening, loading, reading and hashing the input) before its first commit.
    idle = Run(ingest_args(source, reference_db, batch_size), log, exec_=exec_)
    idle.wait()
    startup_seconds = time.monotonic() - idle.started
    reference = read_tables(reference_db)
    report.reference_rows = {name: len(t.rows) for name, t in reference.items()}
    order = input_order(reference)
    batches = -(-items // batch_size)
    batch_seconds = report.reference_seconds / batches
    say(f"reference: {items} items, {batches} batches, {report.reference_seconds:.1f} s, closing checkpoint "
        f"{checkpoint_seconds * 1000:.0f} ms, start-up {startup_seconds:.1f} s, exit {first}")

    wal = resumed_db.with_name(resumed_db.name + ".wal")
    stored_before = 0
    # A fifth of the kills in start-up, a fifth at a commit, the rest after commits, in random order.
    planned = [STRATEGIES[0]] * (kills // 5) + [STRATEGIES[1]] * (kills // 5)
    planned += [STRATEGIES[2]] * (kills - len(planned))
    rng.shuffle(planned)
    planned += [STRATEGIES[3]] * checkpoint_kills
    for how in planned:
        run = Run(ingest_args(source, resumed_db, batch_size), log, exec_=exec_)
        report.runs += 1
        if how == "start-up":
            delay = rng.uniform(0, startup_seconds)
            _sleep_while_running(run, delay)
        elif how == "at a commit":  # the moment the log grows: the commit's write may be half done
            wait_for_commits(run, wal, rng.randint(1, 2))
            delay = 0.0
        elif how == "after commits":
            wait_for_commits(run, wal, rng.randint(1, 2))
            delay = rng.uniform(0, batch_seconds)
            _sleep_while_running(run, delay)
        else:
            _wait_for_checkpoint(run, resumed_db)
            delay = rng.uniform(0, checkpoint_seconds)
            _sleep_while_running(run, delay)
        if not run.kill():
            report.runs -= 1  # it finished: that was the last run
            say(f"round {report.runs + 1} ({how}): the run finished before the kill, exit {run.returncode}")
            report.exit_codes = (first, run.returncode or 0)
            break
        stored, problems = check_killed_store(resumed_db, reference, order)
        if stored < stored_before:
            problems.append(f"{stored_before - stored} committed documents lost")
        stored_before = stored
        report.kills.append(Kill(report.runs, how, delay, stored))
        report.problems += [f"kill {len(report.kills)}: {p}" for p in problems]
        say(f"kill {len(report.kills)} ({how}, +{delay:.3f} s): {stored} documents stored"
            + (f"; PROBLEMS: {problems}" if problems else ""))
    else:
        last = Run(ingest_args(source, resumed_db, batch_size), log, exec_=exec_)
        report.exit_codes = (first, last.wait())
    report.runs += 1
    for name, (lost, extra) in difference(read_tables(resumed_db), reference).items():
        report.lost[name], report.extra[name] = lost, extra
    output = log.read_text(encoding="utf-8", errors="replace")
    report.tracebacks = output.count("Traceback")
    if report.exit_codes[1] != first:
        report.problems.append(f"the last run exited with {report.exit_codes[1]}, the reference with {first}: "
                               f"{output.strip().splitlines()[-1:]}")
    report.seconds = time.monotonic() - started
    return report


# -- the benchmark ---------------------------------------------------------------------------------------------


def _machine(load: float) -> str:
    return (f"{platform.machine()}, CPython {platform.python_version()}, {os.cpu_count()} cores (shared; load "
            f"{load:.1f})")


def freeze(folder: Path) -> Path:
    """Copy the dyad package to `folder` and import it from there, in this process and in `--exec` runs.

    Every run must code with the same code and data as the reference run; in a working tree that others edit
    (dictionaries, calibration), a run started minutes later would otherwise read newer files and store other
    values, which is not a crash-safety failure but would show as one.
    """
    if "dyad" in sys.modules:
        raise RuntimeError("freeze() must run before dyad is imported")
    frozen = folder / "src"
    shutil.copytree(ROOT / "src" / "dyad", frozen / "dyad", ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(frozen))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (str(frozen), os.environ.get("PYTHONPATH"))))
    return frozen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000, help="news items in the input (100 kills use about 600)")
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--kills", type=int, default=100, help="kills while there is input left")
    parser.add_argument("--checkpoint-kills", type=int, default=5, help="then kills while the store closes")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--exec", dest="exec_", action="store_true", help="run the installed `dyad` executable")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "crash")
    parser.add_argument("--no-write", action="store_true", help="do not add a row to bench/RESULTS.md")
    options = parser.parse_args()

    load = os.getloadavg()[0]
    shutil.rmtree(options.out, ignore_errors=True)
    options.out.mkdir(parents=True)
    freeze(options.out)
    if not options.exec_:
        warm()
    source = write_sample(options.out / "news.jsonl", options.items)
    report = crash_test(source, options.out, kills=options.kills, batch_size=options.batch_size,
                        checkpoint_kills=options.checkpoint_kills, seed=options.seed,
                        exec_=options.exec_, say=lambda message: print(message, flush=True))
    hows = report.by_strategy()
    print(f"kills {len(report.kills)} ({dict(hows)}), resumes {report.resumes}, rows lost {report.rows_lost}, "
          f"rows extra {report.rows_extra}, problems {len(report.problems)}, tracebacks {report.tracebacks}, "
          f"exit codes {report.exit_codes}, {report.seconds:.0f} s")
    for problem in report.problems:
        print("  " + problem)
    if len(report.kills) < options.kills + options.checkpoint_kills:
        print(f"note: {options.kills + options.checkpoint_kills} kills planned, {len(report.kills)} landed; the "
              "input ran out (give more --items) or no checkpoint was left to kill")
    if options.no_write:
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from results_table import append_row

    settings = (("items", options.items), ("batch-size", options.batch_size), ("kills", options.kills),
                ("checkpoint-kills", options.checkpoint_kills), ("seed", options.seed))
    command = "python bench/crash.py" + "".join(f" --{name} {value}" for name, value in settings)
    command += " --exec" if options.exec_ else ""
    rows = report.reference_rows
    row = (f"| {datetime.now(UTC):%Y-%m-%d} | {_machine(load)} | {report.items} items ({rows['documents']} documents, "
           f"{rows['events']} events, {sum(rows.values()):,} rows in {len(rows)} tables), batches of "
           f"{report.batch_size} | {len(report.kills)} ({', '.join(f'{hows[h]} {h}' for h in STRATEGIES)}) | "
           f"{report.resumes} | {report.rows_lost} | {report.rows_extra} | "
           f"{len(report.problems)} | {report.seconds:.0f} s | `{command}` |")
    intro = ("Each kill is SIGKILL to a running `dyad ingest`; each resume is the same command run again. After every "
             "kill the file is checked (whole batches in input order, whole documents, nothing committed lost); at "
             "the end every table is compared row by row with an uninterrupted run's. Rows lost: reference rows "
             "missing from the resumed file; extra: rows the reference lacks, duplicates included. Partial-store "
             "problems: failed checks after a kill.")
    columns = ["date", "machine", "input", "kills", "resumes", "rows lost", "rows extra", "partial-store problems",
               "wall time", "command"]
    append_row(HEADER, intro, columns, row)
    print(f"added a row to {ROOT / 'bench' / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
