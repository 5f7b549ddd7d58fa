"""The store commands end to end through the CLI: real files, real DuckDB, exact exit codes and error lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.cli_store import register

register(app)  # no-op once dyad.cli registers the store commands itself
runner = CliRunner()

SHARED = Path(__file__).resolve().parents[2] / "shared"
IRAQ_IRAN = SHARED / "corpora" / "wikipedia_current_events" / "wikipedia_current_events_iraq_iran.jsonl"


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    with IRAQ_IRAN.open(encoding="utf-8") as handle:
        lines = handle.readlines()[300:420]
    (folder / "news.jsonl").write_text("".join(lines), encoding="utf-8")
    (folder / "bad.jsonl").write_text('{"text": "Iraq met Iran.", "date": "2004-02-30"}\n', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def db(inputs, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "cli.duckdb"
    result = run("ingest", str(inputs / "news.jsonl"), "--db", str(path), "--no-progress")
    assert result.exit_code == 0, result.output
    return path


def test_cli_store_ingest_reports_and_reingest_adds_nothing(db, inputs):
    again = run("ingest", str(inputs / "news.jsonl"), "--db", str(db), "--no-progress")
    assert again.exit_code == 0
    assert again.stderr.strip().startswith("120 items: 0 documents added, 120 already stored, 0 events added, 0 errors")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (120,)


def test_cli_store_ingest_bad_item_goes_to_stderr_and_errors_table(inputs, tmp_path):
    path = tmp_path / "bad.duckdb"
    result = run("ingest", str(inputs / "bad.jsonl"), "--db", str(path), "--progress")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"error: {inputs / 'bad.jsonl'}:1: bad date '2004-02-30': expected YYYY-MM-DD"
    assert lines[-1] == "error: 1 input item(s) could not be ingested; they are listed in the errors table"
    assert "docs/s" in result.stderr and "ETA" in result.stderr
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT stage, line FROM errors").fetchall() == [("read", 1)]


@pytest.mark.parametrize(("args", "message"), [
    (("ingest", "x.jsonl", "--batch-size", "0"), "error: --batch-size must be at least 1, got 0"),
    (("ingest", "x.jsonl", "--date", "2018-13-01"), "error: --date: bad date '2018-13-01': expected YYYY-MM-DD"),
    (("query", "SELECT 1", "--format", "xml"), "error: unknown --format 'xml'; choose table, csv or json"),
    (("query", "  "), "error: empty SQL; give a statement such as \"SELECT count(*) FROM events\""),
])
def test_cli_store_argument_errors_are_one_line(args, message, tmp_path):
    result = run(*args, "--db", str(tmp_path / "unused.duckdb"))
    assert result.exit_code == 2
    assert result.stderr.strip() == message


def test_cli_store_query_formats(db):
    sql = "SELECT doc_id, date, n_events FROM documents ORDER BY doc_id LIMIT 3"
    as_json = run("query", sql, "--db", str(db), "--format", "json")
    assert as_json.exit_code == 0
    records = json.loads(as_json.stdout)
    assert isinstance(records, list) and len(records) == 3
    assert set(records[0]) == {"doc_id", "date", "n_events"} and len(records[0]["date"]) == 10
    as_csv = run("query", sql, "--db", str(db), "--format", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["doc_id", "date", "n_events"] and [r[0] for r in rows[1:]] == [r["doc_id"] for r in records]
    table = run("query", sql, "--db", str(db))
    assert table.exit_code == 0 and records[0]["doc_id"] in table.stdout
    clusters = run("query", "SELECT evidence FROM story_clusters ORDER BY documents DESC LIMIT 1", "--db", str(db),
                   "--format", "json")
    evidence = json.loads(clusters.stdout)[0]["evidence"]
    assert {"doc_id", "sentence_index", "date", "event_id", "sentence"} == set(evidence[0])


def test_cli_store_query_is_read_only_and_errors_are_one_line(db, tmp_path):
    write = run("query", "DELETE FROM events", "--db", str(db))
    assert write.exit_code == 2
    assert write.stderr.strip() == (f'error: Invalid Input Error: Cannot execute statement of type "DELETE" on '
                                    f'database "{db.stem}" which is attached in read-only mode!')
    missing = tmp_path / "missing.duckdb"
    result = run("query", "SELECT 1", "--db", str(missing))
    assert result.exit_code == 2
    expected = f"error: {missing}: no such database; create it with `dyad ingest FILES --db {missing}`"
    assert result.stderr.strip() == expected
    bad_sql = run("query", "SELECT nope FROM events", "--db", str(db))
    assert bad_sql.exit_code == 2 and len(bad_sql.stderr.strip().splitlines()) == 1
    assert bad_sql.stderr.startswith('error: Binder Error: Referenced column "nope" not found')


def test_cli_store_export_every_format_matches_the_db(db, tmp_path):
    with duckdb.connect(str(db), read_only=True) as con:
        events = con.execute("SELECT * FROM events ORDER BY date, doc_id, sentence_index, event_id").fetchall()
        daily = con.execute("SELECT count(*) FROM daily_events WHERE date IS NOT NULL").fetchone()[0]
    out = tmp_path / "events.parquet"
    result = run("export", "--format", "parquet", "--output", str(out), "--db", str(db))
    assert result.exit_code == 0 and result.stderr.strip() == f"{len(events):,} rows -> {out}"
    assert duckdb.connect().execute(f"SELECT * FROM '{out}'").fetchall() == events
    as_csv = run("export", "--format", "csv", "--db", str(db))
    frame = pd.read_csv(io.StringIO(as_csv.stdout), dtype={"code": str})
    assert len(frame) == len(events) and list(frame["event_id"]) == [e[0] for e in events]
    as_jsonl = run("export", "--format", "jsonl", "--table", "documents", "--db", str(db))
    assert len(as_jsonl.stdout.splitlines()) == 120
    gdelt = run("export", "--format", "gdelt", "--db", str(db))
    rows = [line.split("\t") for line in gdelt.stdout.splitlines()]
    assert len(rows) == daily and all(len(r) == 61 for r in rows)


@pytest.mark.parametrize(("args", "message"), [
    (("export", "--format", "parquet"), "error: --format parquet writes a binary file; give --output FILE.parquet"),
    (("export", "--format", "xml"), "error: unknown export format 'xml'; choose parquet, csv, jsonl or gdelt"),
    (("export", "--format", "gdelt", "--table", "actors"),
     "error: the gdelt format exports events only; leave out --table or use --table events"),
    (("dyads", "--source", "USA", "--target", "IRQ", "--by", "week"),
     "error: unknown period 'week'; choose month, quarter or year"),
    (("influence", "--target", "IRQ", "--actors", "IRQGOV"),
     "error: actor 'IRQGOV' overlaps the target 'IRQ'; an actor must be outside the target"),
])
def test_cli_store_export_and_analysis_errors(db, args, message):
    result = run(*args, "--db", str(db))
    assert result.exit_code == 2
    assert result.stderr.strip() == message


def test_cli_store_dyads_and_influence_with_charts(db, tmp_path):
    dyad = run("dyads", "--source", "USA", "--target", "IRQ", "--by", "quarter", "--format", "json", "--db", str(db))
    assert dyad.exit_code == 0, dyad.output
    periods = json.loads(dyad.stdout)
    assert periods and periods[0]["period"].startswith("200") and "Q" in periods[0]["period"]
    png, page = tmp_path / "influence.png", tmp_path / "influence.html"
    result = run("influence", "--target", "IRQ", "--actors", "USA,IRN", "--by", "year", "--boot", "200",
                 "--format", "csv", "--plot", str(png), "--html", str(page), "--db", str(db))
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert set(frame["actor"]) == {"USA", "IRN"} and (frame["target"] == "IRQ").all()
    assert png.read_bytes()[:4] == b"\x89PNG" and "<svg" in page.read_text(encoding="utf-8")
