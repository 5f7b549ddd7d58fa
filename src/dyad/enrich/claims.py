"""Checkable claims: sentences that assert quantities, with number, unit, actors and offsets.

A fact-checker wants the sentences whose numbers can be verified: seats, money, casualties,
percentages, counts and dates. Each number is read from the parse (its unit is the noun it
counts, a currency sign or word, or "%"), given a role (a value, a threshold it is measured against,
or the total it is a part of) and, where a sentence states a share of a whole, the arithmetic it
implies is worked out: "101 seats ... the 165 needed for a majority" implies 64 seats short.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any, Literal

from spacy.tokens import Doc, Span, Token

from dyad.actors import ActorMatch
from dyad.enrich.voice import sentence_speaker

Kind = Literal["seats", "money", "casualties", "percentage", "count", "date"]
Role = Literal["value", "threshold", "total", "margin"]
Relation = Literal["shortfall", "surplus", "share", "part", "margin"]

WORD_NUMBERS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
               "trillion": 1_000_000_000_000, "mln": 1_000_000, "bln": 1_000_000_000, "m": 1_000_000,
               "bn": 1_000_000_000, "dozen": 12}
CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₪": "ILS"}
CURRENCY_WORDS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
                  "renminbi": "CNY", "rupee": "INR", "riyal": "SAR", "rial": "IRR", "ruble": "RUB", "rouble": "RUB",
                  "shekel": "ILS", "lira": "TRY", "naira": "NGN", "rand": "ZAR", "dinar": "dinar", "franc": "CHF",
                  "peso": "peso", "hryvnia": "UAH", "won": "KRW", "dlr": "USD", "dlrs": "USD"}
PERCENT_WORDS = {"%", "percent", "pct", "per cent"}
MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
CASUALTY_WORDS = frozenset({"kill", "killed", "dead", "die", "death", "wound", "wounded", "injure", "injured",
                            "casualty", "fatality", "victim", "body", "massacre", "murder", "slay", "behead", "execute",
                            "life"})
CASUALTY_UNITS = frozenset({"dead", "death", "casualty", "fatality", "victim", "body", "wounded", "injured"})
PEOPLE_UNITS = frozenset({"people", "person", "civilian", "soldier", "troop", "child", "woman", "man", "protester",
                          "militant", "fighter", "police", "policeman", "officer", "worker", "passenger", "migrant",
                          "refugee", "student", "villager", "resident", "member", "pilgrim", "worshipper", "journalist",
                          "prisoner", "hostage", "rebel", "insurgent", "gunman", "attacker", "demonstrator", "patient"})
THRESHOLD_WORDS = frozenset({"need", "needed", "require", "required", "necessary", "threshold", "minimum", "quorum"})
CHAMBER_WORDS = frozenset({"parliament", "chamber", "assembly", "house", "senate", "legislature", "council", "body",
                           "congress", "knesset", "duma", "bundestag"})
_DIGITS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+-]?\d+(?:\.\d+)?$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(bn|m|k|mln|bln)$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """One number in a claim, with what it counts."""

    text: str
    value: float | None
    unit: str
    kind: Kind
    role: Role
    start: int  # character offsets in the document
    end: int
    normalized: str | None = None  # dates as YYYY-MM-DD (or --MM-DD with no year)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": _plain(self.value), "unit": self.unit, "kind": self.kind,
                "role": self.role, "start": self.start, "end": self.end, "normalized": self.normalized}


@dataclass(frozen=True)
class Implication:
    """Arithmetic a claim implies, for a fact-checker to verify against the stated figures."""

    relation: Relation
    value: float
    unit: str
    operands: tuple[float, ...]
    statement: str

    def to_dict(self) -> dict[str, Any]:
        return {"relation": self.relation, "value": _plain(self.value), "unit": self.unit,
                "operands": [_plain(v) for v in self.operands], "statement": self.statement}


@dataclass
class Claim:
    """A sentence asserting one or more quantities."""

    sentence_index: int
    sentence: str
    start: int
    end: int
    quantities: list[Quantity]
    actors: list[dict[str, Any]] = field(default_factory=list)
    attributed_to: str | None = None
    implied: list[Implication] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"sentence_index": self.sentence_index, "sentence": self.sentence, "start": self.start,
                "end": self.end, "quantities": [q.to_dict() for q in self.quantities], "actors": self.actors,
                "attributed_to": self.attributed_to, "implied": [i.to_dict() for i in self.implied]}


def _plain(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 4)


def extract_claims(doc: Doc, actor_matches: Sequence[ActorMatch] = (), *, date: Date | None = None) -> list[Claim]:
    """The claims of a parsed document, in text order."""
    claims = []
    for index, sentence in enumerate(doc.sents):
        quantities = _quantities(sentence)
        if not any(q.kind != "date" for q in quantities):
            continue
        actors = []
        for match in actor_matches:
            if sentence.start <= match.start < sentence.end and match.actor.kind != "place":
                span = doc[match.start:match.end]
                actors.append({"code": match.actor.code_on(date), "name": match.actor.entry, "text": span.text,
                               "start": span.start_char, "end": span.end_char})
        text = sentence.text.rstrip()  # a sentence span keeps the blank lines after it
        claims.append(Claim(index, text, sentence.start_char, sentence.start_char + len(text), quantities, actors,
                            sentence_speaker(sentence), _implications(quantities, sentence)))
    return claims


# -- reading numbers ---------------------------------------------------------------------------------


def needs_entities(doc: Doc) -> bool:
    """Whether the claims of `doc` depend on its named entities: only when a token reads as a number, since the
    entity label can then mark it an ordinal ("the first one"). Lets a caller skip the entity pass otherwise."""
    return any(_reads_as_number(t.lower_) for t in doc)


def _is_number_token(token: Token) -> bool:
    return token.ent_type_ != "ORDINAL" and _reads_as_number(token.lower_)


def _reads_as_number(text: str) -> bool:
    if text.endswith(("st", "nd", "rd", "th")) and text[:1].isdigit():
        return False
    return bool(_DIGITS.match(text) or _SUFFIXED.match(text) or text in WORD_NUMBERS or
                (text in MULTIPLIERS and text not in ("m", "dozen")))


def _parse(tokens: Sequence[Token]) -> float | None:
    """The value of a run of number tokens: "1,200", "3.5 million", "two hundred", "12bn"."""
    total, current = 0.0, 0.0
    seen = False
    for token in tokens:
        text = token.lower_
        suffixed = _SUFFIXED.match(text)
        if _DIGITS.match(text):
            current += float(text.replace(",", ""))
            seen = True
        elif suffixed:
            factor = {"bn": 1e9, "bln": 1e9, "m": 1e6, "mln": 1e6, "k": 1e3}[suffixed.group(2).lower()]
            current += float(suffixed.group(1)) * factor
            seen = True
        elif text in WORD_NUMBERS:
            current += WORD_NUMBERS[text]
            seen = True
        elif text in MULTIPLIERS:
            factor = MULTIPLIERS[text]
            current = (current or 1.0) * factor
            if factor >= 1000:
                total, current = total + current, 0.0
            seen = True
    return total + current if seen else None


def _runs(sentence: Span) -> list[tuple[int, int]]:
    """Token ranges [start, end) of numbers, a multiplier joined to its number ("3.5 million")."""
    runs = []
    i = sentence.start
    doc = sentence.doc
    while i < sentence.end:
        if not _is_number_token(doc[i]) or doc[i].lower_ in MULTIPLIERS:
            i += 1
            continue
        j = i + 1
        while j < sentence.end and (_is_number_token(doc[j]) or doc[j].lower_ in MULTIPLIERS
                                    or (doc[j].lower_ == "and" and j + 1 < sentence.end
                                        and doc[j + 1].lower_ in WORD_NUMBERS)):
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _quantities(sentence: Span) -> list[Quantity]:
    doc = sentence.doc
    found: list[Quantity] = []
    pending_unit: list[int] = []
    consumed = -1  # the last token a date took ("March 3, 2019" is one quantity, not two)
    for start, end in _runs(sentence):
        if start <= consumed:
            continue
        tokens = doc[start:end]
        first, last = doc[start], doc[end - 1]
        if _skip(first, last, sentence):
            continue
        value = _parse(list(tokens))
        if value is None:
            continue
        span_start, span_end = start, end
        date = _date(doc, start, end, value, sentence)
        if date is not None:
            s, e, normalized, unit = date
            consumed = e - 1
            found.append(Quantity(doc[s:e].text, value if unit == "year" else None, unit, "date", "value",
                                  doc[s:e].start_char, doc[s:e].end_char, normalized))
            continue
        unit, kind, span_start, span_end = _unit(doc, start, end, sentence)
        role = _role(doc, start, end, span_end, sentence)
        if unit == "":
            pending_unit.append(len(found))
        found.append(Quantity(doc[span_start:span_end].text, value, unit, kind, role, doc[span_start].idx,
                              doc[span_end - 1].idx + len(doc[span_end - 1]), None))
    # "the 165 needed": a bare number counts what the sentence's other numbers count.
    for i in pending_unit:
        quantity = found[i]
        donors = [q for q in found if q.unit and q.kind not in ("date", "percentage")]
        donor = min(donors, key=lambda q: abs(q.start - quantity.start), default=None)
        unit, kind = (donor.unit, donor.kind) if donor else ("count", "count")
        found[i] = Quantity(quantity.text, quantity.value, unit, kind, quantity.role, quantity.start, quantity.end)
    return found


def _skip(first: Token, last: Token, sentence: Span) -> bool:
    """Numbers that are names or labels, not quantities: "Resolution 2334", "Boeing 737", "COVID-19"."""
    doc = sentence.doc
    prev = doc[first.i - 1] if first.i > sentence.start else None
    if prev is not None and prev.text in ("#", "No.", "no."):
        return True
    if prev is not None and prev.text == "-" and first.i - 2 >= sentence.start and doc[first.i - 2].pos_ == "PROPN":
        return True  # "Su-35", "F-16"
    head = last.head
    if last.dep_ in ("nummod", "appos", "compound", "npadvmod") and head.pos_ == "PROPN" and \
            head.lower_ not in MONTHS and head.i < first.i:
        return True
    if first.lower_ in ("one", "a", "an") and last.i == first.i:
        return True  # "one of the", "one official said", "one third": not a count anyone checks
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and nxt.text == "-" and last.i + 2 < len(doc) and doc[last.i + 2].lower_ == "to":
        return True  # "a three-to-one ratio": a ratio, not a count
    return nxt is not None and nxt.text in (":", "p.m.", "a.m.", "pm", "am", "GMT", "GMT.")


def _date(doc: Doc, start: int, end: int, value: float, sentence: Span) -> tuple[int, int, str, str] | None:
    """A day of a month ("March 5", "5 March 2020") or a year ("in 2019") at this number."""
    prev = doc[start - 1] if start > sentence.start else None
    nxt = doc[end] if end < sentence.end else None
    is_int = float(value).is_integer() and end - start == 1 and doc[start].text.isdigit()
    if not is_int:
        return None
    number = int(value)
    year = _year_after(doc, end, sentence)
    if 1 <= number <= 31 and prev is not None and prev.lower_.rstrip(".") in MONTHS:
        month = MONTHS[prev.lower_.rstrip(".")]
        stop = end + (2 if year and doc[end].text == "," else 1) if year else end
        normalized = f"{year:04d}-{month:02d}-{number:02d}" if year else f"--{month:02d}-{number:02d}"
        return prev.i, stop, normalized, "date"
    if 1 <= number <= 31 and nxt is not None and nxt.lower_.rstrip(".") in MONTHS:
        month = MONTHS[nxt.lower_.rstrip(".")]
        year = _year_after(doc, end + 1, sentence)
        stop = end + 2 if year else end + 1
        normalized = f"{year:04d}-{month:02d}-{number:02d}" if year else f"--{month:02d}-{number:02d}"
        return start, stop, normalized, "date"
    if 1800 <= number <= 2100 and len(doc[start].text) == 4:
        if doc[start].dep_ == "nummod" and doc[start].head.lemma_.lower() in PEOPLE_UNITS | CASUALTY_UNITS:
            return None
        if prev is not None and prev.lower_.rstrip(".") in MONTHS:
            return prev.i, end, f"{number:04d}-{MONTHS[prev.lower_.rstrip('.')]:02d}", "month"
        return start, end, f"{number:04d}", "year"
    return None


def _year_after(doc: Doc, i: int, sentence: Span) -> int | None:
    if i < sentence.end and doc[i].text == ",":
        i += 1
    if i < sentence.end and doc[i].text.isdigit() and len(doc[i].text) == 4 and 1800 <= int(doc[i].text) <= 2100:
        return int(doc[i].text)
    return None


def _unit(doc: Doc, start: int, end: int, sentence: Span) -> tuple[str, Kind, int, int]:
    """What a number counts, and the token span of the quantity with its sign or unit."""
    prev = doc[start - 1] if start > sentence.start else None
    nxt = doc[end] if end < sentence.end else None
    if prev is not None and prev.text in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[prev.text], "money", start - 1, end
    if prev is not None and prev.text.upper() in ("USD", "EUR", "GBP"):
        return prev.text.upper(), "money", start - 1, end
    if nxt is not None and (nxt.lower_ in PERCENT_WORDS or nxt.text == "%"):
        if end + 1 < sentence.end and doc[end + 1].lower_ in ("point", "points") and nxt.lower_ != "%":
            return "percentage points", "percentage", start, end + 2
        return "percent", "percentage", start, end + 1
    if nxt is not None and nxt.lower_ == "per" and end + 1 < sentence.end and doc[end + 1].lower_ == "cent":
        return "percent", "percentage", start, end + 2
    if prev is not None and prev.lower_ in ("aged", "age", "ages"):
        return "years of age", "count", start, end
    head = _counted_noun(doc[end - 1])
    if head is not None:
        lemma = head.lemma_.lower()
        if lemma in CURRENCY_WORDS:
            return CURRENCY_WORDS[lemma], "money", start, head.i + 1 if head.i >= end else end
        chamber = head.i + 1 < sentence.end and doc[head.i + 1].lower_ in CHAMBER_WORDS
        if lemma in ("seat", "mandate") or (lemma == "member" and chamber):
            return "seats", "seats", start, max(end, head.i + 1)
        victims = head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in CASUALTY_WORDS
        if lemma in CASUALTY_UNITS or victims or (lemma in PEOPLE_UNITS and _about_casualties(doc[start], sentence)):
            return _plural(head), "casualties", start, max(end, head.i + 1)
        if lemma == "vote":
            return "votes", "count", start, max(end, head.i + 1)
        return _plural(head), "count", start, max(end, head.i + 1) if head.i == end else end
    if _about_casualties(doc[start], sentence) and doc[end - 1].dep_ in ("nsubjpass", "nsubj"):
        return "people", "casualties", start, end  # "at least 12 were killed"
    return "", "count", start, end


def _counted_noun(number: Token) -> Token | None:
    """The noun a number counts: its head ("101 seats"), or the object of its 'of' ("101 of the seats")."""
    if number.dep_ in ("nummod", "quantmod") and number.head.pos_ in ("NOUN", "PROPN"):
        head = number.head
        return head if head.pos_ == "NOUN" or head.lower_ in ("dollars", "euros") else None
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [g for g in child.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
            if objects:
                return objects[0]
    if number.i + 1 < len(number.doc) and number.doc[number.i + 1].pos_ == "NOUN" and \
            number.doc[number.i + 1].head.i != number.i:
        candidate = number.doc[number.i + 1]
        return candidate if candidate.lemma_.lower() in CURRENCY_WORDS else None
    return None


def _plural(noun: Token) -> str:
    lemma = noun.lemma_.lower()
    return noun.lower_ if noun.lower_ != lemma else lemma


def _about_casualties(number: Token, sentence: Span) -> bool:
    # The number's own clause names killing or wounding: "12 people were killed", "killing 12".
    clause = number
    while clause.head.i != clause.i and clause.pos_ not in ("VERB", "AUX"):
        clause = clause.head
    words = {t.lemma_.lower() for t in clause.subtree} | {clause.lemma_.lower()}
    words |= {t.lemma_.lower() for t in number.head.children}
    return bool(words & CASUALTY_WORDS)


def _role(doc: Doc, start: int, end: int, span_end: int, sentence: Span) -> Role:
    window = [t.lemma_.lower() for t in doc[span_end:min(sentence.end, span_end + 4)]]
    window += [t.lower_ for t in doc[span_end:min(sentence.end, span_end + 4)]]
    before = [t.lower_ for t in doc[max(sentence.start, start - 3):start]]
    number = doc[end - 1]
    if before[-2:] == ["majority", "of"] or before[-1:] == ["by"]:
        return "margin"  # "a majority of 172", "won by 12": a difference, not a whole
    if THRESHOLD_WORDS & set(window) or (number.head.lemma_.lower() in THRESHOLD_WORDS):
        return "threshold"
    if before[-2:] == ["out", "of"] or (before[-1:] == ["of"] and _number_before(doc, start, sentence)) or \
            (before[-2:-1] == ["of"] and before[-1:] == ["the"] and _number_before(doc, start, sentence)):
        return "total"
    # "the 329-seat parliament", "the 120-member Knesset": the size of a chamber.
    unit_words = [t.lemma_.lower() for t in doc[end:span_end]]
    if span_end < sentence.end and doc[span_end].lower_ in CHAMBER_WORDS and \
            ("seat" in unit_words or "member" in unit_words):
        return "total"
    if span_end + 2 < sentence.end and doc[span_end].text == "-" and \
            doc[span_end + 1].lemma_.lower() in ("seat", "member") and doc[span_end + 2].lower_ in CHAMBER_WORDS:
        return "total"
    return "value"


def _number_before(doc: Doc, start: int, sentence: Span) -> bool:
    return any(_is_number_token(t) for t in doc[max(sentence.start, start - 6):start])


# -- implied arithmetic ------------------------------------------------------------------------------


def _implications(quantities: list[Quantity], sentence: Span) -> list[Implication]:
    implied: list[Implication] = []
    numeric = [q for q in quantities if q.kind != "date" and q.value is not None]
    values = [q for q in numeric if q.role == "value"]
    majority = "majority" in sentence.text.lower()
    for threshold in (q for q in numeric if q.role == "threshold"):
        for value in values:
            if value.unit != threshold.unit or value.kind == "percentage":
                continue
            implied.append(_against(value, threshold.value or 0.0, value.unit, "needed"))
    for total in (q for q in numeric if q.role == "total"):
        for value in values:
            if value.unit != total.unit or not total.value or value.kind == "percentage":
                continue
            share = value.value / total.value * 100 if value.value is not None else 0.0
            implied.append(Implication("share", round(share, 1), "percent", (value.value or 0.0, total.value),
                                       f"{_fmt(value.value)} of {_fmt(total.value)} {value.unit} is {share:.1f}%"))
            if majority and not any(q.role == "threshold" for q in numeric):
                needed = math.floor(total.value / 2) + 1
                implied.append(_against(value, float(needed), value.unit, f"for a majority of {_fmt(total.value)}"))
                have = value.value or 0.0
                if 2 * have > total.value:
                    # What "a majority of N" should equal: the seats held minus all the others.
                    margin = 2 * have - total.value
                    implied.append(Implication("margin", margin, value.unit, (have, total.value),
                                               f"{_fmt(have)} of {_fmt(total.value)} {value.unit} is an overall "
                                               f"majority of {_fmt(margin)}"))
    # "40% of 1,200 voters": the part a percentage implies.
    for i, percent in enumerate(numeric):
        if percent.kind != "percentage" or percent.unit != "percent" or percent.value is None:
            continue
        whole = next((q for q in numeric[i + 1:] if q.kind != "percentage" and q.value
                      and _between_is_of(sentence, percent, q)), None)
        if whole is not None and whole.value is not None:
            part = percent.value / 100 * whole.value
            implied.append(Implication("part", round(part, 2), whole.unit, (percent.value, whole.value),
                                       f"{_fmt(percent.value)}% of {_fmt(whole.value)} {whole.unit} is "
                                       f"{_fmt(round(part, 2))} {whole.unit}"))
    return implied


def _against(value: Quantity, needed: float, unit: str, phrase: str) -> Implication:
    have = value.value or 0.0
    if have < needed:
        gap = needed - have
        return Implication("shortfall", gap, unit, (have, needed),
                           f"{_fmt(have)} {unit} is {_fmt(gap)} short of the {_fmt(needed)} {phrase}")
    return Implication("surplus", have - needed, unit, (have, needed),
                       f"{_fmt(have)} {unit} is {_fmt(have - needed)} more than the {_fmt(needed)} {phrase}")


def _between_is_of(sentence: Span, first: Quantity, second: Quantity) -> bool:
    between = sentence.doc.text[first.end:second.start].lower().split()
    return bool(between) and between[0] == "of" and len(between) <= 3


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
