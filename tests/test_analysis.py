"""Dyads and the influence index: arithmetic checked by hand on known events, then properties on real coded news."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from dyad.analysis import (
    DYAD_COLUMNS,
    INFLUENCE_COLUMNS,
    daily_events,
    dyad_chart,
    dyads,
    influence,
    influence_chart,
    render_html,
    story_clusters,
    write_html,
    write_png,
)
from dyad.errors import InputError
from dyad.store import EventStore, ingest_paths, open_store

SHARED = Path(__file__).resolve().parents[2] / "shared"
IRAQ_IRAN = SHARED / "corpora" / "wikipedia_current_events" / "wikipedia_current_events_iraq_iran.jsonl"

# (doc, date, source, target, code, quad class, Goldstein, negated). Written straight into a real store so that
# each figure below can be worked out by hand from this table.
KNOWN_EVENTS = [
    ("d1", "2004-02-01", "USAGOV", "IRQ", "057", 1, 8.0, False),    # USA -> IRQ cooperation
    ("d1", "2004-02-01", "IRQ", "IRN", "111", 3, -2.0, False),      # IRQ -> IRN criticism
    ("d2", "2004-02-01", "IRNMIL", "IRQGOV", "190", 4, -10.0, False),  # IRN -> IRQ force
    ("d2", "2004-02-01", "USA", "IRQ", "190", 4, -10.0, False),     # same day and code as d3's: one a day
    ("d3", "2004-02-01", "USA", "IRQ", "190", 4, -10.0, False),
    ("d3", "2004-03-05", "IRQ", "GBR", "042", 1, 1.9, False),       # another outside actor: only in the total
    ("d4", "2004-05-01", "IRQGOV", "IRQREB", "190", 4, -10.0, False),  # internal: not an external interaction
    ("d4", "2004-05-01", "USA", "IRQ", "190", 4, -10.0, True),      # negated: never counted
    ("d5", "2005-07-01", "USA", "IRQ", "036", 1, 4.0, False),
]


@pytest.fixture()
def known(tmp_path) -> EventStore:
    store = open_store(tmp_path / "known.duckdb")
    con = store.connection
    for doc in sorted({e[0] for e in KNOWN_EVENTS}):
        day = next(e[1] for e in KNOWN_EVENTS if e[0] == doc)
        con.execute("INSERT INTO documents (doc_id, date, source, text, n_sentences, n_events) "
                    "VALUES (?, ?, 'wire', 'text', 1, 1)", [doc, day])
        con.execute("INSERT INTO sentences VALUES (?, 0, 'text')", [doc])
    for i, (doc, day, source, target, code, quad, goldstein, negated) in enumerate(KNOWN_EVENTS):
        con.execute("""INSERT INTO events VALUES (?, ?, ?, 0, ?, '', 0, 0, ?, '', 0, 0, ?, '', ?, ?, ?, '', 0, 0,
                       'test', 1.0, ?, false, false, NULL, NULL, '', '')""",
                    [f"e{i}", doc, day, source, target, code, code[:2], quad, goldstein, negated])
    yield store
    store.close()


def test_analysis_dyads_counts_one_a_day_by_quad_class(known):
    frame = dyads(known, "USA", "IRQ", by="month")
    assert tuple(frame.columns) == DYAD_COLUMNS
    assert list(frame["period"]) == ["2004-02", "2005-07"]
    february = frame.iloc[0]
    # USAGOV 057 (+8) and USA 190 once a day (-10), though two documents reported the second.
    assert (february["events"], february["material_conflict"], february["verbal_cooperation"]) == (2, 1, 1)
    assert february["goldstein_sum"] == pytest.approx(-2.0) and february["goldstein_mean"] == pytest.approx(-1.0)


def test_analysis_dyads_all_mentions_and_periods(known):
    frame = dyads(known, "USA", "IRQ", by="month", dedup=False)
    assert frame.iloc[0]["events"] == 3 and frame.iloc[0]["goldstein_sum"] == pytest.approx(-12.0)
    assert list(dyads(known, "usa", "irq", by="quarter")["period"]) == ["2004Q1", "2005Q3"]
    assert list(dyads(known, "USA", "IRQ", by="year")["events"]) == [2, 1]
    assert dyads(known, "IRQ", "USA").empty


def test_analysis_influence_index_by_hand(known):
    frame = influence(known, "IRQ", ["USA", "IRN"], by="year", n_boot=200)
    assert tuple(frame.columns) == INFLUENCE_COLUMNS
    rows = {(r.period, r.actor): r for r in frame.itertuples()}
    # 2004: IRQ's external events are 8, -2, -10, -10, -10, +1.9 -> total |g| = 41.9 (internal and negated out).
    usa, irn = rows[("2004", "USA")], rows[("2004", "IRN")]
    assert usa.target_weight == pytest.approx(41.9) and usa.target_events == 6 and usa.documents == 3
    assert usa.index == pytest.approx((8 - 10 - 10) / 41.9)
    assert irn.index == pytest.approx((-2 - 10) / 41.9)
    assert (usa.events, usa.to_target, usa.from_target) == (3, 3, 0)
    assert (irn.events, irn.to_target, irn.from_target) == (2, 1, 1)
    assert (usa.cooperation, usa.conflict) == (pytest.approx(8.0), pytest.approx(20.0))
    # 2005: one document, one USA event: the index is +1 and resampling one document cannot move it.
    lone = rows[("2005", "USA")]
    assert lone.index == pytest.approx(1.0) and lone.ci_low == pytest.approx(1.0) == lone.ci_high
    assert rows[("2005", "IRN")].index == 0.0


def test_analysis_influence_bootstrap_is_reproducible_and_brackets_the_estimate(known):
    first = influence(known, "IRQ", ["USA", "IRN"], n_boot=500, seed=7)
    again = influence(known, "IRQ", ["USA", "IRN"], n_boot=500, seed=7)
    assert first.equals(again)
    for row in first.itertuples():
        assert row.ci_low <= row.index + 1e-12 and row.index <= row.ci_high + 1e-12
    none = influence(known, "IRQ", ["USA"], n_boot=0)
    assert none["ci_low"].isna().all() and none["ci_high"].isna().all()
    # A period's interval does not depend on which other periods are in the data.
    known.connection.execute("DELETE FROM events WHERE date >= '2005-01-01'")
    only_2004 = influence(known, "IRQ", ["USA", "IRN"], n_boot=500, seed=7)
    assert list(only_2004["period"]) == ["2004", "2004"]
    assert list(only_2004["ci_low"]) == list(first["ci_low"][:2]) and list(only_2004["ci_high"]) == list(
        first["ci_high"][:2])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"by": "week"}, "unknown period 'week'; choose month, quarter or year"),
    ({"actors": []}, "no actors given; name at least one, e.g. USA,IRN"),
    ({"actors": ["IRQGOV"]}, "actor 'IRQGOV' overlaps the target 'IRQ'; an actor must be outside the target"),
    ({"actors": ["U1"]}, "actor 'U1' is not a CAMEO actor code; expected 3 to 30 letters, e.g. USA or IRQGOV"),
    ({"actors": ["A" * 31]}, f"actor '{'A' * 31}' is not a CAMEO actor code; expected 3 to 30 letters, e.g. USA or "
                             "IRQGOV"),
    ({"confidence": 1.5}, "confidence must be between 0 and 1 (e.g. 0.95), got 1.5"),
    ({"n_boot": -1}, "bootstrap replicates must be 0 or more, got -1"),
    ({"seed": -1}, "seed must be 0 or more, got -1"),
])
def test_analysis_influence_rejects_bad_arguments(known, kwargs, message):
    arguments = {"actors": ["USA"], **kwargs}
    with pytest.raises(InputError) as info:
        influence(known, "IRQ", **arguments)
    assert str(info.value) == message


def test_analysis_charts_png_and_offline_html(known, tmp_path):
    frame = influence(known, "IRQ", ["USA", "IRN"], by="year", n_boot=100)
    chart = influence_chart(frame)
    png = write_png(chart, tmp_path / "influence.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    page = write_html(chart, tmp_path / "influence.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "addEventListener" in page
    # Works offline: nothing is fetched, everything is inline.
    assert "src=" not in page and "href=" not in page and "@import" not in page
    assert 'data-tip="USA, 2004: -0.286' in page and ">IRN</button>" in page
    dyad_page = render_html(dyad_chart(dyads(known, "USA", "IRQ"), "USA", "IRQ"))
    assert "material conflict" in dyad_page
    with pytest.raises(InputError, match="no events between the target and these actors"):
        influence_chart(influence(known, "SYR", ["USA"]))


@pytest.fixture(scope="module")
def news(coder, tmp_path_factory) -> EventStore:
    """A few hundred real Wikipedia Current Events items about Iraq and Iran (2003-2004), coded by the real model."""
    folder = tmp_path_factory.mktemp("news")
    with IRAQ_IRAN.open(encoding="utf-8") as handle:
        lines = handle.readlines()[200:500]
    (folder / "news.jsonl").write_text("".join(lines), encoding="utf-8")
    path = folder / "news.duckdb"
    ingest_paths([str(folder / "news.jsonl")], coder, db=path)
    store = open_store(path, read_only=True)
    yield store
    store.close()


def test_analysis_on_real_news_stays_in_range_and_matches_the_events_table(news):
    frame = influence(news, "IRQ", ["USA", "IRN"], by="quarter", n_boot=300)
    assert not frame.empty and set(frame["actor"]) == {"USA", "IRN"}
    assert ((frame["index"] >= -1) & (frame["index"] <= 1)).all()
    assert (frame["ci_low"] <= frame["index"] + 1e-12).all() and (frame["index"] <= frame["ci_high"] + 1e-12).all()
    # The US-Iraq balance over 2003-2004 is conflictual in this sample: the war and occupation dominate it.
    usa = frame[frame["actor"] == "USA"]
    weighted = (usa["index"] * usa["target_weight"]).sum() / usa["target_weight"].sum()
    assert weighted < 0
    counts = news.query("""SELECT count(*) AS n FROM events WHERE NOT negated AND NOT hypothetical
                           AND ((starts_with(source, 'USA') AND starts_with(target, 'IRQ'))
                             OR (starts_with(source, 'IRQ') AND starts_with(target, 'USA')))""")
    assert usa["events"].sum() == counts["n"].iloc[0]
    series = dyads(news, "USA", "IRQ", by="month")
    assert series["events"].sum() == news.query(
        "SELECT count(*) AS n FROM daily_events WHERE starts_with(source, 'USA') AND starts_with(target, 'IRQ')"
    )["n"].iloc[0]
    assert all(math.isclose(m, s / e) for m, s, e in zip(series["goldstein_mean"], series["goldstein_sum"],
                                                         series["events"], strict=True))
    assert np.isfinite(series["goldstein_mean"]).all()
    assert date(2003, 1, 1) <= min(series["period_start"]) and max(series["period_start"]) <= date(2005, 1, 1)


def test_analysis_daily_events_and_story_clusters_frames(known):
    daily = daily_events(known)
    usa_190 = daily[(daily["source"] == "USA") & (daily["code"] == "190")]
    assert list(usa_190["mentions"]) == [2] and list(usa_190["documents"]) == [2]  # the negated one is left out
    stories = story_clusters(known, min_documents=2)
    assert list(zip(stories["source"], stories["code"], stories["documents"], strict=True)) == [("USA", "190", 2)]
    assert [e["doc_id"] for e in stories["evidence"].iloc[0]] == ["d2", "d3"]
    with pytest.raises(InputError, match="min_documents must be at least 1, got 0"):
        story_clusters(known, min_documents=0)
