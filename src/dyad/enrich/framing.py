"""How a text frames what it reports: report or opinion, loaded language, and stance toward actors.

Report vs opinion is a logistic score over interpretable signals, each a count in the author's own
words (quotations and reported clauses left out) per 100 words, or a share of sentences. The
weights are set by hand from what the signals mean (attribution says "report"; first person,
evaluation and calls to action say "opinion") and are checked against tests/data/framing_gold.jsonl;
every signal is reported with its count, rate, weight and contribution, so a label can be explained.

Loaded language is matched from our own lexicon (`data/enrich/loaded_language.yaml`) with categories.
Stance toward an actor is the sum of the valences of the descriptive cues (evaluative and loaded
terms, and VADER-rated adjectives and adverbs) that are nearest, in the dependency tree, to that
actor's mentions, squashed to [-1, 1] as VADER squashes its sums.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from spacy.tokens import Doc, Span, Token

from dyad.actors import ActorMatch
from dyad.datafiles import load_yaml_models, package_data_path
from dyad.enrich.tone import ToneScorer
from dyad.enrich.voice import Voice, analyse_voice, sentence_speaker
from dyad.errors import DataFileError

LoadedCategory = Literal["name_calling", "dehumanizing", "emotive", "hyperbole", "delegitimizing", "fear",
                         "glorifying", "euphemism"]
SignalKind = Literal["hedge", "intensifier", "absolute", "call_to_action", "evaluative"]
Label = Literal["report", "opinion"]
StanceLabel = Literal["positive", "negative", "neutral"]

# How a term of each category describes whom it is said of, when the lexicon gives no valence.
CATEGORY_VALENCE: dict[str, float] = {"name_calling": -2.5, "dehumanizing": -3.0, "emotive": -1.5,
                                      "hyperbole": -1.0, "delegitimizing": -2.0, "fear": -1.5,
                                      "glorifying": 2.0, "euphemism": 0.0}
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
STANCE_KINDS = frozenset({"country", "demonym", "capital", "person", "organization", "group"})
VADER_CUE_POS = frozenset({"ADJ", "ADV"})
SIGNAL_NAMES = ("attribution", "first_person", "second_person", "evaluative", "emotive", "hedges", "intensifiers",
                "rhetorical_questions", "scare_quotes", "absolutes", "calls_to_action")


class LoadedTerm(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(min_length=1)
    category: LoadedCategory
    valence: float | None = Field(default=None, ge=-3, le=3)
    note: str | None = None


class SignalTerm(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(min_length=1)
    signal: SignalKind
    valence: float | None = Field(default=None, ge=-3, le=3)


class FramingSettings(BaseModel):
    """Weights of the report-vs-opinion score: z = bias + sum(weight x signal), score = 1 / (1 + e^-z)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bias: float = Field(default=-1.5, title="log-odds of opinion with no signal at all")
    attribution: float = Field(default=-3.0, title="per share of sentences attributed to a speaker")
    first_person: float = Field(default=0.7, title="per first-person pronoun per 100 words")
    second_person: float = Field(default=0.7, title="per second-person pronoun per 100 words")
    evaluative: float = Field(default=0.8, title="per evaluative word per 100 words")
    emotive: float = Field(default=0.5, title="per loaded or emotive term per 100 words")
    hedges: float = Field(default=0.4, title="per hedge per 100 words")
    intensifiers: float = Field(default=0.4, title="per intensifier per 100 words")
    rhetorical_questions: float = Field(default=5.0, title="per share of sentences that are the author's questions")
    scare_quotes: float = Field(default=1.0, title="per unattributed short quotation per 100 words")
    absolutes: float = Field(default=0.4, title="per absolute per 100 words")
    calls_to_action: float = Field(default=0.8, title="per call to action per 100 words")
    threshold: float = Field(default=0.5, ge=0, le=1, title="score at or above which a text is opinion")
    stance_threshold: float = Field(default=0.2, ge=0, le=1, title="stance score beyond which an actor is +/-")

    def weight(self, signal: str) -> float:
        return float(getattr(self, signal))


@dataclass(frozen=True)
class Lexicon:
    loaded: tuple[LoadedTerm, ...]
    signals: tuple[SignalTerm, ...]


