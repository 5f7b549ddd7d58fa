"""The event store on real DuckDB files: schema and migrations, idempotent ingest, kill-and-resume, views, exports."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dyad.errors import InputError, StoreError
from dyad.export import GDELT_COLUMNS, export, gdelt_events
from dyad.ingest import BadItem
from dyad.models import Document
from dyad.readers import count_items, read_any, read_feed, read_html
from dyad.store import LATEST_MIGRATION, TABLES, EventStore, content_id, ingest_paths, open_store

SHARED = Path(__file__).resolve().parents[2] / "shared"
IRAQ_IRAN = SHARED / "corpora" / "wikipedia_current_events" / "wikipedia_current_events_iraq_iran.jsonl"

HTML_PAGE = """<html><head><title>Talks - Example Wire</title><meta property="og:site_name" content="Example Wire">
<meta name="date" content="2018-06-14"><link rel="canonical" href="https://example.org/talks"></head><body>
<nav>Home | World | Sport</nav><article><h1>Iraq and Iran hold talks</h1>
<p>Iraq's prime minister met Iran's foreign minister in Baghdad on Thursday to discuss border security.</p>
<p>The United States criticized Iran for its support of militias in the region, a spokesman said.</p>
</article><footer>Copyright Example Wire</footer></body></html>"""

RSS_FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Feed</title>
<item><title>Turkey condemns Syria</title><link>https://example.org/1</link>
<description>&lt;p&gt;Turkey condemned Syria on Monday over the shelling of a border town.&lt;/p&gt;</description>
<pubDate>Mon, 08 Oct 2012 10:00:00 GMT</pubDate></item>
<item><title></title><description></description></item>
<item><title>Egypt and Jordan sign a trade deal</title><link>https://example.org/3</link>
<pubDate>Tue, 09 Oct 2012 10:00:00 GMT</pubDate></item>
</channel></rss>"""


def sample_lines(n: int, start: int = 0) -> list[str]:
    with IRAQ_IRAN.open(encoding="utf-8") as handle:
        lines = handle.readlines()
    return lines[start:start + n]


