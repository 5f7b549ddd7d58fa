"""dyad: political event data from news text — who did what to whom, when, in CAMEO."""

from __future__ import annotations

from datetime import date as Date

from dyad.coding import Coder
from dyad.config import CoderSettings
from dyad.errors import DataFileError, DyadError, InputError, ModelError
from dyad.models import ActorMention, CodedDocument, Document, Event

__all__ = [
    "ActorMention",
    "CodedDocument",
    "Coder",
    "CoderSettings",
    "DataFileError",
    "Document",
    "DyadError",
    "Event",
    "InputError",
    "ModelError",
    "code_text",
]

__version__ = "0.1.0"

_default_coder: Coder | None = None


def code_text(text: str, date: Date | str | None = None) -> list[Event]:
    """Code one text with the default settings; `date` (ISO string or date) selects dated roles."""
    global _default_coder
    if _default_coder is None:
        _default_coder = Coder()
    if isinstance(date, str):
        from dyad.ingest import parse_date

        date = parse_date(date)
    return _default_coder.code_text(text, date)