def load_lexicon(loaded_path: Path | None = None, signals_path: Path | None = None) -> Lexicon:
    """Read and validate the loaded-language lexicon and the signal cue lists."""
    loaded_path = loaded_path or package_data_path("enrich", "loaded_language.yaml")
    signals_path = signals_path or package_data_path("enrich", "framing_signals.yaml")
    loaded = load_yaml_models(LoadedTerm, loaded_path)
    signals = load_yaml_models(SignalTerm, signals_path)
    _no_duplicates(((line, t.term) for line, t in loaded), loaded_path)
    _no_duplicates(((line, t.term) for line, t in signals), signals_path)
    return Lexicon(tuple(t for _, t in loaded), tuple(t for _, t in signals))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()


def _no_duplicates(terms: Iterable[tuple[int, str]], path: Path) -> None:
    seen: dict[str, int] = {}
    for line, term in terms:
        key = term.lower()
        if key in seen:
            raise DataFileError(f"term {term!r} is listed twice (first on line {seen[key]})", path=str(path),
                                line=line)
        seen[key] = line


@dataclass(frozen=True)
class LoadedSpan:
    text: str
    start: int
    end: int
    category: str
    term: str
    sentence_index: int
    quoted: bool  # inside quotation marks or reported speech: the speaker's words, not the author's

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "category": self.category,
                "term": self.term, "sentence_index": self.sentence_index, "quoted": self.quoted}


@dataclass(frozen=True)
class Signal:
    name: str
    count: int
    rate: float  # per 100 words, or a share of sentences for attribution and rhetorical questions
    weight: float
    contribution: float
    examples: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "rate": self.rate, "weight": self.weight, "contribution": self.contribution,
                "examples": list(self.examples)}


@dataclass(frozen=True)
class StanceCue:
    text: str
    start: int
    end: int
    valence: float

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "valence": self.valence}


@dataclass
class ActorStance:
    actor: str  # the dictionary entry ("Russia", "Vladimir Putin")
    code: str  # its most frequent code in the document
    score: float
    label: StanceLabel
    mentions: int
    cues: list[StanceCue] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "code": self.code, "score": self.score, "label": self.label,
                "mentions": self.mentions, "cues": [c.to_dict() for c in self.cues], "sentences": self.sentences}


@dataclass
class FramingReport:
    label: Label
    opinion_score: float
    signals: dict[str, Signal]
    loaded_language: list[LoadedSpan]
    stance: list[ActorStance]
    word_count: int
    sentence_count: int

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "opinion_score": self.opinion_score,
                "signals": {name: s.to_dict() for name, s in self.signals.items()},
                "loaded_language": [s.to_dict() for s in self.loaded_language],
                "stance": [s.to_dict() for s in self.stance],
                "word_count": self.word_count, "sentence_count": self.sentence_count}


