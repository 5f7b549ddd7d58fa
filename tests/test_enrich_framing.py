"""Report vs opinion, loaded language, stance and tone: the gold set's figures and real text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, SHARED
from dyad.enrich import Enricher, ToneScorer
from dyad.enrich.evaluation import evaluate_framing, read_framing_gold
from dyad.enrich.framing import load_lexicon
from dyad.errors import DataFileError

GOLD = REPO / "tests" / "data" / "framing_gold.jsonl"
WIKINEWS = SHARED / "corpora" / "wikinews_2019_2020" / "wikinews_2019_2020.jsonl"


@pytest.fixture(scope="module")
def enricher(coder) -> Enricher:
    return Enricher(coder)


@pytest.fixture(scope="module")
def opinion_piece(enricher):
    text = (EXAMPLES / "opinion_piece.txt").read_text(encoding="utf-8")
    return text, enricher.frame(text)


def test_enrich_framing_gold_pairs_reports_and_opinions_on_the_same_events():
    records = read_framing_gold(GOLD)
    assert len(records) >= 40
    by_event: dict[str, set[str]] = {}
    for record in records:
        by_event.setdefault(record.event, set()).add(record.label)
    assert all(labels == {"report", "opinion"} for labels in by_event.values())


def test_enrich_framing_gold_accuracy_floors(enricher):
    figures = evaluate_framing(enricher, read_framing_gold(GOLD)).as_dict()
    # The test documents were not used to set the weights; see docs/enrichment.md for the figures.
    assert figures["test_accuracy"] >= 0.87
    assert figures["dev_accuracy"] >= 0.95
    assert figures["report_recall"] >= 0.95


def test_enrich_framing_opinion_piece_is_opinion_with_its_signals(opinion_piece):
    _, report = opinion_piece
    assert report.label == "opinion" and report.opinion_score >= 0.8
    assert report.signals["first_person"].count >= 2
    assert report.signals["calls_to_action"].count >= 3
    assert report.signals["rhetorical_questions"].count == 1
    assert report.signals["scare_quotes"].examples == ("deterrence",)
    assert report.signals["attribution"].count == 0


def test_enrich_framing_loaded_language_has_offsets_and_categories(opinion_piece):
    text, report = opinion_piece
    spans = {(s.text, s.category) for s in report.loaded_language}
    assert ("thug", "name_calling") in spans and ("regime", "delegitimizing") in spans
    for span in report.loaded_language:
        assert text[span.start:span.end] == span.text


def test_enrich_framing_stance_toward_actors(opinion_piece):
    _, report = opinion_piece
    stance = {s.actor: s for s in report.stance}
    assert stance["Iran"].label == "negative"
    assert {c.text for c in stance["Iran"].cues} >= {"thug", "regime"}
    assert stance["Oman"].label == "positive"
    assert all(row["text"] for row in stance["Iran"].sentences)


def test_enrich_framing_quoted_words_are_the_speakers_not_the_authors(enricher):
    report = enricher.frame('The president described opposition leaders as "traitors" and "foreign puppets" in a '
                            "speech on Monday, according to a transcript. Opposition parties said the remarks "
                            "were an attempt to intimidate them.")
    assert report.label == "report"
    quoted = [s for s in report.loaded_language if s.term in ("traitor", "puppet")]
    assert len(quoted) == 2 and all(s.quoted for s in quoted)
    assert report.signals["emotive"].count == 0


def test_enrich_framing_json_has_the_documented_keys(enricher):
    payload = enricher.frame("Police arrested 40 protesters in the capital, the ministry said.").to_dict()
    assert {"label", "opinion_score", "signals", "loaded_language", "stance"} <= set(payload)
    assert set(payload["signals"]) == {"attribution", "first_person", "second_person", "evaluative", "emotive",
                                       "hedges", "intensifiers", "rhetorical_questions", "scare_quotes",
                                       "absolutes", "calls_to_action"}
    json.dumps(payload)


def test_enrich_framing_wikinews_reports_read_as_reports(enricher):
    with WIKINEWS.open(encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(12), handle, strict=False)]
    labels = [enricher.frame(r["text"]).label for r in records]
    assert labels.count("report") >= 11


def test_enrich_tone_vader_and_gdelt_formula():
    tone = ToneScorer()
    sentence = tone.sentence("The good news is good, the bad news is bad.")
    # (positive words - negative words) / words x 100, with VADER's lexicon as the word lists.
    assert (sentence.positive_words, sentence.negative_words, sentence.word_count) == (2, 2, 10)
    assert sentence.gdelt_tone == 0.0
    violent = tone.sentence("A suicide bomber killed 14 worshippers at a mosque.")
    assert violent.compound < -0.5 and violent.gdelt_tone < 0
    document = tone.document([sentence, violent])
    assert document.compound == round((sentence.compound + violent.compound) / 2, 4)
    assert document.word_count == sentence.word_count + violent.word_count


def test_enrich_framing_lexicon_duplicate_names_line(tmp_path: Path):
    path = tmp_path / "loaded.yaml"
    path.write_text("- {term: thug, category: name_calling}\n- {term: Thug, category: emotive}\n")
    with pytest.raises(DataFileError, match=r"loaded.yaml:2: term 'Thug' is listed twice \(first on line 1\)"):
        load_lexicon(loaded_path=path)


def test_enrich_framing_lexicon_bad_category_names_line(tmp_path: Path):
    path = tmp_path / "loaded.yaml"
    path.write_text("- {term: thug, category: name_calling}\n- {term: nasty, category: rude}\n")
    with pytest.raises(DataFileError, match=r"loaded.yaml:2: category"):
        load_lexicon(loaded_path=path)
