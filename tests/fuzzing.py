"""Generated documents for fuzzing, and the checks a coded document must pass, shared by tests/test_fuzz.py (a small
budget in CI) and bench/fuzz.py (the large run).

Documents mix real news sentences from the dev set (so that actors and triggers fire and events are produced)
with the input a crawler or a careless export produces: odd Unicode, control characters and NUL bytes,
right-to-left text and bidi controls, emoji and their joiners, stacked combining marks, HTML junk, and very long
sentences and tokens.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from dyad.models import CodedDocument
from dyad.ontology import Ontology

DEVSET = Path(__file__).resolve().parent / "data" / "devset.jsonl"


@lru_cache(maxsize=1)
def news_sentences() -> tuple[str, ...]:
    with DEVSET.open(encoding="utf-8") as handle:
        return tuple(json.loads(line)["text"] for line in handle if line.strip())


CONTROL = [chr(c) for c in (*range(0, 32), 127, *range(0x80, 0xA0))]
BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069", "\u061c"]
RTL_WORDS = ["العراق", "إيران", "وزير الخارجية", "ישראל", "ירושלים", "طهران", "سوريا", "الولايات المتحدة"]
EMOJI = ["😀", "🇮🇶", "🇮🇷", "👨‍👩‍👧", "🏳️‍🌈", "🔥", "💣", "🕊️", "✌🏽", "\U0001FAE0", "🧑🏿‍🚀"]
SPACES = [" ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2028", "\u2029", "\u3000", "\u200b", "\ufeff", "\x0b", "\x0c"]
HTML_JUNK = ["<p>", "</p>", "<br/>", "<script>alert(1)</script>", "<!-- -->", "&amp;", "&nbsp;", "&#0;", "&bogus;",
             "<div class='x'>", "</div>", "<![CDATA[", "]]>", "<a href=\"javascript:x\">", "</a>", "<", ">", "\"'",
             "<style>p{}</style>", "&#x202e;", "<b><i>", "</b>"]
PUNCTUATION = [".", "!", "?", "...", "…", ",", ";", ":", "-", "—", "'s", "\"", "(", ")", "[", "]", "»", "«", "„"]


def _combining(base: str) -> st.SearchStrategy[str]:
    marks = st.lists(st.integers(0x0300, 0x036F).map(chr), min_size=1, max_size=30)
    return marks.map(lambda ms: base + "".join(ms))


odd_unicode = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)
pieces = st.one_of(
    st.sampled_from(news_sentences()),
    st.sampled_from(news_sentences()),
    st.sampled_from(news_sentences()),
    odd_unicode,
    st.sampled_from(CONTROL),
    st.sampled_from(BIDI),
    st.sampled_from(RTL_WORDS),
    st.sampled_from(EMOJI),
    st.sampled_from(SPACES),
    st.sampled_from(HTML_JUNK),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(["Iraq", "Iran", "e", "U.S.", "al-", "Mr", "NATO"]).flatmap(_combining),
)


@st.composite
def long_run(draw: st.DrawFn, *, max_chars: int) -> str:
    """A very long sentence (a clause repeated without a full stop) or a very long token."""
    if draw(st.booleans()):
        sentence = draw(st.sampled_from(news_sentences())).rstrip(".")
        joiner = draw(st.sampled_from([" and ", ", ", " ", " ; ", " - "]))
        return joiner.join([sentence] * (max_chars // (len(sentence) + len(joiner)) + 1))[:draw(
            st.integers(max_chars // 4, max_chars))]
    unit = draw(st.sampled_from(["a", "Iraq", "🇮🇶", "-", "ا", "x\u0301", "0", "."]))
    return unit * (draw(st.integers(max_chars // 4, max_chars)) // len(unit))


@st.composite
def documents(draw: st.DrawFn, *, max_pieces: int = 40, max_long_chars: int = 20_000) -> str:
    """One document: pieces joined by assorted whitespace, sometimes around one very long run."""
    parts = draw(st.lists(pieces, min_size=1, max_size=max_pieces))
    if draw(st.integers(0, 9)) == 0:
        parts.insert(draw(st.integers(0, len(parts))), draw(long_run(max_chars=max_long_chars)))
    separators = draw(st.lists(st.sampled_from([*SPACES, "", " ", " ", " "]), min_size=len(parts),
                               max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, separators, strict=True))


def jsonl_line(text: str, *, date: str | None) -> str:
    record: dict[str, object] = {"text": text}
    if date is not None:
        record["date"] = date
    return json.dumps(record, ensure_ascii=False)


def problems(coded: CodedDocument, ontology: Ontology) -> list[str]:
    """What is wrong with a coded document's events (empty when every event is well formed)."""
    found: list[str] = []
    text = coded.document.text
    for e in coded.events:
        where = f"event {e.event_id} ({e.source} {e.code} {e.target})"
        if e.doc_id != coded.document.id:
            found.append(f"{where}: doc_id {e.doc_id} is not the document's {coded.document.id}")
        if not 0 <= e.sentence_index < coded.n_sentences:
            found.append(f"{where}: sentence_index {e.sentence_index} outside 0..{coded.n_sentences - 1}")
        if e.sentence not in text:
            found.append(f"{where}: its sentence is not in the document")
        for role in ("source", "target", "trigger"):
            start, end, span = getattr(e, f"{role}_start"), getattr(e, f"{role}_end"), getattr(e, f"{role}_text")
            if not 0 <= start <= end <= len(e.sentence):
                found.append(f"{where}: {role} offsets {start}..{end} outside the sentence ({len(e.sentence)})")
            elif e.sentence[start:end] != span:
                found.append(f"{where}: sentence[{start}:{end}] is {e.sentence[start:end]!r}, not {span!r}")
        try:
            kind = ontology.event(e.code)
        except KeyError as error:
            found.append(f"{where}: code not in the codebook ({error})")
            continue
        if (e.name, e.root, e.quad_class, e.goldstein) != (kind.name, kind.root, kind.quad_class, kind.goldstein):
            found.append(f"{where}: name/root/quad/goldstein differ from the codebook's")
        if not (math.isfinite(e.confidence) and 0.0 <= e.confidence <= 1.0):
            found.append(f"{where}: confidence {e.confidence} outside 0..1")
        if not e.source or not e.target:
            found.append(f"{where}: empty actor code")
    return found
