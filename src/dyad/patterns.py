"""Verb, noun and complement patterns: the lexical knowledge that maps a trigger to a CAMEO code.

Patterns are data (`dyad/data/patterns/*.yaml`); this module validates them against the CAMEO
codebook and answers one question for the coder: which pattern does this trigger match?
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dyad.datafiles import load_yaml_models, package_data_path
from dyad.errors import DataFileError
from dyad.ontology import Ontology

CODE = r"^\d{2,4}$"


class VerbPattern(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    code: str = Field(pattern=CODE)
    verbs: list[str] = Field(min_length=1, title="verb lemmas; phrasal verbs as 'lemma particle'")
    prep: list[str] = Field(default_factory=list, title="prepositions introducing the target")
    object: list[str] = Field(default_factory=list, title="required direct-object lemmas")
    passive_only: bool = False

    @property
    def specificity(self) -> int:
        return 2 * bool(self.object) + bool(self.prep)


class NounPattern(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    code: str = Field(pattern=CODE)
    nouns: list[str] = Field(min_length=1)
    prep: list[str] = Field(default_factory=list)


class ComplementRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    kind: Literal["intent", "refuse", "threaten", "demand", "appeal", "allow", "stop"]
    verbs: list[str] = Field(min_length=1)
    target: Literal["complement", "object"]
    default: str | None = Field(default=None, pattern=CODE)
    by_code: dict[str, str] = Field(default_factory=dict)

    def map_code(self, code: str | None) -> str | None:
        """The governed code for a complement coded `code` (longest matching prefix wins)."""
        if code is not None:
            for length in range(len(code), 1, -1):
                mapped = self.by_code.get(code[:length])
                if mapped is not None:
                    return mapped
        return self.default


class LightVerbs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    verbs: list[str] = Field(min_length=1)


@dataclass
class PatternBook:
    """All patterns, indexed for lookup by lemma."""

    verbs: dict[str, list[VerbPattern]] = field(default_factory=lambda: defaultdict(list))
    nouns: dict[str, NounPattern] = field(default_factory=dict)
    # Every ending of every noun key: a word that ends none ("meeting" ends "summit meeting") needs no
    # lookups of its compounds.
    noun_endings: set[str] = field(default_factory=set)
    complements: dict[str, ComplementRule] = field(default_factory=dict)
    light_verbs: set[str] = field(default_factory=set)

    def add_verb_patterns(self, patterns: Iterable[VerbPattern]) -> None:
        for pattern in patterns:
            for verb in pattern.verbs:
                bucket = self.verbs[verb.lower()]
                # A later file's pattern with the same signature replaces the earlier one.
                bucket[:] = [p for p in bucket if (p.object, p.prep, p.passive_only)
                             != (pattern.object, pattern.prep, pattern.passive_only)]
                bucket.append(pattern)
                bucket.sort(key=lambda p: -p.specificity)

    def add_noun_patterns(self, patterns: Iterable[NounPattern]) -> None:
        for pattern in patterns:
            for noun in pattern.nouns:
                key = noun.lower()
                self.nouns[key] = pattern
                self.noun_endings.update(key[i:] for i in range(len(key)))

    def match_verb(self, lemma: str, *, object_lemmas: Sequence[str], preps: Sequence[str],
                   passive: bool) -> VerbPattern | None:
        """The most specific verb pattern for `lemma` whose constraints the clause satisfies.

        Both constraints are filters that pick a sense of the verb: an object ("sign an agreement")
        or a preposition ("look into"); with neither, the pattern is the verb's plain sense.
        """
        best: VerbPattern | None = None
        for pattern in self.verbs.get(lemma, ()):
            if best is not None and pattern.specificity < best.specificity:
                break
            if pattern.passive_only and not passive:
                continue
            if pattern.object and not any(o in pattern.object for o in object_lemmas):
                continue
            if pattern.prep and not any(p in pattern.prep for p in preps):
                continue
            if best is None or (pattern.prep and best.prep and _first_at(pattern.prep, preps) < _first_at(
                    best.prep, preps)):
                # Of two senses picked by a preposition, the one whose preposition comes first:
                # "pushed deeper into Somalia against the Islamists" is an incursion.
                best = pattern
        return best


def _first_at(wanted: Sequence[str], preps: Sequence[str]) -> int:
    return min((i for i, p in enumerate(preps) if p in wanted), default=len(preps))


def _check_codes(codes: Iterable[tuple[int, str]], ontology: Ontology, path: Path) -> None:
    for line, code in codes:
        if code not in ontology.events:
            raise DataFileError(f"unknown CAMEO code {code!r}", path=str(path), line=line)


def load_verb_patterns(path: Path, ontology: Ontology) -> list[VerbPattern]:
    records = load_yaml_models(VerbPattern, path)
    _check_codes(((line, p.code) for line, p in records), ontology, path)
    _check_unique_ids(records, path)
    return [p for _, p in records]


def _check_unique_ids(records: Sequence[tuple[int, VerbPattern | NounPattern]], path: Path) -> None:
    """A pattern id names one pattern: the events it codes say which pattern fired."""
    first: dict[str, int] = {}
    for line, pattern in records:
        if pattern.id in first:
            raise DataFileError(f"pattern id {pattern.id!r} is already used at line {first[pattern.id]}",
                                path=str(path), line=line)
        first[pattern.id] = line


def load_noun_patterns(path: Path, ontology: Ontology) -> list[NounPattern]:
    records = load_yaml_models(NounPattern, path)
    _check_codes(((line, p.code) for line, p in records), ontology, path)
    _check_unique_ids(records, path)
    owner: dict[str, str] = {}
    for line, pattern in records:
        for noun in pattern.nouns:
            if noun in owner:
                raise DataFileError(f"noun {noun!r} is already in pattern {owner[noun]}", path=str(path), line=line)
            owner[noun] = pattern.id
    return [p for _, p in records]


def load_pattern_book(ontology: Ontology, extra_verb_files: Sequence[Path] = ()) -> PatternBook:
    """The shipped patterns, with any user verb-pattern files layered on top."""
    base = package_data_path("patterns")
    book = PatternBook()
    book.add_verb_patterns(load_verb_patterns(base / "verbs.yaml", ontology))
    book.add_noun_patterns(load_noun_patterns(base / "nouns.yaml", ontology))
    path = base / "complements.yaml"
    for line, rule in load_yaml_models(ComplementRule, path):
        codes = [*rule.by_code.values(), *([rule.default] if rule.default else [])]
        _check_codes(((line, c) for c in codes), ontology, path)
        for verb in rule.verbs:
            book.complements[verb] = rule
    for _, light in load_yaml_models(LightVerbs, base / "light_verbs.yaml"):
        book.light_verbs.update(light.verbs)
    for extra in extra_verb_files:
        book.add_verb_patterns(load_verb_patterns(extra, ontology))
    return book
