"""Enrichment: where events happen and how the source frames them.

* `geo`: place mentions resolved offline against GeoNames, and each event's location.
* `tone`: VADER and GDELT-style tone per sentence and document.
* `framing`: report vs opinion with its signals, loaded language, stance toward each actor.
* `claims`: checkable quantity claims with the arithmetic they imply.

`Enricher` ties them to a `Coder` (its spaCy pipeline and actor dictionary):

    enricher = Enricher(coder)
    result = enricher.enrich_document("BAGHDAD — ...")       # everything, as one record
    rows = enrich_events(coded, enricher)                      # coded events + location, tone, framing, claims
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from dyad.actors import ActorMatch
from dyad.coding import Coder
from dyad.enrich.claims import Claim, Implication, Quantity, extract_claims, needs_entities
from dyad.enrich.framing import FramingAnalyzer, FramingReport, FramingSettings, load_lexicon
from dyad.enrich.geo import (
    DocumentPlaces,
    EventLocation,
    Geocoder,
    GeoSettings,
    Place,
    PlaceMention,
    load_entity_recognizer,
    load_gazetteer,
)
from dyad.enrich.tone import Tone, ToneScorer
from dyad.errors import DyadError, InputError
from dyad.models import CodedDocument, Document
from dyad.nlp import parse_documents

logger = logging.getLogger(__name__)

__all__ = [
    "Claim",
    "DocumentPlaces",
    "EnrichedDocument",
    "EnrichedEvents",
    "Enricher",
    "EventLocation",
    "FramingReport",
    "FramingSettings",
    "GeoSettings",
    "Geocoder",
    "Implication",
    "Place",
    "PlaceMention",
    "Quantity",
    "Tone",
    "ToneScorer",
    "enrich_events",
    "extract_claims",
    "load_gazetteer",
    "load_lexicon",
]


@dataclass
class EnrichedDocument:
    """A coded document with its places, tone, framing, claims and enriched events."""

    coded: CodedDocument
    places: DocumentPlaces
    sentence_tones: list[Tone]
    tone: Tone
    framing: FramingReport
    claims: list[Claim]
    events: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        document = self.coded.document
        return {"doc_id": document.id, "date": document.date.isoformat() if document.date else None,
                "doc_tone": self.tone.to_dict(),
                "sentence_tones": [t.to_dict() for t in self.sentence_tones],
                "places": [m.to_dict() for m in self.places.mentions],
                "dateline": self.places.dateline.to_dict() if self.places.dateline else None,
                "framing": self.framing.to_dict(), "claims": [c.to_dict() for c in self.claims],
                "events": self.events}


@dataclass
class EnrichedEvents:
    """A coded document's event rows with the document's framing report and claims (what the store keeps)."""

    coded: CodedDocument
    events: list[dict[str, Any]]
    framing: FramingReport
    claims: list[Claim]


class Enricher:
    """Enrichment with one coder's pipeline and dictionary. Build once; the gazetteer and the entity
    recognizer load on first use."""

    def __init__(self, coder: Coder, *, geo: GeoSettings | None = None, framing: FramingSettings | None = None) -> None:
        self.coder = coder
        self.geocoder = Geocoder(geo)
        self.tone = ToneScorer()
        self._framing_settings = framing
        self._framing: FramingAnalyzer | None = None
        self._ner: Language | None = None
        self._ner_loaded = False

    @property
    def framing(self) -> FramingAnalyzer:
        if self._framing is None:
            tokenizer = self.coder.nlp.tokenizer
            self._framing = FramingAnalyzer(lambda text: [t.text for t in tokenizer(text)],
                                            settings=self._framing_settings, tone=self.tone)
        return self._framing

    def recognize(self, doc: Doc) -> Doc:
        """Add named entities to a parsed doc (used to find places)."""
        if not self._ner_loaded:
            self._ner = load_entity_recognizer(self.coder.settings.model, self.coder.nlp)
            self._ner_loaded = True
        if self._ner is not None:
            doc = self._ner.get_pipe("ner")(doc)
        return doc

    def parse(self, text: str) -> Doc:
        return self.recognize(self.coder.nlp(text))

    def actor_matches(self, doc: Doc) -> list[ActorMatch]:
        return self.coder.actors.match_names([t.text for t in doc])

    # -- whole documents -----------------------------------------------------------------------------

    def pipe(self, documents: Iterable[Document], *, batch_size: int | None = None, dateline: str | None = None,
             on_error: Callable[[Document, DyadError], None] | None = None) -> Iterator[EnrichedDocument]:
        """Code and enrich documents in input order, parsing each once."""
        for parsed, document in self._parse(documents, batch_size, on_error):
            try:
                yield self._enrich(self.recognize(parsed), document, dateline)
            except DyadError as e:
                if on_error is None:
                    raise
                on_error(document, e)

    def pipe_events(self, documents: Iterable[Document], *, batch_size: int | None = None,
                    on_error: Callable[[Document, DyadError], None] | None = None,
                    ) -> Iterator[tuple[CodedDocument, list[dict[str, Any]]]]:
        """Code documents and enrich their events, parsing each once (for `dyad code --format jsonl`):
        each row has location, tone, the document's framing label (`doc_frame`) and the claims of its
        sentence (`sentence_claims`). One framing pass and one claims pass per document."""
        for record in self.pipe_records(documents, batch_size=batch_size, on_error=on_error):
            yield record.coded, record.events

    def pipe_records(self, documents: Iterable[Document], *, batch_size: int | None = None,
                     on_error: Callable[[Document, DyadError], None] | None = None) -> Iterator[EnrichedEvents]:
        """Like `pipe_events`, keeping each document's full framing report and claims (for the store)."""
        for parsed, document in self._parse(documents, batch_size, on_error):
            try:
                coded = self.coder.code_parsed(parsed, document)
                yield self._records(coded, parsed, None)
            except DyadError as e:
                if on_error is None:
                    raise
                on_error(document, e)

    def _parse(self, documents: Iterable[Document], batch_size: int | None,
               on_error: Callable[[Document, DyadError], None] | None) -> Iterator[tuple[Doc, Document]]:
        settings = self.coder.settings
        return parse_documents(self.coder.nlp, documents, max_chars=settings.max_document_chars,
                               batch_size=batch_size or settings.batch_size, on_error=on_error)

    def enrich_document(self, document: Document | str, *, dateline: str | None = None) -> EnrichedDocument:
        """Everything for one document (a thin wrapper over `pipe`)."""
        if isinstance(document, str):
            document = Document(text=document)
        _check_text(document)
        return next(iter(self.pipe([document], dateline=dateline)))

    def _enrich(self, doc: Doc, document: Document, dateline: str | None) -> EnrichedDocument:
        coded = self.coder.code_parsed(doc, document)
        matches = self.actor_matches(doc)
        places = self.geocoder.locate(doc, matches, date=document.date, dateline=dateline)
        sentences = list(doc.sents)
        tones = [self.tone.sentence(s.text) for s in sentences]
        doc_tone = self.tone.document(tones)
        framing = self.framing.analyse(doc, matches, date=document.date)
        claims = extract_claims(doc, matches, date=document.date)
        events = self._event_rows(coded, doc, places, sentences, tones, doc_tone, framing, claims)
        return EnrichedDocument(coded, places, tones, doc_tone, framing, claims, events)

    # -- events ------------------------------------------------------------------------------------

    def enrich_events(self, coded: CodedDocument, doc: Doc | None = None, *,
                      dateline: str | None = None) -> list[dict[str, Any]]:
        """The coded events as dicts, each with `location`, `other_places`, `sentence_tone`, `doc_tone`,
        `doc_frame` and `sentence_claims`.

        `doc` is the document's parse if the caller has it; otherwise the text is parsed again
        (same pipeline, so the same sentences as the coder saw).
        """
        if doc is None:
            doc = self.coder.nlp(coded.document.text)
        return self._records(coded, doc, dateline).events

    def _records(self, coded: CodedDocument, doc: Doc, dateline: str | None) -> EnrichedEvents:
        # Places and tones go only into event rows, and entities only into places and the claims' ordinals. Most
        # documents of a news archive have no event, so they skip the geocoder, and the entity pass too unless
        # the claims reader must tell an ordinal from a number; the rows are the same either way.
        if (coded.events or needs_entities(doc)) and not doc.has_annotation("ENT_IOB"):
            doc = self.recognize(doc)
        date = coded.document.date
        matches = self.actor_matches(doc)
        framing = self.framing.analyse(doc, matches, date=date)
        claims = extract_claims(doc, matches, date=date)
        if not coded.events:
            return EnrichedEvents(coded, [], framing, claims)
        places = self.geocoder.locate(doc, matches, date=date, dateline=dateline)
        sentences = list(doc.sents)
        tones = [self.tone.sentence(s.text) for s in sentences]
        events = self._event_rows(coded, doc, places, sentences, tones, self.tone.document(tones), framing, claims)
        return EnrichedEvents(coded, events, framing, claims)

    def _event_rows(self, coded: CodedDocument, doc: Doc, places: DocumentPlaces, sentences: list[Span],
                    tones: list[Tone], doc_tone: Tone, framing: FramingReport,
                    claims: list[Claim]) -> list[dict[str, Any]]:
        doc_frame = {"label": framing.label, "opinion_score": framing.opinion_score}
        claims_by_sentence: dict[int, list[Claim]] = {}
        for claim in claims:
            claims_by_sentence.setdefault(claim.sentence_index, []).append(claim)
        rows = []
        for event in coded.events:
            if event.sentence_index >= len(sentences):
                raise InputError(f"event {event.event_id} names sentence {event.sentence_index}, but the text "
                                 f"has {len(sentences)}; enrich with the pipeline that coded it",
                                 path=coded.document.origin)
            sentence = sentences[event.sentence_index]
            base = sentence.start_char
            trigger = doc.char_span(base + event.trigger_start, base + event.trigger_end, alignment_mode="expand")
            found = None
            if trigger is not None:
                found = self.geocoder.event_location(
                    places, trigger.root, target=(base + event.target_start, base + event.target_end), code=event.code)
            # The sentence's other places are kept apart from the event's location.
            others = [_sentence_relative(m.to_dict(), sentence) for m in places.in_sentence(event.sentence_index)
                      if found is None or m is not found.mention]
            row = event.to_dict()
            row.update(location=_sentence_relative(found.to_dict(), sentence) if found is not None else None,
                       other_places=others, sentence_tone=tones[event.sentence_index].to_dict(),
                       doc_tone=doc_tone.to_dict(), doc_frame=dict(doc_frame),
                       sentence_claims=_sentence_claims(claims_by_sentence.get(event.sentence_index, []), sentence))
            rows.append(row)
        return rows

    # -- framing and claims only ----------------------------------------------------------------------

    def frame(self, document: Document | str) -> FramingReport:
        """The framing report of one document (no events, no places: one parse, no entity pass)."""
        document = Document(text=document) if isinstance(document, str) else document
        _check_text(document)
        doc = self.coder.nlp(document.text)
        return self.framing.analyse(doc, self.actor_matches(doc), date=document.date)

    def claims(self, document: Document | str) -> list[Claim]:
        """The checkable quantity claims of one document."""
        document = Document(text=document) if isinstance(document, str) else document
        _check_text(document)
        doc = self.coder.nlp(document.text)
        return extract_claims(doc, self.actor_matches(doc), date=document.date)


