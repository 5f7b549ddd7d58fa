"""The event coder: from a spaCy dependency parse to CAMEO events with full provenance.

For every trigger (a verb, or an event noun carried by a light verb) the coder finds the
source (subject, or the by-agent of a passive) and the target (object, prepositional or
indirect object), resolves both to actor codes with the actor dictionary, and assigns a code
from the pattern book. Negated and hypothetical statements are dropped (or kept and flagged),
threats excepted; reported speech is kept and flagged with its speaker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date as Date
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyad.actors import CITY_ENTRY, TOWN_ENTRY, ActorDictionary, ActorMatch, build_dictionary
from dyad.calibration import Calibration
from dyad.config import CoderSettings
from dyad.errors import DyadError
from dyad.models import ActorMention, CodedDocument, Document, Event, event_id
from dyad.nlp import load_pipeline, parse_documents
from dyad.ontology import Ontology, default_ontology
from dyad.patterns import ComplementRule, NounPattern, PatternBook, VerbPattern, load_pattern_book

if TYPE_CHECKING:
    from dyad.semantic import SemanticFallback

logger = logging.getLogger(__name__)

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "obj"}
PHRASE_DEPS = {"compound", "amod", "poss", "nmod", "appos", "nn"}
# Artillery and aerial attacks keep their codes whoever is hit.
HEAVY_WEAPONS = frozenset({"194", "195"})
# The object class of patterns that want a named actor as the direct object (verbs.yaml).
ACTOR_OBJECT = "<actor>"
PLACE_OBJECT = "<place>"
# Prefixes that make a country name say whom a group sides with, not where it is from.
SIDING = frozenset({"pro", "anti"})
# Words a small town's name follows where news names it as a place: "in Bakhmut", "the town of Kuriga".
TOWN_PREPS = frozenset({"in", "at", "near", "outside", "inside", "into", "from", "to", "of", "around", "across",
                        "toward", "towards", "on", "through", "over", "captured", "seized"})
# Where the thing hit lies names who is hit: "waters around Taiwan", "a concert hall outside Moscow".
SURROUNDING_PREPS = ("around", "near", "off", "of", "in", "inside", "outside", "across")
# A gerund after these shares its clause's subject: "retaliated by flattening", "before sitting down with".
MANNER_PREPS = frozenset({"by", "before", "while", "upon"})
# Words before a surname that are titles, not given names ("President Bush").
TITLES = frozenset({"president", "prime", "minister", "chancellor", "king", "queen", "prince", "princess",
                    "emir", "sheikh", "sultan", "general", "gen", "gen.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
                    "dr", "dr.", "senator", "sen.", "governor", "gov.", "ayatollah", "pope", "premier", "secretary",
                    "ambassador", "envoy", "judge", "colonel", "col.", "marshal", "field", "admiral", "crown",
                    "vice", "foreign", "defence", "defense", "interior", "finance", "president-elect", "speaker",
                    "lord", "sir", "dame", "archbishop", "bishop", "cardinal", "rabbi", "imam", "cleric", "chief"})
# Result words that make a verb phrase of their own: "set free", "set ablaze", "cut loose".
RESULT_WORDS = frozenset({"free", "loose", "ablaze", "alight"})
# Predicates of a verdict's small clause: "found Russia responsible", "held Tehran accountable".
VERDICT_WORDS = frozenset({"guilty", "responsible", "liable", "culpable", "accountable", "persona"})
# Verbs that take an adversary to a court: "took Russia to the International Court of Justice".
LITIGATING_VERBS = frozenset({"take", "haul", "drag", "bring"})
COURT_NOUNS = frozenset({"court", "tribunal", "arbitration", "arbitrator", "icj", "icc", "wto"})
ADVERB_PARTICLES = frozenset({"down", "up", "out", "off", "back", "away", "aside", "over", "in", "on"})
# Prepositions that commonly introduce the target of an event when no pattern names one.
# Where `_context` leaves the token indices of actor names on the Doc, for the trigger lookups.
NAME_TOKENS = "dyad.name_tokens"
PLACE_TOKENS = "dyad.place_tokens"
# Names of places a force can take: capitals, cities and regions ("took Venezuela to court" is no capture).
PLACE_NAME_KINDS = frozenset({"capital", "place"})
ADDRESSEE_PREPS = ("on", "upon", "for", "to")
FALLBACK_TARGET_PREPS = ("with", "to", "against", "on", "toward", "towards", "into", "at", "over")
HYPOTHETICAL_MODALS = {"would", "could", "might", "may", "should", "must", "ought", "can"}
PLAIN_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
FUTURE_MODALS = PLAIN_FUTURE | {"would"}
CONDITION_MARKERS = {"if", "unless", "whether"}
SPEECH_VERBS = {"say", "claim", "tell", "announce", "report", "state", "add", "note", "allege", "declare",
                "insist", "confirm", "deny", "assert", "argue", "write", "quote", "explain", "reveal",
                "believe", "think", "suggest", "indicate", "acknowledge", "admit", "stress", "warn"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them", "it", "we"}
OBJECT_PRONOUNS = {"him", "her", "them"}
# A possessive pronoun resolved on its own names the author of what it owns ("rebuffed his pleas").
POSSESSIVE_PRONOUNS = {"his": "person", "her": "person", "its": "group", "their": "group"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
STATE_FORCES = {"COP", "MIL", "GOV", "SPY"}
MISHAPS = {"crash", "explosion", "blast", "fire", "earthquake", "flood", "storm", "accident", "collapse",
           "disease", "outbreak", "virus", "epidemic", "pandemic", "hurricane", "typhoon", "cyclone"}
AIRCRAFT = {"warplane", "warplanes", "jet", "jets", "bomber", "bombers", "drone", "drones", "aircraft",
            "helicopter", "helicopters", "gunship", "gunships", "airstrike", "airstrikes"}
PROTEST_SECTORS = {"OPP", "CVL", "EDU", "LAB", "AGR"}
CIVILIAN_SECTORS = {"OPP", "CVL", "EDU", "LAB", "MED", "REL"}
# Armed actors, whose rampages and storming of buildings are assaults, not riots.
ARMED_SECTORS = {"MIL", "COP", "REB", "SEP", "INS", "UAF", "SPY", "CRM"}
MUTUAL_VERBS = {"trade", "exchange", "swap"}
RECEIVING_VERBS = {"draw", "receive", "face", "earn", "win", "attract", "get", "meet with", "suffer"}
# Events whose place is what they act on when no actor is named: visits and meetings, protests,
# shows of force, coercion and violence. A statement "in Doha" is not about Qatar.
LOCATED_ROOTS = {"04", "14", "15", "17", "18", "19", "20"}
# A tribute paid abroad ("laid a wreath at the cenotaph in Darwin") honours the country it is paid in.
TRIBUTES_ABROAD = frozenset({"v.lay.wreath", "v.unveil.memorial", "v.observe.silence", "n.tribute"})
RECIPROCAL_ROOTS = {"03", "04", "05", "06", "19"}
PLACE_PREPS = {"to", "in", "into", "at", "near", "inside", "outside", "across", "toward", "towards"}
PROTEST_WORDS = frozenset({"protest", "protester", "rally", "demonstration", "demonstrator", "riot", "rioting",
                           "rioter", "march", "unrest", "uprising"})
# What a build-up moves to a border (warplanes flown over it are a display).
GROUND_FORCES = frozenset({"troop", "soldier", "force", "tank", "army", "battalion", "brigade", "division", "unit",
                           "reinforcement", "armor", "armour", "vehicle", "artillery", "missile", "personnel"})
TOWARDS = frozenset({"to", "towards", "toward", "along", "near"})
POLICE_NOUNS = frozenset({"police", "policeman", "officer", "gendarme", "gendarmerie", "paramilitary"})
TIES = frozenset({"tie", "ties", "relation", "relationship", "contact", "link"})
# Verbs of what a strike or protest does to a country ("paralysed Athens with a general strike"); not
# "clashed with a protest march" or "marked the anniversary with rallies".
DISRUPTING_VERBS = frozenset({"paralyse", "paralyze", "bring", "halt", "shut", "cripple", "disrupt", "hit",
                              "close", "ground", "stop", "block", "choke", "grip", "rock", "greet", "defy"})
CAPTIVE_SECTORS = frozenset({"CVL", "REF", "MED", "BUS", "EDU"})
ABROAD_PROTEST_WORDS = frozenset({"embassy", "consulate", "solidarity", "support"})
HOSTILE_BEHIND = frozenset({"13", "14", "15", "17", "18", "19", "20"})
# Verbs of answering a question, which a refusal withholds (011): "declined to say whether ...".
ANSWERING_VERBS = frozenset({"say", "confirm", "disclose", "reveal", "specify", "elaborate", "draw",
                             "identify", "name", "speculate"})
# Modifiers of an event noun that put it in the future.
UPCOMING_WORDS = frozenset({"upcoming", "forthcoming", "planned", "proposed", "scheduled", "impending", "prospective",
                            "next"})
# What a concession answers: "bowing to protests", "in response to rallies", "after weeks of unrest".
ANSWERING_PREPS = frozenset({"to", "after", "following"})
# Participles that say who did what an event noun names: "a strike called by the unions".
DOING_PARTICIPLES = frozenset({"call", "stage", "launch", "carry", "mount", "conduct", "organise", "organize",
                               "lead", "claim", "wage", "declare", "hold"})
# Verbs of weighing an option: what they govern is not done.
DELIBERATING_VERBS = frozenset({"consider", "weigh", "mull", "ponder", "contemplate", "debate", "discuss",
                                "reconsider", "study", "explore", "entertain", "eye"})
AVOIDING_VERBS = frozenset({"avoid", "shun"})
# Verbs whose subject accuses: the one a denial answers.
ACCUSING_VERBS = frozenset({"accuse", "blame", "pin", "charge", "allege", "implicate"})
# Events coded alongside the one a trigger reports, marked in its pattern id: a broker's mediation, a
# claim of responsibility.
ALONGSIDE = {"045": "+broker", "015": "+claim"}
LEGISLATION = frozenset({"bill", "law", "legislation", "amendment", "budget"})
# Deals, truces and talks someone brokered ("a Russian-brokered deal") and the events that conclude or
# act on them.
BROKERING = frozenset({"brokered", "mediated"})
BROKERED_ROOTS = frozenset({"03", "04", "05", "08"})
LOCATION_PREPS = ("in", "at", "near", "inside", "outside", "across", "through")
UNKNOWN_COUNTRY = "---"
BORDER_NOUNS = frozenset({"border", "frontier", "boundary"})
# Roots whose event noun names something given ("aid to Ukraine"): its recipient is the target.
RECIPIENT_ROOTS = frozenset({"03", "06", "07", "12", "16"})
MISDEEDS = frozenset({"abuse", "crime", "violation", "wrongdoing", "corruption", "misconduct", "fraud",
                      "atrocity", "killing", "irregularity", "interference", "meddling"})
CHEMICAL_AGENTS = frozenset({"sarin", "chlorine", "mustard", "novichok", "vx", "tabun", "phosgene", "ricin"})
KILLING_VERBS = frozenset({"kill", "murder", "execute", "slay", "shoot", "gun down", "mow down", "behead", "hack",
                           "massacre", "slaughter", "butcher"})
# Words that make a plain threat one of force (138): "warned that any fight would mean the end of Iran".
WAR_WORDS = frozenset({"war", "fight", "attack", "military", "force", "bomb", "bombing",
                       "retaliation", "retaliate", "annihilate", "obliterate", "nuclear", "missile", "troops"})
# What a war word may modify and still threaten force: "a military response", "military consequences".
FORCE_HEADS = frozenset({"response", "action", "consequence", "force", "option", "retaliation", "strike", "operation",
                         "weapon", "measure", "step", "means", "intervention", "attack", "reprisal"})
MONEY_WORDS = frozenset({"$", "dollar", "million", "billion", "euro", "pound", "yen", "yuan", "franc", "rupee"})
# How many civilians killed at once make a mass killing (202) rather than an assault.
MASS_KILLING = 30
EXPLOSIVE_WORDS = frozenset({"bomb", "bomber", "bombing", "airstrike", "explosive", "explosion", "blast", "suicide",
                             "missile", "rocket", "shell", "shelling", "mortar", "drone", "landmine", "mine", "ied",
                             "grenade", "artillery", "warplane", "jet", "aircraft", "raid"})
TIME_UNITS = frozenset({"hour", "day", "week", "month", "year", "deadline", "ultimatum"})
LEAVE_VERBS = frozenset({"leave", "depart", "quit", "exit"})
ENVOYS = frozenset({"ambassador", "diplomat", "envoy", "attache", "consul", "emissary", "charge", "commissioner",
                    "nuncio"})
RESPONSE_VERBS = frozenset({"hit back", "strike back", "retaliate", "respond", "react", "reply", "counter",
                            "answer", "hit"})
# Roots whose sense-picking object is what is given, traded or moved ("sent troops", "delivered
# tanks"), never the one acted upon.
INSTRUMENT_ROOTS = frozenset({"06", "07", "15"})
# Short names that refer back to an actor named earlier in the sentence, with the kinds they can name.
_GROUPS = frozenset({"organization", "group"})
_STATES = frozenset({"country", "demonym", "capital"})
SHORT_NAMES = {"group": _GROUPS, "movement": _GROUPS, "militia": _GROUPS, "organisation": _GROUPS,
               "organization": _GROUPS, "faction": _GROUPS, "bloc": _GROUPS, "alliance": _GROUPS,
               "agency": _GROUPS, "kingdom": _STATES, "country": _STATES, "republic": _STATES,
               "nation": _STATES, "emirate": _STATES}
# Verbal reactions (comment, appeal, demand, disapprove, reject, threaten) that may answer an earlier event.
# Force that answers an earlier attack: its target is that attack's author ("returned fire", "retaliated").
COUNTERATTACKS = frozenset({"return", "answer", "retaliate", "respond", "counterattack", "hit", "strike", "fire"})
REACTION_ROOTS = frozenset({"01", "02", "10", "11", "12", "13"})
# Praise, criticism and rejection aimed at the doer of the act they name.
DOER_JUDGED_ROOTS = frozenset({"01", "05", "11", "12"})
REACTION_OBJECTS = frozenset({"fire", "launch",
                              "move", "step", "decision", "charge", "claim", "allegation", "accusation",
                              "response", "retaliation", "reprisal", "action", "incident", "test", "ruling",
                              "verdict", "judgment", "judgement", "report", "finding", "resolution", "plan",
                              "proposal", "offer", "announcement", "remark", "statement"})
# What someone proposes, asks or decides: the one who did is whom a reaction to it answers
# ("rejected the terms offered by the EU", "rebuffed a proposal by Trump").
AUTHORED_NOUNS = REACTION_OBJECTS | {"request", "plea", "appeal", "call", "demand", "idea", "initiative", "bid",
                                     "overture", "invitation", "ultimatum", "term", "condition", "policy",
                                     "measure", "order", "threat", "warning", "attempt", "bill", "law"}
# An event noun after these is a circumstance of its clause's act ("declared after talks in the Kremlin").
CIRCUMSTANCE_PREPS = frozenset({"after", "during", "following"})
SUBORDINATORS = frozenset({"after", "before", "since", "until"})
CURRENCIES = frozenset({"dollar", "euro", "pound", "yuan", "renminbi", "yen", "rupee", "rouble", "ruble", "franc",
                        "peso", "real", "lira", "won", "riyal", "dinar", "shekel", "$", "€", "£"})
WRONGDOING_VERBS = frozenset({"violate", "breach", "infringe", "discriminate", "abuse", "flout", "contravene"})
RESCUERS = frozenset({"rescuer"})
MILITARY_WORDS = frozenset({"military", "army", "navy", "troop", "troops", "soldier", "marine"})
# Words that count people roughly, at the least they can mean.
ROUGH_COUNTS = {"scores": 100.0, "hundreds": 100.0, "thousands": 1000.0, "million": 1e6, "millions": 1e6}
TEAMS = frozenset({"team", "worker", "crew", "convoy", "unit", "brigade"})
RELIEF_WORDS = frozenset({"rescue", "relief", "aid", "humanitarian", "medical", "search"})
INQUIRY_KINDS = (
    ("093", frozenset({"strike", "airstrike", "raid", "shelling", "shooting", "bombing", "offensive", "fire"})),
    ("092", frozenset({"abuse", "torture", "right", "detention", "disappearance", "atrocity", "massacre"})),
    ("091", frozenset({"corruption", "fraud", "bribery", "embezzlement", "laundering", "fund", "funds", "siphon",
                       "bribe", "graft", "kickback", "tax", "money"})),
)
INQUIRY_NOUNS = frozenset({"investigation", "inquiry", "probe", "commission", "review"})
ORDER_VERBS = frozenset({"order", "command"})
# What an authority's own people carry out when it orders it: inquiries, deployments and force (a
# release, a withdrawal or an arrest ordered is asked of whoever holds, stays or must make it).
ORDERED_ROOTS = frozenset({"09", "15", "18", "19", "20"})
ASSAILANTS = frozenset({"gunman", "gunmen", "assassin", "assassins", "attacker", "attackers", "assailant",
                        "assailants", "hitman", "hitmen"})
PLACE_KINDS = frozenset({"country", "demonym", "capital", "place"})
NON_STATE_PREFIXES = {"IGO", "IMG", "NGO", "MNC", "UIS"}
ALLEGATION_VERBS = {"claim", "allege", "charge", "assert", "accuse"}
MATERIAL_CONFLICT_ROOTS = {"14", "15", "16", "17", "18", "19", "20"}
NEGATORS = {"not", "n't", "never", "no"}
# Events done by saying them: offering condolences or an apology is the act itself.
SPOKEN_CODES = ("01", "055", "056")
# Titles whose named holder's killing is an assassination whatever the side ("rebel commander X").
LEADERS = frozenset({"leader", "chief", "commander", "founder", "head", "mayor", "governor", "minister",
                     "president", "secretary"})
# Sectors whose members' killing is an assassination in CAMEO (186).
POLITICAL_SECTORS = frozenset({"GOV", "OPP", "ELI", "PTY", "LEG", "JUD", "REL"})
STABILISING = frozenset({"restore", "secure", "stabilise", "stabilize", "keep", "maintain", "shore", "pacify",
                         "protect", "guard"})
# What troops (not a visitor) are sent to do that makes them peacekeepers: "to help the army fight".
HELPING = frozenset({"help", "assist", "reinforce", "bolster"})
PEACEKEEPING_WORDS = frozenset({"peacekeeping", "peacekeeper", "peacekeepers"})
CARGO_VERBS = frozenset({"fly", "airlift", "ship", "truck", "ferry", "airdrop"})
MONTH_NAMES = frozenset({"March", "May"})  # months that are also event nouns
# Protesting is reported through participles and purposes ("students protesting", "gathered to protest").
PROTEST_VERBS = frozenset({"protest", "demonstrate", "rally", "march", "picket"})
INQUIRY_VERBS = frozenset({"investigate", "probe", "examine", "inspect", "monitor", "verify", "document"})
KEEPING_VERBS = frozenset({"keep", "maintain", "retain", "uphold"})
READY_ADJECTIVES = frozenset({"ready", "willing", "prepared", "eager", "keen", "determined", "poised"})
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# Who is ordered out says what the expulsion is (see `_expulsion_code`).
EXPULSIONS = ((ENVOYS | {"embassy", "consulate", "legation"}, "161"),
              (frozenset({"peacekeeper", "peacekeeping", "mission", "blue"}), "1661"),
              (frozenset({"inspector", "monitor", "observer", "verifier"}), "1662"),
              (frozenset({"aid", "humanitarian", "charity", "ngo", "relief"}), "1663"))
# Places a demonym can name: "the Russian city of Kazan" (not "the Saudi maternity hospital").
SETTLEMENTS = frozenset({"city", "town", "village", "capital", "port", "region", "province", "state", "district",
                         "border", "island", "enclave", "territory", "county"})
# Protest codes that take a fourth digit for what is demanded, and the words that say it, in order.
PROTEST_KINDS_OF = frozenset({"141", "142", "143", "144", "145"})
PROTEST_DEMANDS = (
    ("4", frozenset({"constitution", "constitutional", "independence", "autonomy", "secession", "monarchy",
                     "self-rule"})),
    ("1", frozenset({"resignation", "resign", "ouster", "oust", "impeachment", "impeach", "election", "term",
                     "re-election", "reelection", "rule", "regime"})),
    ("3", frozenset({"right", "freedom", "justice", "brutality", "release", "detention", "custody", "impunity",
                     "persecution", "abuse", "sentence", "accountability", "disappearance", "treatment"})),
    ("2", frozenset({"law", "bill", "reform", "tax", "price", "subsidy", "austerity", "pension", "quota", "plan",
                     "policy", "fee", "tuition", "wage", "cost", "shortage", "hike", "budget", "mandate",
                     "legislation", "education", "salary", "privatisation", "privatization", "increase"})),
)
# Kinds of accusation, most specific first (CAMEO 1121-1125).
CHARGES = (
    (frozenset({"genocide", "war", "massacre", "massacring", "atrocity", "cleansing", "gas", "gassing",
                "execute", "executing", "extermination"}), "1124"),
    (frozenset({"espionage", "spy", "spying", "treason", "sabotage", "subversion"}), "1125"),
    (frozenset({"aggression", "invade", "invading", "invasion", "incursion", "provocation", "occupation",
                "annexation", "annex"}), "1123"),
    (frozenset({"torture", "abuse", "repression", "persecution", "detention", "humanity", "disappearance"}),
     "1122"),
    (frozenset({"corruption", "bribery", "bribe", "embezzlement", "embezzle", "fraud", "graft", "crime",
                "laundering", "smuggling", "terrorism", "murder", "theft", "rig", "rigging"}), "1121"),
)
# Where parties meet without being met: "on the sidelines of the BRICS summit".
GATHERINGS = frozenset({"summit", "sideline", "margin", "conference", "forum", "session", "assembly"})
# Force "in breach of a truce" is CAMEO's 196.
BREACH_NOUNS = frozenset({"breach", "violation", "defiance", "contravention"})
TRUCE_WORDS = frozenset({"ceasefire", "truce", "armistice", "cease", "fire", "cessation"})
# Verbs whose complement is a bare infinitive: "let aid convoys enter", "helped Kenya build".
BARE_INFINITIVE_VERBS = frozenset({"let", "help", "make"})
# Participles that give an attack's toll: ", killing 20 people", ", leaving dozens dead".
TOLL_VERBS = frozenset({"kill", "leave", "wound", "injure", "maim"})
# Weapons that a force launches or fires (the object of "launched drones at ...", not a target).
WEAPONS = frozenset({"drone", "uav", "missile", "rocket", "shell", "bomb", "mortar", "grenade", "projectile",
                     "munition", "torpedo", "mine", "landmine", "device", "explosive", "ied"})
# Verbs of handing someone over to another state: a passive one without "by" names the giver with "from".
REMOVAL_VERBS = frozenset({"extradite", "deport", "repatriate", "expel", "transfer"})
LAUNCHING_VERBS = frozenset({"launch", "fire", "send", "fly", "unleash", "drop", "lob", "hurl", "rain", "use",
                             "deploy"})
# Words after "<country>-" that make it a model or a maker: "Russian-style", "Iranian-made".
MANNER_SUFFIXES = frozenset({"style", "made", "built", "designed", "inspired", "type", "manufactured", "supplied"})
# "South American", "Pan-American", "Latin America": a region, not the United States.
CONTINENT_QUALIFIERS = frozenset({"south", "latin", "north", "central", "pan", "inter", "meso", "middle"})
CONTINENTAL_NAMES = frozenset({"america", "american", "americans", "americas"})
# Verbs whose second object is what the first is called: "branded Petro a murderer".
NAMING_VERBS = frozenset({"brand", "label", "call", "name", "dub", "term", "declare", "designate", "deem",
                          "consider", "list", "proclaim"})
# Meeting verbs whose "for" or "to" phrase names the kind of meeting: "sat down for peace talks"
# ("met Erdogan for talks" is a meeting with him, coded by the verb).
MEETING_VERBS = frozenset({"sit", "meet", "gather", "convene", "come together", "get together"})
# Leaving talks breaks them off (164): "walked out of talks with", "pulled out of negotiations".
QUITTING_VERBS = frozenset({"walk", "pull", "withdraw", "quit", "storm out", "back out", "exit"})
# Nouns whose infinitive is not (yet) done — proposed, asked, planned, attempted or allowed: "a request
# for Austin to meet Li", "an attempt to seize power", "the right to strike".
PROPOSAL_NOUNS = frozenset({"request", "plan", "proposal", "offer", "bid", "call", "appeal", "demand", "invitation",
                            "attempt", "effort", "push", "move", "order", "threat", "pledge", "promise", "vow",
                            "commitment", "ultimatum", "permission", "authorization", "authorisation", "approval",
                            "mandate", "agreement", "deal", "decision", "readiness", "willingness", "intention",
                            "plot", "scheme", "campaign", "drive", "initiative", "option", "right", "chance"})
# Shows of force that forces of two countries may stage together (then military cooperation, 062).
DRILLS = frozenset({"exercise", "drill", "wargame", "game", "manoeuvre", "maneuver", "patrol"})
# Force words that name a fight between the coordinated actors themselves.
MUTUAL_FORCE = frozenset({"clash", "fight", "battle", "skirmish", "fighting", "war", "warfare", "hostility",
                          "hostilities", "firefight", "gunbattle", "gunfight", "shootout", "exchange", "trade",
                          "duel", "combat", "conflict", "engage", "confrontation", "scuffle", "brawl", "spar"})
# Verbs that say how an event stands, not that it happens: "the rapprochement remains fragile".
STATIVE_VERBS = frozenset({"be", "remain", "seem", "appear", "look", "stay", "become"})
# Verbs that give an amount: "exports to China reached a record", "attacks rose 20 percent".
MEASURE_VERBS = frozenset({"reach", "total", "rise", "fall", "grow", "jump", "drop", "climb", "soar", "plunge",
                           "decline", "increase", "double", "triple", "surge", "slump", "dip", "exceed",
                           "amount"})
STATE_OR_AMOUNT_VERBS = STATIVE_VERBS | MEASURE_VERBS
# Verbs whose object event is a topic: "discussing the war between Israel and Hamas".
TOPIC_VERBS = frozenset({"discuss", "debate", "review", "address", "examine", "analyse", "analyze", "mention",
                         "recall", "cover", "study", "explain"})
# Nouns of a conflict whose possessor is where it is fought ("Sudan's war", "Syria's civil war").
WAR_NOUNS = frozenset({"war", "conflict", "fighting", "insurgency", "violence", "bloodshed"})
# Verbs that end talks named as their subject: "the talks collapsed", "negotiations broke down".
COLLAPSE_VERBS = frozenset({"collapse", "fail", "founder", "stall", "falter", "break down", "break up",
                            "unravel", "fall apart", "fall through"})
# Auxiliaries that open a condition by inversion: "Should M23 withdraw, ...".
INVERTING_AUXILIARIES = frozenset({"should", "had", "were"})
# Prepositions that give what parties to a mutual act deal with, not another party.
TOPIC_PREPS = frozenset({"on", "over", "about", "regarding", "concerning"})
# Verbs that give what an event led to, not what it hit: "the war has caused a famine".
CONSEQUENCE_VERBS = frozenset({"cause", "prompt", "trigger", "spark", "draw", "bring", "raise", "force",
                               "fuel", "push", "send", "drive", "make", "create"})
# Intransitive verbs whose subject suffered the event of their "in" phrase: "died in air strikes".
DEATH_VERBS = frozenset({"die", "perish"})
# Unnamed people hit by violence, coded as civilians (too vague to be agents anywhere else).
VICTIMS = frozenset({"people", "person", "patient", "pupil", "schoolchild", "schoolchildren", "schoolgirl",
                     "schoolboy", "child", "children", "woman", "women", "man", "men", "worshipper", "worshiper",
                     "pilgrim", "mourner", "family", "families", "villager", "farmer", "fisherman", "fishermen",
                     "wedding guest", "guest", "concertgoer", "fan", "family member", "relative", "infant"})
# Crowds that take to, pour into or throng the streets protest.
STREET_VERBS = frozenset({"take", "pour", "flood", "spill", "stream", "throng", "fill", "pack", "crowd", "surge",
                          "flock", "converge"})
STREETS = frozenset({"street", "square", "avenue", "boulevard"})
# Unnamed people who protest: civilians.
CROWDS = VICTIMS | frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "crowd",
                              "resident", "citizen", "inhabitant", "local", "voter", "youth", "youngster"})
CONSENT_VERBS = frozenset({"agree", "consent", "accept", "commit"})
# "will meet in Zurich to discuss": the meeting (044, in a third country) and the discussion (040) are one.
SAME_EVENT = {"044": "040"}
QUANTITY_NOUNS = {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores", "number",
                  "group", "members", "member", "some", "many", "several", "most", "all", "million", "millions",
                  "handful", "batch", "wave", "round", "series", "spate", "raft", "slew", "string", "host",
                  "flurry", "package", "set", "day", "days", "week", "weeks", "month", "months", "hour", "hours",
                  # Containers: "a message of sympathy", "the final piece of a peace deal".
                  "message", "letter", "note", "piece", "expression", "gesture", "token", "planeload",
                  "shipload", "truckload", "consignment", "shipment", "tonne", "tonnes", "ton", "tons", "cargo"}


@dataclass
class Trigger:
    """What made an event: the pattern, the trigger token and where the target was sought."""

    code: str
    pattern_id: str
    token: Token
    target_preps: tuple[str, ...] = ()
    noun: Token | None = None
    specific: bool = False
    object_is_target: bool = False  # "expelled British diplomats": the sense-picking object is also the target
    received: bool = False  # "drew criticism from X": X is the source, the subject the target
    mutual: bool = False  # "traded accusations": coordinated actors act on each other whatever the code


@dataclass
class DocContext:
    """Per-document state: dictionary matches and the actors already named (for pronouns)."""

    doc: Doc
    date: Date | None
    match_at: dict[int, ActorMatch]
    lemmas: list[str]
    lowers: list[str]
    recent_people: list[ActorMention] = field(default_factory=list)
    recent_groups: list[ActorMention] = field(default_factory=list)
    recent_countries: list[str] = field(default_factory=list)
    # Verbs with actors on both sides but no pattern, for the semantic fallback: (verb, sentence index).
    unknown: list[tuple[Token, int]] = field(default_factory=list)
    # Events coded so far in the current sentence, in the order their triggers were visited.
    sentence_events: list[Event] = field(default_factory=list)
    # Infinitive complements already coded under their governing verb: complement index → governor.
    governors: dict[int, Token] = field(default_factory=dict)


class Coder:
    """Codes documents into events. Build once; `pipe` streams documents through spaCy in batches."""

    def __init__(self, settings: CoderSettings | None = None, *, nlp: Language | None = None,
                 ontology: Ontology | None = None) -> None:
        self.settings = settings or CoderSettings()
        self.nlp = nlp or load_pipeline(self.settings.model)
        self.ontology = ontology or default_ontology()
        self.patterns: PatternBook = load_pattern_book(self.ontology, self.settings.pattern_files)
        self.calibration = Calibration.load() if self.settings.calibrate else Calibration([])
        self.semantic = _load_semantic() if self.settings.semantic else None
        self.actors: ActorDictionary = _dictionary_for(self.nlp, self.settings)

    # -- public API -------------------------------------------------------------------------------

    def pipe(self, documents: Iterable[Document], *, batch_size: int | None = None,
             on_error: Callable[[Document, DyadError], None] | None = None) -> Iterator[CodedDocument]:
        """Code documents in input order. A document that fails goes to `on_error` (default: raise)."""
        parsed_documents = parse_documents(self.nlp, documents, max_chars=self.settings.max_document_chars,
                                           batch_size=batch_size or self.settings.batch_size, on_error=on_error)
        for parsed, document in parsed_documents:
            try:
                yield self.code_parsed(parsed, document)
            except DyadError as e:
                if on_error is None:
                    raise
                on_error(document, e)

    def code_text(self, text: str, date: Date | None = None, *, source: str | None = None) -> list[Event]:
        """Code one text; a thin wrapper over `pipe`."""
        document = Document(text=text, date=date, source=source)
        return next(iter(self.pipe([document]))).events

    def resolve_phrase(self, text: str, date: Date | None = None) -> ActorMention | None:
        """How a name or noun phrase resolves on `date` ("Iran's foreign minister" → IRNGOV)."""
        doc = self.nlp(text)
        ctx = self._context(doc, date)
        roots = [t for t in doc if t.head.i == t.i]
        return self._resolve(roots[0], ctx) if roots else None

    # -- document and sentence level ----------------------------------------------------------------

    def _context(self, doc: Doc, day: Date | None) -> DocContext:
        words = [t.text for t in doc]
        # A name that runs across a sentence boundary (a parse of broken text, a cut run-on sentence) is not
        # matched: an event's offsets are relative to one sentence.
        sentence_of = [0] * len(doc)
        for index, sentence in enumerate(doc.sents):
            sentence_of[sentence.start:sentence.end] = [index] * len(sentence)
        match_at: dict[int, ActorMatch] = {}
        for match in self.actors.match_names(words):
            if sentence_of[match.start] != sentence_of[match.end - 1]:
                continue
            if match.actor.origin in (TOWN_ENTRY, CITY_ENTRY) and not _place_name_at(doc, match, town=(
                    match.actor.origin == TOWN_ENTRY)):
                continue
            if match.start >= 2 and doc[match.start - 1].text == "-" and doc[match.start - 2].lower_ in SIDING:
                continue  # "the pro-Russian Shor party" is not Russian
            if match.actor.kind in ("country", "demonym") and _continental(doc, match.start):
                continue  # "the South American bloc", "the Pan-American Highway" are not the US
            if match.end + 1 < len(doc) and doc[match.end].text == "-" and doc[match.end + 1].lower_ in MANNER_SUFFIXES:
                continue  # "a Russian-style law", "Iranian-made drones" name a model or a maker, not an actor
            for i in range(match.start, match.end):
                match_at[i] = match
        doc.user_data[NAME_TOKENS] = frozenset(match_at)
        doc.user_data[PLACE_TOKENS] = frozenset(i for i, m in match_at.items() if m.actor.kind in PLACE_NAME_KINDS)
        return DocContext(doc, day, match_at, [t.lemma_.lower() for t in doc], [t.lower_ for t in doc])

    def code_parsed(self, doc: Doc, document: Document) -> CodedDocument:
        ctx = self._context(doc, document.date)
        events: list[Event] = []
        sentences = list(doc.sents)
        for index, sentence in enumerate(sentences):
            events.extend(self._code_sentence(sentence, index, ctx, document))
            self._remember(sentence, ctx)
        if self.semantic is not None and ctx.unknown:
            events.extend(self._code_unknown(ctx, sentences, document))
        threshold = self.settings.min_confidence
        kept = [e for e in events if e.confidence >= threshold]
        return CodedDocument(document=document, events=kept, n_sentences=len(sentences))

    def _remember(self, sentence: Span, ctx: DocContext) -> None:
        """Record the actors named in a sentence, for pronouns and short names in later ones."""
        for token in sentence:
            match = ctx.match_at.get(token.i)
            if match is None or match.end - 1 != token.i:
                continue
            code = match.actor.code_on(ctx.date)
            if code is None:
                continue
            mention = ActorMention(code, token.text, token.idx, token.idx + len(token), match.actor.entry)
            if match.actor.kind == "person":
                ctx.recent_people.append(mention)
            else:
                ctx.recent_groups.append(mention)
            if match.actor.kind in ("country", "demonym", "capital"):
                ctx.recent_countries.append(code[:3])

    def _code_sentence(self, sentence: Span, index: int, ctx: DocContext, document: Document) -> list[Event]:
        events: list[Event] = []
        ctx.sentence_events = events
        # One sentence reporting the same event twice ("met ... to discuss") yields it once.
        seen: set[tuple[str, str, str]] = set()
        consumed: set[int] = set()
        for token in sentence:
            if token.i in consumed or (token.pos_ not in ("VERB", "AUX") and not token.tag_.startswith("VB")):
                continue
            if token.pos_ == "AUX" and token.dep_ in ("aux", "auxpass"):
                continue
            if token.dep_ == "acl" and token.tag_ == "VBG" and token.lemma_.lower() not in PROTEST_VERBS:
                # "air bases hosting US troops", "a resolution backing the plan": descriptions; but
                # "students protesting against fees" are protesting.
                continue
            if _purpose(token):
                continue  # "deployed troops to help the army fight the insurgents": an aim, not an act
            first = token
            while first.dep_ == "conj" and first.head.i != first.i:
                first = first.head  # "weighing expelling diplomats and freezing assets": each conjunct
            if first.dep_ in ("xcomp", "ccomp") and first.head.lemma_.lower() in DELIBERATING_VERBS | AVOIDING_VERBS:
                # "is considering recognising the republics", "weighing whether to join": an option;
                # "urged its citizens to avoid travelling to Sudan": an act shunned.
                continue
            if token.tag_ in ("VBD", "VBN") and any(c.dep_ == "mark" and c.lower_ == "since" for c in token.children):
                continue  # "for the first time since the group seized power": background
            if self._toll_of(token, sentence, events):
                continue
            # (A conjunct of another form is the clause's own act: "refusing to condemn him and
            # accusing Washington".)
            governor = ctx.governors.get(token.head.i) if token.dep_ == "conj" and token.tag_ == token.head.tag_ \
                else None
            if governor is not None:
                # "threatened to cut off or reduce aid": each conjunct is governed like the first.
                coded = self._code_verb(governor, sentence, index, ctx, document, consumed, complement=token)
            else:
                coded = self._code_verb(token, sentence, index, ctx, document, consumed)
            for event in coded:
                key = (event.source, event.target, SAME_EVENT.get(event.code, event.code))
                if key not in seen:
                    seen.add(key)
                    events.append(event)
        for token in sentence:
            if token.i in consumed or token.pos_ not in ("NOUN", "PROPN"):
                continue
            for event in self._code_noun(token, sentence, index, ctx, document):
                key = (event.source, event.target, SAME_EVENT.get(event.code, event.code))
                if key not in seen:
                    seen.add(key)
                    events.append(event)
        # "urged soldiers to defect and allow aid in": an appeal coded both plainly (020) and
        # specifically (0255) is the specific one.
        specific = {(e.source, e.target, e.root) for e in events if e.code != e.root + "0"}
        events[:] = [e for e in events if e.code != e.root + "0" or (e.source, e.target, e.root) not in specific]
        return events

    @staticmethod
    def _toll_of(verb: Token, sentence: Span, events: list[Event]) -> bool:
        """ "bombed a gathering of villagers, killing more than 100 people": the toll of an attack
        already coded is part of that attack, not another event."""
        while verb.dep_ == "conj" and verb.tag_ == "VBG" and verb.lemma_.lower() in TOLL_VERBS:
            verb = verb.head  # "..., killing nine civilians and wounding dozens": the whole toll
        if verb.dep_ != "advcl" or verb.tag_ != "VBG" or verb.lemma_.lower() not in TOLL_VERBS \
                or verb.i < verb.head.i:
            return False
        head_at = verb.head.idx - sentence.start_char
        return any(e.trigger_start == head_at and e.root in MATERIAL_CONFLICT_ROOTS for e in events)

    # -- triggers -----------------------------------------------------------------------------------

    def _verb_key(self, verb: Token) -> list[str]:
        """Lookup keys for a verb, phrasal forms first ("pull out" before "pull")."""
        # The parser often reads a particle as an adverb ("stepped down", "backed away"); one right
        # after the verb is taken as a particle all the same.
        particles = [c.lower_ for c in verb.children if c.dep_ == "prt" or (
            c.dep_ == "advmod" and c.i == verb.i + 1 and c.lower_ in ADVERB_PARTICLES)]
        following = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
        if following is not None and following.lower_ in RESULT_WORDS:
            particles.append(following.lower_)  # "set free", "set ablaze": however the parser attaches it
        lemmas = _lemma_candidates(verb)
        return [f"{lemma} {p}" for lemma in lemmas for p in particles] + lemmas

    def _classify(self, verb: Token) -> Trigger | None:
        """The code a verb (with its object and prepositions) expresses on its own, if any."""
        passive = is_passive(verb)
        # In a passive the thing acted on is the subject: "missiles were launched at Israel".
        objects = _objects(verb) + [t for c in verb.children if passive and c.dep_ in PASSIVE_SUBJECT_DEPS
                                    for t in _through_quantity(c)]
        if verb.dep_ == "relcl" and verb.head.pos_ == "NOUN" and not passive and all(
                o.lower_ in RELATIVE_PRONOUNS for o in objects) and any(c.dep_ in SUBJECT_DEPS and c.lower_ not in
                                                                          RELATIVE_PRONOUNS for c in verb.children):
            objects = [verb.head]  # "a charge the ministry rejected", "a report that Israel dismissed"
        objects += [c for o in objects for c in o.children if c.dep_ == "conj"]
        # A name is no object noun: "asked the International Monetary Fund" is not asking for funds;
        # "asked X for financing" names what is sought after "for".
        # "placed Bongo under house arrest", "took Lula into custody", "put forces on high alert".
        things = [o for o in objects + _prep_objects(verb, ("for", "under", "into", "on"))
                  if not _in_name(o) and not _figurative(o)]
        # "pledged $500 million in humanitarian aid", "suspended $100 million in aid": what the money is says
        # what is given or cut.
        things += [g for o in objects if o.lemma_.lower() in MONEY_WORDS or o.text in MONEY_WORDS
                   for g in _prep_objects(o, ("in",))]
        if (verdict := _verdict(verb)) is not None:
            things.append(verdict)  # "found X guilty": the verdict picks the sense, as an object would
        object_lemmas = _object_words(things)
        # "used chemical weapons": patterns may name an object with its modifier.
        object_lemmas += [f"{m.lower_} {o.lemma_.lower()}" for o in things for m in o.children
                          if m.dep_ in ("amod", "compound")]

        if any(_in_name(o) for o in objects):
            # "received Narendra Modi": patterns may ask for a named actor as the object.
            object_lemmas.append(ACTOR_OBJECT)
        if any(o.i in o.doc.user_data.get(PLACE_TOKENS, ()) for o in objects):
            # "captured Goma": or for a named place.
            object_lemmas.append(PLACE_OBJECT)
        preps = [c.lower_ for c in verb.children if c.dep_ in ("prep", "agent", "dative") and not _temporal(c)]
        for obj in objects:
            preps.extend(c.lower_ for c in obj.children if c.dep_ == "prep")
        keys = self._verb_key(verb)
        matched = next((p for p in (self.patterns.match_verb(k, object_lemmas=object_lemmas, preps=preps,
                                                             passive=passive) for k in keys) if p), None)
        if (matched is None or not objects) and (
                found := self._event_noun_after(verb, ("in",), root="14")) is not None:
            # "blocked roads in protest at the plans", "walked off the job in a strike against
            # the reform": whatever the act, it is a protest; but "recalled its ambassador in
            # protest" is a recall, "summoned Tehran's envoy in protest" a summons and "murdered 200
            # civilians in a rampage" a killing: a verb with its own sense acting on something keeps it.
            protest, pattern = found
            return Trigger(pattern.code, f"{pattern.id}+in", verb, ("at", "against", "over"), noun=protest,
                           specific=True)
        if not objects and any(k in ("go", "embark", "set") for k in keys) and (
                found := self._event_noun_after(verb, ("on", "upon"))) is not None:
            # "went on hunger strike", "embarked on a tour of the Gulf": the noun is the event.
            activity, pattern = found
            return Trigger(pattern.code, f"{pattern.id}+on", verb, tuple(pattern.prep), noun=activity,
                           specific=True)
        if any(k in STREET_VERBS for k in keys) and any(t.lemma_.lower() in STREETS for t in _prep_objects(
                verb, ("to", "into", "onto")) + (objects if "take" not in keys else [])):
            # "took to the streets", "poured into the main square", "thronged the streets": a protest.
            return Trigger("141", "v.take.to.streets", verb, ("against",), specific=True)
        if objects and any(k in ("engage", "involve", "draw") for k in keys) and (
                found := self._event_noun_after(verb, ("in", "into"))) is not None:
            # "rebels engaged peacekeepers in a firefight": the noun's event, on the object.
            activity, pattern = found
            return Trigger(pattern.code, f"{pattern.id}+in", verb, (), noun=activity, specific=True,
                           object_is_target=True)
        if not objects and any(k in MEETING_VERBS for k in keys) and (
                found := self._event_noun_after(verb, ("for", "to"), root="04")) is not None:
            # "sat down for formal peace talks", "met for talks": the noun says what kind of meeting.
            talks, pattern = found
            return Trigger(pattern.code, f"{pattern.id}+for", verb, tuple(pattern.prep), noun=talks, specific=True)
        if any(k in QUITTING_VERBS for k in keys) and (
                found := self._event_noun_after(verb, ("of", "from"), root="04")) is not None:
            # "walked out of talks with American officials", "pulled out of the negotiations".
            talks, pattern = found
            return Trigger("164", f"{pattern.id}+quit", verb, ("with",), noun=talks, specific=True)
        if not objects and any(k in RESPONSE_VERBS for k in keys) and (
                found := self._event_noun_after(verb, ("with",))) is not None:
            # "Beijing hit back with sanctions on ...": the response is the noun's event.
            answer, pattern = found
            return Trigger(pattern.code, f"{pattern.id}+with", verb, tuple(pattern.prep), noun=answer,
                           specific=True)
        if objects and any(k in LITIGATING_VERBS for k in keys) and any(
                c.lemma_.lower() in COURT_NOUNS for c in _prep_objects(verb, ("to", "before"))):
            # "took Russia to the International Court of Justice": a suit against the object.
            return Trigger("115", "v.take.to.court", verb, (), specific=True, object_is_target=True)
        if any(k in ("charge", "allege") for k in keys) and not objects and _that_clause(verb) is not None:
            # "charging that Doha bankrolled extremists": an accusation against the clause's subject.
            return Trigger("112", "v.allege.that", verb, (), specific=True)
        if any((k in SPEECH_VERBS and k != "deny") or k == "be" for k in keys) \
                and (culprit := _culprit_clause(verb)) is not None \
                and any((p := self._noun_pattern(n)) is not None and p.code[:2] in HOSTILE_BEHIND
                        for n in _prep_objects(culprit, ("behind",))):
            # "Bolton said Iran was almost certainly behind the sabotage of four tankers": an accusation.
            return Trigger("112", "v.say.behind", verb, (), specific=True)
        if objects and any(k in ORDER_VERBS for k in keys):
            envoys = any(o.lemma_.lower() in ENVOYS for o in objects)
            if envoys and any(c.lower_ == "home" and c.dep_ in ("advmod", "npadvmod") for c in verb.children):
                # "ordered its ambassadors home from Spain": a recall, from whoever they are called home from.
                return Trigger("161", "v.order.home", verb, ("from",), specific=True)
            if any(c.lower_ == "out" and c.dep_ in ("prt", "prep", "advmod") for c in verb.children) \
                    and _expulsion_code(objects) != "174":
                # "ordered diplomats from Argentina out of Caracas", "ordered a panel of experts out of the
                # country": an expulsion (but "ordered its troops out of Kherson" is a retreat).
                return Trigger(_expulsion_code(objects), "v.order.out", verb, (), specific=True,
                               object_is_target=True)
        if any(k in ("decline", "refuse") for k in keys) and _withheld_answer(verb):
            # "declined to say whether China was behind the hacking", "refused to be drawn on whether ...".
            return Trigger("011", "v.decline.to.say", verb, (), specific=True)
        if matched is not None and matched.code == "042" and _carries_cargo(verb):
            # "flew medicines into Kathmandu": aid delivered to the place, not a visit.
            return Trigger("073", f"{matched.id}+cargo", verb, ("to", "into"), specific=True)
        if matched is not None and matched.object:
            # A verb-and-object pattern ("lodged a protest" → 114) is more specific than the noun alone.
            return self._verb_trigger(verb, matched, objects)
        light = any(k in self.patterns.light_verbs for k in keys)
        receiving = any(k in RECEIVING_VERBS for k in keys)
        for obj in objects if light or receiving else ():
            noun_pattern = self._noun_pattern(obj)
            if noun_pattern is None:
                continue
            if receiving:
                # "drew condemnation from Kyiv": the one condemning is in the from-phrase.
                if _prep_objects(obj, ("from",)) or _prep_objects(verb, ("from",)):
                    return Trigger(noun_pattern.code, noun_pattern.id, verb, (), noun=obj,
                                   specific=True, received=True)
                continue
            if any(k in KEEPING_VERBS for k in keys) and noun_pattern.code[:2] in ("16", "17"):
                # "kept its asset freeze and travel ban in place": refusing to ease sanctions.
                return Trigger("1244", f"{noun_pattern.id}+kept", verb, tuple(noun_pattern.prep), noun=obj,
                               specific=True)
            return Trigger(noun_pattern.code, noun_pattern.id, verb, tuple(noun_pattern.prep), noun=obj,
                           specific=True, mutual=any(k in MUTUAL_VERBS for k in keys))
        return self._verb_trigger(verb, matched, objects) if matched is not None else None

    def _event_noun_after(self, verb: Token, preps: tuple[str, ...],
                          root: str | None = None) -> tuple[Token, NounPattern] | None:
        """The first event noun (of `root`, if given) after one of `preps` on the verb, with its pattern."""
        for noun in _prep_objects(verb, preps):
            pattern = self._noun_pattern(noun)
            if pattern is not None and (root is None or pattern.code.startswith(root)):
                return noun, pattern
        return None

    def _verb_trigger(self, verb: Token, pattern: VerbPattern, objects: list[Token]) -> Trigger:
        if pattern.object:
            noun = next((o for o in objects if o.lemma_.lower() in pattern.object
                         or o.lower_ in pattern.object), None)
            # "Kyrgyzstan and Tajikistan traded accusations": each side acts on the other.
            mutual = verb.lemma_.lower() in MUTUAL_VERBS
            # "launched drones at Kyiv": a weapon launched is the means, not the target.
            wielded = pattern.code[:2] in VIOLENT_ROOTS and noun is not None and noun.lemma_.lower() in WEAPONS \
                and verb.lemma_.lower() in LAUNCHING_VERBS
            return Trigger(pattern.code, pattern.id, verb, tuple(pattern.prep), noun=noun, specific=True,
                           object_is_target=not mutual and not wielded and pattern.code[:2] not in INSTRUMENT_ROOTS,
                           mutual=mutual)
        return Trigger(pattern.code, pattern.id, verb, tuple(pattern.prep),
                       specific=bool(pattern.prep))

    def _noun_pattern(self, noun: Token) -> NounPattern | None:
        """The pattern for an event noun, the compound first ("air strike", "drone attack")."""
        lemma = noun.lemma_.lower()
        endings = self.patterns.noun_endings
        if lemma not in endings and noun.lower_ not in endings:
            return None  # every key tried below ends with the lemma or is the word itself
        if _in_name(noun) or noun.text in MONTH_NAMES or _figurative(noun):
            return None  # "the International Monetary Fund" is an actor, not funding; "in March" a date
        nouns = self.patterns.nouns
        modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod")]
        # "joint counter-terrorism drills": the parser may hang the word from another modifier.
        modifiers += [g for c in modifiers for g in c.children if g.dep_ in ("compound", "amod") and g.i < c.i]
        for modifier in modifiers:
            for key in (f"{modifier.lower_} {lemma}", f"{modifier.lower_}{lemma}", f"{modifier.lower_}-{lemma}"):
                if key in nouns:
                    return nouns[key]
        return nouns.get(lemma) or nouns.get(noun.lower_)

    def _code_unknown(self, ctx: DocContext, sentences: list[Span], document: Document) -> list[Event]:
        """Code verbs no pattern knows with the semantic fallback, one batch per document."""
        if self.semantic is None:
            return []
        phrases = [_semantic_phrase(verb, ctx) for verb, _ in ctx.unknown]
        events: list[Event] = []
        for (verb, index), match in zip(ctx.unknown, self.semantic.classify(phrases), strict=True):
            if not self.semantic.accepts(match):
                continue
            trigger = Trigger(match.code, f"semantic:{match.prototype}", verb)
            events.extend(self._code_verb(verb, sentences[index], index, ctx, document, set(), forced=trigger))
        return events

    def _code_verb(self, verb: Token, sentence: Span, index: int, ctx: DocContext, document: Document,
                   consumed: set[int], forced: Trigger | None = None,
                   complement: Token | None = None) -> list[Event]:
        if any((self._noun_pattern(h) is not None and not self._is_agent(h, ctx))
               or h.lemma_.lower() in MISHAPS for h in _source_heads(verb)):
            # "An Israeli air strike killed two generals": the noun is the event; `_code_noun` codes it.
            # "victims killed by the crash": an accident is no actor.
            return []
        keys = self._verb_key(verb)
        rule = None if forced else self._complement_rule(verb, keys)
        if rule is not None and rule.kind == "refuse" and verb.lemma_.lower() in ("decline", "refuse") \
                and _withheld_answer(verb):
            # "declined to say whether ...": no comment (011), which `_classify` gives; what is left unsaid
            # ("refused to confirm that it had seized a tanker") is not reported as done.
            rule = None
            consumed.update(t.i for c in _complement_of(verb).children if c.dep_ == "ccomp" for t in c.subtree)
        if rule is None and not forced and any(k in self.patterns.complements for k in keys) and (
                purpose := _complement_of(verb)) is not None:
            while purpose is not None:  # "pledged $5 billion to help train police": the pledge's purpose, not acts
                consumed.add(purpose.i)
                purpose = _complement_of(purpose)
        # "a declaration committing India and Pakistan to resolve the dispute", "committed the United States
        # to defend Japan": binding someone to act asks nothing of them.
        binding = verb.lemma_.lower() == "commit"
        conjunct = complement is not None
        complement = None if forced else complement or _complement_of(verb) or (
            _gerund_complement(verb) if rule is not None else None)
        that_clause = False
        if rule is not None and rule.kind == "intent" and complement is not None and not binding and (
                any(o.i in ctx.match_at or o.pos_ == "PRON" or self._is_agent(o, ctx) for o in _objects(verb))
                or any(c.dep_ in SUBJECT_DEPS for c in complement.children)):
            # "Obama wants Putin to attack": wishing another actor to act is an appeal to it.
            rule = self.patterns.complements.get("urge", rule)
        if rule is not None and _seeks(verb, rule):
            rule = self.patterns.complements.get("urge", rule)
        if rule is not None and complement is None and rule.kind in ("demand", "appeal", "threaten") \
                and verb.lemma_.lower() != "tell":  # "told reporters that ..." is speech
            # "demanded that Myanmar release ...": the clause's subject is the one addressed.
            complement = _that_clause(verb)
            that_clause = complement is not None
        trigger: Trigger | None = None
        target_heads: list[list[Token]] = []
        governor = verb
        if rule is not None and complement is not None:
            inner = self._classify(complement)
            nested_heads: list[list[Token]] | None = None
            if inner is None and (nested := self._nested_complement(complement)) is not None:
                # "agreed to let the UN deliver aid": the inner verb governs an act of its own.
                inner, deeper, nested_heads = nested
                consumed.add(deeper.i)
            if conjunct and inner is None:
                return []  # "urged soldiers to defect and allow aid in": the appeal is coded once
            code = rule.map_code(inner.code if inner else None)
            if rule.kind == "demand" and complement.lemma_.lower() in LEAVE_VERBS:
                # "ordered the French ambassador to leave the country": an expulsion.
                code = _expulsion_code(_objects(verb))
            if rule.kind == "threaten" and code == "130" and any(
                    # (not "bases used by American forces", "the EU's military aid package", "the war memorial";
                    # but "a military response", "nuclear weapons")
                    t.lemma_.lower() in WAR_WORDS and t.lower_ != "forces" and (
                        t.dep_ not in ("amod", "compound") or t.head.lemma_.lower() in FORCE_HEADS | WEAPONS)
                    for t in _subtree_without_conditions(complement)):
                # "warned Tehran that any fight with the United States would mean the end of Iran" (but not
                # "... unless Kyiv removed a bank from its list of war sponsors").
                code = "138"
            repressing = rule.kind == "demand" and verb.lemma_.lower() in ORDER_VERBS and inner is not None \
                and inner.code[:2] == "17" and self._own_forces_addressed(verb, ctx)
            if repressing:
                code = "137"  # "Hun Sen ordered troops to arrest Sam Rainsy": a threat of repression to him
            consumed.add(complement.i)
            ctx.governors[complement.i] = verb
            if code is None:
                return []
            if that_clause and rule.kind != "threaten":
                target_heads = [_clause_subjects(complement)]
            elif rule.target == "object":
                addressee = [c for c in complement.children if c.dep_ in SUBJECT_DEPS]
                # The object first, then "called on X", "appealed to X" (a misparse may leave a
                # stray object: "called on Maduro ..., days after disputed polls").
                target_heads = [_objects(verb), _prep_objects(verb, ADDRESSEE_PREPS), addressee]
                if nested_heads is not None:
                    target_heads += nested_heads
                elif inner is not None:
                    target_heads += self._targets(complement, inner)
                else:
                    target_heads.append(_object_target(complement))  # "applied to join NATO"
            elif nested_heads is not None:
                target_heads = nested_heads
            elif inner is not None:
                target_heads = self._targets(complement, inner)
            else:
                target_heads = [_object_target(complement)]
            if repressing:
                target_heads = self._targets(complement, inner)  # whom the forces are to repress
            elif rule.kind == "threaten" or code.startswith("13"):
                # "warned the United States that it would close the strait": the one warned is the
                # target; failing that, the one whose act the threat is conditioned on ("if Pelosi
                # goes ahead with a visit", "unless Belgrade stops lobbying").
                target_heads = [_objects(verb), *target_heads, _condition_subjects(verb)]
                subjects = _clause_subjects(complement) if that_clause and not _objects(verb) else []
                if subjects and not any(s.pos_ == "PRON" for s in subjects):
                    named = [m for s in subjects for m in self._resolve_all(s, ctx)]
                    if not named or all(self._noun_pattern(s) is not None for s in subjects):
                        # "warned that a war would devastate Lebanon", "a US strike would be a grave
                        # violation, officials warned": a forecast, not a threat.
                        return []
                    own = {s.code[:3] for s in self._sources(verb, ctx)}
                    if not {m.code[:3] for m in named} & own:
                        # "warned that Vystrcil would pay a heavy price": the one who will pay (but in
                        # "warned that Moscow would deploy nuclear weapons" the threat is Moscow's own).
                        target_heads.insert(1, subjects)
            pattern_id = f"{rule.id}+{inner.pattern_id}" if inner else rule.id
            trigger = Trigger(code, pattern_id, verb, (), specific=inner is not None and inner.specific)
        elif rule is not None and (noun_event := self._complement_noun(verb, rule)) is not None:
            # "agreed to a ceasefire", "demanded a ceasefire", "rejected the deal": the governing verb
            # applied to an event noun, mapped like an infinitive complement.
            noun, noun_pattern, code = noun_event
            consumed.add(noun.i)
            noun_targets = _prep_objects(noun, noun_pattern.prep or FALLBACK_TARGET_PREPS)
            if rule.target == "object":
                actors = [o for o in _objects(verb) if o.i != noun.i]
                # "appealed to the United Nations for food aid", "called on Israel for a ceasefire".
                target_heads = [actors, _prep_objects(verb, (*ADDRESSEE_PREPS, "from")),
                                _prep_objects(noun, ("from",)), noun_targets]
            else:
                target_heads = [noun_targets, _prep_objects(verb, ("with", "to"))]
                if rule.kind == "refuse":
                    target_heads.append(_authors(noun))  # "rejected an offer made by Cambodia"
            if noun_pattern.code.startswith("084"):
                # "demanded the release of UN staff detained by Houthi rebels": asked of the captor.
                target_heads.insert(0, _captors(noun_targets))
            if noun_pattern.code == "0831":
                # "demanded the resignation of the prime minister": asked of the one to go.
                target_heads.insert(0, _prep_objects(noun, ("of",)))
            trigger = Trigger(code, f"{rule.id}+{noun_pattern.id}", verb, (), noun=noun, specific=True)
        elif forced is None and (wrong := _ruled_unlawful(verb)) is not None and (
                verb.lemma_.lower() == "rule" or any(m.code[3:6] == "JUD" for m in self._sources(verb, ctx))):
            # ("Amnesty found that Israel had violated international law" is an accusation, not a verdict.)
            # "The court ruled that Turkey had violated Demirtas's rights": found liable (116).
            consumed.add(wrong.i)
            trigger = Trigger("116", "v.rule.unlawful", verb, (), specific=True)
            target_heads = [_clause_subjects(wrong)]
        elif forced is None and (deadline := _deadline(verb)) is not None:
            # "gave the government seven days to reverse the price rise": an ultimatum; "gave the
            # ambassador 48 hours to leave": an expulsion.
            consumed.update(t.i for t in _conjuncts(deadline))
            code = "139"
            # "to leave Iraq or face military action" is still an ultimatum.
            threatened = any(c.dep_ == "conj" and c.lemma_.lower() == "face" for c in deadline.children)
            given = [c for c in verb.children if c.dep_ in ("dative", "dobj") and c.lemma_.lower() not in TIME_UNITS]
            if deadline.lemma_.lower() in LEAVE_VERBS and not threatened:
                code = _expulsion_code(given)
            trigger = Trigger(code, "v.give.deadline", verb, (), specific=True)
            target_heads = [given]
        else:
            trigger = forced or self._classify(verb)
            if trigger is None:
                if self.semantic is not None and self._sources(verb, ctx):
                    ctx.unknown.append((verb, index))
                return []
            if trigger.noun is not None:
                consumed.add(trigger.noun.i)
            if (found := self._event_noun_after(verb, ("in",), root="14")) is not None and not (
                    trigger.code[:2] == "14" and found[1].code[:3] not in ("141", trigger.code[:3])):
                # "recalled its ambassador in protest": the protest is the recall; but "blocked
                # highways in a nationwide strike" is a blockade and a strike.
                consumed.add(found[0].i)
            target_heads = self._targets(verb, trigger)
            if trigger.code.startswith("063"):
                # "extradited the cleric and four other suspects to the United States": the receiving
                # state, wherever the parser hung "to" in the list of those handed over.
                handed = [o for o in _objects(verb) for o in _conjuncts(o)]
                target_heads.insert(0, [g for h in [verb, *handed] for g in _prep_objects(h, ("to",))])
            if _reduced_passive(verb):
                # "a deal brokered by China", "talks mediated by France": the parties of the
                # modified noun are acted upon; "protesters killed by police": the noun itself is.
                head = verb.head
                people = [head] if head.pos_ == "NOUN" and self._noun_pattern(head) is None else []
                target_heads = [people, _parties(head), *target_heads]
        if trigger.received:
            sources = [m for h in _prep_objects(trigger.noun, ("from",)) + _prep_objects(verb, ("from",))
                       for m in self._resolve_all(h, ctx)]
            target_heads = [_source_heads(verb)]
        else:
            sources = self._sources(governor, ctx)
            if not sources and trigger.code[:2] == "14":
                sources = self._crowd(governor, ctx)
        negated = _negated(governor) or (complement is not None and rule is not None and _negated(complement))
        hypothetical = _hypothetical(governor)
        # "Scholz announced that Germany would send tanks": in past reported speech, "would" is the future (a
        # "would" always reads as hypothetical first) -- but only of one's own plans: "Biden said Russia would
        # invade Ukraine" is a prediction.
        said = _backshifted_future(governor) if hypothetical and rule is None and not negated else None
        announced = said is not None and not _hypothetical(governor, announced=True) and any(
            m.code[:3] == s.code[:3] for c in said.children if c.dep_ in SUBJECT_DEPS
            for m in self._resolve_all(c, ctx) for s in sources)
        hypothetical = hypothetical and not announced
        code = trigger.code
        if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.lemma_.lower() in READY_ADJECTIVES:
            # "said he was ready to meet Kurti": a stated readiness is an intent (03x).
            intent = self.patterns.complements.get("plan")
            code = (intent.map_code(code) if intent else None) or code
        if negated and _future(governor) and not code.startswith(("12", "13")):
            # "X will not attend", "said it would not provide": a refusal, coded as such.
            refuse = self.patterns.complements.get("refuse")
            mapped = refuse.map_code(code) if refuse else None
            if mapped:
                code, negated, hypothetical = mapped, False, False
        speaker = _speaker(governor)
        if not negated and speaker is not None and (_future(governor, modals=PLAIN_FUTURE) or announced) \
                and rule is None and code not in ("160", "161"):  # (a break announced is made: "would quit the OAS")
            # "Interpol said it will send a team": an announced action is an intent (03x);
            # a bare future ("will meet in Zurich") is coded as the event itself.
            intent = self.patterns.complements.get("plan")
            mapped = intent.map_code(code) if intent else None
            if mapped:
                code = mapped
        if hypothetical and code.startswith("13"):
            hypothetical = False  # a conditional threat is still a threat in CAMEO
        if (negated or hypothetical) and not self.settings.keep_flagged:
            return []
        alleged = self._allegation(governor, speaker, sources, trigger, sentence, index, ctx, document)
        if alleged is not None:
            return alleged
        acting = complement if complement is not None else verb
        if code[:2] == "19" and _breaks_truce(acting):
            code = "196"
        if code == "112":
            code = _charge(acting)
        location_holders = [verb, acting, *_objects(acting)] + ([trigger.noun] if trigger.noun is not None else [])
        if _dated_before(verb, ctx.date) or any(_dated_before(o, ctx.date, modifiers=False) for o in _objects(verb)):
            return []  # "South Korea and Japan normalised relations in 1965": history, not news
        return self._events(sources, target_heads, code, trigger, sentence, index, ctx, document,
                            negated=negated, hypothetical=hypothetical, speaker=speaker,
                            location_heads=_locations(*location_holders))

    def _code_noun(self, noun: Token, sentence: Span, index: int, ctx: DocContext,
                   document: Document) -> list[Event]:
        """Events named by a noun phrase alone: "Iran's attack on Iraq", "the visit by X to Y"."""
        pattern = self._noun_pattern(noun)
        if pattern is None or (noun.dep_ == "compound" and noun.head.pos_ in ("NOUN", "PROPN")):
            return []  # "riot police", "protest movement": the noun names a kind of something else
        if _dated_before(noun, ctx.date):
            return []  # "the 2020 war between Azerbaijan and Armenia", "the 1994 genocide": history
        if _background(noun):
            return []
        if noun.dep_ in SUBJECT_DEPS and self._agent(noun, [noun], ctx) is None and self._agent_at(noun, ctx):
            # "Egyptian intelligence arrested ...": an actor, not an event (but "Nigerian
            # peacekeepers landed" are both).
            return []
        source_heads = [c for c in noun.children if c.dep_ == "poss"]
        source_heads += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"
                         for g in c.children if g.dep_ == "pobj"]
        # "a general strike called by the main union", "an offensive launched by the rebels".
        source_heads += [o for p in noun.children if p.dep_ == "acl" and p.tag_ == "VBN"
                         and p.lemma_.lower() in DOING_PARTICIPLES
                         for a in p.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        # "an Israeli air strike on ...", "a US drone strike": the modifier names the actor.
        modifiers = [c for c in noun.children if c.dep_ in ("amod", "compound")]
        modifiers += [g for c in modifiers for g in c.children if g.dep_ in ("amod", "compound")]  # "US drone strike"
        # "Saudi-led air strikes": the leader is the actor.
        modifiers += [g for c in modifiers if c.lemma_.lower() == "lead" for g in c.children if g.dep_ == "npadvmod"]
        source_heads += [c for c in modifiers if c.i in ctx.match_at
                         and ctx.match_at[c.i].actor.kind in ("country", "demonym", "organization", "group")]
        between = _prep_objects(noun, ("between",))
        if not between and noun.dep_ in SUBJECT_DEPS:
            # "Fighting erupted in Khartoum between the army and the RSF".
            between = _prep_objects(noun.head, ("between",))
        if not source_heads and between:
            # "a ceasefire between Israel and Hezbollah": the parties act on each other.
            source_heads = between[:1]
        clause = noun.head.head
        victims = noun.dep_ == "pobj" and clause.pos_ == "VERB" and (
            is_passive(clause) or clause.lemma_.lower() in DEATH_VERBS)
        if not source_heads and noun.dep_ == "pobj" and clause.pos_ == "VERB" and not victims and (
                noun.head.lower_ == "in" or (noun.head.lower_ == "with" and pattern.code[:2] == "14"
                                             and clause.lemma_.lower() in DISRUPTING_VERBS)):
            # "marched through Budapest in defiance of a government ban", "in solidarity with",
            # "brought the country to a standstill with a general strike": the clause's actor does it.
            source_heads = _source_heads(noun.head.head)
        theirs = bool(source_heads) and all(h.lower_ == "their" for h in source_heads)
        if (not source_heads or theirs) and pattern.code[:2] == "04" and noun.dep_ == "pobj" and \
                noun.head.lower_ in CIRCUMSTANCE_PREPS and clause.pos_ == "VERB" and not (
                (act := self._classify(clause)) is not None and act.code[:2] in ("03", "04", "05")):
            # "Putin and Xi declared after talks in the Kremlin", "offered after talks with Zelensky":
            # the clause's actors held them; "pressed Xi during their meeting": with whom it acts on.
            # (A deal "signed after talks" sums them up.)
            acted_on = [o for o in _objects(clause) + (_objects(clause.head) if clause.dep_ == "xcomp" else [])
                        if o.i in ctx.match_at or self._is_agent(o, ctx)]
            source_heads = _source_heads(clause) + (acted_on if theirs else [])
        partners = _prep_objects(noun, ("with",))
        if not source_heads and partners and noun.dep_ == "pobj" and pattern.code[:2] in RECIPROCAL_ROOTS:
            # "Twenty Indian soldiers were killed in a clash with Chinese troops": the clause's
            # subject is the other party.
            clause = noun.head.head
            source_heads = [c for c in clause.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
        # "Iranian forces came under fire from Iraqi troops": the from-phrase acts on the subject.
        besieged = noun.dep_ == "pobj" and noun.head.lower_ == "under" and clause.pos_ in ("VERB", "AUX")
        if not source_heads and besieged:
            source_heads = _prep_objects(noun, ("from", "by")) or _prep_objects(clause, ("from",))
        # "a Sudanese army air strike", "a police raid": an agent noun among the modifiers says who acted.
        force = self._agent(noun, [m for m in modifiers if m.i not in ctx.match_at], ctx) \
            if modifiers and pattern.code[:2] in MATERIAL_CONFLICT_ROOTS else None
        if not source_heads and force is None:
            return []
        preps = tuple(pattern.prep) or FALLBACK_TARGET_PREPS
        target_heads = [_prep_objects(noun, preps)]
        if pattern.code == "042":
            # "the first visit by a Colombian president to Venezuela": the parser may hang the destination
            # on the visitor.
            target_heads.append([p for a in _prep_objects(noun, ("by",)) for p in _prep_objects(a, ("to",))])
        if besieged:
            target_heads.append([c for c in clause.children if c.dep_ in SUBJECT_DEPS])
        if victims:
            # "X was killed in a US drone strike", "five civilians died in Saudi-led air strikes":
            # who suffered it is the target.
            target_heads.append([c for c in clause.children if c.dep_ in PASSIVE_SUBJECT_DEPS | SUBJECT_DEPS])
        if noun.dep_ in SUBJECT_DEPS and noun.head.pos_ in ("VERB", "AUX") and self._acts_on_something(noun.head):
            # "NATO air strikes hit Gaddafi's compound", "a Russian missile strike on Dnipro killed
            # ...", "Nigerian peacekeepers landed at Monrovia's airport": what the event's clause acts
            # on is its target (but "Sudan's war has left millions in need" hits no one, and "the
            # ministers meeting in Cairo condemned the invasion" is another act).
            hit = _objects(noun.head) + _prep_objects(noun.head, ("on", "at", "into", "against"))
            target_heads += [hit, _surroundings(hit)]
        if pattern.code.startswith("045") and noun.dep_ == "pobj":
            # "opened peace talks in Doha under Qatari mediation": the mediator acts on the parties.
            target_heads.append(_parties(noun))
        # "a Taliban car bombing in Kabul that killed an American soldier": whom the relative clause
        # says the event hit.
        hit = [o for r in noun.children if r.dep_ == "relcl" and any(
            s.lower_ in RELATIVE_PRONOUNS for s in r.children if s.dep_ in SUBJECT_DEPS) for o in _objects(r)]
        target_heads.append(hit)
        code = pattern.code
        if code.startswith("04") and noun.dep_ in SUBJECT_DEPS and any(
                k in COLLAPSE_VERBS for k in self._verb_key(noun.head)):
            code = "164"  # "peace talks between the government and the opposition broke up"
        if code == "174" and any(t.lemma_.lower() in ENVOYS for o in _prep_objects(noun, ("of",))
                                 for t in _through_quantity(o)):
            code = "161"  # "London's expulsion of four Russian envoys" is a diplomatic one
        if noun.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and (_hypothetical(noun.head) or _negated(noun.head)):
            # "A Chinese blockade of Taiwan would cripple supplies": the event is only imagined.
            return []
        governor = next((a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")), None)
        circumstance = noun.dep_ == "pobj" and noun.head.lower_ in CIRCUMSTANCE_PREPS
        if governor is not None and noun.dep_ not in SUBJECT_DEPS and (
                _hypothetical(governor) or _future(governor, PLAIN_FUTURE) or (not circumstance and (
                    _purpose(governor) or (governor.dep_ == "xcomp" and _infinitive(governor))))):
            # "Britain will host talks between Russia and Ukraine", "offered to broker talks between
            # Thailand and Cambodia": the talks are planned or offered, not held.
            return []
        if _yet_to_come(noun):
            return []  # "Bush's state visit next week", "the upcoming talks": not (yet) held
        trigger = Trigger(code, pattern.id, noun, tuple(pattern.prep), noun=noun, specific=True)
        sources = [m for h in source_heads for m in self._resolve_all(h, ctx)]
        if force is not None:
            start, agent_code = force
            sources = [replace(m, code=m.code + agent_code) if len(m.code) == 3 and _is_state(m.code) else m
                       for m in sources] or [_mention_span(UNKNOWN_COUNTRY + agent_code, ctx.doc, start, noun.i,
                                                           "context")]
        # "blocked highways across India in a nationwide strike": the clause's place is the protest's.
        places = _locations(noun, clause) if noun.dep_ == "pobj" and clause.pos_ == "VERB" \
            and pattern.code[:2] == "14" else []
        events = self._events(sources, target_heads, code, trigger, sentence, index, ctx, document,
                              negated=False, hypothetical=False, speaker=_speaker(noun.head), location_heads=places)
        if _war_at_home(noun):
            # "Yemen's war has killed 150,000 people": the war in Yemen, not Yemen's on its own people
            # (but "Russia's war has killed thousands of Ukrainians" is Russia's).
            events = [e for e in events if e.target[:3] != e.source[:3]]
        return events

    def _acts_on_something(self, clause: Token) -> bool:
        """Whether what an event noun's clause acts on is the event's target: a verb of force or
        damage, or one with no sense of its own (not one of consequence)."""
        act = self._classify(clause)
        if act is not None:
            return act.code[:2] in MATERIAL_CONFLICT_ROOTS
        return clause.lemma_.lower() not in CONSEQUENCE_VERBS

    def _complement_noun(self, verb: Token, rule: ComplementRule) -> tuple[Token, NounPattern, str] | None:
        candidates = _objects(verb) + _prep_objects(verb, ("to", "on", "for", "in"))  # "pledged $5m in aid"
        for noun in candidates:
            noun_pattern = self._noun_pattern(noun)
            if noun_pattern is not None:
                if rule.kind == "intent" and noun.dep_ == "dobj" and noun_pattern.code.startswith(SPOKEN_CODES):
                    # "offered its condolences", "offered an apology": offering words is saying them.
                    return noun, noun_pattern, noun_pattern.code
                consenting = rule.kind == "intent" and verb.lemma_.lower() in CONSENT_VERBS
                if consenting and noun_pattern.code.startswith("087"):
                    # "agreed to an immediate ceasefire": agreeing to a truce is declaring it.
                    return noun, noun_pattern, noun_pattern.code
                if rule.kind == "refuse" and noun_pattern.code.startswith("112"):
                    return noun, noun_pattern, "016"  # "rejected Ottawa's allegations": a denial
                if rule.kind == "demand" and verb.lemma_.lower() in ORDER_VERBS and noun.dep_ == "dobj" \
                        and noun_pattern.code[:2] in ORDERED_ROOTS:
                    # "ordered a military offensive", "ordered an investigation into": an authority
                    # orders what its own people then do; the order is the act.
                    return noun, noun_pattern, noun_pattern.code
                code = rule.map_code(noun_pattern.code)
                return (noun, noun_pattern, code) if code is not None else None
        return None

    def _nested_complement(self, verb: Token) -> tuple[Trigger, Token, list[list[Token]]] | None:
        """A complement that governs a complement of its own ("let the UN deliver aid"), as one
        trigger: its code, the innermost verb, and the target candidates (whom the inner rule
        addresses, then the innermost act's targets)."""
        rule = self._complement_rule(verb)
        deeper = _complement_of(verb) if rule is not None else None
        if rule is None or deeper is None:
            return None
        found = self._classify(deeper)
        code = rule.map_code(found.code if found else None)
        if code is None:
            return None
        pattern_id = f"{rule.id}+{found.pattern_id}" if found else rule.id
        addressee = _objects(verb) + [s for s in deeper.children if s.dep_ in SUBJECT_DEPS] \
            if rule.target == "object" else []
        heads = [addressee, *(self._targets(deeper, found) if found else [_object_target(deeper)])]
        return Trigger(code, pattern_id, verb, specific=found is not None and found.specific), deeper, heads

    def _complement_rule(self, verb: Token, keys: list[str] | None = None) -> ComplementRule | None:
        keys = self._verb_key(verb) if keys is None else keys
        for key in keys:
            rule = self.patterns.complements.get(key)
            if rule is not None:
                if rule.kind == "intent" and not _seeks(verb, rule) and self._own_object_sense(verb, keys):
                    return None  # "pledged $5 billion in aid to help train police": the pledge of aid
                return rule
            if " " in key and key in self.patterns.verbs:
                return None  # "calling up 300,000 reservists" is no call on anyone: the phrasal verb's own sense
        return None

    def _rejects(self, verb: Token) -> bool:
        """Whether a verb's plain sense is a rejection (12x): "turned down", "rebuffed", "refused"."""
        keys = self._verb_key(verb)
        refusal = any((rule := self.patterns.complements.get(k)) is not None and rule.kind == "refuse" for k in keys)
        return refusal or any((p := self.patterns.match_verb(k, object_lemmas=(), preps=(), passive=False)) is not None
                              and p.code.startswith("12") for k in keys)

    def _own_object_sense(self, verb: Token, keys: list[str]) -> bool:
        """Whether the verb's thing object picks a sense of its own ("pledged $5 billion", "agreed a deal")."""
        things = [o for o in _objects(verb) if not _in_name(o) and o.pos_ != "PRON"]
        return bool(things) and any(
            (p := self.patterns.match_verb(k, object_lemmas=_object_words(things), preps=(), passive=False)) is not None
            and bool(p.object) for k in keys)

    # -- sources and targets ----------------------------------------------------------------------

    def _sources(self, verb: Token, ctx: DocContext) -> list[ActorMention]:
        return [m for h in _source_heads(verb) for t in _through_quantity(h) for m in self._resolve_all(t, ctx)]

    def _crowd(self, verb: Token, ctx: DocContext) -> list[ActorMention]:
        """ "Tens of thousands of people marched through Tbilisi": a crowd that protests is civilians,
        of the country it is placed in (set with the event's place)."""
        return [_mention_span(UNKNOWN_COUNTRY + "CVL", ctx.doc, t.i, t.i + 1, "crowd")
                for h in _source_heads(verb) for t in _through_quantity(h)[:1]
                if t.lemma_.lower() in CROWDS or t.lower_ in CROWDS]

    def _allegation(self, verb: Token, speaker: Token | None, sources: list[ActorMention], trigger: Trigger,
                    sentence: Span, index: int, ctx: DocContext, document: Document) -> list[Event] | None:
        """ "X claimed that Y attacked Z" reports an accusation by X against Y, not an attack as fact.

        When the claimant is the attacker itself ("claimed that they attacked"), it is a claim of
        responsibility (015). Neutral reporting ("said", "reported") keeps the inner event instead.
        """
        speech = _speech_verb(verb)
        if speaker is None or speech is None or speech.lemma_.lower() not in ALLEGATION_VERBS:
            return None
        if trigger.code[:2] not in MATERIAL_CONFLICT_ROOTS:
            return None
        claimants = self._resolve_all(speaker, ctx)
        if not claimants:
            return None
        claimant_codes = {c.code for c in claimants}
        own = [s for s in sources if s.code in claimant_codes]
        allegation = Trigger("015" if own else "112", f"allegation:{speech.lemma_.lower()}", speech)
        targets = [[t for t in _objects(verb)], *self._targets(verb, trigger)] if own else [_source_heads(verb)]
        return self._events(claimants, targets, allegation.code, allegation, sentence, index, ctx, document,
                            negated=False, hypothetical=False, speaker=None)

    def _targets(self, verb: Token, trigger: Trigger) -> list[list[Token]]:
        """Candidate target phrases in order of preference; the first that names an actor wins.

        Pattern prepositions come first (on the event noun before the verb: "sanctions on Iran"),
        then the passive subject or direct object, the indirect object, and common prepositions.
        """
        noun = trigger.noun
        holders = ([noun] if noun is not None else []) + [verb]
        if noun is not None and (quantity := _counted_by(noun)) is not None and quantity.i != verb.i:
            holders.insert(1, quantity)  # "lifted a raft of sanctions on Iran"
        candidates = [_prep_objects(holder, trigger.target_preps) for holder in holders]
        if trigger.code == "043":
            # "welcomed Xi Jinping to Pretoria": the guest, not the place, is hosted.
            candidates.insert(0, _objects(verb))
        if trigger.noun is not None and trigger.code[:2] in RECIPIENT_ROOTS:
            # "blocked EU aid to Ukraine", "halted arms sales to Taiwan": the recipient is acted upon.
            candidates.insert(0, _prep_objects(trigger.noun, ("to",)) + _prep_objects(verb, ("to",)))
        # "invest $15 billion in Turkey": the pattern's preposition may hang from the object, or from
        # the quantity it was counted by ("lifted a raft of sanctions on Iran").
        candidates.extend(_prep_objects(holder, trigger.target_preps) for holder in _object_holders(verb))
        # "lifted sanctions imposed on Libya": the one the object was imposed on.
        candidates.extend(_prep_objects(acl, ("on", "against")) for obj in _objects(verb) for acl in obj.children
                          if acl.dep_ == "acl" and acl.tag_ == "VBN")
        if is_passive(verb):
            candidates.append([c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS])
        if trigger.code[:2] in INSTRUMENT_ROOTS:
            # "airlifted field hospitals to Liberia": what is given goes to someone.
            candidates.append(_prep_objects(verb, ("to", "into")))
        if trigger.noun is None and trigger.code[:2] in DOER_JUDGED_ROOTS:
            # "denounced Qatar's isolation by Saudi Arabia": judging an act judges whoever did it.
            candidates.append([a for o in _objects(verb) for a in _prep_objects(o, ("by",))
                               if not any(t.is_punct and t.head.i in (verb.i, o.i)
                                          for t in verb.doc[min(verb.i, o.i):a.i])])
        if trigger.noun is None or trigger.object_is_target:
            candidates.append(_objects(verb))
        if trigger.pattern_id == "v.order.home":
            candidates.insert(0, [g for h in [verb, *verb.children] for g in _prep_objects(h, ("from",))
                                  if h.i == verb.i or h.lower_ == "home"])
        if trigger.pattern_id == "v.say.behind" and (culprit := _culprit_clause(verb)) is not None:
            candidates.insert(0, _clause_subjects(culprit))
        clause = _that_clause(verb)
        if clause is not None and trigger.code[:2] in ("01", "11", "12"):
            # "..., charging that Doha bankrolled extremists": the accused is the clause's subject.
            candidates.append([c for c in clause.children if c.dep_ in SUBJECT_DEPS])
        candidates.append([c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"])
        candidates.extend(_prep_objects(holder, FALLBACK_TARGET_PREPS) for holder in holders)
        if trigger.noun is None:
            # "ratified an agreement with the EU": the target hangs from the object.
            candidates.extend(_prep_objects(obj, FALLBACK_TARGET_PREPS) for obj in _object_holders(verb))
        if trigger.code[:2] in ("17", "18", "19", "20"):
            # "fired missiles into waters around Taiwan": force against a thing near an actor.
            things = [verb, *_objects(verb), *_prep_objects(verb, ("into", "at", "on"))]
            # "fired mortar rounds filled with mustard agent at Peshmerga fighters": the parser may
            # hang the aim on the weapon's own modifier.
            candidates.append([g for o in _objects(verb) for acl in o.children if acl.dep_ == "acl"
                               for g in _prep_objects(acl, ("at", "on", "against", "into"))])
            # "fired missiles into waters around Taiwan", "a bomb next to a NATO convoy".
            candidates.append(_surroundings(things[1:]) + [g for t in things for n in t.children if n.lower_ == "next"
                                                        for g in _prep_objects(n, ("to",))])
        # "voiced optimism about resuming trade with Afghanistan": the gerund's own target.
        gerunds = [g for holder in holders for p in holder.children if p.dep_ == "prep"
                   and p.lower_ in ("about", "over", "on", "regarding", "for") for g in p.children if g.dep_ == "pcomp"]
        candidates.extend([*_objects(g), *_prep_objects(g, FALLBACK_TARGET_PREPS)] for g in gerunds)
        # "claimed responsibility for a bombing at a station in Quetta", "apologised for the raid on
        # Gaza": whom the event named after "for" hit.
        deeds = [n for h in [verb, *_objects(verb)] for n in _prep_objects(h, ("for",))
                 if self._noun_pattern(n) is not None]
        candidates.extend(_prep_objects(n, ("on", "against", "at", "in", "targeting")) for n in deeds)
        candidates.append(_surroundings([p for n in deeds for p in _prep_objects(n, ("on", "at", "against"))]))
        if trigger.code.startswith("087"):
            # "pulled back from villages across southern Lebanon": withdrawn from where they were.
            left = _prep_objects(verb, ("from", "out"))
            candidates.append(_surroundings(left))
        # Last resort, deeper in the object: "pledged 10 million pounds in aid for Morocco", "signed
        # off on a bailout for Ghana".
        candidates.append([g for obj in _objects(verb) + _prep_objects(verb, ("on",))
                           for t in _noun_phrase(obj) if t.dep_ == "prep"
                           and t.lower_ in ("for", "to") for g in t.children if g.dep_ == "pobj"])
        return [c for c in candidates if c]

    def _resolve_all(self, head: Token, ctx: DocContext) -> list[ActorMention]:
        """The actors of a phrase and of the phrases coordinated with it ("Iraq and Syria")."""
        mentions = []
        match = ctx.match_at.get(head.i)
        # A coordination may hang from any word of a multi-word name ("Barack Obama and ...").
        name_tokens = [head.doc[i] for i in range(match.start, match.end)] if match else [head]
        if match is None and head.pos_ == "NOUN":
            # "imports from Mexico and Canada", "the embassies of Rwanda, France and the US".
            name_tokens += [o for o in _prep_objects(head, ("of", "from")) if o.i in ctx.match_at]
        conjuncts = list({t.i: t for t in [head] + [c for t in name_tokens for c in _conjuncts(t)[1:]]
                          + _listed_before(match, head, ctx)}.values())
        for token in conjuncts:
            mention = self._resolve(token, ctx)
            if token is not head and mentions and mention is not None and len(mention.code) == 3 \
                    and len(mentions[0].code) == 6 and token.i > head.i and match is None:
                # "the foreign ministers of Greece and Macedonia": each country's ministers.
                mention = replace(mention, code=mention.code + mentions[0].code[3:])
            if (mention is None or mention.code.startswith(UNKNOWN_COUNTRY)) and token.pos_ == "PROPN":
                # "Carlos Manzo, the mayor of the Mexican city of Uruapan": an unknown name's apposition.
                mention = next((m for a in token.children if a.dep_ == "appos"
                                if (m := self._resolve(a, ctx)) is not None), None) or mention
            if mention is not None:
                mentions.append(mention)
                mentions.extend(self._coordinated_modifiers(token, mention, ctx))
        if not mentions and head.pos_ == "NOUN":
            # "1,000 prisoners, including Saudi soldiers": the actors are in the "including" phrase;
            # "a probe into abuses by Ethiopian troops": a misdeed's actor is its author.
            authors = _authors(head) if head.lemma_.lower() in MISDEEDS | AUTHORED_NOUNS or \
                self._noun_pattern(head) is not None else []
            if not authors and head.lemma_.lower() in MISDEEDS:
                # "war crimes in the Palestinian territories": with no author named, where they happened.
                authors = [p for p in _prep_objects(head, ("in",)) if p.i in ctx.match_at]
            mentions = [m for o in _prep_objects(head, ("including",)) + authors
                        for m in self._resolve_all(o, ctx) if o.lower_ not in POSSESSIVE_PRONOUNS]
            if not mentions and (head.lemma_.lower() in INQUIRY_NOUNS or (
                    head.dep_ == "pobj" and head.head.lower_ == "into")):
                # "opened an inquiry into allegations that Sheikh Hasina siphoned billions": whom it
                # looks into (the parser may hang "into" on the verb).
                topics = _inquired(head) if head.lemma_.lower() in INQUIRY_NOUNS else _alleged(head)
                mentions = [m for o in topics if o is not head for m in self._resolve_all(o, ctx)]
            if not mentions and head.lemma_.lower() in AUTHORED_NOUNS and head.dep_ == "dobj" and self._rejects(
                    head.head):
                # "turned down his pleas": the owner the pronoun stands for, unless it is the one
                # who acts ("lifted its order").
                actors = {m.code[:3] for h in _source_heads(head.head) for m in self._resolve_all(h, ctx)}
                mentions = [m for o in authors if o.lower_ in POSSESSIVE_PRONOUNS
                            if (m := self._antecedent(o, ctx)) is not None and m.code[:3] not in actors]
        return mentions

    def _coordinated_modifiers(self, head: Token, mention: ActorMention, ctx: DocContext) -> list[ActorMention]:
        """ "American and British warplanes": one actor per coordinated country modifier."""
        extra = []
        for modifier in head.children:
            if modifier.dep_ not in ("amod", "compound", "nmod") or modifier.i not in ctx.match_at:
                continue
            # "Chinese, Iranian and Russian warships": every country of the list, the first one too
            # (the phrase's own mention is the one nearest the head).
            for conj in _conjuncts(modifier):
                match = ctx.match_at.get(conj.i)
                if match is None or match.actor.kind not in ("country", "demonym"):
                    continue
                country = match.actor.code_on(ctx.date)
                if country and country[:3] != mention.code[:3]:
                    code = country[:3] + mention.code[3:]
                    extra.append(_mention_span(code, ctx.doc, conj.i, conj.i + 1, match.actor.entry))
        return extra

    def _resolve(self, head: Token, ctx: DocContext) -> ActorMention | None:
        if head.lemma_.lower() in CURRENCIES:
            return None  # "one billion Australian dollars" is money, not Australia
        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" and head.head.head.i != head.i:
            # "Russia, which he blamed for the shortages": the relative clause's noun.
            return _at(mention, head) if (mention := self._resolve(head.head.head, ctx)) is not None else None
        if head.lower_ in PERSON_PRONOUNS or head.lower_ in GROUP_PRONOUNS:
            clause = head.head
            if head.dep_ in SUBJECT_DEPS and clause.dep_ == "ccomp" and _speech_verb(clause) is not None:
                # "Serbia's president said he would not recognise Kosovo": the speaker.
                speakers = [c for c in clause.head.children if c.dep_ in SUBJECT_DEPS and c.i < head.i
                            and c.lower_ not in PERSON_PRONOUNS | GROUP_PRONOUNS]
                for speaker in speakers:
                    mention = self._resolve(speaker, ctx)
                    if mention is not None:
                        return _at(mention, head)
            return self._antecedent(head, ctx)
        if head.lemma_.lower() in BORDER_NOUNS:
            # "troops to its border with Belarus": the neighbour across it.
            neighbours = [m for o in _prep_objects(head, ("with",)) if (m := self._resolve(o, ctx)) is not None]
            if neighbours:
                return neighbours[0]
        if head.lemma_.lower() in SHORT_NAMES and head.i not in ctx.match_at and any(
                c.lower_ == "the" for c in head.children) and not any(
                c.dep_ in ("compound", "amod", "poss") for c in head.children):
            # "the group", "the movement", "the kingdom": the nearest actor of that kind named before.
            return self._antecedent(head, ctx, kinds=SHORT_NAMES[head.lemma_.lower()])
        tokens = _phrase_tokens(head)
        head_match = ctx.match_at.get(head.i)
        if head_match is None and head.pos_ == "PROPN":
            head_match = self._surname_match(head, tokens, ctx)
        if head_match is not None and head_match.actor.kind not in ("country", "demonym", "capital"):
            mention = self._named(head_match, ctx)
            if mention is not None:
                return mention
            # "FARC leader Manuel Marulanda" on a date his role does not cover: the rest of the phrase.
            tokens = [t for t in tokens if not head_match.start <= t.i < head_match.end]
            head_match = None
        named = [ctx.match_at[t.i] for t in tokens if t.i in ctx.match_at]
        agent = self._agent(head, tokens, ctx)
        if head_match is not None:
            code = head_match.actor.code_on(ctx.date)
            if code is None:
                return None
            if agent is not None and head_match.actor.kind != "capital":
                code = code[:3] + agent[1]
            elif head_match.actor.kind == "capital" and head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPS:
                # "a visit to Moscow", "talks in Ankara": the city as a place, not its government.
                code = code[:3]
            return _mention_for(code, head_match, ctx.doc, head_match.actor.entry)
        people_orgs = [m for m in named if m.actor.kind not in ("country", "demonym", "capital")]
        countries = [m for m in named if m.actor.kind in ("country", "demonym", "capital")]
        if agent is not None:
            start, agent_code = agent
            if not countries:
                # "protesters in northern Kosovo", "students from Hong Kong": the agent's place.
                countries = [m for g in _prep_objects(head, ("in", "from")) for t in _phrase_tokens(g)
                             if (m := ctx.match_at.get(t.i)) is not None and m.actor.kind in PLACE_KINDS]
            owners = [c for c in head.children if c.dep_ == "poss" and c.lower_ in ("its", "their")]
            if not countries and not people_orgs and owners:
                # "stormed its embassy in Tehran", "their troops": the owner the pronoun stands for.
                owner = self._antecedent(owners[0], ctx)
                if owner is not None and _is_state(owner.code):
                    return _mention_span(owner.code[:3] + agent_code, ctx.doc, start, head.i + 1, "possessor")
            if countries:
                nearest = min(countries, key=lambda m: abs(m.start - head.i))
                country = nearest.actor.code_on(ctx.date)
                if country:
                    return _mention_span(country[:3] + agent_code, ctx.doc, min(nearest.start, start),
                                         max(nearest.end, head.i + 1), nearest.actor.entry)
            if people_orgs:
                nearest = min(people_orgs, key=lambda m: abs(m.start - head.i))
                named = self._named(nearest, ctx)
                if named is not None and agent_code in ("MIL", "COP", "SPY") and named.code[3:] == "GOV" \
                        and _is_state(named.code):
                    # "Taliban border forces", "Putin's troops": the forces of the government named.
                    return replace(named, code=named.code[:3] + agent_code)
                return named
            # "the ministry", "protesters": an agent with no country of its own; `_events` gives it
            # the country the document is about, or failing that the other actor's.
            # (The agent noun may follow the head: "members of a far-right network".)
            return _mention_span(UNKNOWN_COUNTRY + agent_code, ctx.doc, min(start, head.i),
                                 max(start + 1, head.i + 1), "context")
        if people_orgs:
            nearest = min(people_orgs, key=lambda m: abs(m.start - head.i))
            return self._named(nearest, ctx)
        if countries:
            nearest = min(countries, key=lambda m: abs(m.start - head.i))
            code = nearest.actor.code_on(ctx.date)
            return _mention_for(code[:3], nearest, ctx.doc, nearest.actor.entry) if code else None
        return None

    def _antecedent(self, pronoun: Token, ctx: DocContext,
                    kinds: frozenset[str] | None = None) -> ActorMention | None:
        """The nearest compatible actor before a pronoun: earlier in its sentence, then earlier sentences.

        No offline coreference model is available, so this is a recency rule: "he"/"she" take the
        last person named, "it"/"they" the last country or organisation.
        """
        wants_person = pronoun.lower_ in PERSON_PRONOUNS or POSSESSIVE_PRONOUNS.get(pronoun.lower_) == "person"
        # "Bolivia expelled the US ambassador, accusing him of ...": an object pronoun is not its own
        # clause's actor, and may stand for an unnamed one ("the US ambassador", "ten US sailors").
        as_object = pronoun.lower_ in OBJECT_PRONOUNS and pronoun.dep_ in ("dobj", "dative", "pobj") \
            and pronoun.head.dep_ != "agent"  # "detained by them": the pronoun is the actor
        bound = self._clause_actor_tokens(pronoun, ctx) if as_object else frozenset()
        if pronoun.dep_ == "nsubj" and pronoun.head.dep_ == "conj" and not any(
                ctx.match_at.get(o.i) is not None for o in _objects(pronoun.head.head)):
            # (not "the EU sanctioned Iran, and it retaliated": "it" may be the one acted on)
            # "Venezuela said its forces had killed eight men from Colombia, and it accused Bogota": the
            # subject of a coordinated clause goes on with the subject before it, not the nearest name.
            verb = pronoun.head.head
            while True:
                for subject in verb.children:
                    match = ctx.match_at.get(subject.i)
                    if subject.dep_ in SUBJECT_DEPS and match is not None and match.end - 1 == subject.i \
                            and (match.actor.kind == "person") == wants_person and match.actor.kind != "demonym" \
                            and (kinds is None or match.actor.kind in kinds) \
                            and (mention := self._named(match, ctx)) is not None:
                        return _at(mention, pronoun)
                if verb.dep_ not in ("conj", "ccomp") or verb.head.i == verb.i:
                    break
                verb = verb.head
        for i in range(pronoun.i - 1, pronoun.sent.start - 1, -1):
            if i in bound:
                continue
            if as_object and (phrase := self._agent_antecedent(ctx.doc[i], pronoun, ctx)) is not None:
                return _at(phrase, pronoun)
            match = ctx.match_at.get(i)
            if match is None or match.end - 1 != i or (match.actor.kind == "person") != wants_person:
                continue
            if kinds is not None and match.actor.kind not in kinds:
                continue
            if match.actor.kind == "demonym" and pronoun.lower_ in ("it", "its"):
                continue  # "India ... after Pakistani militants attacked its parliament": an adjective is no "it"
            mention = self._named(match, ctx)
            if mention is not None:
                return _at(mention, pronoun)
        if kinds is not None:
            return None  # a short name refers back within its sentence only; earlier ones are too loose
        recent = ctx.recent_people if wants_person else ctx.recent_groups
        return _at(recent[-1], pronoun) if recent else None

    def _clause_actor_tokens(self, pronoun: Token, ctx: DocContext) -> frozenset[int]:
        """Tokens naming the actor of the verb an object pronoun depends on ("expelled the envoy,
        accusing him": not the expeller)."""
        verb = pronoun.head
        while verb.dep_ in ("prep", "agent") and verb.head is not verb:
            verb = verb.head
        spans = [(m.start, m.end) for m in self._sources(verb, ctx)]
        return frozenset(t.i for t in pronoun.sent if any(start <= t.idx < end for start, end in spans))

    def _agent_antecedent(self, noun: Token, pronoun: Token, ctx: DocContext) -> ActorMention | None:
        """An unnamed actor a pronoun may stand for: the head of an agent phrase of its number."""
        if noun.pos_ != "NOUN" or noun.dep_ == "compound" or noun.i in ctx.match_at \
                or (noun.tag_ == "NNS") != (pronoun.lower_ == "them"):
            return None
        if not self._is_agent(noun, ctx):
            return None
        mention = self._resolve(noun, ctx)
        return mention if mention is not None and not mention.code.startswith(UNKNOWN_COUNTRY) else None

    def _surname_match(self, head: Token, tokens: list[Token], ctx: DocContext) -> ActorMatch | None:
        """ "President Bush", "Chancellor Merkel": a title and a surname, resolved by the date."""
        if head.i > 0 and head.nbor(-1).pos_ == "PROPN" and head.nbor(-1).i not in ctx.match_at \
                and head.nbor(-1).text[:1].isupper() and head.nbor(-1).lower_ not in TITLES:
            return None  # "Alex Saab" is not the Saab we know: another given name comes first
        title = self._agent(head, [t for t in tokens if t.i != head.i], ctx)
        actor = self.actors.person_by_surname(head.text, ctx.date, title[1] if title else None)
        return ActorMatch(head.i, head.i + 1, actor) if actor is not None else None

    def _named(self, match: ActorMatch, ctx: DocContext) -> ActorMention | None:
        code = match.actor.code_on(ctx.date)
        if code is None:
            return None
        return _mention_for(code, match, ctx.doc, match.actor.entry)

    def _agent(self, head: Token, tokens: list[Token], ctx: DocContext) -> tuple[int, str] | None:
        """The agent noun nearest the head of the phrase, as (first token index, agent code)."""
        # "a general strike", "the general public": the lowercase adjective is no army general.
        candidates = sorted((t for t in tokens if t.pos_ in ("NOUN", "PROPN", "ADJ")
                             and not (t.lower_ == "general" and t.dep_ == "amod" and (
                                 t.text == "general" or t.i == t.sent.start))),
                            key=lambda t: (t.i != head.i, abs(t.i - head.i)))
        first = head.sent.start  # an agent phrase, like a name, stays within its sentence
        for token in candidates:
            if token.i in ctx.match_at:
                continue
            found = self.actors.agent_ending_at(ctx.lemmas, ctx.lowers, token.i, first)
            if found is not None:
                return found
        if head.lower_ == "intelligence" and any(
                m.actor.kind in ("country", "demonym") for t in tokens if (m := ctx.match_at.get(t.i))):
            # "Egyptian intelligence", "Pakistan's intelligence": the service (bare "intelligence"
            # is too vague to be an agent noun: "artificial intelligence").
            return head.i, "SPY"
        return None

    def _is_agent(self, noun: Token, ctx: DocContext) -> bool:
        """Whether the noun itself names an actor ("the intelligence service", "Egyptian
        intelligence"), not merely a phrase with an actor in it ("a police raid")."""
        return self._agent(noun, [noun], ctx) is not None or self._agent_at(noun, ctx)

    def _agent_at(self, noun: Token, ctx: DocContext) -> bool:
        """Whether the agent its phrase gives starts at the noun ("Egyptian intelligence")."""
        found = self._agent(noun, _phrase_tokens(noun), ctx)
        return found is not None and found[0] == noun.i

    # -- events ---------------------------------------------------------------------------------------

    def _reacted_to(self, sources: list[ActorMention], trigger: Trigger, sentence: Span,
                    ctx: DocContext) -> list[ActorMention]:
        """ "North Korea fired a missile over Japan, and Abe denounced the launch": a reaction with no
        named target answers the actor of the sentence's earlier event (another country's)."""
        verb = trigger.token
        if verb.pos_ != "VERB" or trigger.pattern_id.startswith("c.") or not all(
                s.code[:3].isalpha() for s in sources):
            return []
        if any(self._noun_pattern(o) is None and o.lemma_.lower() not in REACTION_OBJECTS for o in _objects(verb)):
            return []  # "lawmakers debated an austerity package": the object is something else
        own = {s.code[:3] for s in sources}
        offset = sentence.start_char
        for event in reversed(ctx.sentence_events):
            if event.trigger_start < trigger.token.idx - offset and event.source[:3] not in own \
                    and event.source[:3].isalpha():
                return [ActorMention(event.source, event.source_text, offset + event.source_start,
                                     offset + event.source_end, event.source_entry or "reaction")]
        return []

    def _accusers(self, sources: list[ActorMention], trigger: Trigger, sentence: Span,
                  ctx: DocContext) -> list[ActorMention]:
        """ "Israel blamed Hezbollah, which denied any involvement", "denied any hand in the bombing, after
        Iranian officials pinned it on the United States": a denial answers whoever accused the denier,
        wherever the sentence says so (an accusation only imagined answers nothing)."""
        own = {s.code[:3] for s in sources}
        accusers = []
        for verb in sentence:
            if verb.i == trigger.token.i or verb.pos_ != "VERB" or verb.lemma_.lower() not in ACCUSING_VERBS \
                    or _negated(verb) or _hypothetical(verb) or _future(verb, PLAIN_FUTURE):
                continue
            objects = _objects(verb)
            accused = objects + _prep_objects(verb, ("on", "of", "for")) + _clause_subjects(verb)
            accused += [p for o in objects for p in _prep_objects(o, ("on", "of"))]  # "pinned it on X"
            accused += [c for a in accused for c in a.children if c.dep_ == "conj"]
            if not any(m.code[:3] in own for a in accused for m in self._resolve_all(a, ctx)):
                continue  # "Israel pinned its hopes on a deal" accuses no one of anything
            accusers += [m for head in _source_heads(verb) for m in self._resolve_all(head, ctx)
                         if m.code[:3] not in own and m.code[:3].isalpha()]
        return accusers

    def _own_forces_addressed(self, verb: Token, ctx: DocContext) -> bool:
        """Whether an order goes to the orderer's own forces ("ordered troops", "ordered the police")."""
        own = {s.code[:3] for s in self._sources(verb, ctx)}
        addressed = [m for o in _objects(verb) for m in self._resolve_all(o, ctx)]
        return bool(addressed) and all(m.code[3:6] in ("MIL", "COP", "SPY") and (
            m.code[:3] in own or m.code.startswith(UNKNOWN_COUNTRY)) for m in addressed)

    def _concerned(self, sources: list[ActorMention], trigger: Trigger, ctx: DocContext) -> list[ActorMention]:
        """Whom hope, gloom or a refusal to comment is about: "voiced confidence that Serbia and Kosovo would
        implement the plan", "optimism about resuming trade with Afghanistan", "declined to comment on reports
        that its spies had tapped the phone of Indonesia's president"."""
        own = {s.code[:3] for s in sources}
        words = [w for w in (trigger.noun, trigger.token) if w is not None]
        words += [c for w in words for c in w.children if c.dep_ == "xcomp"]
        words += [c for c in [_complement_of(trigger.token)] if c is not None and c.dep_ != "xcomp"]
        clauses = [c for w in words for c in w.children if c.dep_ in ("ccomp", "acl") or (
            c.dep_ == "prep" and c.lower_ in ("about", "over", "on", "regarding", "for"))]
        found: dict[str, ActorMention] = {}
        for clause in clauses:
            for token in _subtree_without_asides(clause):
                match = ctx.match_at.get(token.i)
                if match is None or token.i != match.end - 1:
                    continue
                if trigger.code == "011" and token.dep_ == "pobj" and token.head.lower_ in ("in", "at") \
                        and match.actor.kind in PLACE_KINDS:
                    continue  # "whether Biden would meet Xi in Bali": a place, not whom the question is about
                head = token
                while head.dep_ in ("amod", "compound", "poss", "nmod") and head.head.i != head.i:
                    head = head.head
                if head.i != token.i and ctx.match_at.get(head.i) not in (None, match):
                    continue  # "Indonesian" in "Indonesian President Yudhoyono": the name it modifies says who
                for mention in self._resolve_all(token, ctx):
                    if mention.code[:3] not in own and mention.code[:3].isalpha():
                        found.setdefault(mention.code, mention)
        return list(found.values())

    def _protesters(self, verb: Token, country: str, ctx: DocContext, *, answered: bool = False) -> list[ActorMention]:
        """Who protests where force is sent at home, in a phrase or clause of the deployment itself: "ahead of
        protests planned by separatists", "as the main opposition party held a mass rally", "to stop
        supporters of Imran Khan from marching". With no one named, protesters are the country's opposition.
        With `answered`, only protests the event gives in to count: "scrapped the law, caving in to protests
        by students"."""
        # "riot police" are no riot; "in March" is a month; "recalled its envoy in protest" protests nothing in
        # the streets.
        protests = [t for t in verb.subtree if t.i != verb.i and t.lemma_.lower() in PROTEST_WORDS
                     and t.pos_ in ("NOUN", "VERB") and t.dep_ != "compound" and t.text not in MONTH_NAMES
                     and not (t.dep_ == "pobj" and t.head.lower_ == "in")
                     and not any(c.dep_ == "poss" and not self._resolve_all(c, ctx) for c in t.children)
                     and (not answered or _answers(t, verb))]
        if not protests:
            return []  # (nor is "the currency's rally" a protest: what owns it is no actor)
        heads = []
        for protest in protests:
            if protest.pos_ == "VERB":
                heads += _source_heads(protest)
            else:
                heads += _authors(protest)
                if protest.dep_ == "dobj":
                    heads += _source_heads(protest.head)  # "the opposition held a mass rally"
        found = [m for h in heads for m in self._resolve_all(h, ctx)
                 if m.code[:3] == country or m.code.startswith(UNKNOWN_COUNTRY)]
        found = [replace(m, code=m.code.replace(UNKNOWN_COUNTRY, country, 1)) for m in found]
        if found:
            return found
        anchor = protests[0]
        return [ActorMention(country + "OPP", "", anchor.idx, anchor.idx, "protesters")] if _is_state(country) else []

    def _claimants(self, trigger: Trigger, ctx: DocContext) -> list[ActorMention]:
        """Who claimed the attack an event is part of: the event's own noun ("a bombing claimed by the
        Taliban") or the attack its clause is "in" ("blew himself up ..., in an attack claimed by
        al-Shabaab"); not an earlier attack the event answers ("in retaliation for an attack claimed by")."""
        verb = trigger.token
        clause = {verb.i} | {t.i for t in verb.subtree if t.pos_ in ("VERB", "AUX")}
        nouns = [trigger.noun] if trigger.noun is not None else []
        nouns += [t for t in verb.subtree if t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.head.i in clause]
        return [m for noun in nouns for claimed in noun.children
                if claimed.lemma_.lower() == "claim" and claimed.tag_ == "VBN" and claimed.dep_ == "acl"
                and (pattern := self._noun_pattern(noun)) is not None and pattern.code[:2] in VIOLENT_ROOTS
                for agent in claimed.children if agent.dep_ == "agent"
                for claimant in agent.children if claimant.dep_ == "pobj"
                for m in self._resolve_all(claimant, ctx)]

    @staticmethod
    def _unnamed(mention: ActorMention, ctx: DocContext) -> bool:
        """Whether a mention names no one from the dictionaries: "a suicide bomber", "gunmen" (but not
        "Afghan police" or "a Palestinian suicide bomber", whose country is named)."""
        return not any(t.i in ctx.match_at for t in ctx.doc if mention.start <= t.idx < mention.end)

    def _brokers(self, trigger: Trigger, ctx: DocContext) -> list[ActorMention]:
        """Who brokered the deal, truce or talks an event concerns: "a US-brokered agreement", "released
        prisoners under a Qatari-mediated truce"."""
        verb = trigger.token
        nouns = [trigger.noun] if trigger.noun is not None else []
        nouns += _objects(verb) + _prep_objects(verb, ("under", "to", "in"))
        return [m for noun in nouns for adjective in noun.children
                if adjective.dep_ == "amod" and adjective.lower_ in BROKERING
                for broker in adjective.children if broker.dep_ in ("npadvmod", "compound", "nmod", "amod")
                for m in self._resolve_all(broker, ctx)]

    def _crowd_country(self, sentence: Span, located: list[ActorMention], ctx: DocContext) -> str | None:
        """The country a crowd of no stated country protests in: where the protest or a clause of the
        sentence happens ("shut down across Portugal as unions staged a strike", "ground to a halt across
        Belgium"), not where a thing it names is ("the war in Iraq"); none for protests at an embassy or in
        support of others abroad."""
        if any(t.lemma_.lower() in ABROAD_PROTEST_WORDS for t in sentence):
            return None
        if (country := _first_country(located)) is not None:
            return country
        for head in sentence:
            attached = head.head.head if head.dep_ == "pobj" else head
            if attached.pos_ == "NOUN" and attached.dep_ == "pobj":
                attached = attached.head.head  # "to a halt across Belgium"
            if head.dep_ == "pobj" and head.head.lower_ in LOCATION_PREPS and (
                    attached.pos_ in ("VERB", "AUX") or attached.dep_ == "ROOT"):
                match = ctx.match_at.get(head.i)
                if match is not None and match.actor.kind in ("country", "capital", "place"):
                    code = match.actor.code_on(ctx.date)
                    if code and _is_state(code):
                        return code[:3]
        return None

    def _sentence_place(self, sentence: Span, ctx: DocContext) -> str | None:
        """The country of the first city or region the sentence places something in ("in Kinshasa")."""
        for head in sentence:
            if head.dep_ != "pobj" or head.head.lower_ not in LOCATION_PREPS:
                continue
            # "in Kinshasa", "in Nigeria's Plateau state": a place within the place phrase.
            for token in head.doc[head.left_edge.i:head.i + 1]:
                match = ctx.match_at.get(token.i)
                # A demonym names a place only on a settlement ("the Russian city of Kazan"), not on
                # what someone owns ("the Saudi maternity hospital").
                if match is not None and (match.actor.kind in ("country", "capital", "place") or (
                        match.actor.kind == "demonym" and token.head.lemma_.lower() in SETTLEMENTS)):
                    code = match.actor.code_on(ctx.date)
                    if code and _is_state(code):
                        return code[:3]
        return None

    def _country_of(self, places: list[Token], ctx: DocContext) -> str | None:
        return _first_country([m for h in places for m in self._resolve_all(h, ctx)])

    def _events(self, sources: list[ActorMention], target_heads: list[list[Token]], code: str, trigger: Trigger,
                sentence: Span, index: int, ctx: DocContext, document: Document, *, negated: bool,
                hypothetical: bool, speaker: Token | None, location_heads: list[Token] = ()) -> list[Event]:
        # "Leaders of the IGAD regional bloc": a generic body beside the named one is the same actor.
        sources = [s for s in sources if not _generic_beside(s, sources)]
        if not sources:
            return []
        claimants = self._claimants(trigger, ctx) if code[:2] in VIOLENT_ROOTS else []
        if claimants and all(self._unnamed(s, ctx) for s in sources):
            # "A suicide bomber blew himself up ..., in an attack claimed by Islamic Jihad": the group that
            # claims the attack carried it out.
            sources = claimants
        drilling = {s.code[:3] for s in sources if _is_state(s.code)} if code in ("150", "062") else set()
        drill = trigger.noun if trigger.noun is not None else trigger.token
        if len(drilling) > 1 and drill.lemma_.lower() in DRILLS and not any(
                _is_state(m.code) and m.code[:3] not in drilling
                for h in [*location_heads, *(h for heads in target_heads for h in heads)]
                for m in self._resolve_all(h, ctx)):
            # "Indian and Australian warships began a naval exercise in the Bay of Bengal": forces drilling
            # together cooperate (but drills "off the coast of China" are a show of force to China).
            code = "062"
            target_heads, location_heads = [], ()  # where they drill is no party
        own_countries = {s.code[:3] for s in sources}
        targets: list[ActorMention] = []
        own_forces: list[ActorMention] = []  # the target left when nothing prompted a show of force
        # A bare agent is placed by its own phrase first: "the police station in Kabul".
        own_place: dict[int, str] = {}
        # "Armenia and Azerbaijan signed a declaration at the White House": where parties to a
        # mutual event meet is not whom they act on.
        parties = len({s.code for s in sources}) > 1 and (_reciprocal(code, trigger) or trigger.mutual)
        if len({s.code for s in sources}) > 1 and any(_each_other(h) for heads in target_heads[:1] for h in heads):
            target_heads = []  # "Thai and Cambodian troops shelled each other's positions"
            trigger = replace(trigger, mutual=True)
        for heads in target_heads:
            for head in heads:
                if parties and (_venue(head, ctx) or (head.dep_ == "pobj" and head.head.lower_ in TOPIC_PREPS
                                                      and code[:2] not in MATERIAL_CONFLICT_ROOTS)):
                    continue  # "... agreed to share intelligence on militant networks": a topic, not a party
                if _domestic(code) and head.dep_ == "pobj" and head.head.lower_ == "with" and any(
                        c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children):
                    continue  # "stepped down with her entire government": her company, not a target
                found = self._resolve_all(head, ctx)
                if trigger.token.dep_ == "acl" and all(
                        any((m.start, m.end) == (s.start, s.end) for s in sources) for m in found):
                    found = []  # "the terms offered by the EU": the noun's author is the participle's own source
                if code[:2] == "15" and head.dep_ == "dobj" and head.head.i == trigger.token.i:
                    # "Greece put its armed forces on alert": one's own forces are the means, not the target.
                    own_forces += [m for m in found if m.code[:3] in own_countries]
                    found = [m for m in found if m.code[:3] not in own_countries]
                if head.lemma_.lower() in TIES and head.i not in ctx.match_at:
                    # "severed Turkey's diplomatic ties with Israel": the owner of the ties is the
                    # actor's own side; the other side is in the with-phrase.
                    found = [m for m in found if m.code[:3] not in own_countries]
                match = ctx.match_at.get(head.i)
                if code[:2] in VIOLENT_ROOTS and match is not None and match.actor.kind == "capital":
                    # "Russia pounded Kyiv": force hits the city, not the government it stands for.
                    found = [replace(m, code=m.code[:3]) for m in found]
                    own_place.update((id(m), m.code) for m in found)  # "rebels seized Damascus" are Syrian
                targets += found
                inner = self._country_of(_locations(head), ctx)
                if inner is not None:
                    own_place.update((id(m), inner) for m in found)
            if targets:
                break
        if not targets and code[:2] in VIOLENT_ROOTS:
            # "slaughtered 460 patients", "killed 20 people": the unnamed victims are civilians.
            victim = next((h for heads in target_heads for h in heads if h.lemma_.lower() in VICTIMS), None)
            if victim is not None:
                mention = _mention_span(UNKNOWN_COUNTRY + "CVL", ctx.doc, victim.i, victim.i + 1, "victims")
                targets = [mention]
                inner = self._country_of(_locations(victim), ctx)
                if inner is not None:
                    own_place[id(mention)] = inner
        if not targets and code[:2] == "15" and not trigger.pattern_id.startswith("c."):
            # "Greece put its armed forces on alert after Turkey sent a survey ship": a show of
            # force answers the actor of the clause that prompted it.
            targets = [m for h in _cause_subjects(trigger.token) for m in self._resolve_all(h, ctx)
                       if m.code[:3] not in own_countries and m.code[:3].isalpha()] or own_forces
        if not targets and code == "016":
            targets = self._accusers(sources, trigger, sentence, ctx)
        if not targets and code[:2] == "08" and not _domestic(code) and _is_state(sources[0].code):
            # "Ruto withdrew the finance bill, bowing to a wave of protests": a concession to protest is made
            # to those protesting.
            targets = self._protesters(trigger.token, sources[0].code[:3], ctx, answered=True)
        if not targets and ((code[:3] in ("012", "013") and trigger.noun is not None) or code == "011"):
            # (Only hope or gloom voiced: "said it hoped French officials would be indicted" is a wish.)
            targets = self._concerned(sources, trigger, ctx)
        if code in ("150", "153", "154") and all(len(t.code) == 3 and t.code in own_countries for t in targets) \
                and (protesters := self._protesters(trigger.token, sources[0].code[:3], ctx)):
            # "deployed thousands of riot police across Dhaka as the opposition held a mass rally": force
            # mobilised at home is aimed at those protesting.
            targets = protesters
            if code == "150":
                code = "153" if any(o.lemma_.lower() in POLICE_NOUNS for o in _objects(trigger.token)) else "154"
        if code == "150" and targets and any(o.lemma_.lower() in GROUND_FORCES for o in _objects(trigger.token)) \
                and any(h.lemma_.lower() in BORDER_NOUNS and h.dep_ == "pobj" and h.head.lower_ in TOWARDS
                        for heads in target_heads for h in heads):
            code = "154"  # "moved troops and tanks to its border with Pakistan": a build-up, not a display
        if not targets and (code[:2] in REACTION_ROOTS or (
                code[:2] == "19" and trigger.token.lemma_.lower() in COUNTERATTACKS)):
            targets = self._reacted_to(sources, trigger, sentence, ctx)
        reciprocal = not targets and len({s.code for s in sources}) > 1 and (
            _reciprocal(code, trigger) or trigger.mutual)
        located = [m for h in location_heads for m in self._resolve_all(h, ctx)]
        place = _first_country(located)
        if place is None and (code[:3] in ("040", "042", "043", "044") or code[:2] in MATERIAL_CONFLICT_ROOTS
                              or code[:2] == "07"):  # aid goes to people where the sentence places them
            # Meetings, protest and force happen where the sentence says ("met at a summit in
            # Paris"), which places a bare agent: "protesters attacked the embassies of Rwanda,
            # France and the United States in Kinshasa".
            place = self._sentence_place(sentence, ctx)
        # A visit, meeting or protest is located abroad; force may be at home ("shelled Donetsk").
        own = {s.code[:3] for s in sources} if code[:2] in ("04", "14") else {s.code for s in sources}
        placed_event = code[:2] in LOCATED_ROOTS or trigger.pattern_id in TRIBUTES_ABROAD
        if not targets and located and not reciprocal and placed_event and not {m.code[:3] for m in located} & own:
            # With no actor acted upon, the place the event happens in is its target, as in
            # GDELT and PETRARCH ("staged a protest in Beijing") — unless it is the actor's own.
            # Protesters of no stated country protest against the government where they march.
            at_home = code[:2] == "14" and all(s.code.startswith(UNKNOWN_COUNTRY) for s in sources)
            targets = [ActorMention(m.code[:3] + ("GOV" if at_home else ""), m.text, m.start, m.end,
                                    f"location:{m.entry}") for m in located]
        if not targets and not reciprocal and code == "042" and place is not None and place not in own_countries \
                and all(_is_state(s.code) for s in sources):  # (a bare visitor is placed there too)
            # "signed an agreement in Tehran during a visit by Wang Yi": a visit with no place of its own is
            # paid where the sentence happens.
            targets = [ActorMention(place, "", trigger.token.idx, trigger.token.idx, "location:sentence")]
        if code[:2] == "14":
            # "Serbs took to the streets of Belgrade": their own country protested against is its government.
            targets = [replace(t, code=t.code + "GOV") if len(t.code) == 3 and t.code in own_countries else t
                       for t in targets]
        if not targets and not reciprocal and code[:2] == "14":
            # "Hong Kong residents marched", "rioters torched cars in Paris": with no one named, a
            # protest is against the protesters' own government.
            # "trade unions staged a general strike" with the country named elsewhere in the sentence
            # ("ground to a halt across Belgium as ..."): the unions are that country's.
            targets = [ActorMention(country + "GOV", "", s.start, s.start, "domestic") for s in sources[:1]
                       if (country := s.code[:3] if _is_state(s.code) else
                           self._crowd_country(sentence, located, ctx)
                           if s.code.startswith(UNKNOWN_COUNTRY) else None) is not None
                       and s.code[3:6] != "GOV" and s.code[3:6] not in ARMED_SECTORS]
        if not targets and not reciprocal and _vetoes_legislation(trigger):
            # "Duda vetoed two contested bills": a bill is vetoed against the legislature that passed it.
            # (Only a head of state or government vetoes bills; a country's veto is cast at the UN.)
            targets = [ActorMention(s.code[:3] + "LEG", "", s.start, s.start, "legislature") for s in sources[:1]
                       if _is_state(s.code) and s.code[3:6] == "GOV"]
        if not targets and not reciprocal and _domestic(code):
            # "The president resigned", "the government imposed a curfew": the country itself
            # is acted upon. The target has no words of its own, so its span is empty.
            targets = [ActorMention(s.code[:3], "", s.start, s.start, "domestic") for s in sources[:1]
                       if len(s.code) > 3 and _is_state(s.code)]
        pairs = [(s, t) for s in sources for t in targets]
        if reciprocal:
            # "Iraq and Syria signed an agreement": with no target, coordinated sources act on
            # each other, both directions, as CAMEO codes reciprocal events.
            pairs = [(s, t) for s in sources for t in sources if s is not t]
        pairs = [p for p in (_place_agents(s, t, ctx, own_place.get(id(t), place), mutual=reciprocal,
                                           material=code[:2] in MATERIAL_CONFLICT_ROOTS)
                             for s, t in pairs) if p is not None and not _own_forces(*p, code)]
        events = []
        # Words naming what acted: the subject phrase, objects and "with" phrases ("Israeli jets").
        wielded = [*_source_heads(trigger.token), *_objects(trigger.token), *_prep_objects(trigger.token, ("with",))]
        wielded_phrases = [_phrase_tokens(h) for h in wielded]
        offset = sentence.start_char
        token = trigger.token
        speaker_text = _phrase_text(speaker) if speaker is not None else None
        coded = [(s, t, code) for s, t in pairs]
        if code[:2] in BROKERED_ROOTS:
            # "Armenia and Azerbaijan concluded a Russian-brokered deal": the broker mediated between the parties.
            # (Captives freed under the deal are no party to it: "released hostages under a Qatari-mediated deal".)
            parties = list({m.code: m for pair in pairs for m in pair if m.code[3:6] not in CAPTIVE_SECTORS}.values())
            coded += [(broker, party, "045") for broker in self._brokers(trigger, ctx) for party in parties
                      if party.code[:3] != broker.code[:3]]
        if code == "062" and not reciprocal and drill.lemma_.lower() in DRILLS:
            # "Turkish warships held joint drills with a US destroyer": both sides drill with each other.
            coded += [(t, s, code) for s, t in pairs]
        # ... and so claimed responsibility for it (015) towards whom it hit.
        coded += [(claimant, target, "015") for claimant in claimants if claimant.code in {s.code for s in sources}
                  for target in {t.code: t for _, t in pairs}.values()]
        if code == "043":
            # "Ruto welcomed King Charles to Nairobi": the guest visits the host's country.
            coded += [(t, ActorMention(s.code[:3], s.text, s.start, s.end, s.entry), "042") for s, t in pairs
                      if _is_state(s.code) and s.code[:3] != t.code[:3]]
        for source, target, given in coded:
            if source.code == target.code or source.code[:3] == target.code[:3] == "":
                continue
            # What is hit is no instrument: "shot down a Malian army drone".
            instruments = " ".join(t.lower_ for phrase in wielded_phrases
                                   if not any(target.start <= t.idx < target.end for t in phrase) for t in phrase)
            pair_code = _mass_expulsion(_mass_violence(given, trigger.token, target, sentence), trigger.token, target)
            if pair_code == given:
                pair_code = _assault(_aerial(_repression(given, source, target), source, instruments), source,
                                     instruments)
            if pair_code[:2] == "19" and _into_the_sea(trigger.token):
                pair_code = "150"  # "fired missiles into waters around Taiwan": a show of force, nothing hit
            if pair_code in ("042", "150") and _relief_party(trigger.token):
                pair_code = "073"  # "a Chinese search-and-rescue team arrived in Port-au-Prince"
            if pair_code.startswith("087") and target.code.startswith("IGO") and _is_state(source.code) and not any(
                    o.lemma_.lower() in GROUND_FORCES for o in _objects(trigger.token)):
                pair_code = "160"  # "Kiribati pulled out of the Pacific Islands Forum": leaving a body
            if pair_code in ("042", "150", "192") and _invited_force(
                    trigger.token, pair_code, domestic=source.code[:3] == target.code[:3]):
                pair_code = "074"  # troops landing "at the request of the government", "to restore order"
            if pair_code[:2] in ("18", "19") and not pair_code.startswith("183") and _assassination(
                    trigger.token, target, ctx):  # a suicide bombing stays one whoever it kills
                pair_code = "186"
            if pair_code == "040" and place is not None and place not in (source.code[:3], target.code[:3]):
                pair_code = "044"  # met in a third country
            if pair_code == "090":
                pair_code = _inquiry_kind(trigger)
            if pair_code in PROTEST_KINDS_OF:
                pair_code = _protest_kind(pair_code, sentence)
            confidence = self.calibration.calibrate(
                _confidence(trigger, source, target, speaker is not None, len(pairs)))
            event_type = self.ontology.event(pair_code)
            events.append(Event(
                event_id=event_id(document.id, index, source.code, target.code, pair_code, token.idx),
                doc_id=document.id,
                date=document.date.isoformat() if document.date else None,
                sentence_index=index,
                sentence=sentence.text,
                source=source.code, source_text=source.text,
                source_start=source.start - offset, source_end=source.end - offset,
                target=target.code, target_text=target.text,
                target_start=target.start - offset, target_end=target.end - offset,
                code=pair_code, name=event_type.name, root=event_type.root,
                quad_class=event_type.quad_class, goldstein=event_type.goldstein,
                trigger_text=token.text, trigger_start=token.idx - offset,
                trigger_end=token.idx + len(token) - offset,
                pattern_id=trigger.pattern_id + (ALONGSIDE.get(given, "") if given != code else ""),
                confidence=confidence,
                negated=negated, hypothetical=hypothetical,
                attributed=speaker is not None, attributed_to=speaker_text,
                plover=self.ontology.plover_event(pair_code),
                source_entry=source.entry, target_entry=target.entry,
            ))
        return events


TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "month",
              "year", "day", "night", "morning", "evening", "weekend", "time", "january", "february", "march",
              "april", "may", "june", "july", "august", "september", "october", "november", "december",
              "anniversary", "eve", "dawn", "midnight", "today", "yesterday", "tomorrow"}


def _in_name(token: Token) -> bool:
    return token.i in token.doc.user_data.get(NAME_TOKENS, ())


def _temporal(prep: Token) -> bool:
    """ "on Thursday", "in 2019", "for the first time": prepositions that say when, not what."""
    return any(g.dep_ == "pobj" and (g.lower_ in TIME_WORDS or g.like_num) for g in prep.children)


def _load_semantic() -> SemanticFallback:
    from dyad.semantic import SemanticFallback  # imported here: torch is an optional extra

    return SemanticFallback.load()


def _semantic_phrase(verb: Token, ctx: DocContext) -> str:
    """The words of an event phrase without its actors: "took ... into custody", "slapped tariffs on"."""
    tokens = [verb, *(c for c in verb.children if c.dep_ == "prt")]
    objects = [o for o in _objects(verb) if o.i not in ctx.match_at and o.pos_ != "PRON"]
    tokens += objects[:1]
    preps = sorted((c for h in [verb, *objects[:1]] for c in h.children if c.dep_ in ("prep", "dative")
                    and c.i > verb.i and not _temporal(c)), key=lambda t: t.i)
    if preps:
        tokens.append(preps[0])
        tokens += [c for c in preps[0].children if c.dep_ == "pobj" and c.i not in ctx.match_at
                   and c.pos_ == "NOUN"]
    return " ".join(t.lower_ for t in sorted(tokens, key=lambda t: t.i))


# Building the dictionary tokenises some 40,000 names; coders built with the same pipeline and the
# same (unchanged) files share one, which is never modified after it is built.
_DICTIONARIES: dict[tuple[object, ...], ActorDictionary] = {}


def _dictionary_for(nlp: Language, settings: CoderSettings) -> ActorDictionary:
    files = (*settings.actor_files, *settings.tabari_actor_files, *settings.tabari_agent_files)
    key = (id(nlp), settings.builtin_actors, settings.actor_files, settings.tabari_actor_files,
           settings.tabari_agent_files, tuple(path.stat().st_mtime_ns if path.exists() else -1 for path in files))
    if key not in _DICTIONARIES:
        tokenizer = nlp.tokenizer
        _DICTIONARIES[key] = build_dictionary(
            lambda text: [t.text for t in tokenizer(text)],
            user_actor_files=settings.actor_files,
            tabari_actor_files=settings.tabari_actor_files,
            tabari_agent_files=settings.tabari_agent_files,
            include_builtin=settings.builtin_actors,
        )
    return _DICTIONARIES[key]


# -- syntax helpers ---------------------------------------------------------------------------------


def _repression(code: str, source: ActorMention, target: ActorMention) -> str:
    """CAMEO's readings of domestic force: by a state's own security forces against its protesters
    or civilians it is repression (175); by protesters against their own state it is a riot (145)."""
    if code[:2] not in ("18", "19") or source.code[:3] != target.code[:3]:
        return _riot(code, source)
    if source.code[3:6] in STATE_FORCES and target.code[3:6] in CIVILIAN_SECTORS and code[:3] not in HEAVY_WEAPONS:
        # Shelling or bombing one's own people is coded as such, not as crowd repression.
        return "175"
    if source.code[3:6] in PROTEST_SECTORS:
        return "145"
    if source.code[3:6] in ("OPP", "CVL") and target.code[3:6] in STATE_FORCES | {"", "LEG", "JUD"}:
        return "145"
    return code


def _aerial(code: str, source: ActorMention, instruments: str) -> str:
    """Fighting done by aircraft or drones ("Israeli warplanes struck", "pounded with drones") is 195."""
    words = set(f"{source.text.lower()} {instruments}".split())
    if code in ("190", "193", "194") and words & AIRCRAFT and "anti" not in words:
        return "195"
    return code


def _assault(code: str, source: ActorMention, instruments: str) -> str:
    """Force by gunmen, assassins or suicide bombers is an assault (18), not conventional fighting (19)."""
    if code[:2] != "19" and code != "180":
        return code
    words = set(f"{source.text.lower()} {instruments}".split())
    if "suicide" in words:
        return "1831"  # "a suicide bomber rammed a car into the camp", however the verb alone is coded
    if code == "180":
        return code
    if words & ASSAILANTS:
        return "180"
    return code


def _mass_violence(code: str, verb: Token, target: ActorMention, sentence: Span) -> str:
    """CAMEO's unconventional mass violence (20): force with chemical weapons (2041), killings of
    civilians by the hundreds (202), or force in a campaign of ethnic cleansing (203)."""
    if code[:2] not in ("18", "19"):
        return code
    words = {t.lower_ for t in sentence}
    lemmas = {t.lemma_.lower() for t in sentence}
    chemical_attack = any(t.lemma_.lower() in ("attack", "assault", "bombing", "shelling") and any(
        c.lower_ in ("chemical", "gas", "nerve") for c in t.children) for t in sentence)
    if lemmas & CHEMICAL_AGENTS or chemical_attack:
        return "2041"  # "in a chemical attack", "chlorine bombs"; not "strikes on chemical weapons sites"
    if "cleansing" in words and "ethnic" in words:
        return "203"
    civilians = target.code[3:6] in CIVILIAN_SECTORS or target.code[3:6] in ("", "REF")
    count = _object_count(verb) if verb.lemma_.lower() in KILLING_VERBS and civilians else 0
    # (Dozens of protesters shot dead are repression, 175.)
    if count >= 100 or (count >= MASS_KILLING and not lemmas & (EXPLOSIVE_WORDS | PROTEST_WORDS)
                        and target.code[3:6] != "OPP"):
        # "murdered more than 200 civilians", "shot dead at least 60 civilians", "hacked to death 36 villagers";
        # but a bombing's toll of dozens is the bombing's ("a truck bomb killed 39 people").
        return "202"
    return code


def _relief_party(verb: Token) -> bool:
    """Whether who arrives or is sent is a rescue or relief team ("rescue teams with sniffer dogs")."""
    for head in _objects(verb) + [c for c in verb.children if c.dep_ in SUBJECT_DEPS]:
        words = {t.lower_ for t in head.subtree if t.i <= head.i} | {t.lemma_.lower() for t in head.subtree
                                                                    if t.i <= head.i}
        if words & MILITARY_WORDS:
            continue  # "a Russian military medical unit" is a deployment
        if head.lemma_.lower() in RESCUERS or (head.lemma_.lower() in TEAMS and words & RELIEF_WORDS):
            return True
    return False


def _ruled_unlawful(verb: Token) -> Token | None:
    """The clause of a ruling that someone broke the law: "ruled that Johnson had acted unlawfully",
    "found that Turkey had violated the rights of ...", if any."""
    if verb.lemma_.lower() not in ("rule", "find"):
        return None
    for clause in verb.children:
        if clause.dep_ != "ccomp" or _negated(clause):
            continue
        lemma = clause.lemma_.lower()
        if lemma in WRONGDOING_VERBS or (lemma == "act" and any(
                c.lower_ in ("unlawfully", "illegally", "unconstitutionally") for c in clause.children)):
            return clause
    return None


def _into_the_sea(verb: Token) -> bool:
    """Whether a launch lands in the sea ("fired missiles into waters off Japan", "shells into the sea")."""
    return verb.lemma_.lower() in ("fire", "launch") and any(
        p.lower_ in ("into", "in") and g.lemma_.lower() in ("water", "waters", "sea", "ocean")
        for p in verb.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")


def _mass_expulsion(code: str, verb: Token, target: ActorMention) -> str:
    """Deporting or driving out people by the thousand is CAMEO's mass expulsion (201): "expelled
    more than 10,000 Haitians", "forced half a million Afghan migrants back across the border"."""
    if code not in ("174", "170") or target.code[3:6] not in ("", "CVL", "REF", "OPP", "LAB") or (
            code == "170" and not any(c.lower_ in ("back", "out") for c in verb.children)):
        return code
    return "201" if _object_count(verb) >= 1000 else code


def _object_count(verb: Token) -> float:
    """How many the direct object counts ("more than 200 civilians", "hundreds of protesters", "half a
    million migrants"); 0 when no number counts it (a year in a relative clause does not)."""
    best = 0.0
    for obj in (o for o in verb.children if o.dep_ in OBJECT_DEPS):
        numbers = [obj] + [c for c in obj.children if c.dep_ in ("nummod", "quantmod")]
        numbers += [g for n in numbers[1:] for g in n.children if g.dep_ in ("nummod", "quantmod", "compound")]
        for token in numbers:
            word = token.lower_
            best = max(best, ROUGH_COUNTS.get(word, 0.0), _number(token) if token.like_num else 0.0)
    return best


def _number(token: Token) -> float:
    try:
        return float(token.text.replace(",", ""))
    except ValueError:
        return 0.0


def _riot(code: str, source: ActorMention) -> str:
    """Force, seizure or destruction by protesters, students or strikers is a violent protest (145);
    a riot or rampage by armed actors is an assault (180)."""
    if code[:2] in ("17", "18", "19", "20") and source.code[3:6] in PROTEST_SECTORS:
        return "145"
    if code == "145" and source.code[3:6] in ARMED_SECTORS:
        return "180"  # "troops rampaged through the village", "soldiers stormed his party's headquarters"
    return code


def _own_forces(source: ActorMention, target: ActorMention, code: str) -> bool:
    """A state acting on its own army or government ("Poland deployed troops") is almost always the
    instrument of the event misread as its target; people demanding of or protesting against their
    own government are the exception."""
    if len(source.code) != 3 or target.code[:3] != source.code:
        return False
    return target.code[3:6] == "MIL" or (target.code[3:6] == "GOV" and code[:2] not in ("10", "11", "12", "14"))


def _domestic(code: str) -> bool:
    """Codes whose target, when none is named, is the actor's own country: resigning, easing or
    imposing restrictions at home (a curfew, a state of emergency), promising either, a coup."""
    return code.startswith(("0831", "081", "082", "172", "1231", "0341", "0351", "0352")) or code == "170"


def _reciprocal(code: str, trigger: Trigger) -> bool:
    """Codes CAMEO reads both ways when coordinated actors have no other target (meet, sign, fight).
    Force is mutual only when it is a fight: "Israeli and US strikes" are on someone else."""
    if code[:2] == "19":
        word = trigger.noun if trigger.noun is not None else trigger.token
        return word.lemma_.lower() in MUTUAL_FORCE
    return code[:2] in RECIPROCAL_ROOTS or code.startswith("0871")


def _place_name_at(doc: Doc, match: ActorMatch, *, town: bool) -> bool:
    """Whether a GeoNames name is used as a place here. A city's name joined to other proper nouns is
    part of another name ("Vladimir Kara-Murza", "Jose Ruben Zamora"); a town's name ("Bakhmut",
    "Castro") must also follow a preposition of place, as towns are named in news ("near Pahalgam")."""
    def proper(i: int, step: int) -> bool:
        if not 0 <= i < len(doc):
            return False
        if doc[i].text == "-":
            return 0 <= i + step < len(doc) and doc[i + step].pos_ == "PROPN"
        return doc[i].pos_ == "PROPN"
    if proper(match.start - 1, -1) or proper(match.end, 1):
        return False
    if not town:
        return True
    before = match.start - 1
    if before >= 0 and doc[before].lower_ == "the":
        before -= 1
    return before >= 0 and doc[before].lower_ in TOWN_PREPS


def _venue(head: Token, ctx: DocContext) -> bool:
    """Where parties meet: a place ("at the White House"), or a gathering ("on the sidelines of the
    BRICS summit", "at the G20 summit")."""
    if head.dep_ != "pobj":
        return False
    if head.lemma_.lower() in GATHERINGS or head.head.head.lemma_.lower() in GATHERINGS:
        return True
    match = ctx.match_at.get(head.i)
    if head.head.lower_ == "at" and match is not None and (match.actor.code_on(ctx.date) or "").startswith("IGO"):
        return True  # "signed a treaty at the United Nations": where, not with whom
    if head.head.lower_ not in ("at", "in"):
        return False
    if match is not None and match.actor.kind in PLACE_KINDS:
        return True
    # "in the Saudi port city of Jeddah", "at a hotel in Doha": a settlement or building is a place.
    return head.lemma_.lower() in SETTLEMENTS or any(p.lower_ in ("in", "of") and any(
        (m := ctx.match_at.get(g.i)) is not None and m.actor.kind in PLACE_KINDS for g in p.children)
        for p in head.children)


def _continental(doc: Doc, start: int) -> bool:
    """Whether the name at `start` is part of a region's: "Latin American", "Pan-American"."""
    before = start - 1
    if before >= 0 and doc[before].text == "-":
        before -= 1
    return before >= 0 and doc[before].lower_ in CONTINENT_QUALIFIERS and doc[start].lower_ in CONTINENTAL_NAMES


def _war_at_home(noun: Token) -> bool:
    """ "Sudan's war", "Syria's civil war": a conflict named by its possessor and no party or target."""
    return noun.lemma_.lower() in WAR_NOUNS and any(c.dep_ == "poss" for c in noun.children) and not any(
        c.dep_ == "prep" and c.lower_ in ("on", "against", "with", "between", "by") for c in noun.children)


def _figurative(noun: Token) -> bool:
    """ "a war of words", "a battle of wills": no force is used."""
    return noun.lemma_.lower() in ("war", "battle", "fight", "clash") and any(
        g.lemma_.lower() in ("word", "will", "nerve", "idea") for p in noun.children if p.lower_ == "of"
        for g in p.children)


def _background(noun: Token) -> bool:
    """Whether an event noun is talked about rather than reported: "the rapprochement remains
    fragile", "discussing the war between Israel and Hamas", "since the invasion"."""
    head = noun.head.lemma_.lower()
    if noun.dep_ in SUBJECT_DEPS and noun.head.pos_ in ("VERB", "AUX") and head in STATE_OR_AMOUNT_VERBS:
        return True
    if noun.dep_ == "pobj" and head == "since":
        return True  # "for the first time since Baghdad's invasion of Kuwait": a point in time
    return noun.dep_ in OBJECT_DEPS and head in TOPIC_VERBS


def _dated_before(word: Token, day: Date | None, *, modifiers: bool = True) -> bool:
    """Whether an event noun or verb carries a year before the document's ("the 2003 invasion of Iraq",
    "normalised relations in 1965"); without `modifiers`, only "in 1965" counts ("rejoined the 2015
    deal" is news)."""
    dates = [c for c in word.children if c.dep_ in ("nummod", "compound", "amod")] if modifiers else []
    dates += [g for p in word.children if p.dep_ == "prep" and p.lower_ == "in" for g in p.children if g.dep_ == "pobj"]
    years = [int(c.text) for c in dates if c.text.isdigit() and len(c.text) == 4 and 1900 <= int(c.text) <= 2100]
    return bool(years) and day is not None and min(years) < day.year


def _generic_beside(mention: ActorMention, others: list[ActorMention]) -> bool:
    """Whether `mention` is an unnamed body ("the regional bloc") of the kind another names ("IGAD")."""
    if not mention.code.startswith(UNKNOWN_COUNTRY):
        return False  # "the UN and the WHO" are two actors
    kind = mention.code.removeprefix(UNKNOWN_COUNTRY)
    return kind[:3] in NON_STATE_PREFIXES and any(o.code != mention.code and o.code.startswith(kind)
                                                  for o in others)


def _is_state(code: str) -> bool:
    """Whether a code's first three letters name a state (not "---", an IGO, an NGO, ...)."""
    return code[:3].isalpha() and code[:3] not in NON_STATE_PREFIXES


def _first_country(mentions: list[ActorMention]) -> str | None:
    return next((m.code[:3] for m in mentions if _is_state(m.code)), None)


def _deadline(verb: Token) -> Token | None:
    """The demanded act of "gave X seven days to leave", "gave Y until Friday to comply", if any."""
    if verb.lemma_.lower() not in ("give", "grant", "set"):
        return None
    spans = [t for c in verb.children for t in (c, *c.children) if t.lemma_.lower() in TIME_UNITS]
    if not spans and not _prep_objects(verb, ("until", "till")):
        return None
    acts = [c for c in verb.children if c.dep_ in ("advcl", "xcomp", "relcl", "ccomp") and _infinitive(c)]
    acts += [c for t in spans for c in t.children if c.dep_ in ("relcl", "acl") and _infinitive(c)]
    return acts[0] if acts else None


def _captors(captives: list[Token]) -> list[Token]:
    """Who holds the captives: "hostages held by Hamas", "staff detained by Houthi rebels"."""
    return [g for c in captives for v in c.children if v.dep_ == "acl" and v.tag_ == "VBN"
            for a in v.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]


def _surroundings(things: list[Token]) -> list[Token]:
    """Places around the things force is used on: "waters around Taiwan", "a block in Dnipro"."""
    return [p for t in things if not _in_name(t) for p in _prep_objects(t, SURROUNDING_PREPS)]


def _locations(*holders: Token) -> list[Token]:
    """Places the event happens in, nearest first: "outside a hotel in Mogadishu" gives both."""
    seen: set[int] = set()
    found = []
    for holder in holders:
        for token in _prep_objects(holder, LOCATION_PREPS):
            for place in (token, *_prep_objects(token, LOCATION_PREPS)):
                if place.i not in seen:
                    seen.add(place.i)
                    found.append(place)
    return found


def _lemma_candidates(verb: Token) -> list[str]:
    """The lemma, plus regular de-inflections of the word for the few past tenses the model's
    lemmatizer gets wrong ("staged" → "stag", "hoped" → "hop")."""
    lemma = verb.lemma_.lower()
    word = verb.lower_
    forms = [lemma]
    if verb.tag_ in ("VBD", "VBN") and word.endswith("ed"):
        forms += [word[:-1], word[:-2]]
    elif verb.tag_ == "VBZ" and word.endswith("s"):
        forms.append(word[:-1])
    return list(dict.fromkeys(forms))


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)


def _infinitive(verb: Token) -> bool:
    """A "to"-infinitive: "to fight", "to protest"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _complement_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "xcomp" and (child.pos_ in ("VERB", "AUX") or _infinitive(child)):
            return child  # "refused to free X": the tagger may call "free" an adjective
    for child in verb.children:
        # "called on Iran to resume": some parses hang the infinitive as a ccomp or advcl.
        if child.dep_ in ("ccomp", "advcl") and _infinitive(child):
            return child
    if verb.lemma_.lower() in BARE_INFINITIVE_VERBS:
        # "let the United Nations deliver aid": a bare infinitive with its own subject.
        return next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.tag_ in ("VB", "VBP")
                     and c.i > verb.i and any(s.dep_ == "nsubj" and s.i < c.i for s in c.children)), None)
    return None


def _gerund_complement(verb: Token) -> Token | None:
    """ "committed to handing power", "refrained from attacking": a gerund after a preposition
    governed like an infinitive."""
    return next((g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "from")
                 for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"), None)


def _through_quantity(token: Token) -> list[Token]:
    """The people a quantity counts: "dozens of protesters" → protesters; anything else: itself."""
    if token.lemma_.lower() in QUANTITY_NOUNS or token.lower_ in QUANTITY_NOUNS:
        inner = [g for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                 for g in p.children if g.dep_ == "pobj"]
        if inner:
            return inner
    return [token]


def _object_words(things: list[Token]) -> list[str]:
    """The words objects offer to a pattern's `object` list: lemmas, then surface forms."""
    return [o.lemma_.lower() for o in things] + [o.lower_ for o in things]


def _objects(verb: Token) -> list[Token]:
    """Direct objects, looking through quantities: "arrested dozens of protesters" → protesters."""
    # A date misparsed as an object ("on Friday, the first anniversary of ...") is no object.
    objects = [obj for obj in verb.children if obj.dep_ in OBJECT_DEPS and (
        obj.lemma_.lower() not in TIME_WORDS or _counts_something(obj))]  # "four days of drills"
    if len(objects) == 2 and verb.lemma_.lower() in NAMING_VERBS:
        # "branded Gustavo Petro a terrorist murderer": the second object is what the first is called.
        objects = objects[:1]
    if not objects:
        # "declared a state of emergency to quell ...": the parser may make the object the subject
        # of the infinitive that follows it.
        objects = [s for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i and _infinitive(c)
                   for s in c.children if s.dep_ == "nsubj" and s.i < c.i]
    if not objects and not any(c.dep_ in ("prep", "dative", "ccomp", "xcomp", "advcl") for c in verb.children):
        # "threatened to cut off or reduce aid": the object the conjuncts share follows the last.
        objects = [obj for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > verb.i
                   and any(a.dep_ == "cc" for a in verb.children)
                   for obj in c.children if obj.dep_ in OBJECT_DEPS][:1]
    if not objects and (verdict := _verdict(verb)) is not None:
        # "found the former president guilty": the one judged is the subject of the small clause.
        objects = [s for s in verdict.children if s.dep_ == "nsubj" and s.i < verdict.i]
    return [t for obj in objects for t in _through_quantity(obj)]


def _counts_something(token: Token) -> bool:
    """Whether a quantity noun counts what its of-phrase names ("four days of drills", not "the
    anniversary of the war")."""
    return token.lemma_.lower() in QUANTITY_NOUNS and any(
        p.dep_ == "prep" and p.lower_ == "of" for p in token.children)


def _counted_by(token: Token) -> Token | None:
    """The quantity an of-phrase object was counted by: "a raft of sanctions" → raft."""
    return token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None


def _object_holders(verb: Token) -> list[Token]:
    """The objects and the quantities they were counted by, on either of which a phrase may hang."""
    objects = _objects(verb)
    return objects + [q for o in objects if (q := _counted_by(o)) is not None]


def _verdict(verb: Token) -> Token | None:
    """The predicate of a verdict's small clause after the verb: "found Russia *responsible*"."""
    return next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "oprd") and c.i > verb.i
                 and c.lower_ in VERDICT_WORDS), None)


