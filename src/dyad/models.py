"""The records that flow through dyad: documents in, events out."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date as Date
from typing import Any


def document_id(text: str, source: str | None = None) -> str:
    """A stable id for a document: a hash of its source and text, so re-runs give the same id."""
    digest = hashlib.sha256()
    digest.update((source or "").encode("utf-8"))
    digest.update(b"\x00")
    digest.update(text.encode("utf-8"))
    return "d" + digest.hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One piece of news text with its metadata."""

    text: str
    id: str = ""
    date: Date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    origin: str | None = None  # file and line the document came from, for error messages

    def with_id(self) -> Document:
        if self.id:
            return self
        return Document(
            text=self.text,
            id=document_id(self.text, self.source),
            date=self.date,
            source=self.source,
            url=self.url,
            title=self.title,
            origin=self.origin,
        )


@dataclass(frozen=True)
class ActorMention:
    """An actor as resolved in a sentence: its CAMEO code and where it was found."""

    code: str
    text: str
    start: int
    end: int
    entry: str  # the dictionary entry (name or noun) that produced the code

    @property
    def country(self) -> str:
        return self.code[:3]


@dataclass(frozen=True)
class Event:
    """One coded event, with full provenance back to the characters of its sentence."""

    event_id: str
    doc_id: str
    date: str | None
    sentence_index: int
    sentence: str
    source: str
    source_text: str
    source_start: int
    source_end: int
    target: str
    target_text: str
    target_start: int
    target_end: int
    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    trigger_text: str
    trigger_start: int
    trigger_end: int
    pattern_id: str
    confidence: float
    negated: bool = False
    hypothetical: bool = False
    attributed: bool = False
    attributed_to: str | None = None
    plover: str | None = None
    source_entry: str = ""
    target_entry: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def event_id(doc_id: str, sentence_index: int, source: str, target: str, code: str, trigger_start: int) -> str:
    """Deterministic event id: same document, sentence and fields give the same id."""
    key = f"{doc_id}\x00{sentence_index}\x00{source}\x00{target}\x00{code}\x00{trigger_start}"
    return "e" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class CodedDocument:
    """The result of coding one document."""

    document: Document
    events: list[Event] = field(default_factory=list)
    n_sentences: int = 0
