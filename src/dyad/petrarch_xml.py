"""Reader for PETRARCH validation files: sentences and the (source, target, event code) triples they expect.

A record looks like::

    <Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
    <EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
    <Text>Arnor is about to restore full diplomatic ties with Gondor ...</Text>
    <Parse>...</Parse>
    </Sentence>

The published files are not all well-formed XML (a self-closed `<Sentence .../>` followed by its codings and
a `</Sentence>`; a comment nested in the header comment), so records are found with regular expressions on
the text rather than with an XML parser.
"""

from __future__ import annotations

import html
import logging
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from dyad.errors import InputError

logger = logging.getLogger(__name__)

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# \b keeps the <Sentences> wrapper out.
_SENTENCE_OPEN = re.compile(r"<Sentence\b(?P<attrs>[^>]*?)/?>")
_SENTENCE_CLOSE = "</Sentence>"
_EVENT_CODING = re.compile(r"<EventCoding\b(?P<attrs>[^>]*?)/?>")
_TEXT = re.compile(r"<Text>(?P<text>.*?)</Text>", re.DOTALL)
_ATTRIBUTE = re.compile(r"""(?P<name>[\w:.-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")


@dataclass(frozen=True)
class GoldEvent:
    """One expected coding: who did what to whom, as codes."""

    source: str
    target: str
    code: str


@dataclass(frozen=True)
class GoldSentence:
    """A sentence to score a coder on; `events` is empty when the record expects no event."""

    id: str
    date: Date | None
    text: str
    events: tuple[GoldEvent, ...]
    category: str | None


def read_petrarch_xml(path: Path) -> list[GoldSentence]:
    """The scorable records of a PETRARCH validation file, in file order.

    Left out: records marked `evaluate="false"`; ERROR records, which check that the coder reports a
    dateline or parse error rather than what it codes; and records with neither an `<EventCoding>` with an
    event code nor `noevents="True"`. A file states no expectation for those last ones, and the suites'
    own counts leave them out (PETR.UnitTest.records.xml: 276 scorable = 257 with events + 19 without; its
    one such record, PATTERN-06, has a `noevents` coding in the later PETR_Validate_records_2_02.xml).
    """
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise InputError(f"cannot read validation file ({e.strerror or e})", path=str(path)) from e
    # Comments are blanked but their newlines kept, so that offsets still give the right line numbers.
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), raw)
    newlines = [i for i, char in enumerate(text) if char == "\n"]
    opens = list(_SENTENCE_OPEN.finditer(text))
    if not opens:
        raise InputError("no <Sentence> records found; expected a PETRARCH validation file such as "
                         "PETR.UnitTest.records.xml", path=str(path))
    sentences: list[GoldSentence] = []
    for index, opening in enumerate(opens):
        line = bisect_right(newlines, opening.start() - 1) + 1
        # A record ends at its </Sentence> or, when that is missing, where the next record starts.
        end = opens[index + 1].start() if index + 1 < len(opens) else len(text)
        close = text.find(_SENTENCE_CLOSE, opening.end(), end)
        body = text[opening.end():close if close >= 0 else end]
        sentence = _read_record(_attributes(opening["attrs"]), body, path, line)
        if sentence is not None:
            sentences.append(sentence)
    return sentences


def _read_record(attrs: dict[str, str], body: str, path: Path, line: int) -> GoldSentence | None:
    record_id = attrs.get("id", "").strip()
    if not record_id:
        raise InputError("<Sentence> record has no id attribute", path=str(path), line=line)
    if attrs.get("evaluate", "").strip().lower() == "false":
        logger.debug("%s:%d: %s skipped: evaluate=\"false\"", path.name, line, record_id)
        return None
    codings = [_attributes(m["attrs"]) for m in _EVENT_CODING.finditer(body)]
    category = attrs.get("category", "").strip() or None
    if (category or "").upper() == "ERROR" or any("error" in c for c in codings):
        logger.debug("%s:%d: %s skipped: an ERROR test", path.name, line, record_id)
        return None
    no_events = False
    events: list[GoldEvent] = []
    for coding in codings:
        if coding.get("noevents", "").strip().lower() == "true":
            no_events = True
        elif "eventcode" in coding:
            if "sourcecode" not in coding or "targetcode" not in coding:
                raise InputError(f"{record_id}: an EventCoding has an eventcode but no sourcecode or "
                                 "targetcode", path=str(path), line=line)
            events.append(GoldEvent(coding["sourcecode"].strip(), coding["targetcode"].strip(),
                                    coding["eventcode"].strip()))
        else:
            raise InputError(f"{record_id}: an EventCoding has none of eventcode, noevents or error",
                             path=str(path), line=line)
    if events and no_events:
        raise InputError(f"{record_id}: the record both expects events and says noevents=\"True\"",
                         path=str(path), line=line)
    if not events and not no_events:
        logger.debug("%s:%d: %s skipped: no expected coding", path.name, line, record_id)
        return None
    text_match = _TEXT.search(body)
    if text_match is None:
        raise InputError(f"{record_id}: record has no <Text>", path=str(path), line=line)
    return GoldSentence(
        id=record_id,
        date=_read_date(attrs.get("date", ""), record_id, path, line),
        text=" ".join(html.unescape(text_match["text"]).split()),
        events=tuple(events),
        category=category,
    )


def _attributes(source: str) -> dict[str, str]:
    return {
        m["name"]: html.unescape(m["dq"] if m["dq"] is not None else m["sq"])
        for m in _ATTRIBUTE.finditer(source)
    }


def _read_date(value: str, record_id: str, path: Path, line: int) -> Date | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) not in (6, 8):
        raise InputError(f"{record_id}: date {value!r} is not YYYYMMDD", path=str(path), line=line)
    if len(value) == 6:
        # PETRARCH also reads record dates as YYMMDD, with TABARI's pivot (00-30 are 2000s), and
        # PETR2_GSR_validation.xml has one such date.
        short = int(value[:2])
        value = f"{2000 + short if short <= 30 else 1900 + short}{value[2:]}"
    try:
        return Date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError as e:
        raise InputError(f"{record_id}: date {value!r} is not a calendar date ({e})", path=str(path),
                         line=line) from e