def _that_clause(verb: Token) -> Token | None:
    for child in verb.children:
        marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
        if child.dep_ == "ccomp" and ((child.pos_ in ("VERB", "AUX") and _clause_subjects(child)) or marked):
            return child
    return None


def _subtree_without_conditions(head: Token) -> list[Token]:
    """A clause's words without its "if" and "unless" clauses."""
    conditions = {t.i for c in head.subtree if c.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children) for t in c.subtree}
    return [t for t in head.subtree if t.i not in conditions]


def _yet_to_come(noun: Token) -> bool:
    """Whether an event noun is said to be still to come: "the upcoming talks", "a planned visit", "his
    visit next week", "ahead of a visit by Hu Jintao", "prior to the Pope's visit"."""
    if noun.dep_ in SUBJECT_DEPS and noun.head.tag_ == "VBD":
        return False  # "the scheduled talks took place", "a carefully planned attack killed 20"
    if noun.dep_ == "pobj" and ((noun.head.lower_ == "of" and noun.head.head.lower_ in ("ahead", "anticipation"))
                                or (noun.head.lower_ == "to" and noun.head.head.lower_ == "prior")):
        return True
    return any((c.dep_ in ("amod", "compound") and c.lower_ in UPCOMING_WORDS) or (
        c.dep_ == "npadvmod" and any(g.dep_ == "amod" and g.lower_ in ("next", "coming") for g in c.children))
        for c in noun.children)


