"""Scoring enrichment against gold files: geolocation and report-vs-opinion.

Gold files are JSON Lines, validated record by record; an invalid record names file and line.
* geo gold: a sentence (or a short text with a dateline) and the places it names, each with the
  expected place (GeoNames id for cities; name and country for regions and countries) and whether
  it is the location of the sentence's event.
* framing gold: a short document labelled "report" or "opinion", with the event it is about and a
  split: "dev" documents were used while setting the weights, "test" documents were not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dyad.datafiles import parse_record
from dyad.enrich.geo import PlaceMention, normalize_name
from dyad.errors import DataFileError
from dyad.models import Document

if TYPE_CHECKING:
    from dyad.enrich import Enricher


class GoldPlace(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    mention: str = Field(min_length=1, title="the place as written in the text (its first whole-word occurrence)")
    name: str = Field(min_length=1, title="the place's GeoNames name, or the region's or country's")
    country: str = Field(pattern=r"^[A-Z]{3}$")
    precision: Literal["city", "admin1", "country"]
    event_location: bool
    geonameid: int | None = Field(default=None, title="required for cities")
    admin1_code: str | None = None


class GeoGoldRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    split: Literal["dev", "test"] = Field(title="dev: used while building the geocoder; test: held out")
    text: str = Field(min_length=1)
    places: list[GoldPlace] = Field(min_length=1)
    note: str = ""


class FramingGoldRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    event: str = Field(min_length=1, title="the event the document is about; reports and opinions share it")
    label: Literal["report", "opinion"]
    split: Literal["dev", "test"]
    text: str = Field(min_length=1)


def read_geo_gold(path: Path) -> list[GeoGoldRecord]:
    records = [parse_record(GeoGoldRecord, data, path=path, line=line) for line, data in _jsonl(path)]
    for line, record in zip((line for line, _ in _jsonl(path)), records, strict=True):
        for place in record.places:
            if _find_word(record.text, place.mention) == (-1, -1):
                raise DataFileError(f"mention {place.mention!r} is not in the text", path=str(path), line=line)
            if place.precision == "city" and place.geonameid is None:
                raise DataFileError(f"city {place.name!r} needs a geonameid", path=str(path), line=line)
    return records


def _find_word(text: str, mention: str) -> tuple[int, int]:
    """The first whole-word occurrence of `mention` ("Tunis", not the start of "Tunisian")."""
    match = re.search(rf"(?<!\w){re.escape(mention)}(?!\w)", text)
    return match.span() if match else (-1, -1)


def read_framing_gold(path: Path) -> list[FramingGoldRecord]:
    return [parse_record(FramingGoldRecord, data, path=path, line=line) for line, data in _jsonl(path)]


def _jsonl(path: Path) -> list[tuple[int, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(f"cannot read gold file ({e})", path=str(path)) from e
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as e:
            raise DataFileError(f"bad JSON: {e.msg} at column {e.colno}", path=str(path), line=number) from e
    return records


# -- geolocation ------------------------------------------------------------------------------------


@dataclass
class GeoPlaceResult:
    record_id: str
    split: str
    gold: GoldPlace
    predicted: PlaceMention | None
    exact: bool
    country: bool
    predicted_event_location: bool
    ambiguous: bool  # the record's note marks this name as ambiguous ("ambiguous Tripoli")

    @property
    def event_flag_correct(self) -> bool:
        return self.predicted_event_location == self.gold.event_location


@dataclass
class GeoReport:
    results: list[GeoPlaceResult] = field(default_factory=list)
    n_records: int = 0

    def as_dict(self) -> dict[str, Any]:
        figures: dict[str, Any] = {"n_sentences": self.n_records, **_geo_figures(self.results)}
        for split in ("dev", "test"):
            figures[split] = _geo_figures([r for r in self.results if r.split == split])
        return figures


def _geo_figures(results: list[GeoPlaceResult]) -> dict[str, Any]:
    n = len(results) or 1
    ambiguous = [r for r in results if r.ambiguous]
    gold_locations = [r for r in results if r.gold.event_location]
    predicted_locations = [r for r in results if r.predicted_event_location]
    hits = [r for r in gold_locations if r.predicted_event_location]
    return {
        "n_texts": len({r.record_id for r in results}),
        "n_places": len(results),
        "detected": round(sum(r.predicted is not None for r in results) / n, 4),
        "exact_place_accuracy": round(sum(r.exact for r in results) / n, 4),
        "correct_country_accuracy": round(sum(r.country for r in results) / n, 4),
        "ambiguous_places": len(ambiguous),
        "ambiguous_exact_accuracy": round(sum(r.exact for r in ambiguous) / (len(ambiguous) or 1), 4),
        "event_location_accuracy": round(sum(r.event_flag_correct for r in results) / n, 4),
        "event_location_precision": round(len(hits) / (len(predicted_locations) or 1), 4),
        "event_location_recall": round(len(hits) / (len(gold_locations) or 1), 4),
    }


def _exact(gold: GoldPlace, predicted: PlaceMention) -> bool:
    place = predicted.place
    if gold.precision != place.precision or gold.country != place.country:
        return False
    if gold.precision == "city":
        return place.geonameid == gold.geonameid
    if gold.precision == "admin1":
        return normalize_name(place.name) == normalize_name(gold.name)
    return True


def evaluate_geo(enricher: Enricher, records: Iterable[GeoGoldRecord]) -> GeoReport:
    """Resolve each gold text's places and pick its event locations as `dyad code` does: the location
    of each coded event, or of the root clause in a sentence where no event is coded."""
    report = GeoReport()
    for record in records:
        report.n_records += 1
        doc = enricher.parse(record.text)
        document = Document(text=record.text).with_id()
        coded = enricher.coder.code_parsed(doc, document)
        matches = enricher.actor_matches(doc)
        places = enricher.geocoder.locate(doc, matches)
        sentences = list(doc.sents)
        located: set[int] = set()
        coded_sentences = {e.sentence_index for e in coded.events}
        for event in coded.events:
            sentence = sentences[event.sentence_index]
            base = sentence.start_char
            trigger = doc.char_span(base + event.trigger_start, base + event.trigger_end, alignment_mode="expand")
            if trigger is None:
                continue
            found = enricher.geocoder.event_location(places, trigger.root, code=event.code,
                                                     target=(base + event.target_start, base + event.target_end))
            if found is not None and found.mention.start is not None:
                located.add(found.mention.start)
        for index, sentence in enumerate(sentences):
            if index in coded_sentences:
                continue
            found = enricher.geocoder.sentence_location(places, sentence)
            if found is not None and found.mention.start is not None:
                located.add(found.mention.start)
        for gold in record.places:
            start, end = _find_word(record.text, gold.mention)
            predicted = next((m for m in places.mentions if m.start is not None and m.end is not None
                              and m.start < end and start < m.end), None)
            report.results.append(GeoPlaceResult(
                record.id, record.split, gold, predicted,
                exact=predicted is not None and _exact(gold, predicted),
                country=predicted is not None and predicted.place.country == gold.country,
                predicted_event_location=predicted is not None and predicted.start in located,
                ambiguous="ambiguous" in record.note and (normalize_name(gold.mention) in normalize_name(record.note)
                                                          or normalize_name(gold.name) in normalize_name(record.note)),
            ))
    return report


# -- framing ----------------------------------------------------------------------------------------


@dataclass
class FramingResult:
    record: FramingGoldRecord
    predicted: str
    score: float

    @property
    def correct(self) -> bool:
        return self.predicted == self.record.label


@dataclass
class FramingEvalReport:
    results: list[FramingResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def accuracy(rows: list[FramingResult]) -> float:
            return round(sum(r.correct for r in rows) / (len(rows) or 1), 4)

        dev = [r for r in self.results if r.record.split == "dev"]
        test = [r for r in self.results if r.record.split == "test"]
        opinions = [r for r in self.results if r.record.label == "opinion"]
        reports = [r for r in self.results if r.record.label == "report"]
        return {"n_documents": len(self.results), "n_dev": len(dev), "n_test": len(test),
                "accuracy": accuracy(self.results), "dev_accuracy": accuracy(dev), "test_accuracy": accuracy(test),
                "opinion_recall": accuracy(opinions), "report_recall": accuracy(reports)}


def evaluate_framing(enricher: Enricher, records: Iterable[FramingGoldRecord]) -> FramingEvalReport:
    report = FramingEvalReport()
    for record in records:
        framing = enricher.frame(Document(text=record.text))
        report.results.append(FramingResult(record, framing.label, framing.opinion_score))
    return report
