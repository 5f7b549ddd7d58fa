"""A text laid out for reading: its coded events with actor and trigger spans at document offsets.

Events carry offsets relative to their sentence (see `dyad.models.Event`); a reader of the whole text needs them
relative to the text. `sentence_starts` finds each sentence in the text (the parser's sentences are exact
substrings, in order), and `highlights` turns every event into three spans — source, trigger, target — that
point back to the event they belong to. `annotate_text` codes and enriches one text and returns all of it:
the web app's Analyse page and its JSON API show exactly this record.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date as Date
from typing import TYPE_CHECKING, Any, Literal

from dyad.errors import InputError
from dyad.models import Document

if TYPE_CHECKING:
    from dyad.enrich import Enricher

logger = logging.getLogger(__name__)

Role = Literal["source", "target", "trigger"]
ROLES: tuple[Role, ...] = ("source", "trigger", "target")


@dataclass(frozen=True)
class Highlight:
    """A span of the text that plays a role in one event: `event` indexes the record's event list."""

    start: int
    end: int
    role: Role
    event: int
    code: str  # the actor's code for source and target, the event code for a trigger
    text: str


@dataclass
class AnnotatedText:
    """One text with its events (document offsets added), highlights, places, framing and claims."""

    text: str
    date: str | None
    doc_id: str
    events: list[dict[str, Any]]
    highlights: list[Highlight]
    places: list[dict[str, Any]] = field(default_factory=list)
    framing: dict[str, Any] | None = None
    claims: list[dict[str, Any]] = field(default_factory=list)
    tone: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "date": self.date, "text": self.text, "events": self.events,
                "highlights": [asdict(h) for h in self.highlights], "places": self.places,
                "framing": self.framing, "claims": self.claims, "tone": self.tone}


def sentence_starts(text: str, sentences: Mapping[int, str]) -> dict[int, int]:
    """Where each sentence (by index) begins in `text`.

    Sentences are searched in index order from the end of the previous one, so a sentence that occurs twice is
    found at the right place. A sentence that cannot be found (text edited after coding) is left out, and its
    events get no highlights rather than wrong ones.
    """
    starts: dict[int, int] = {}
    cursor = 0
    for index in sorted(sentences):
        sentence = sentences[index]
        at = text.find(sentence, cursor)
        if at < 0:
            logger.warning("sentence %d not found in the text; its events are not highlighted", index)
            continue
        starts[index] = at
        cursor = at + len(sentence)
    return starts


def with_offsets(events: Iterable[Mapping[str, Any]], starts: Mapping[int, int]) -> list[dict[str, Any]]:
    """Copies of the event records with `sentence_start` (None when the sentence was not found) added."""
    result = []
    for event in events:
        row = dict(event)
        row["sentence_start"] = starts.get(int(row["sentence_index"]))
        result.append(row)
    return result


def highlights(text: str, events: Iterable[Mapping[str, Any]]) -> list[Highlight]:
    """Source, trigger and target spans of each event at text offsets, sorted by position.

    An event needs `sentence_start` (see `with_offsets`); spans outside the text or empty are skipped.
    """
    spans: list[Highlight] = []
    for index, event in enumerate(events):
        base = event.get("sentence_start")
        if base is None:
            continue
        for role in ROLES:
            start, end = base + int(event[f"{role}_start"]), base + int(event[f"{role}_end"])
            if not 0 <= start < end <= len(text):
                continue
            code = str(event["code"] if role == "trigger" else event[role])
            spans.append(Highlight(start, end, role, index, code, text[start:end]))
    spans.sort(key=lambda h: (h.start, -h.end, ROLES.index(h.role), h.event))
    return spans


def annotate_text(enricher: Enricher, text: str, *, date: Date | None = None) -> AnnotatedText:
    """Code and enrich one text: events with locations, highlights, places, tone, framing and claims."""
    if not text.strip():
        raise InputError("empty text; paste or upload some news text")
    result = enricher.enrich_document(Document(text=text, date=date))
    sentences = {e.sentence_index: e.sentence for e in result.coded.events}
    starts = sentence_starts(text, sentences)
    events = with_offsets(result.events, starts)
    record = result.to_dict()
    return AnnotatedText(text=text, date=date.isoformat() if date else None, doc_id=result.coded.document.id,
                         events=events, highlights=highlights(text, events), places=record["places"],
                         framing=record["framing"], claims=record["claims"], tone=record["doc_tone"])