def _culprit_clause(verb: Token) -> Token | None:
    """The clause of `verb` that puts someone behind something: "said Iran was behind the sabotage", "was
    sure that Mossad was behind the killing" (not "said it was not behind the attack")."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    clauses += [g for c in verb.children if c.dep_ == "acomp" for g in c.children if g.dep_ == "ccomp"]
    return next((c for c in clauses if c.lemma_.lower() == "be" and not _negated(c) and not _hypothetical(c)
                 and _prep_objects(c, ("behind",)) and _clause_subjects(c)), None)


def _withheld_answer(verb: Token) -> bool:
    """Whether a refusal is one to answer: "declined to say whether ...", "refused to be drawn on ...",
    "declined to confirm the report"."""
    answer = _complement_of(verb)
    return answer is not None and answer.lemma_.lower() in ANSWERING_VERBS and (
        answer.lemma_.lower() != "draw" or is_passive(answer))


def _clause_subjects(clause: Token) -> list[Token]:
    """A clause's subjects; failing that, a name the parser left as a compound of the verb ("that
    Pakistan hand over ...")."""
    subjects = [c for c in clause.children if c.dep_ in SUBJECT_DEPS]
    return subjects or [c for c in clause.children if c.dep_ == "compound" and c.i < clause.i]


def _object_target(verb: Token) -> list[Token]:
    objects = _objects(verb)
    if objects:
        return objects
    return _prep_objects(verb, ADDRESSEE_PREPS)


