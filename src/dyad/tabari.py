"""Readers for TABARI / PETRARCH dictionary files, so that users can bring the dictionaries they already have.

Actor files (`*.actors.txt`) hold one entry per actor::

    IRAQ_  [IRQ]                      a name with its code on the same line
    +IRAQI_                           a synonym of the name above
    NURI_AL-MALIKI_                   a person whose code depends on the date:
        [IRQGOV 20060520-20140908]    between two dates (both included)
        [IRQELI >20140909]            from a date on
        [IRQELI <20060520]            before a date

Agent files (`*.agents.txt`) map generic nouns to agent codes::

    !PERSON! = MAN, MEN, WOMAN, WOMEN     a substitution set
    FOREIGN_MINISTER [~GOVFRM]            regular plural made automatically
    POLICE {} [~COP]                      `{}`: no plural form
    ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
    CONGRESS!PERSON! [~LEG]               congressman, congressmen, ...

Both formats allow `#` comments to the end of a line and `<!-- ... -->` comments over one or more lines.
Lines that TABARI reads but dyad has no use for are skipped and logged at debug level; a line that cannot be
read raises `DataFileError` naming the file and line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from pathlib import Path

from pydantic import ValidationError

from dyad.actors import ACTOR_CODE, ActorEntry, Role
from dyad.errors import DataFileError

logger = logging.getLogger(__name__)

_ONE_DAY = timedelta(days=1)
_CODE_RE = re.compile(ACTOR_CODE)
_NULL_CODE = "---"
_BRACKETS_ONLY = re.compile(r"(?:\s*\[[^\[\]]*\])*\s*")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_CODE_SPEC = re.compile(
    r"(?P<code>---|[^\s<>\d-][^\s<>]*)"
    r"(?:\s*(?P<op>[<>])\s*(?P<bound>\d+)|\s+(?P<start>\d+)\s*-\s*(?P<end>\d+))?"
)
_SUBSTITUTION = re.compile(r"!(?P<name>[^!\s=]+)!\s*=\s*(?P<items>.*)")
_AGENT_LINE = re.compile(
    r"(?P<phrase>[^\[\]{}]+?)\s*(?:\{(?P<plural>[^{}\[\]]*)\}\s*)?\[(?P<code>[^\[\]]*)\]"
)
_MARKER = re.compile(r"!([^!\s]+)!")


@dataclass(frozen=True)
class TabariActor:
    """One actor entry read from a TABARI actor file.

    `prefix_forms` lists the forms (name or aliases) written without a trailing underscore: TABARI matches
    those as a prefix of the text's last word ("ARGENTIN" matches "Argentina" and "Argentine").
    """

    origin: str
    entry: ActorEntry
    prefix_forms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _CodeSpec:
    """One bracketed code as written: `lo`/`hi` are inclusive bounds, None when open."""

    code: str
    lo: Date | None
    hi: Date | None
    line: int

    @property
    def dated(self) -> bool:
        return self.lo is not None or self.hi is not None


@dataclass
class _PendingActor:
    line: int
    forms: list[tuple[str, bool]]
    specs: list[_CodeSpec] = field(default_factory=list)
    broken: bool = False


def read_actors(path: Path) -> list[TabariActor]:
    """Read a TABARI/PETRARCH actor dictionary.

    Entries whose code cannot be expressed as dyad roles (`[---]` "known but uncoded", compound codes such as
    `[FRO/BIL/SAM]`, codes with digits) are left out and logged at debug level.
    """
    actors: list[TabariActor] = []
    problems = _Problems(path)
    pending: _PendingActor | None = None
    # After an unreadable name line its synonyms and codes have no entry to go to; they are passed over
    # rather than reported again as orphans.
    orphans_expected = False
    for number, line in _content_lines(path):
        body = line.strip()
        try:
            if body.startswith(("[", "+")):
                if pending is None:
                    if orphans_expected:
                        continue
                    kind = "code" if body.startswith("[") else "synonym ('+')"
                    raise DataFileError(f"{kind} line with no actor name above it", path=str(path),
                                        line=number)
                try:
                    if body.startswith("["):
                        pending.specs.extend(_parse_code_specs(body, path, number))
                    else:
                        pending.forms.append(_synonym_form(body, path, number))
                except DataFileError:
                    pending.broken = True
                    raise
            elif body[0] in "&<":
                logger.debug("%s:%d: skipped TABARI line dyad does not use: %r", path.name, number, body)
            else:
                if line[0].isspace():
                    logger.debug("%s:%d: indented line %r read as a new actor name", path.name, number, body)
                if pending is not None:
                    _append_actor(actors, pending, path)
                pending, orphans_expected = None, True
                name, bracket, codes = body.partition("[")
                if "]" in name:
                    raise DataFileError(f"']' without '[' in {body!r}", path=str(path), line=number)
                pending = _PendingActor(number, [_actor_form(name, path, number)], broken=True)
                pending.specs.extend(_parse_code_specs(bracket + codes, path, number))
                pending.broken = orphans_expected = False
        except DataFileError as e:
            problems.add(e)
    if pending is not None:
        _append_actor(actors, pending, path)
    problems.raise_if_any()
    return actors


def read_agents(path: Path) -> list[tuple[str, str]]:
    """Read a TABARI/PETRARCH agent dictionary as (lower-case noun phrase, agent code) pairs.

    Plurals follow PETRARCH: a noun without braces also yields its regular plural, `{}` means the noun has
    no plural ("POLICE {}", "TROOPS {}"), `{FORM}` gives an irregular plural, and a phrase built from a
    substitution set yields only the set's forms (the sets list singular and plural forms themselves).
    """
    substitutions: dict[str, list[str]] = {}
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    problems = _Problems(path)
    for number, line in _content_lines(path):
        try:
            for pair in _read_agent_line(line.strip(), substitutions, path, number):
                if pair not in seen:
                    seen.add(pair)
                    pairs.append(pair)
        except DataFileError as e:
            problems.add(e)
    problems.raise_if_any()
    return pairs


class _Problems:
    """Malformed lines of one file, gathered so that a user fixing a large file sees them all in one run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[DataFileError] = []

    def add(self, error: DataFileError) -> None:
        self.errors.append(error)

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        first, rest = self.errors[0], self.errors[1:]
        message = str(first).removeprefix(f"{first.path}:{first.line}: ")
        if rest:
            lines = ", ".join(str(e.line) for e in rest[:20])
            more = f", and {len(rest) - 20} more" if len(rest) > 20 else ""
            message += f" (also malformed: lines {lines}{more})"
        raise DataFileError(message, path=str(self.path), line=first.line) from first