def enrich_events(coded: CodedDocument, enricher: Enricher, *, doc: Doc | None = None,
                  dateline: str | None = None) -> list[dict[str, Any]]:
    """Event rows for `dyad code --format jsonl`: each event's fields plus `location` (object or
    null), `other_places`, `sentence_tone`, `doc_tone`, `doc_frame` (the document's framing `label`
    and `opinion_score`) and `sentence_claims` (the quantities claimed in the event's sentence:
    `number`, `unit`, `kind`, `text`, `start`, `end`). Place and claim offsets in a row are relative
    to the event's sentence, like the event's own offsets; a dateline location has null offsets."""
    return enricher.enrich_events(coded, doc, dateline=dateline)


def _sentence_relative(place: dict[str, Any], sentence: Span) -> dict[str, Any]:
    start, end = place.get("start"), place.get("end")
    inside = start is not None and end is not None and sentence.start_char <= start and end <= sentence.end_char
    place = dict(place)
    place["start"] = start - sentence.start_char if inside else None
    place["end"] = end - sentence.start_char if inside else None
    place.pop("sentence_index", None)
    return place


def _sentence_claims(claims: list[Claim], sentence: Span) -> list[dict[str, Any]]:
    base = sentence.start_char
    return [{"number": q.to_dict()["value"], "unit": q.unit, "kind": q.kind, "text": q.text,
             "start": q.start - base, "end": q.end - base}
            for claim in claims for q in claim.quantities]


def _check_text(document: Document) -> None:
    if not document.text.strip():
        raise InputError("empty text", path=document.origin)