def _noun_phrase(head: Token) -> list[Token]:
    """A noun's subtree without the clauses inside it ("the way for X" but not "that paves the way for X")."""
    tokens, stack = [], [head]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack.extend(c for c in token.children if c.pos_ not in ("VERB", "AUX"))
    return tokens


def _condition_subjects(verb: Token) -> list[Token]:
    """Subjects of "if"/"unless" clauses under a verb: whose act a threat is conditioned on."""
    return [s for c in verb.subtree if c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children)
            for s in c.children if s.dep_ in SUBJECT_DEPS]


def _prep_objects(holder: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    if not wanted:
        return []
    found = []
    for child in holder.children:
        objects = [g for g in child.children if g.dep_ == "pobj"]
        if not objects and child.lower_ in wanted:
            objects = _stranded_object(child)
        if child.dep_ in ("prep", "dative") and child.lower_ in wanted and objects:
            found.extend(objects)
        elif child.dep_ in ("prep", "prt", "advmod") and child.lower_ in ("out", "away", "back", "off"):
            # "pulled out of Syria": the parser hangs "of Syria" from the particle, and "out of"
            # says what "from" says.
            found.extend(_prep_objects(child, wanted | {"of"} if "from" in wanted else wanted))
    return found


def _expulsion_code(expelled: list[Token]) -> str:
    """What ordering someone out is, by who is ordered: envoys 161, peacekeepers 1661, inspectors
    1662, aid workers 1663, anyone else 174."""
    words = {t.lemma_.lower() for o in expelled for t in _noun_phrase(o)}
    for nouns, code in EXPULSIONS:
        if words & nouns:
            return code
    return "174"


def _seeks(verb: Token, rule: ComplementRule) -> bool:
    """ "sought the extradition of Gulen": seeking a thing (not "to do" it) is asking for it."""
    return rule.kind == "intent" and verb.lemma_.lower() in ("seek", "request") and _complement_of(verb) is None


def _cause_subjects(verb: Token) -> list[Token]:
    """Subjects of the clause an act answers: "... after Turkey sent a survey ship"."""
    return [s for c in verb.children if c.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in ("after", "as", "following", "when") for m in c.children)
        for s in _clause_subjects(c)]


