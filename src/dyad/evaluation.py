"""Scoring the coder against gold codings: dyad's JSONL format and PETRARCH validation XML."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

from dyad.coding import Coder
from dyad.errors import InputError
from dyad.ingest import parse_date
from dyad.models import Document, Event


@dataclass(frozen=True)
class GoldEvent:
    source: str
    target: str
    code: str


@dataclass(frozen=True)
class GoldItem:
    """One gold sentence: its text, date and expected events (empty: it reports no event)."""

    id: str
    text: str
    date: Date | None
    events: tuple[GoldEvent, ...]
    tags: tuple[str, ...] = ()


def read_gold_jsonl(path: Path) -> list[GoldItem]:
    """Gold sentences in dyad's eval format; a bad line raises InputError naming file and line."""
    items: list[GoldItem] = []
    name = str(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as e:
        raise InputError("no such file", path=name) from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read ({e})", path=name) from e
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"bad JSON: {e.msg} at column {e.colno}", path=name, line=number) from e
        items.append(_gold_from_record(record, name, number))
    if not items:
        raise InputError("no gold sentences", path=name)
    return items


def _gold_from_record(record: Any, path: str, line: int) -> GoldItem:
    if not isinstance(record, dict):
        raise InputError("expected a JSON object", path=path, line=line)
    for key in ("text", "events"):
        if key not in record:
            raise InputError(f"missing field {key!r}", path=path, line=line)
    if not isinstance(record["text"], str) or not record["text"].strip():
        raise InputError("field 'text' must be a non-empty string", path=path, line=line)
    if not isinstance(record["events"], list):
        raise InputError("field 'events' must be a list", path=path, line=line)
    events = []
    for event in record["events"]:
        if not isinstance(event, dict) or not all(isinstance(event.get(k), str) for k in
                                                   ("source", "target", "code")):
            raise InputError("each event needs string 'source', 'target' and 'code'", path=path, line=line)
        events.append(GoldEvent(event["source"], event["target"], event["code"]))
    tags = record.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InputError("field 'tags' must be a list of strings", path=path, line=line)
    return GoldItem(id=str(record.get("id", line)), text=record["text"],
                    date=parse_date(record.get("date"), path=path, line=line),
                    events=tuple(events), tags=tuple(tags))


def read_petrarch_gold(path: Path) -> list[GoldItem]:
    """Gold sentences from a PETRARCH validation XML file."""
    from dyad.petrarch_xml import read_petrarch_xml

    return [GoldItem(id=s.id, text=s.text, date=s.date,
                     events=tuple(GoldEvent(e.source, e.target, e.code) for e in s.events),
                     tags=(s.category,) if s.category else ())
            for s in read_petrarch_xml(path)]


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    def add(self, gold: int, predicted: int, matched: int) -> None:
        self.gold += gold
        self.predicted += predicted
        self.matched += matched

    def figures(self) -> dict[str, float]:
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def root_key(source: str, target: str, code: str) -> tuple[str, str, str]:
    """The loose match: source and target country (first 3 characters) and the root code."""
    return source[:3], target[:3], code[:2]


def exact_key(source: str, target: str, code: str) -> tuple[str, str, str]:
    return source, target, code


def _matched(gold: Counter[Any], predicted: Counter[Any]) -> int:
    return sum((gold & predicted).values())


@dataclass
class SentenceResult:
    item: GoldItem
    predicted: list[Event]
    missed: list[GoldEvent] = field(default_factory=list)
    spurious: list[Event] = field(default_factory=list)


@dataclass
class EvalReport:
    n_sentences: int
    root: Tally
    exact: Tally
    per_root: dict[str, Tally]
    per_tag: dict[str, dict[str, Tally]]
    sentences: list[SentenceResult]
    records_passed: int

    def as_dict(self) -> dict[str, Any]:
        root, exact = self.root.figures(), self.exact.figures()
        return {
            "n_sentences": self.n_sentences,
            "gold_events": self.exact.gold,
            "predicted_events": self.exact.predicted,
            "root_precision": root["precision"], "root_recall": root["recall"], "root_f1": root["f1"],
            "exact_precision": exact["precision"], "exact_recall": exact["recall"], "exact_f1": exact["f1"],
            "records_passed": self.records_passed,
            "per_root": {r: {"gold": t.gold, "predicted": t.predicted, "matched": t.matched, **t.figures()}
                         for r, t in sorted(self.per_root.items())},
            "per_tag": {tag: {"n_sentences": tallies["sentences"].gold,
                              **{f"root_{k}": v for k, v in tallies["root"].figures().items()},
                              **{f"exact_{k}": v for k, v in tallies["exact"].figures().items()}}
                        for tag, tallies in sorted(self.per_tag.items())},
        }


def evaluate(coder: Coder, items: Sequence[GoldItem]) -> EvalReport:
    """Code every gold sentence on its own (with its date) and score the predictions."""
    documents = [Document(text=item.text, id=f"gold:{item.id}", date=item.date) for item in items]
    predictions = [coded.events for coded in coder.pipe(documents)]
    return score(items, predictions)


def score(items: Sequence[GoldItem], predictions: Iterable[list[Event]]) -> EvalReport:
    root, exact = Tally(), Tally()
    per_root: dict[str, Tally] = {}
    per_tag: dict[str, dict[str, Tally]] = {}
    results: list[SentenceResult] = []
    passed = 0
    for item, events in zip(items, predictions, strict=True):
        gold_exact = Counter(exact_key(e.source, e.target, e.code) for e in item.events)
        pred_exact = Counter(exact_key(e.source, e.target, e.code) for e in events)
        gold_root = Counter(root_key(e.source, e.target, e.code) for e in item.events)
        pred_root = Counter(root_key(e.source, e.target, e.code) for e in events)
        exact_hits = _matched(gold_exact, pred_exact)
        root_hits = _matched(gold_root, pred_root)
        exact.add(sum(gold_exact.values()), sum(pred_exact.values()), exact_hits)
        root.add(sum(gold_root.values()), sum(pred_root.values()), root_hits)
        if gold_exact == pred_exact:
            passed += 1
        for code_root in {k[2] for k in gold_root} | {k[2] for k in pred_root}:
            g = Counter({k: v for k, v in gold_root.items() if k[2] == code_root})
            p = Counter({k: v for k, v in pred_root.items() if k[2] == code_root})
            per_root.setdefault(code_root, Tally()).add(sum(g.values()), sum(p.values()), _matched(g, p))
        for tag in item.tags:
            tallies = per_tag.setdefault(tag, {"sentences": Tally(), "root": Tally(), "exact": Tally()})
            tallies["sentences"].gold += 1
            tallies["root"].add(sum(gold_root.values()), sum(pred_root.values()), root_hits)
            tallies["exact"].add(sum(gold_exact.values()), sum(pred_exact.values()), exact_hits)
        missing = gold_exact - pred_exact
        extra = pred_exact - gold_exact
        result = SentenceResult(item, events)
        result.missed = [e for e in item.events if missing[exact_key(e.source, e.target, e.code)] > 0]
        result.spurious = [e for e in events if extra[exact_key(e.source, e.target, e.code)] > 0]
        results.append(result)
    return EvalReport(len(items), root, exact, per_root, per_tag, results, passed)
