"""The JSON shapes of the web API: what /openapi.json documents and what each endpoint returns."""

from __future__ import annotations

from datetime import date as Date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErrorBody(BaseModel):
    status: int = Field(title="HTTP status code")
    message: str = Field(title="what went wrong and what to try")


class ErrorResponse(BaseModel):
    """Every error the API answers, whatever the endpoint or the cause."""

    error: ErrorBody


class AnalyseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, title="news text to code")
    date: Date | None = Field(default=None, title="the text's date (YYYY-MM-DD); selects dated actor roles")


class HighlightOut(_Out):
    start: int = Field(title="character offset in the text")
    end: int
    role: Literal["source", "target", "trigger"]
    event: int = Field(title="index into the record's events")
    code: str = Field(title="actor code (source, target) or CAMEO event code (trigger)")
    text: str


class EventOut(_Out):
    """A coded event; offsets are relative to its sentence, `sentence_start` places the sentence in the text."""

    event_id: str
    doc_id: str
    date: Date | None
    sentence_index: int
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
    negated: bool
    hypothetical: bool
    attributed: bool
    attributed_to: str | None = None
    plover: str | None = None
    source_entry: str = ""
    target_entry: str = ""
    sentence_start: int | None = Field(default=None, title="offset of the event's sentence in the text")


class AnalysedEvent(EventOut):
    sentence: str
    location: dict[str, Any] | None = Field(default=None, title="where the event happens, if found")
    other_places: list[dict[str, Any]] = Field(default_factory=list)
    sentence_tone: dict[str, Any] | None = None


class AnalysisOut(_Out):
    doc_id: str
    date: Date | None
    text: str
    events: list[AnalysedEvent]
    highlights: list[HighlightOut]
    places: list[dict[str, Any]] = Field(title="place mentions, with document offsets and coordinates")
    framing: dict[str, Any] | None = Field(title="report vs opinion, loaded language, stance toward each actor")
    claims: list[dict[str, Any]] = Field(title="checkable quantity claims with the arithmetic they imply")
    tone: dict[str, Any] | None = Field(title="document tone (VADER and GDELT-style)")


class ActorCount(_Out):
    code: str
    events: int


class CodeCount(_Out):
    code: str
    name: str
    events: int


class SummaryOut(_Out):
    database: bool = Field(title="whether the server has an event store")
    counts: dict[str, int]
    first_date: Date | None
    last_date: Date | None
    quad_classes: dict[str, int]
    top_actors: list[ActorCount]
    top_codes: list[CodeCount]


class CameoCode(_Out):
    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float


class EventListItem(_Out):
    event_id: str
    doc_id: str
    date: Date | None
    sentence_index: int
    source: str
    source_text: str
    target: str
    target_text: str
    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    trigger_text: str
    confidence: float
    negated: bool
    hypothetical: bool
    attributed: bool
    title: str | None
    news_source: str | None
    url: str | None


class EventPage(_Out):
    total: int = Field(title="events that match the filter")
    limit: int
    offset: int
    events: list[EventListItem]


class EventDetail(EventOut):
    sentence: str | None
    title: str | None
    news_source: str | None
    url: str | None
    document_date: Date | None
    n_sentences: int
    n_events: int
    highlights: list[HighlightOut] = Field(title="source, trigger and target in the sentence")


class DocumentOut(_Out):
    doc_id: str
    date: Date | None
    title: str | None
    source: str | None
    url: str | None
    text: str
    n_sentences: int
    events: list[EventOut]
    highlights: list[HighlightOut]


class DyadRow(_Out):
    period: str
    period_start: Date
    events: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    goldstein_sum: float | None
    goldstein_mean: float | None


class DyadsOut(_Out):
    source: str
    target: str
    by: str
    rows: list[DyadRow]


class InfluenceRow(_Out):
    period: str
    period_start: Date
    actor: str
    target: str
    index: float | None
    ci_low: float | None
    ci_high: float | None
    events: int
    to_target: int
    from_target: int
    cooperation: float
    conflict: float
    target_weight: float
    target_events: int
    documents: int


class InfluenceOut(_Out):
    target: str
    actors: list[str]
    by: str
    confidence: float
    rows: list[InfluenceRow]


class NetworkNode(_Out):
    code: str
    events: int
    out_events: int
    in_events: int
    cooperation: int
    conflict: int


class NetworkEdge(_Out):
    source: str
    target: str
    events: int
    cooperation: int = Field(title="events in quad classes 1-2")
    conflict: int = Field(title="events in quad classes 3-4")
    goldstein_mean: float


class NetworkOut(_Out):
    level: str
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class MapPointOut(_Out):
    name: str
    lat: float
    lon: float
    country: str
    precision: str
    events: int
    cooperation: int
    conflict: int
    goldstein_mean: float
    event_ids: list[str]


class MapOut(_Out):
    matching: int = Field(title="events that match the filter")
    considered: int = Field(title="the newest matching events that were located")
    located: int = Field(title="of those, events with a place")
    points: list[MapPointOut]