def _protest_kind(code: str, sentence: Span) -> str:
    """What a protest demands, from the words of its sentence: a leader gone (1), a policy changed
    (2), rights (3) or institutions changed (4) — CAMEO's fourth digit for 141-145."""
    words = {t.lemma_.lower() for t in sentence if t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")}
    for digit, cues in PROTEST_DEMANDS:
        if words & cues:
            return code + digit
    return code


def _charge(verb: Token) -> str:
    """The kind of an accusation, from what it is "of" or "for": "accused Russia of war crimes" is
    1124, "of spying" 1125, "of invading its territory" 1123."""
    # The charge's head, its modifiers, a gerund's object and one more "of"/"against" phrase: not the
    # relative clauses around it ("of backing rebels who attacked a town" is no charge of aggression).
    heads = [g for h in [verb, *_objects(verb)] for p in h.children if p.dep_ == "prep" and p.lower_ in ("of", "for")
             for g in p.children if g.dep_ in ("pobj", "pcomp")]
    heads += [o for g in heads for o in _objects(g)]
    heads += [o for g in heads for o in _prep_objects(g, ("of", "against"))]
    words = {t.lemma_.lower() for g in heads for t in [g, *g.children] if t is g or t.dep_ in ("compound", "amod")}
    for nouns, code in CHARGES:
        if words & nouns:
            return code
    return "112"


def _breaks_truce(verb: Token) -> bool:
    """Force "in breach of a humanitarian truce", "in violation of a ceasefire": CAMEO's 196."""
    breaches = [o for o in _prep_objects(verb, ("in",)) if o.lemma_.lower() in BREACH_NOUNS]
    return any(t.lemma_.lower() in TRUCE_WORDS for b in breaches for t in b.subtree)


def _each_other(head: Token) -> bool:
    """Whether a phrase is reciprocal: "each other", "each other's positions", "one another"."""
    words = head.doc[head.left_edge.i:head.i + 1].text.lower()
    return "each other" in words or "one another" in words


def _stranded_object(prep: Token) -> list[Token]:
    """ "fired tear gas at thousands of protesters marching in Lima": the parser may make the object
    of a preposition the subject of the participle that follows it, leaving the preposition bare."""
    if prep.dep_ != "prep" or prep.i + 1 >= len(prep.doc) or any(prep.children):
        return []  # "with the United States abstaining" is a clause of its own
    subject = next((t for t in prep.doc[prep.i + 1:prep.i + 6] if t.dep_ == "nsubj" and t.head.tag_ == "VBG"
                    and t.head.i > t.i and t.left_edge.i == prep.i + 1), None)
    return [subject] if subject is not None else []


def _reduced_passive(verb: Token) -> bool:
    """A past participle with a by-agent modifying a noun ("a deal brokered by China") or a clause
    ("..., hosted by Hillary Clinton")."""
    return verb.dep_ in ("acl", "advcl") and verb.tag_ == "VBN" and not is_passive(verb) \
        and any(c.dep_ == "agent" for c in verb.children)


def _parties(noun: Token) -> list[Token]:
    """Who takes part in an event noun: "talks between X and Y", else the subject of its clause."""
    between = _prep_objects(noun, ("between", "among"))
    if between:
        return between
    clause = noun
    while clause.dep_ not in ("ROOT",) and clause.pos_ != "VERB" and clause.head.i != clause.i:
        clause = clause.head
    return _source_heads(clause) if clause.pos_ == "VERB" else []


def _source_heads(verb: Token) -> list[Token]:
    """Heads of the acting phrase: the subject, or the by-agent of a passive."""
    if is_passive(verb) or _reduced_passive(verb):
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not agents and verb.lemma_.lower() in REMOVAL_VERBS:
            return _prep_objects(verb, ("from",))  # "was extradited from Mexico": the country handing over
        return agents
    heads = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    # "a roadside bomb planted by jihadists", "a rocket fired by Hamas": whoever used the weapon acts.
    heads = [next((g for acl in h.children if acl.dep_ == "acl" for a in acl.children if a.dep_ == "agent"
                   for g in a.children if g.dep_ == "pobj"), h) if h.lemma_.lower() in WEAPONS else h for h in heads]
    if heads and heads[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return [verb.head]
    # "Rival Palestinian factions Fatah and Hamas signed": the parser may make the names a second
    # subject beside the common noun they name.
    heads = [h for h in heads if not (h.pos_ == "NOUN" and any(
        o.pos_ == "PROPN" and o.left_edge.i == h.i + 1 for o in heads))]
    return heads or _stranded_subject(verb) or _inherited_subject(verb)


def _stranded_subject(verb: Token) -> list[Token]:
    """ "a day after Moscow and Kiev signed a deal": a finite clause has a subject of its own, which the
    parser may have taken for the object of the conjunction before it."""
    if verb.dep_ not in ("advcl", "conj") or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return []
    start = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "neg", "advmod") and c.i < verb.i])
    if start == verb.sent.start:
        return []
    noun = verb.doc[start - 1]
    while noun.dep_ == "conj" and noun.head.i < noun.i:
        noun = noun.head
    if noun.pos_ in ("NOUN", "PROPN") and noun.dep_ == "pobj" and noun.head.lower_ in SUBORDINATORS:
        return [noun]
    return []