def _read_agent_line(body: str, substitutions: dict[str, list[str]], path: Path,
                     number: int) -> list[tuple[str, str]]:
    definition = _SUBSTITUTION.fullmatch(body)
    if definition is not None:
        items = [item.strip() for item in definition["items"].split(",") if item.strip()]
        if not items:
            raise DataFileError(f"substitution set !{definition['name']}! has no forms after '='",
                                path=str(path), line=number)
        substitutions[definition["name"]] = items
        return []
    if body[0] in "&<":
        logger.debug("%s:%d: skipped TABARI line dyad does not use: %r", path.name, number, body)
        return []
    match = _AGENT_LINE.fullmatch(body)
    if match is None:
        problem = "has no agent code" if "[" not in body else "has unbalanced brackets or text after the code"
        raise DataFileError(f"agent line {body!r} {problem}; expected e.g. 'FOREIGN_MINISTER [~GOVFRM]'",
                            path=str(path), line=number)
    code = match["code"].strip().strip("~").strip().upper()
    if not _CODE_RE.fullmatch(code):
        raise DataFileError(f"agent code [{match['code']}] is not 3-15 letters with an optional '~'",
                            path=str(path), line=number)
    phrase = match["phrase"]
    nouns = _expand_markers(phrase, substitutions, path, number)
    plural = match["plural"]
    if plural is not None:
        # "{}" is an empty plural: PETRARCH stores none.
        if plural.strip():
            nouns += _expand_markers(plural, substitutions, path, number)
    elif "!" not in phrase:
        nouns.append(_regular_plural(nouns[0]))
    return [(noun, code) for noun in nouns]