def table_rows(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
        rows["schema_migrations"] = con.execute("SELECT number, name FROM schema_migrations ORDER BY 1").fetchall()
    return rows


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A folder of every input type: 200 real news items (JSONL, one bad line), a text file, HTML and RSS."""
    folder = tmp_path_factory.mktemp("corpus")
    lines = sample_lines(200, start=600)
    (folder / "news.jsonl").write_text("".join(lines[:100]) + "{not json\n" + "".join(lines[100:]), encoding="utf-8")
    (folder / "note.txt").write_text("Egypt condemned Israel over the raid.", encoding="utf-8")
    (folder / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / "feed.rss").write_text(RSS_FEED, encoding="utf-8")
    (folder / "ignored.png").write_bytes(b"\x89PNG")
    return folder


@pytest.fixture(scope="module")
def store_path(corpus, coder, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "events.duckdb"
    ingest_paths([str(corpus)], coder, db=path, date=date(2018, 1, 2), batch_size=64)
    return path


def test_store_migrations_are_numbered_recorded_and_applied_once(tmp_path):
    path = tmp_path / "new.duckdb"
    with open_store(path) as store:
        assert store.applied_migrations() == list(range(1, LATEST_MIGRATION + 1))
        assert store.migrate() == []
    with open_store(path) as store:
        assert store.migrate() == []
        store.connection.execute("INSERT INTO schema_migrations (number, name) VALUES (99, 'from the future')")
    with pytest.raises(StoreError, match=r"made by a newer dyad \(migration 99"):
        open_store(path)


def test_store_read_only_refuses_missing_file_and_other_databases(tmp_path):
    missing = tmp_path / "missing.duckdb"
    with pytest.raises(StoreError) as info:
        open_store(missing, read_only=True)
    assert str(info.value) == f"{missing}: no such database; create it with `dyad ingest FILES --db {missing}`"
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(StoreError, match="not a dyad database"):
        open_store(other, read_only=True)
    text = tmp_path / "text.duckdb"
    text.write_text("not a database")
    with pytest.raises(StoreError, match="cannot open as a DuckDB database"):
        open_store(text)


def test_store_ingest_every_input_type_and_record_bad_items(store_path, corpus):
    with open_store(store_path, read_only=True) as store:
        counts = store.counts()
        assert counts["documents"] == 200 + 1 + 1 + 2  # jsonl items, text file, HTML page, two good feed entries
        assert counts["events"] > 50 and counts["sentences"] > 40 and counts["actors"] > 20
        assert counts["event_enrichment"] == counts["events"]  # one enrichment row per event, located or not
        errors = store.query("SELECT stage, message FROM errors ORDER BY message")
        assert list(errors["stage"]) == ["read", "read"]
        assert f"{corpus / 'feed.rss'}: entry 2: no title or text" in list(errors["message"])
        assert any(m.startswith(f"{corpus / 'news.jsonl'}:101: bad JSON") for m in errors["message"])
        page = store.query("SELECT * FROM documents WHERE origin LIKE '%page.html'").iloc[0]
        assert (page["source"], page["title"], page["url"]) == ("Example Wire", "Iraq and Iran hold talks",
                                                                "https://example.org/talks")
        assert page["date"].date() == date(2018, 6, 14)  # the page's own date wins over --date
        note = store.query("SELECT date FROM documents WHERE origin LIKE '%note.txt'").iloc[0]
        assert note["date"].date() == date(2018, 1, 2)
        # Provenance: every event's sentence is stored and its offsets point into it.
        joined = store.query("SELECT e.*, s.text AS sentence FROM events e JOIN sentences s USING (doc_id, "
                             "sentence_index)")
        assert len(joined) == counts["events"]
        for row in joined.itertuples():
            assert row.sentence[row.source_start:row.source_end] == row.source_text
            assert row.sentence[row.trigger_start:row.trigger_end] == row.trigger_text


def test_store_reingest_adds_zero_rows(store_path, corpus, coder):
    before = table_rows(store_path)
    report = ingest_paths([str(corpus)], coder, db=store_path, date=date(2018, 1, 2), batch_size=64)
    assert (report.added, report.events, report.skipped, report.read_errors) == (0, 0, 204, 2)
    assert table_rows(store_path) == before


JENIN = {"date": "2023-07-03", "source": "wire",
         "text": "Israeli troops attacked Palestinian militants in the West Bank city of Jenin on Monday."}


def test_store_enrichment_locates_events_once_and_not_on_reingest(tmp_path, coder):
    path = tmp_path / "jenin.jsonl"
    path.write_text(json.dumps(JENIN) + "\n")
    db = tmp_path / "enriched.duckdb"
    report = ingest_paths([str(path)], coder, db=db)
    assert report.events == 1
    with open_store(db, read_only=True) as store:
        rows = store.query("SELECT e.code, n.* FROM events e JOIN event_enrichment n USING (event_id)")
        assert store.counts()["event_enrichment"] == store.counts()["events"] == 1
    row = rows.iloc[0]
    # The place the event happens in is the city named after the preposition, in the Palestinian territories.
    assert (row["code"], row["location_country"], row["location_basis"]) == ("190", "PSE", "preposition")
    assert row["location_name"] in {"Janīn", "Jenin"}
    assert 32.3 < row["location_lat"] < 32.6 and 35.2 < row["location_lon"] < 35.4
    assert row["sentence_tone"] < 0 and row["doc_tone"] == row["sentence_tone"]  # one sentence: same tone
    others = json.loads(row["other_places"])
    assert isinstance(others, list) and all(p["name"] != row["location_name"] for p in others)
    before = table_rows(db)
    again = ingest_paths([str(path)], coder, db=db)
    assert (again.added, again.events, again.skipped) == (0, 0, 1)
    assert table_rows(db) == before


def test_store_cli_no_enrich_leaves_the_enrichment_table_empty(tmp_path):
    from typer.testing import CliRunner

    from dyad.cli import app

    path = tmp_path / "jenin.jsonl"
    path.write_text(json.dumps(JENIN) + "\n")
    db = tmp_path / "plain.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db), "--no-enrich"])
    assert result.exit_code == 0, result.output
    with open_store(db, read_only=True) as store:
        counts = store.counts()
    assert (counts["events"], counts["event_enrichment"]) == (1, 0)


def test_store_document_ids_hash_content_and_keep_the_input_id(tmp_path, coder):
    record = {"id": "wire-1", "date": "2018-06-14", "source": "wire", "text": "Iraq met Iran."}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({**record, "id": "copy"}) + "\n")  # same content, other id
    (tmp_path / "c.jsonl").write_text(json.dumps({**record, "date": "2018-06-15"}) + "\n")  # another day's report
    db = tmp_path / "ids.duckdb"
    report = ingest_paths([str(tmp_path / n) for n in ("a.jsonl", "b.jsonl", "c.jsonl")], coder, db=db)
    assert (report.read, report.added, report.skipped) == (3, 2, 1)
    with open_store(db, read_only=True) as store:
        docs = store.query("SELECT doc_id, external_id, date FROM documents ORDER BY date")
    expected = Document(text="Iraq met Iran.", date=date(2018, 6, 14), source="wire")
    assert list(docs["external_id"]) == ["wire-1", "wire-1"]
    assert docs["doc_id"].iloc[0] == content_id(expected)
    assert docs["doc_id"].iloc[0] != docs["doc_id"].iloc[1]


DRIVER = textwrap.dedent("""
    import sys
    from dyad import Coder
    from dyad.store import ingest_paths

    def committed(report):
        print(f"committed {report.items}", flush=True)

    ingest_paths([sys.argv[1]], Coder(), db=sys.argv[2], batch_size=int(sys.argv[3]), on_batch=committed)
    print("done", flush=True)
""")


@pytest.mark.slow
def test_store_kill_and_resume_matches_an_uninterrupted_run(tmp_path, coder):
    lines = sample_lines(300, start=2000)
    source = tmp_path / "news.jsonl.gz"
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        broken = '{"id": "broken", "date": "2008-13-40", "text": "x"}\n'
        handle.write("".join(lines[:150]) + broken + "".join(lines[150:]))
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    resumed, reference = tmp_path / "resumed.duckdb", tmp_path / "reference.duckdb"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    args = [sys.executable, str(driver), str(source), str(resumed), "20"]

    # Kill -9 once at least 60 items are committed: mid-batch, with the next transaction open or about to be.
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("committed") and int(line.split()[1]) >= 60:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    with open_store(resumed) as store:  # opening replays DuckDB's write-ahead log, as a re-run would
        partial = store.counts()["documents"]
    assert 60 <= partial < 300

    finished = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip().endswith("done")

    ingest_paths([str(source)], coder, db=reference, batch_size=20)
    resumed_rows, reference_rows = table_rows(resumed), table_rows(reference)
    assert len(reference_rows["documents"]) == 300 and len(reference_rows["errors"]) == 1
    assert len(reference_rows["events"]) > 50
    assert len(reference_rows["event_enrichment"]) == len(reference_rows["events"])
    for table in reference_rows:
        assert resumed_rows[table] == reference_rows[table], table


def test_store_daily_view_and_story_clusters_group_reports(tmp_path, coder):
    reports = [
        {"date": "2019-03-04", "source": "A", "text": "Turkey condemned Syria over the shelling of a border town."},
        {"date": "2019-03-04", "source": "B", "text": "Turkey condemned Syria for shelling the town of Akcakale."},
        {"date": "2019-03-05", "source": "A", "text": "Turkey condemned Syria on Tuesday over the attack."},
        {"date": "2019-03-20", "source": "A", "text": "Turkey condemned Syria after a new attack."},
    ]
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in reports))
    db = tmp_path / "views.duckdb"
    ingest_paths([str(path)], coder, db=db)
    with open_store(db, read_only=True) as store:
        daily = store.query("SELECT * FROM daily_events WHERE source = 'TUR' AND target = 'SYR' ORDER BY date")
        clusters = store.query("SELECT * FROM story_clusters WHERE source = 'TUR' AND target = 'SYR' "
                               "ORDER BY first_date")
    assert set(daily["code"]) == {"111"}
    assert list(daily["mentions"]) == [2, 1, 1] and list(daily["sources"]) == [2, 1, 1]
    assert [str(d.date()) for d in daily["date"]] == ["2019-03-04", "2019-03-05", "2019-03-20"]
    # 4 and 5 March chain into one story (three reports from two wires); 20 March is a story of its own.
    assert list(clusters["documents"]) == [3, 1] and list(clusters["sources"]) == [2, 1]
    evidence = list(clusters["evidence"].iloc[0])
    assert {e["sentence"] for e in evidence} == {r["text"] for r in reports[:3]}
    assert [str(e["date"]) for e in evidence] == ["2019-03-04", "2019-03-04", "2019-03-05"]
    assert clusters["cluster_id"].str.match(r"^c[0-9a-f]{16}$").all()


def test_store_exports_open_in_pandas_and_duckdb_and_match_the_db(store_path, tmp_path):
    with open_store(store_path, read_only=True) as store:
        events = store.query("SELECT * FROM events ORDER BY date, doc_id, sentence_index, event_id")
        for fmt in ("parquet", "csv", "jsonl"):
            assert export(store, fmt, path=tmp_path / f"events.{fmt}") == len(events)
        assert export(store, "parquet", path=tmp_path / "clusters.parquet", table="story_clusters") > 0
        daily = store.query("SELECT * FROM daily_events WHERE date IS NOT NULL ORDER BY date, source, target, code")
        assert export(store, "gdelt", path=tmp_path / "events.gdelt") == len(daily)
        gdelt_frame = gdelt_events(store)
    parquet = pd.read_parquet(tmp_path / "events.parquet")
    assert list(parquet.columns) == list(events.columns) and list(parquet["event_id"]) == list(events["event_id"])
    with duckdb.connect(str(store_path), read_only=True) as con:
        stored = con.execute("SELECT * FROM events ORDER BY date, doc_id, sentence_index, event_id").fetchall()
        assert con.execute(f"SELECT * FROM '{tmp_path / 'events.parquet'}'").fetchall() == stored
    csv_frame = pd.read_csv(tmp_path / "events.csv", dtype={"code": str, "root": str})
    assert list(csv_frame.columns) == list(events.columns)
    assert list(csv_frame["event_id"]) == list(events["event_id"]) and list(csv_frame["code"]) == list(events["code"])
    jsonl = pd.read_json(tmp_path / "events.jsonl", lines=True, dtype={"code": str, "root": str}, precise_float=True)
    assert list(jsonl["event_id"]) == list(events["event_id"])
    assert list(jsonl["goldstein"]) == list(events["goldstein"])
    jsonl_path = tmp_path / "events.jsonl"
    assert duckdb.sql(f"SELECT count(*) FROM read_json_auto('{jsonl_path}')").fetchall() == [(len(events),)]

    gdelt = pd.read_csv(tmp_path / "events.gdelt", sep="\t", header=None, names=GDELT_COLUMNS, dtype=str,
                        keep_default_na=False)
    assert len(GDELT_COLUMNS) == 61 and len(gdelt) == len(daily) == len(gdelt_frame)
    assert list(gdelt["Actor1Code"]) == list(daily["source"]) and list(gdelt["Actor2Code"]) == list(daily["target"])
    assert list(gdelt["NumMentions"].astype(int)) == list(daily["mentions"])
    assert list(gdelt["NumArticles"].astype(int)) == list(daily["documents"])
    assert list(gdelt["SQLDATE"]) == [d.strftime("%Y%m%d") for d in daily["date"]]
    assert gdelt["GLOBALEVENTID"].is_unique
    assert set(gdelt["QuadClass"]) <= {"1", "2", "3", "4"}
    un = gdelt[gdelt["Actor2Code"] == "IGOUNO"]
    if len(un):
        assert set(un["Actor2KnownGroupCode"]) == {"UNO"} and set(un["Actor2Type1Code"]) == {"IGO"}


def test_store_export_rejects_bad_requests(store_path, tmp_path):
    with open_store(store_path, read_only=True) as store:
        with pytest.raises(InputError, match="unknown export format 'xml'; choose parquet, csv, jsonl or gdelt"):
            export(store, "xml", path=tmp_path / "x")
        with pytest.raises(InputError, match="the gdelt format exports events only"):
            export(store, "gdelt", path=tmp_path / "x", table="documents")
        with pytest.raises(InputError, match="unknown table 'nope'"):
            export(store, "csv", path=tmp_path / "x", table="nope")


def test_store_read_only_connection_cannot_write_or_touch_files(store_path, tmp_path):
    with open_store(store_path, read_only=True) as store:
        with pytest.raises(StoreError, match='Cannot execute statement of type "DELETE"'):
            store.rows("DELETE FROM events")
        with pytest.raises(StoreError, match="file system operations are disabled"):
            store.rows(f"COPY events TO '{tmp_path / 'leak.csv'}'")


def test_readers_html_feed_and_folder_walk(corpus, tmp_path):
    page = read_html(corpus / "page.html")
    assert page.text.startswith("Iraq and Iran hold talks") and "Copyright" not in page.text
    entries = list(read_feed(corpus / "feed.rss"))
    good = [e for e in entries if isinstance(e, Document)]
    assert [d.title for d in good] == ["Turkey condemns Syria", "Egypt and Jordan sign a trade deal"]
    assert good[0].text == ("Turkey condemns Syria\n\n"
                            "Turkey condemned Syria on Monday over the shelling of a border town.")
    assert good[0].date == date(2012, 10, 8) and good[0].source == "Example Feed"
    bad = [str(e.error) for e in entries if isinstance(e, BadItem)]
    assert bad == [f"{corpus / 'feed.rss'}: entry 2: no title or text"]
    (tmp_path / "empty.html").write_text("<html><body></body></html>")
    (tmp_path / "bad.xml").write_text("this is not a feed")
    items = list(read_any([str(tmp_path)]))
    assert all(isinstance(i, BadItem) for i in items) and len(items) == 2
    assert str(items[0].error).startswith(f"{tmp_path / 'bad.xml'}: no entries found: not an RSS or Atom feed")
    assert str(items[1].error) == f"{tmp_path / 'empty.html'}: no article text found in the HTML page"
    assert count_items([str(corpus)]) == 201 + 1 + 1 + 3


def test_store_ingest_refuses_a_second_writer(tmp_path):
    path = tmp_path / "locked.duckdb"
    with open_store(path):
        holder = subprocess.run([sys.executable, "-c", f"from dyad.store import open_store; open_store({str(path)!r})"],
                                capture_output=True, text=True, timeout=60)
    assert holder.returncode != 0
    assert "the database is in use by another process" in holder.stderr


def test_store_rejects_a_bad_batch_size(tmp_path, coder):
    with EventStore(tmp_path / "b.duckdb") as store, pytest.raises(StoreError, match="batch size must be at least 1"):
        store.ingest([], coder, batch_size=0)


OPINION = {"date": "2019-07-01", "source": "column",
           "text": "Make no mistake: this disgraceful regime must be stopped. Shamefully, Iran attacked the tanker, "
                   "and we should demand that the world condemn these thugs. Frankly, why do we tolerate it?"}
SEATS = {"date": "2021-03-24", "source": "wire",
         "text": "The coalition controls 101 seats, short of the 165 needed for a majority."}


def test_store_framing_and_claims_written_once_and_not_on_reingest(tmp_path, coder):
    path = tmp_path / "framed.jsonl"
    path.write_text(json.dumps(OPINION) + "\n" + json.dumps(SEATS) + "\n")
    db = tmp_path / "framed.duckdb"
    ingest_paths([str(path)], coder, db=db)
    with open_store(db, read_only=True) as store:
        framing = store.query("SELECT f.*, d.source FROM document_framing f JOIN documents d USING (doc_id)")
        claims = store.query("SELECT * FROM claims ORDER BY start")
    assert len(framing) == 2 and set(framing["label"]) <= {"report", "opinion"}
    opinion = framing[framing["source"] == "column"].iloc[0]
    assert opinion["label"] == "opinion" and 0 <= opinion["opinion_score"] <= 1
    assert isinstance(json.loads(opinion["signals"]), dict) and json.loads(opinion["loaded_language"])
    assert isinstance(json.loads(opinion["stance"]), list)
    seats = claims[claims["number"] == 101].iloc[0]
    assert (seats["unit"], seats["sentence_index"]) == ("seats", 0) and seats["text"].startswith("101")
    assert SEATS["text"][seats["start"]:seats["end"]] == seats["text"]
    assert json.loads(seats["implied"])[0]["statement"] == "101 seats is 64 short of the 165 needed"
    assert claims["claim_id"].is_unique
    before = table_rows(db)
    again = ingest_paths([str(path)], coder, db=db)
    assert (again.added, again.skipped) == (0, 2)
    assert table_rows(db) == before
