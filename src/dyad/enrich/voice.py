"""Whose words are these: quotations, reported speech and attribution in a parsed document.

Framing signals count only the author's own words, so a report that quotes an angry minister is
not mistaken for an angry report. Claims carry the speaker they are attributed to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dyad.coding import SPEECH_VERBS

FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
# Straight quotes pair up in order; curly quotes open and close. Single curly quotes count only
# at word edges, so that the apostrophe in "Iran’s" is not read as a quotation mark.
_DOUBLE_QUOTES = re.compile(r'"([^"\n]{1,2000})"|“([^”\n]{1,2000})”|«([^»\n]{1,2000})»')
_SINGLE_QUOTES = re.compile(r"(?:(?<=\s)|^)‘([^’\n]{1,300})’(?=[\s.,;:!?)]|$)"
                            r"|(?:(?<=\s)|^)'(\w[^'\n]{0,300}?)'(?=[\s.,;:!?)]|$)")


@dataclass(frozen=True)
class Voice:
    """For each token of a document: is it inside quotation marks, or in a clause reported from someone."""

    quoted: frozenset[int]
    reported: frozenset[int]
    quotes: tuple[tuple[int, int], ...]  # character spans of quotations (inside the marks)

    def is_author(self, token: Token) -> bool:
        return token.i not in self.quoted and token.i not in self.reported


def quotation_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for pattern in (_DOUBLE_QUOTES, _SINGLE_QUOTES):
        for match in pattern.finditer(text):
            group = next(g for g in range(1, (match.lastindex or 1) + 1) if match.group(g) is not None)
            spans.append(match.span(group))
    return sorted(spans)


def analyse_voice(doc: Doc) -> Voice:
    quotes = quotation_spans(doc.text)
    quoted: set[int] = set()
    for start, end in quotes:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            quoted.update(range(span.start, span.end))
    reported: set[int] = set()
    for sentence in doc.sents:
        speaker = sentence_speaker(sentence)
        if speaker is None:
            continue
        for token in sentence:
            if token.lemma_.lower() in SPEECH_VERBS and _finite(token) and not _first_person_subject(token):
                for child in token.children:
                    if child.dep_ in ("ccomp", "parataxis"):
                        reported.update(t.i for t in child.subtree)
        if _according_to(sentence) is not None:
            reported.update(t.i for t in sentence)
    return Voice(frozenset(quoted), frozenset(reported), tuple(quotes))


def sentence_speaker(sentence: Span) -> str | None:
    """Who the sentence is attributed to ("police", "the health ministry"), if anyone but the author."""
    according = _according_to(sentence)
    if according is not None:
        return according
    for token in sentence:
        if token.lemma_.lower() not in SPEECH_VERBS or token.pos_ not in ("VERB", "AUX") or not _finite(token):
            continue
        if not any(c.dep_ in ("ccomp", "parataxis") for c in token.children) and token.dep_ != "parataxis":
            continue
        if _first_person_subject(token):
            continue
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            subject = subjects[0]
            return sentence.doc[subject.left_edge.i:subject.right_edge.i + 1].text
        return token.text
    return None


def _according_to(sentence: Span) -> str | None:
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(sentence.doc) and sentence.doc[token.i + 1].lower_ == "to":
            objects = [g for g in sentence.doc[token.i + 1].children if g.dep_ == "pobj"]
            if objects:
                obj = objects[0]
                return sentence.doc[obj.left_edge.i:obj.right_edge.i + 1].text
    return None


def _finite(verb: Token) -> bool:
    """A verb that makes a statement ("said", "has said", "will say"), not a participle or an
    infinitive ("while insisting it was", "time for the bank to admit that")."""
    if verb.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children) and \
        not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _first_person_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in FIRST_PERSON for c in verb.children)
