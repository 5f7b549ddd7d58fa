"""Tone of sentences and documents.

Two measures, both from VADER's lexicon (Hutto & Gilbert 2014, 7,500 terms rated -4..+4 by ten
raters each, shipped inside the `vaderSentiment` package, so nothing is fetched at run time):

* `compound`: VADER's own score in [-1, 1]. Its rules handle negation ("not good"), intensifiers
  ("very bad"), contrast ("but") and capitals, which a bare word count misses. A document's compound
  is the mean of its sentences', as VADER's authors advise for text longer than a sentence.
* `gdelt_tone`: GDELT's document tone formula, (positive words - negative words) / words x 100,
  with VADER's positive (> 0) and negative (< 0) terms as the word lists. GDELT's own lists are not
  redistributable; the formula is kept so that figures read on GDELT's scale (news mostly -10..+5).

See docs/enrichment.md for why VADER rather than a trained classifier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


@dataclass(frozen=True)
class Tone:
    """Tone of a sentence or a document."""

    compound: float  # VADER compound, -1 (most negative) to 1
    positive: float  # VADER's share of the text that is positive (0-1)
    negative: float
    neutral: float
    gdelt_tone: float  # (positive words - negative words) / words x 100
    positive_words: int
    negative_words: int
    word_count: int

    def to_dict(self) -> dict[str, Any]:
        return {"compound": self.compound, "positive": self.positive, "negative": self.negative,
                "neutral": self.neutral, "gdelt_tone": self.gdelt_tone, "positive_words": self.positive_words,
                "negative_words": self.negative_words, "word_count": self.word_count}


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


# Sentences remembered per scorer. The framing pass scores again the sentences that name an actor, and news
# archives repeat sentences; VADER is a large share of enrichment time, and a bounded memo keeps memory flat.
MEMO_SIZE = 4096


class ToneScorer:
    """Scores text with VADER; cheap to build (the lexicon loads once per process)."""

    def __init__(self) -> None:
        self.analyzer = _analyzer()
        self.lexicon: dict[str, float] = self.analyzer.lexicon
        self._memo: dict[str, Tone] = {}

    def valence(self, word: str) -> float:
        """VADER's valence of one word (0.0 when it is not in the lexicon)."""
        return float(self.lexicon.get(word.lower(), 0.0))

    def sentence(self, text: str) -> Tone:
        tone = self._memo.get(text)
        if tone is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            tone = self._memo[text] = self._score(text)
        return tone

    def _score(self, text: str) -> Tone:
        scores = self.analyzer.polarity_scores(text)
        words = [w.lower() for w in WORD.findall(text)]
        positive = sum(1 for w in words if self.lexicon.get(w, 0.0) > 0)
        negative = sum(1 for w in words if self.lexicon.get(w, 0.0) < 0)
        return Tone(round(scores["compound"], 4), scores["pos"], scores["neg"], scores["neu"],
                    _gdelt(positive, negative, len(words)), positive, negative, len(words))

    def document(self, sentences: Sequence[Tone]) -> Tone:
        """A document's tone from its sentences' (mean VADER scores; GDELT tone over all its words)."""
        if not sentences:
            return Tone(0.0, 0.0, 0.0, 1.0, 0.0, 0, 0, 0)
        n = len(sentences)
        positive = sum(t.positive_words for t in sentences)
        negative = sum(t.negative_words for t in sentences)
        words = sum(t.word_count for t in sentences)
        return Tone(round(sum(t.compound for t in sentences) / n, 4), round(sum(t.positive for t in sentences) / n, 3),
                    round(sum(t.negative for t in sentences) / n, 3), round(sum(t.neutral for t in sentences) / n, 3),
                    _gdelt(positive, negative, words), positive, negative, words)


def _gdelt(positive: int, negative: int, words: int) -> float:
    return round((positive - negative) / words * 100, 3) if words else 0.0