def _content_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) for each line that has content once comments are removed."""
    try:
        # Dictionaries assembled over decades hold stray latin-1 bytes; a replacement character in a rare
        # name is better than refusing the whole file.
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise DataFileError(f"cannot read file ({e.strerror or e})", path=str(path)) from e
    in_block = False
    # split("\n") rather than splitlines(): the latter also breaks on form feeds and other separators, which
    # would put the reported line numbers out of step with the user's editor.
    for number, raw in enumerate(text.split("\n"), start=1):
        kept: list[str] = []
        rest = raw.rstrip("\r")
        while rest:
            if in_block:
                end = rest.find("-->")
                if end < 0:
                    break
                rest = rest[end + 3:]
                in_block = False
                continue
            hash_at = rest.find("#")
            open_at = rest.find("<!--")
            if open_at >= 0 and (hash_at < 0 or open_at < hash_at):
                kept.append(rest[:open_at])
                rest = rest[open_at + 4:]
                in_block = True
            else:
                kept.append(rest if hash_at < 0 else rest[:hash_at])
                break
        line = "".join(kept).rstrip()
        if not line.strip():
            continue
        if line.lstrip().startswith("<!"):
            # Malformed openers such as "<! -- NEW ACTORS -->": PETRARCH skips any line starting "<!".
            logger.debug("%s:%d: skipped comment line %r", path.name, number, line.strip())
            continue
        if "---STOP---" in line:
            logger.debug("%s:%d: ---STOP--- marker, rest of file not read", path.name, number)
            return
        yield number, line


def _actor_form(raw: str, path: Path, line: int) -> tuple[str, bool]:
    """A name or synonym as (form with spaces, matched as a prefix?)."""
    text = raw.strip()
    exact = text.endswith("_")
    form = " ".join(text.rstrip("_").replace("_", " ").split())
    if not form:
        raise DataFileError(f"empty actor name in {raw.strip()!r}", path=str(path), line=line)
    return form, not exact


def _synonym_form(body: str, path: Path, line: int) -> tuple[str, bool]:
    if "[" in body or "]" in body:
        raise DataFileError(f"unexpected bracket in synonym {body!r}: a synonym takes its codes from the "
                            "actor above it, so remove the bracket", path=str(path), line=line)
    return _actor_form(body[1:], path, line)


def _parse_code_specs(text: str, path: Path, line: int) -> list[_CodeSpec]:
    if not _BRACKETS_ONLY.fullmatch(text):
        raise DataFileError(f"unbalanced '[' or ']', or text after a code, in {text.strip()!r}; expected "
                            "e.g. '[IRQGOV]' or '[IRQGOV 20060520-20140908]'", path=str(path), line=line)
    return [_parse_code_spec(inner, path, line) for inner in _BRACKET.findall(text)]


def _parse_code_spec(inner: str, path: Path, line: int) -> _CodeSpec:
    match = _CODE_SPEC.fullmatch(inner.strip())
    if match is None:
        raise DataFileError(f"cannot read code [{inner}]: expected [CODE], [CODE YYMMDD-YYMMDD], "
                            "[CODE <YYMMDD] or [CODE >YYMMDD]", path=str(path), line=line)
    code = match["code"].upper()
    if re.search(r"\d{6}", code):
        raise DataFileError(f"date run into the code in [{inner}]: put a space between code and date",
                            path=str(path), line=line)
    if match["op"] == "<":
        # TABARI's "<" means strictly before the date.
        return _CodeSpec(code, None, _parse_date(match["bound"], path, line) - _ONE_DAY, line)
    if match["op"] == ">":
        return _CodeSpec(code, _parse_date(match["bound"], path, line), None, line)
    if match["start"] is not None:
        lo = _parse_date(match["start"], path, line)
        hi = _parse_date(match["end"], path, line)
        if hi < lo:
            raise DataFileError(f"date range in [{inner}] ends before it starts", path=str(path), line=line)
        return _CodeSpec(code, lo, hi, line)
    return _CodeSpec(code, None, None, line)


def _parse_date(text: str, path: Path, line: int) -> Date:
    if len(text) == 6:
        # Two-digit years pivot as in KEDS, TABARI and PETRARCH: 00-30 are 2000-2030, 31-99 are 1931-1999.
        # The dictionaries were written for that rule (the Phoenix files date rulers from the 1930s and
        # 1940s as 32..., 45...), so a later pivot would misread them.
        short = int(text[:2])
        year = 2000 + short if short <= 30 else 1900 + short
        month, day = int(text[2:4]), int(text[4:6])
    elif len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        raise DataFileError(f"date {text!r} is not YYMMDD or YYYYMMDD", path=str(path), line=line)
    try:
        return Date(year, month, day)
    except ValueError as e:
        raise DataFileError(f"date {text!r} is not a calendar date ({e})", path=str(path), line=line) from e


def _append_actor(actors: list[TabariActor], pending: _PendingActor, path: Path) -> None:
    origin = f"{path.name}:{pending.line}"
    name = pending.forms[0][0]
    if pending.broken:
        return  # its malformed line is already reported
    if not pending.specs:
        logger.debug("%s: actor %r has no code; left out", origin, name)
        return
    unusable = sorted({s.code for s in pending.specs
                       if s.code != _NULL_CODE and not _CODE_RE.fullmatch(s.code)})
    if unusable:
        logger.debug("%s: actor %r left out: code(s) %s cannot be a dyad role (compound or non-letter codes)",
                     origin, name, ", ".join(unusable))
        return
    roles = _resolve_roles(pending.specs, origin)
    if not roles:
        logger.debug("%s: actor %r is known but uncoded ([---]); left out", origin, name)
        return
    aliases: list[str] = []
    for form, _ in pending.forms[1:]:
        if form != name and form not in aliases:
            aliases.append(form)
    try:
        entry = ActorEntry(name=name, aliases=aliases, kind="organization", roles=roles)
    except ValidationError as e:
        raise DataFileError(f"actor {name!r}: {e.errors()[0]['msg']}", path=str(path),
                            line=pending.line) from e
    prefix_forms = frozenset(form for form, prefix in pending.forms if prefix)
    actors.append(TabariActor(origin, entry, prefix_forms))


def _resolve_roles(specs: list[_CodeSpec], origin: str) -> list[Role]:
    """Turn TABARI's code list into non-overlapping dated roles.

    Where dated codes overlap, the one that starts later holds the shared days and an earlier one resumes
    after it ends: this keeps consecutive terms that share a boundary day (Phoenix's "331108-730717" then
    "730717-780427") and short spells nested in a longer one (the validation suite's ORCHOB days inside
    HOBMIL) as their authors meant. The first undated code is TABARI's default and fills every day no
    dated code holds; `---` holds days without giving a role.
    """
    dated = [s for s in specs if s.dated]
    undated = [s for s in specs if not s.dated]
    if len(undated) > 1:
        logger.debug("%s: undated codes after the first (%s) are not used, as in TABARI", origin,
                     ", ".join(s.code for s in undated[1:]))
    order = sorted(range(len(dated)), key=lambda i: (-(dated[i].lo or Date.min).toordinal(), i))
    taken: list[tuple[Date, Date]] = []
    segments: list[tuple[str, Date, Date]] = []
    for i in order:
        spec = dated[i]
        lo, hi = spec.lo or Date.min, spec.hi or Date.max
        free = _subtract(lo, hi, taken)
        if free != [(lo, hi)]:
            logger.debug("%s: dated code %s (line %d) trimmed where a later-starting code overlaps it",
                         origin, spec.code, spec.line)
        segments.extend((spec.code, a, b) for a, b in free)
        taken = sorted([*taken, *free])
    if undated:
        segments.extend((undated[0].code, a, b) for a, b in _subtract(Date.min, Date.max, taken))
    merged: list[tuple[str, Date, Date]] = []
    for code, lo, hi in sorted((s for s in segments if s[0] != _NULL_CODE), key=lambda s: s[1]):
        if merged and merged[-1][0] == code and merged[-1][2] + _ONE_DAY == lo:
            merged[-1] = (code, merged[-1][1], hi)
        else:
            merged.append((code, lo, hi))
    return [
        Role(code=code, valid_from=None if lo == Date.min else lo, valid_to=None if hi == Date.max else hi)
        for code, lo, hi in merged
    ]


def _subtract(lo: Date, hi: Date, taken: list[tuple[Date, Date]]) -> list[tuple[Date, Date]]:
    """The parts of [lo, hi] outside the sorted, disjoint intervals in `taken`."""
    parts: list[tuple[Date, Date]] = []
    start: Date | None = lo
    for t_lo, t_hi in taken:
        if start is None or t_lo > hi:
            break
        if t_hi < start:
            continue
        if t_lo > start:
            parts.append((start, t_lo - _ONE_DAY))
        start = None if t_hi >= hi else t_hi + _ONE_DAY
    if start is not None:
        parts.append((start, hi))
    return parts


def _expand_markers(phrase: str, substitutions: dict[str, list[str]], path: Path, line: int) -> list[str]:
    """All normalised forms of an agent phrase, with each !MARKER! replaced by each form of its set."""
    if phrase.count("!") % 2:
        raise DataFileError(f"unpaired '!' in {phrase.strip()!r}: a substitution is written !NAME!",
                            path=str(path), line=line)
    match = _MARKER.search(phrase)
    if match is None:
        noun = " ".join(phrase.replace("_", " ").split()).lower()
        if not noun:
            raise DataFileError("empty agent phrase", path=str(path), line=line)
        return [noun]
    forms = substitutions.get(match[1])
    if forms is None:
        known = ", ".join(f"!{k}!" for k in substitutions) or "none"
        raise DataFileError(f"substitution !{match[1]}! is not defined above this line (defined: {known})",
                            path=str(path), line=line)
    nouns: list[str] = []
    for form in forms:
        nouns.extend(_expand_markers(phrase[:match.start()] + form + phrase[match.end():], substitutions,
                                     path, line))
    return nouns


def _regular_plural(noun: str) -> str:
    """English regular plural of a phrase's last word.

    PETRARCH only knew -s, -es after S and -ies after Y; -ch, -sh, -x and -z and a vowel before Y are added
    here so that "church" and "envoy" get "churches" and "envoys".
    """
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"