class PhraseIndex:
    """Multi-word terms matched on each token's lower-case form or lemma ("thugs" matches "thug")."""

    def __init__(self, tokenize: Any, terms: Iterable[tuple[str, Any]]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = defaultdict(list)
        for term, payload in terms:
            words = tuple(t.lower() for t in tokenize(term))
            if words:
                self.by_first[words[0]].append((words, payload))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def find(self, doc: Doc) -> list[tuple[int, int, Any]]:
        """Non-overlapping matches, longest first: (start token, end token, payload)."""
        found: list[tuple[int, int, Any]] = []
        i = 0
        while i < len(doc):
            match = self._at(doc, i)
            if match is None:
                i += 1
                continue
            found.append(match)
            i = match[1]
        return found

    def _at(self, doc: Doc, i: int) -> tuple[int, int, Any] | None:
        first = doc[i]
        candidates = self.by_first.get(first.lower_, []) + self.by_first.get(first.lemma_.lower(), [])
        for words, payload in sorted(candidates, key=lambda e: -len(e[0])):
            end = i + len(words)
            if end > len(doc):
                continue
            if all(doc[i + k].lower_ == w or doc[i + k].lemma_.lower() == w for k, w in enumerate(words)):
                return i, end, payload
        return None


class FramingAnalyzer:
    """Report-vs-opinion signals, loaded language and stance for a parsed document."""

    def __init__(self, tokenize: Any, *, lexicon: Lexicon | None = None, settings: FramingSettings | None = None,
                 tone: ToneScorer | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.settings = settings or FramingSettings()
        self.tone = tone or ToneScorer()
        self.loaded_index = PhraseIndex(tokenize, ((t.term, t) for t in self.lexicon.loaded))
        self.signal_index = PhraseIndex(tokenize, ((t.term, t) for t in self.lexicon.signals))

    def analyse(self, doc: Doc, actor_matches: Sequence[ActorMatch] = (), *, date: Date | None = None) -> FramingReport:
        voice = analyse_voice(doc)
        sentences = list(doc.sents)
        sentence_of = {t.i: n for n, s in enumerate(sentences) for t in s}
        loaded = self._loaded(doc, voice, sentence_of)
        signals = self._signals(doc, voice, sentences, loaded)
        z = self.settings.bias + sum(s.contribution for s in signals.values())
        score = round(1.0 / (1.0 + math.exp(-z)), 3)
        label: Label = "opinion" if score >= self.settings.threshold else "report"
        stance = self._stance(doc, voice, sentences, sentence_of, loaded, actor_matches, date)
        words = sum(1 for t in doc if t.is_alpha)
        return FramingReport(label, score, signals, loaded, stance, words, len(sentences))

    # -- loaded language and signals -----------------------------------------------------------------

    def _loaded(self, doc: Doc, voice: Voice, sentence_of: dict[int, int]) -> list[LoadedSpan]:
        spans = []
        for start, end, term in self.loaded_index.find(doc):
            span = doc[start:end]
            quoted = not all(voice.is_author(t) for t in span)
            spans.append(LoadedSpan(span.text, span.start_char, span.end_char, term.category, term.term,
                                    sentence_of[start], quoted))
        return spans

    def _signals(self, doc: Doc, voice: Voice, sentences: list[Span], loaded: list[LoadedSpan]) -> dict[str, Signal]:
        words = max(1, sum(1 for t in doc if t.is_alpha))
        found: dict[str, list[str]] = {name: [] for name in SIGNAL_NAMES}
        cue_tokens: set[int] = set()
        for start, end, term in self.signal_index.find(doc):
            span = doc[start:end]
            if not all(voice.is_author(t) for t in span):
                continue
            cue_tokens.update(range(start, end))
            name = {"hedge": "hedges", "intensifier": "intensifiers", "absolute": "absolutes",
                    "call_to_action": "calls_to_action", "evaluative": "evaluative"}[term.signal]
            found[name].append(span.text)
        loaded_tokens = {t.i for s in loaded for t in doc.char_span(s.start, s.end, alignment_mode="expand") or ()}
        for token in doc:
            if not voice.is_author(token):
                continue
            if token.lower_ in FIRST_PERSON and token.pos_ == "PRON":
                found["first_person"].append(token.text)
            elif token.lower_ in SECOND_PERSON and token.pos_ == "PRON":
                found["second_person"].append(token.text)
            elif (token.pos_ in VADER_CUE_POS and abs(self.tone.valence(token.lower_)) >= 2.0
                  and token.i not in cue_tokens and token.i not in loaded_tokens):
                found["evaluative"].append(token.text)
        found["emotive"] = [s.text for s in loaded if not s.quoted and s.category != "euphemism"]
        attributed = 0
        for sentence in sentences:
            if sentence_speaker(sentence) is not None or _mostly_quoted(sentence, voice):
                attributed += 1
                continue
            last = next((t for t in reversed(sentence) if not t.is_space), None)
            if last is not None and "?" in last.text and voice.is_author(last):
                found["rhetorical_questions"].append(sentence.text.strip())
            if _imperative(sentence) and sentence[0].i not in cue_tokens:
                found["calls_to_action"].append(sentence[:3].text)
        for start, end in voice.quotes:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            n_words = sum(1 for t in span if t.is_alpha)
            if 1 <= n_words <= 3 and sentence_speaker(span.sent) is None:
                found["scare_quotes"].append(span.text)
        n_sentences = max(1, len(sentences))
        signals: dict[str, Signal] = {}
        for name in SIGNAL_NAMES:
            if name == "attribution":
                count, rate = attributed, attributed / n_sentences
            elif name == "rhetorical_questions":
                count = len(found[name])
                rate = count / n_sentences
            else:
                count = len(found[name])
                rate = count / words * 100
            weight = self.settings.weight(name)
            signals[name] = Signal(name, count, round(rate, 3), weight, round(weight * rate, 3),
                                   tuple(dict.fromkeys(found[name]))[:5])
        return signals

    # -- stance ----------------------------------------------------------------------------------------

    def _cues(self, doc: Doc, voice: Voice, loaded: list[LoadedSpan]) -> list[tuple[Token, StanceCue]]:
        """Descriptive words in the author's voice, each with a valence and the token that carries it."""
        cues: list[tuple[Token, StanceCue]] = []
        taken: set[int] = set()
        for span in loaded:
            if span.quoted:
                continue
            tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is None:
                continue
            term = next(t for t in self.lexicon.loaded if t.term == span.term)
            valence = term.valence if term.valence is not None else CATEGORY_VALENCE[term.category]
            if valence:
                cues.append((tokens.root, StanceCue(span.text, span.start, span.end, valence)))
            taken.update(t.i for t in tokens)
        for start, end, term in self.signal_index.find(doc):
            tokens = doc[start:end]
            if term.signal != "evaluative" or not term.valence or not all(voice.is_author(t) for t in tokens):
                continue
            cues.append((tokens.root, StanceCue(tokens.text, tokens.start_char, tokens.end_char, term.valence)))
            taken.update(range(start, end))
        for token in doc:
            if token.i in taken or token.pos_ not in VADER_CUE_POS or not voice.is_author(token):
                continue
            valence = self.tone.valence(token.lower_)
            if valence:
                cues.append((token, StanceCue(token.text, token.idx, token.idx + len(token), valence)))
        return cues

    def _stance(self, doc: Doc, voice: Voice, sentences: list[Span], sentence_of: dict[int, int],
                loaded: list[LoadedSpan], actor_matches: Sequence[ActorMatch], date: Date | None) -> list[ActorStance]:
        mentions: dict[str, list[tuple[ActorMatch, str]]] = defaultdict(list)
        for match in actor_matches:
            if match.actor.kind not in STANCE_KINDS:
                continue
            code = match.actor.code_on(date)
            if code is not None:
                mentions[match.actor.entry].append((match, code))
        by_sentence: dict[int, list[tuple[str, Token]]] = defaultdict(list)
        for entry, found in mentions.items():
            for match, _ in found:
                head = doc[match.start:match.end].root
                by_sentence[sentence_of[match.start]].append((entry, head))
        assigned: dict[str, list[StanceCue]] = defaultdict(list)
        for token, cue in self._cues(doc, voice, loaded):
            candidates = by_sentence.get(sentence_of[token.i], [])
            if not candidates:
                continue
            distances = [(_tree_distance(token, head), entry) for entry, head in candidates]
            nearest = min(d for d, _ in distances)
            for entry in sorted({e for d, e in distances if d == nearest}):
                assigned[entry].append(cue)
        stances = []
        for entry, found in mentions.items():
            codes = [code for _, code in found]
            total = sum(c.valence for c in assigned[entry])
            score = round(total / math.sqrt(total * total + 15), 3)
            threshold = self.settings.stance_threshold
            label: StanceLabel = "positive" if score > threshold else "negative" if score < -threshold else "neutral"
            seen_sentences = sorted({sentence_of[m.start] for m, _ in found})
            rows = []
            for index in seen_sentences:
                sentence = sentences[index]
                text = sentence.text.rstrip()
                rows.append({"index": index, "start": sentence.start_char, "end": sentence.start_char + len(text),
                             "text": text, "compound": self.tone.sentence(text).compound})
            stances.append(ActorStance(entry, max(sorted(set(codes)), key=codes.count), score, label, len(found),
                                       assigned[entry], rows))
        stances.sort(key=lambda s: (-s.mentions, s.actor))
        return stances


def _mostly_quoted(sentence: Span, voice: Voice) -> bool:
    words = [t for t in sentence if t.is_alpha]
    return bool(words) and sum(1 for t in words if t.i in voice.quoted) >= 0.5 * len(words) and len(words) >= 4


def _imperative(sentence: Span) -> bool:
    """ "Stop the war.", "Let them vote.": a sentence whose first word is a base-form verb with no subject."""
    first = next((t for t in sentence if not t.is_punct and not t.is_space), None)
    if first is None or first.tag_ != "VB" or first.dep_ != "ROOT":
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in first.children) and \
        not sentence.text.rstrip().endswith("?")


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def _tree_distance(a: Token, b: Token) -> int:
    ancestors = {a.i: 0}
    current, steps = a, 0
    while current.head.i != current.i:
        current = current.head
        steps += 1
        ancestors[current.i] = steps
    current, steps = b, 0
    while current.i not in ancestors:
        if current.head.i == current.i:
            return _depth(a) + _depth(b) + 2
        current = current.head
        steps += 1
    return steps + ancestors[current.i]