def _inherited_subject(verb: Token) -> list[Token]:
    """Subject of a verb that has none of its own: conjoined or participial clauses."""
    current = verb
    while (current.dep_ in ("conj", "xcomp", "advcl", "acomp") or (
            current.dep_ == "pcomp" and current.head.lower_ in MANNER_PREPS)) and current.head.i != current.i:
        # "retaliated by flattening a tower": the gerund after "by" shares the clause's subject.
        if (current.dep_, current.tag_) in (("conj", "VBD"), ("advcl", "VBG")) and current.head.tag_ in (
                "VB", "VBP", "VBZ") and current.head.dep_ == "ccomp":
            # "demanded that Georgia free the officers, and recalled its ambassador", "demanded that he
            # resign, branding the deal a capitulation": the parser hung the verb on the demanded act; it
            # is the demanding clause's.
            current = current.head
        current = current.head.head if current.dep_ == "pcomp" else current.head
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects
        if is_passive(current):
            # "Obama is scheduled to attend": the passive subject is the complement's subject.
            if verb.dep_ == "xcomp":
                return [c for c in current.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
            return []
    if verb.dep_ in ("acl", "relcl") and verb.head.dep_ == "attr" and _infinitive(verb):
        # "Russia became the first country to recognise ...": the one who became it acts (also when
        # the becoming is itself a participle: "..., becoming the first US president to visit").
        became = verb.head.head
        return [c for c in became.children if c.dep_ in SUBJECT_DEPS] or _inherited_subject(became)
    if verb.dep_ == "relcl":
        return [verb.head]
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return [verb.head]
    if verb.dep_ == "ROOT":
        # "Nauru cut ties with Taiwan": a sentence-initial name the parser hung on the verb as a modifier.
        return [c for c in verb.children if c.dep_ in ("advmod", "npadvmod", "nmod") and c.pos_ == "PROPN"
                and c.i < verb.i and c.i == c.sent.start]
    return []


def _listed_before(match: ActorMatch | None, head: Token, ctx: DocContext) -> list[Token]:
    """Names listed before a name within its phrase, which the parser did not coordinate ("Barack
    Obama and Dmitry Medvedev signed", read as one phrase headed by "Medvedev")."""
    if match is None:
        return []
    phrase = {t.i for t in head.subtree}
    listed = []
    i = match.start - 1
    while i - 1 >= head.sent.start and ctx.lowers[i] in (",", "and") and (i - 1) in phrase:
        before = ctx.match_at.get(i - 1)
        if before is None or before.end - 1 != i - 1 or before.actor.kind != match.actor.kind:
            break
        listed.append(head.doc[i - 1])
        i = before.start - 1
    return listed


def _conjuncts(head: Token) -> list[Token]:
    result = [head]
    stack = [c for c in head.children if c.dep_ == "conj"]
    # "The US, Russia, and Switzerland met": the parser may read the list as an apposition.
    stack += [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"
              and any(g.dep_ == "conj" for g in c.children)]
    while stack:
        token = stack.pop(0)
        if token.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
            result.append(token)
            stack.extend(c for c in token.children if c.dep_ == "conj")
    return result


def _inquiry_kind(trigger: Trigger) -> str:
    """What an inquiry looks into, from the words of what it is into: war crimes (094), force (093), rights
    abuses (092) or crime and corruption (091); else the parent code."""
    holders = [trigger.token, *([trigger.noun] if trigger.noun is not None else []), *_objects(trigger.token)]
    topics = [t for h in holders for t in _inquired(h) + _prep_objects(h, ("into", "over", "with"))]
    tokens = [t for topic in topics for t in topic.subtree]
    words = {t.lemma_.lower() for t in tokens}
    text = " ".join(t.lower_ for t in tokens)
    if "war crime" in text or "crimes against humanity" in text or "genocide" in words:
        return "094"
    for kind, cues in INQUIRY_KINDS:
        if words & cues:
            return kind
    return "090"


def _inquired(inquiry: Token) -> list[Token]:
    """What an inquiry looks into: the object of "into" or "of", or the subject of the allegation it
    examines ("an inquiry into allegations that Fillon paid his wife"), through "a commission of
    inquiry into North Korea"."""
    found = []
    for topic in _prep_objects(inquiry, ("into", "of", "on")):
        found += _inquired(topic) if topic.lemma_.lower() in INQUIRY_NOUNS else _alleged(topic)
    return found


def _alleged(topic: Token) -> list[Token]:
    """Who an allegation is about ("allegations that Fillon paid his wife" → Fillon), or the topic itself."""
    claim = next((c for c in topic.children if c.dep_ in ("acl", "ccomp", "relcl") and any(
        m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    return _clause_subjects(claim) if claim is not None else [topic]


def _subtree_without_asides(head: Token) -> list[Token]:
    """A phrase's tokens without its relative clauses, participles and "without"/"by" phrases: in "talks with
    North Korea hosted by China" or "a world without the United States", what is hoped about is not the host
    or the one hoped away."""
    tokens, stack = [], [head]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack += [c for c in token.children if not (
            c.dep_ == "relcl" or (c.dep_ == "acl" and c.tag_ in ("VBN", "VBG")
                                  and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children))
            or (c.dep_ == "prep" and c.lower_ in ("without", "by", "except")))]
    return sorted(tokens, key=lambda t: t.i)


def _answers(protest: Token, verb: Token) -> bool:
    """Whether `verb` gives in to `protest`: the protest is in a phrase of what the verb answers ("bowing to
    protests", "after weeks of protests"), not a thing it acts on ("lifted a ban on protests")."""
    token = protest
    while token.i != verb.i and token.head.i != token.i:
        if token.dep_ == "pobj" and token.head.lower_ in ANSWERING_PREPS:
            return True
        token = token.head
    return False


def _vetoes_legislation(trigger: Trigger) -> bool:
    """A veto ("vetoed the bill", "cast a veto against the budget") of something a legislature passes."""
    veto = trigger.noun if trigger.noun is not None and trigger.noun.lemma_.lower() == "veto" else trigger.token
    if veto.lemma_.lower() != "veto":
        return False
    vetoed = _objects(veto) + _prep_objects(veto, ("on", "against", "of", "to"))
    if veto.i != trigger.token.i:
        vetoed += _prep_objects(trigger.token, ("on", "against", "to"))
    vetoed += [whole for part in vetoed for whole in _prep_objects(part, ("of",))]  # "vetoed parts of a bill"
    return any(o.lemma_.lower() in LEGISLATION for o in vetoed)


def _authors(noun: Token) -> list[Token]:
    """Who did what a noun names: its possessor, its "by" phrase, or the agent of a participle on it
    ("Putin's offer", "an attempt by soldiers", "the terms offered by the EU and the IMF")."""
    authors = [c for c in noun.children if c.dep_ == "poss"] + _prep_objects(noun, ("by",))
    for participle in noun.children:
        # Only for what is proposed or done wrong: "the first veto cast by the Obama administration"
        # restates an event.
        if participle.dep_ == "acl" and participle.tag_ == "VBN" and noun.lemma_.lower() in AUTHORED_NOUNS | MISDEEDS:
            authors += [o for a in participle.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    return authors


def _phrase_tokens(head: Token) -> list[Token]:
    """Tokens that describe the same actor as `head`: modifiers, possessors, appositions, 'of'."""
    tokens = [head]
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in PHRASE_DEPS:
                tokens.append(child)
                stack.append(child)
            elif child.dep_ == "npadvmod" and token.lemma_.lower() == "lead":
                tokens.append(child)  # "NATO-led peacekeepers" are NATO's
            elif child.dep_ == "prep" and child.lower_ in ("of", "from") and token is head:
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        tokens.append(grand)
                        stack.append(grand)
    return tokens


def _place_agents(source: ActorMention, target: ActorMention, ctx: DocContext, place: str | None, *,
                  mutual: bool = False, material: bool = False) -> tuple[ActorMention, ActorMention] | None:
    """Give a country to a bare agent ("protesters"): where the event happens, else the country the
    document is about, else the other actor's."""
    placed = []
    for mention, other in ((source, target), (target, source)):
        if mention.code.startswith(UNKNOWN_COUNTRY):
            # A source lends its country to a bare target ("Kenyans protested against the
            # government"); a target lends to a bare source only when it is itself an agent of a
            # country ("police arrested Iraqi protesters"), not a bare country ("officials accused the US").
            lends = mention is target or len(other.code) > 3 or mutual
            if mention.code[3:6] in NON_STATE_PREFIXES:
                # "foreign aid agencies", "the regional bloc": an unnamed organisation has no country;
                # it is coded by its kind alone (NGO, IGO).
                placed.append(ActorMention(mention.code[3:], mention.text, mention.start, mention.end, mention.entry))
                continue
            if mutual and _is_state(other.code):
                # "Indonesia and separatist rebels signed ...": parties to a mutual event share a country.
                country = other.code[:3]
            elif place is not None:
                country = place
            elif ctx.recent_countries:
                country = ctx.recent_countries[-1]
            elif lends and _is_state(other.code):
                # "Ukraine and separatists in the east agreed ... mediated by France": a country named
                # before the agent in its sentence is a better guess than the other party's.
                country = _country_before(mention, ctx) or other.code[:3]
            elif material and (named := _sentence_country(mention, ctx)) is not None:
                # "a day after opposition supporters stormed parliament": both sides bare, the
                # country the sentence names, where force or protest happens on the ground.
                country = named
            else:
                return None
            mention = ActorMention(country + mention.code[3:], mention.text, mention.start, mention.end,
                                   f"context:{country}")
        placed.append(mention)
    return placed[0], placed[1]


def _sentence_country(mention: ActorMention, ctx: DocContext) -> str | None:
    span = ctx.doc.char_span(mention.start, max(mention.end, mention.start + 1), alignment_mode="expand")
    if span is None:
        return None
    # ("a UK-based group", "US-led forces" name a base or a leader, not where things happen.)
    countries = {code[:3] for t in span.sent if (match := ctx.match_at.get(t.i)) is not None
                 and match.actor.kind in PLACE_KINDS and not (t.i + 1 < len(t.doc) and t.nbor(1).text == "-")
                 and (code := match.actor.code_on(ctx.date)) and _is_state(code)}
    return countries.pop() if len(countries) == 1 else None


def _country_before(mention: ActorMention, ctx: DocContext) -> str | None:
    if mention.end <= mention.start:
        return None
    first = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if first is None:
        return None
    for i in range(first.start - 1, first.sent.start - 1, -1):
        match = ctx.match_at.get(i)
        if match is not None and match.actor.kind in PLACE_KINDS:
            code = match.actor.code_on(ctx.date)
            if code and _is_state(code):
                return code[:3]
    return None


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in NEGATORS) for c in verb.children):
        return True
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    # "No country recognised ...", "Neither Israel nor Hamas fired ...".
    return any(any(g.dep_ in ("det", "preconj") and g.lower_ in ("no", "neither") for g in s.children)
               for s in subjects)


def _clause_chain(verb: Token) -> Iterator[Token]:
    """The verb and the verbs it hangs from through conjunction or complements."""
    current = verb
    yield current
    while current.dep_ in ("conj", "xcomp", "acomp") and current.head.i != current.i:  # "would be ready to"
        current = current.head
        yield current


def _invited_force(verb: Token, code: str, *, domestic: bool = False) -> bool:
    """Forces sent in at a government's request or to restore order: peacekeeping (074) in CAMEO."""
    requested = any(p.lower_ == "at" and g.lemma_.lower() in ("request", "invitation")
                    for p in verb.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")
    # (A minister arriving "to help" visits; police sent to help police at home are mobilised.)
    aims = STABILISING | HELPING if code == "150" and not domestic else STABILISING
    purpose = any(c.dep_ in ("advcl", "xcomp") and _infinitive(c)
                  and (c.lemma_.lower() in aims or any(
                      g.lemma_.lower() in aims for g in c.children if g.dep_ in ("xcomp", "ccomp")))
                  for c in verb.children)
    # "NATO rushed 700 troops to Kosovo to reinforce its peacekeeping mission", "EUFOR, the EU's peacekeeping
    # force, began deploying troops".
    peacekeepers = code in ("042", "150") and any(
        t.lemma_.lower() in PEACEKEEPING_WORDS for c in verb.children
        if c.dep_ in ("advcl", "xcomp", "nsubj", "dobj") for t in c.subtree)
    return requested or purpose or peacekeepers


def _carries_cargo(verb: Token) -> bool:
    """ "flew a team of nurses and vaccines to Samoa": a transport verb with a load is a delivery."""
    return verb.lemma_.lower() in CARGO_VERBS and any(not _in_name(o) for o in _objects(verb))


def _assassination(verb: Token, target: ActorMention, ctx: DocContext) -> bool:
    """Killing one political figure ("gunmen shot dead the mayor", "killed the opposition leader") is 186."""
    shot_dead = any(c.lower_ == "dead" for c in verb.children) or (
        verb.i + 1 < len(verb.doc) and verb.nbor(1).lower_ == "dead")  # "shot dead the mayor"
    killed = verb.lemma_.lower() in ("assassinate", "murder", "kill", "slay") or (
        verb.lemma_.lower() in ("shoot", "gun") and shot_dead)
    if not killed or target.end <= target.start:
        return False
    span = ctx.doc.char_span(target.start, target.end, alignment_mode="expand")
    if span is None or any(t.tag_ in ("NNS", "NNPS") for t in span):
        return False
    # A leader of any side, or a person named in full ("shot dead Tamil Tiger leader Velupillai
    # Prabhakaran", "shot dead Osama bin Laden").
    named_person = sum(t.pos_ == "PROPN" and t.i in ctx.match_at and ctx.match_at[t.i].actor.kind == "person"
                       for t in span) >= 2
    named_leader = any(t.lemma_.lower() in LEADERS for t in span) and sum(t.pos_ == "PROPN" for t in span) >= 2
    return target.code[3:6] in POLITICAL_SECTORS or (
        (named_person or named_leader) and target.code[3:6] not in ("MIL", "CRM", "COP"))


def _purpose(verb: Token) -> bool:
    """An infinitive of purpose ("sent troops to help the army fight", "brokered a deal to defuse the row"),
    which states an aim, not an act. Complements of verbs that govern them ("agreed to", "urged X to")
    are coded through those verbs."""
    lemma = verb.lemma_.lower()
    # "sent a team to investigate abuses": CAMEO codes the inquiry so set up as begun; "braved
    # freezing temperatures to protest": so is a crowd's protest (but "summoned the envoy to
    # protest" is a summons).
    realised = lemma in INQUIRY_VERBS or (lemma in PROTEST_VERBS and not any(
        _in_name(o) or o.lemma_.lower() in ENVOYS for o in _objects(verb.head)))
    if verb.dep_ == "acl" and _infinitive(verb) and verb.head.lemma_.lower() in PROPOSAL_NOUNS:
        return True  # "turned down a request for Austin to meet Li", "a plan to annex the valley"
    return verb.dep_ == "advcl" and _infinitive(verb) and not realised


def _hypothetical(verb: Token, *, announced: bool = False) -> bool:
    """Whether a verb is only supposed: under a modal or a condition. With `announced`, the verb's own
    "would" is reported speech's "will" ("announced that Germany would send tanks") and does not count."""
    for clause in _clause_chain(verb):
        for child in clause.children:
            if child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_MODALS and not (
                    announced and clause.i == verb.i and child.lower_ == "would"):
                return True
            if child.dep_ == "mark" and child.lower_ in CONDITION_MARKERS:
                return True
            if child.dep_ == "mark" and child.lower_ in ("until", "till", "before") and clause.tag_ in (
                    "VBZ", "VBP", "VB"):
                return True  # "keep up the pressure until he concedes": not yet done
            if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITION_MARKERS
                                             for g in child.children):
                return True
            if child.dep_ == "advcl" and child.i < clause.i and _inverted_condition(child):
                return True  # "Should M23 fighters withdraw, Kinshasa would open talks"
    return False


def _backshifted_future(verb: Token) -> Token | None:
    """The past verb of saying whose reported speech made a "will" of `verb` into "would", if any: "announced
    that Iran would free the sailors", "said it would retaliate"."""
    if not any(c.dep_ == "aux" and c.lower_ == "would" for c in verb.children):
        return None
    said = _speech_verb(verb)
    return said if said is not None and said.tag_ == "VBD" else None


def _inverted_condition(clause: Token) -> bool:
    """ "Should M23 withdraw", "Had Iran agreed", "Were Russia to attack": a condition without "if"."""
    first = clause.left_edge
    return first.lower_ in INVERTING_AUXILIARIES and (first.i == clause.i or first.head.i == clause.i)


def _future(verb: Token, modals: frozenset[str] | set[str] = FUTURE_MODALS) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in modals for clause in _clause_chain(verb)
               for c in clause.children)


def _speech_verb(verb: Token) -> Token | None:
    """The verb of saying whose complement holds `verb`, if any."""
    current = verb
    while current.head.i != current.i:
        if current.dep_ in ("ccomp", "parataxis") and current.head.lemma_.lower() in SPEECH_VERBS:
            return current.head
        if current.dep_ not in ("conj", "xcomp", "ccomp"):
            return None
        current = current.head
    return None


def _speaker(verb: Token) -> Token | None:
    """Who is reported as saying the clause that holds `verb`, if anyone."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            for grand in child.subtree:
                if grand.dep_ == "pobj" and grand.head.lower_ == "to":
                    return grand
    current = verb
    while current.head.i != current.i:
        if current.dep_ in ("ccomp", "parataxis") and current.head.lemma_.lower() in SPEECH_VERBS:
            subjects = [c for c in current.head.children if c.dep_ in SUBJECT_DEPS]
            return subjects[0] if subjects else current.head
        if current.dep_ not in ("conj", "xcomp", "ccomp"):
            break
        current = current.head
    return None


def _phrase_text(token: Token) -> str:
    tokens = _phrase_tokens(token)
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    return token.doc[start:end].text


def _mention_span(code: str, doc: Doc, start: int, end: int, entry: str) -> ActorMention:
    span = doc[start:end]
    return ActorMention(code, span.text, span.start_char, span.end_char, entry)


def _mention_for(code: str, match: ActorMatch, doc: Doc, entry: str) -> ActorMention:
    return _mention_span(code, doc, match.start, match.end, entry)


def _at(mention: ActorMention, token: Token) -> ActorMention:
    """A remembered actor, placed at the pronoun that refers to it."""
    return ActorMention(mention.code, token.text, token.idx, token.idx + len(token), f"pronoun:{mention.entry}")


def _confidence(trigger: Trigger, source: ActorMention, target: ActorMention, attributed: bool,
                n_pairs: int) -> float:
    """A score in [0, 1] from the evidence behind an event (see docs for its calibration)."""
    score = 0.9 if trigger.specific else 0.75
    for mention in (source, target):
        if mention.entry.startswith(("pronoun:", "context:")):
            score -= 0.15
        elif mention.entry.startswith(("location:", "domestic")):
            score -= 0.2
    if attributed:
        score -= 0.05
    if n_pairs > 2:
        score -= 0.05
    return round(max(0.05, min(1.0, score)), 2)
