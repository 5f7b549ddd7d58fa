"""TABARI/PETRARCH dictionary readers: small inline files for each format rule, then the published files."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from dyad.actors import ActorDictionary, NamedActor, Role
from dyad.errors import DataFileError
from dyad.tabari import TabariActor, read_actors, read_agents

SHARED = Path(__file__).resolve().parents[2] / "shared"
DICTIONARIES = SHARED / "reference" / "petrarch2" / "dictionaries"


def _write(tmp_path: Path, text: str, name: str = "test.actors.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _by_name(actors: list[TabariActor]) -> dict[str, TabariActor]:
    return {actor.entry.name: actor for actor in actors}


# ---- actors ----

def test_tabari_actor_with_code_on_name_line(tmp_path):
    path = _write(tmp_path, "ISRAEL [ISR]\n+ISRAELI_\n")
    [actor] = read_actors(path)
    assert actor.origin == "test.actors.txt:1"
    assert actor.entry.name == "ISRAEL"
    assert actor.entry.aliases == ["ISRAELI"]
    assert actor.entry.kind == "organization"
    assert actor.entry.roles == [Role(code="ISR")]


def test_tabari_dated_codes_on_indented_lines(tmp_path):
    path = _write(tmp_path, (
        "NURI_AL-MALIKI_\n"
        "\t[IRQELI 19500101-20060519]\n"
        "\t[IRQGOV 20060520-20140908]\n"
        "\t[irqeli >140909]\n"
    ))
    [actor] = read_actors(path)
    assert actor.entry.roles == [
        Role(code="IRQELI", valid_from=date(1950, 1, 1), valid_to=date(2006, 5, 19)),
        Role(code="IRQGOV", valid_from=date(2006, 5, 20), valid_to=date(2014, 9, 8)),
        Role(code="IRQELI", valid_from=date(2014, 9, 9)),  # lower-case code upper-cased
    ]


def test_tabari_less_than_ends_the_day_before(tmp_path):
    path = _write(tmp_path, "ONODOHER\n\t[AFGELI <910625]\n")
    [actor] = read_actors(path)
    assert actor.entry.roles == [Role(code="AFGELI", valid_to=date(1991, 6, 24))]


def test_tabari_two_digit_years_pivot_at_30(tmp_path):
    # 090120 is 2009, 320101 is 1932: the Phoenix files date 1930s rulers this way.
    path = _write(tmp_path, (
        "A_\n\t[USAGOV >090120]\n"
        "B_\n\t[AFGELI 320101-331107]\n"
        "C_ [XXX >301231]\n"
        "D_ [YYY >310101]\n"
    ))
    a, b, c, d = read_actors(path)
    assert a.entry.roles == [Role(code="USAGOV", valid_from=date(2009, 1, 20))]
    assert b.entry.roles == [Role(code="AFGELI", valid_from=date(1932, 1, 1), valid_to=date(1933, 11, 7))]
    assert c.entry.roles == [Role(code="XXX", valid_from=date(2030, 12, 31))]
    assert d.entry.roles == [Role(code="YYY", valid_from=date(1931, 1, 1))]


def test_tabari_undated_code_is_the_default_between_dated_ones(tmp_path):
    path = _write(tmp_path, "HAMFAST GAMGEE [HOB]  # default code\n\t[HOBGOV 20121109-20130119]\n")
    [actor] = read_actors(path)
    assert actor.entry.roles == [
        Role(code="HOB", valid_to=date(2012, 11, 8)),
        Role(code="HOBGOV", valid_from=date(2012, 11, 9), valid_to=date(2013, 1, 19)),
        Role(code="HOB", valid_from=date(2013, 1, 20)),
    ]


def test_tabari_overlapping_roles_are_made_disjoint(tmp_path, caplog):
    # Consecutive terms sharing a boundary day: the later term holds that day.
    # A short spell nested in a longer one: it interrupts the longer one, which resumes after it.
    path = _write(tmp_path, (
        "ZAHIR_SHAH_\n\t[AFGELI 320101-331108]\n\t[AFGGOV 331108-730717]\n"
        "SAM_GAMGEE [HOB]\n\t[ORCHOB 20100109-20100112]\n\t[HOBMIL 20080120-20121109]\n"
    ))
    with caplog.at_level(logging.DEBUG, logger="dyad.tabari"):
        shah, sam = read_actors(path)
    assert shah.entry.roles == [
        Role(code="AFGELI", valid_from=date(1932, 1, 1), valid_to=date(1933, 11, 7)),
        Role(code="AFGGOV", valid_from=date(1933, 11, 8), valid_to=date(1973, 7, 17)),
    ]
    assert sam.entry.roles == [
        Role(code="HOB", valid_to=date(2008, 1, 19)),
        Role(code="HOBMIL", valid_from=date(2008, 1, 20), valid_to=date(2010, 1, 8)),
        Role(code="ORCHOB", valid_from=date(2010, 1, 9), valid_to=date(2010, 1, 12)),
        Role(code="HOBMIL", valid_from=date(2010, 1, 13), valid_to=date(2012, 11, 9)),
        Role(code="HOB", valid_from=date(2012, 11, 10)),
    ]
    assert "AFGELI (line 2) trimmed" in caplog.text


def test_tabari_null_code_entries_are_left_out(tmp_path):
    path = _write(tmp_path, "BOROMIR  [---]\nPRINCE OF DOL AMROTH\n\t[--- <950630]\n\t[DOL]\n")
    [actor] = read_actors(path)
    assert actor.entry.name == "PRINCE OF DOL AMROTH"
    # [---] keeps its days uncoded; the default takes over after them.
    assert actor.entry.roles == [Role(code="DOL", valid_from=date(1995, 6, 30))]


def test_tabari_prefix_forms_are_those_without_trailing_underscore(tmp_path):
    path = _write(tmp_path, "ARGENTIN  [ARG]\n+ARGENTINE_REPUBLIC_\n+BUENOS_AIRES\nARNOR_  [ARN]\n")
    argentina, arnor = read_actors(path)
    assert argentina.entry.aliases == ["ARGENTINE REPUBLIC", "BUENOS AIRES"]
    assert argentina.prefix_forms == frozenset({"ARGENTIN", "BUENOS AIRES"})
    assert arnor.entry.name == "ARNOR"
    assert arnor.prefix_forms == frozenset()


def test_tabari_comments_blank_and_unused_lines_are_skipped(tmp_path, caplog):
    path = _write(tmp_path, (
        "<!-- PETRARCH VALIDATION SUITE ACTOR DICTIONARY -->\n"
        "<!--\n# [NOT] an entry\nNOT_AN_ENTRY [XXX]\n-->\n"
        "\n"
        "# a comment line\n"
        "<! -- NEW ACTORS FOR PETRARCH VALIDATION TEST -->\n"
        "ATHENS  [GRC] #JW   10/17/91\n"
        "+PIRAEUS <!-- an inline comment --> \n"
        "&SOMETHING_TABARI_ONLY\n"
        "INTERPOL_\t\n"
        "\t[IGOCOPITP]\t# Interpol\n"
        "\t\n"
        "ZIMBABWE\n\t[RHO <790606]\n\t[ZBW]#jw 9/30/91\n"
    ))
    with caplog.at_level(logging.DEBUG, logger="dyad.tabari"):
        actors = _by_name(read_actors(path))
    assert set(actors) == {"ATHENS", "INTERPOL", "ZIMBABWE"}
    assert actors["ATHENS"].entry.aliases == ["PIRAEUS"]
    assert actors["INTERPOL"].origin == "test.actors.txt:12"
    assert actors["ZIMBABWE"].entry.roles == [
        Role(code="RHO", valid_to=date(1979, 6, 5)), Role(code="ZBW", valid_from=date(1979, 6, 6))]
    assert "&SOMETHING_TABARI_ONLY" in caplog.text


def test_tabari_codes_dyad_cannot_hold_are_left_out_and_logged(tmp_path, caplog):
    path = _write(tmp_path, "THE_SHIRE  [FRO/BIL/SAM]\nISILDUR  [+++]\nGROUP OF 77  [G77]\nGONDOR [GON]\n")
    with caplog.at_level(logging.DEBUG, logger="dyad.tabari"):
        actors = read_actors(path)
    assert [a.entry.name for a in actors] == ["GONDOR"]
    for code in ("FRO/BIL/SAM", "+++", "G77"):
        assert code in caplog.text


def test_tabari_several_codes_on_the_name_line(tmp_path):
    path = _write(tmp_path, "JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# IGOrulers.txt\n")
    [actor] = read_actors(path)
    assert actor.entry.roles == [
        Role(code="ELI", valid_to=date(1981, 12, 31)),
        Role(code="IGOUNO", valid_from=date(1982, 1, 1), valid_to=date(1991, 12, 31)),
        Role(code="ELI", valid_from=date(1992, 1, 1)),
    ]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("ISRAEL [ISR\n", 1, "unbalanced"),
    ("GONDOR [GON]\n+MINAS]_TIRITH\n", 2, "bracket in synonym"),
    ("GOLLUM\n\t[HOB < 950601]\n\t[HOBGOV 19951301-19990815]\n", 3, "not a calendar date"),
    ("ARMENIA\n\t[ARMUNR 9008223-911221]\n", 2, "not YYMMDD or YYYYMMDD"),
    ("EGYPT\n\t[EGYGOV 20121207-20120802]\n", 2, "ends before it starts"),
    ("MONTENEGRO\n\t[MNEGOV 20121204]\n", 2, "cannot read code"),
    ("SAM\n\t[950601-990815]\n", 2, "cannot read code"),
    ("SAM\n\t[HOB950601-990815]\n", 2, "space between code and date"),
    ("\t[ISR]\n", 1, "no actor name above it"),
    ("+ISRAELI\n", 1, "no actor name above it"),
    ("ACME_CORP_\t[MNCMED]\tNewspapers/Magazines\n", 1, "text after a code"),
])
def test_tabari_malformed_actor_line_names_file_and_line(tmp_path, text, line, message):
    path = _write(tmp_path, text)
    with pytest.raises(DataFileError, match=message) as caught:
        read_actors(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_tabari_every_malformed_line_is_reported_at_once(tmp_path):
    path = _write(tmp_path, "A [AAA\n+A1\nB [BBB]\n\t[BBB 991399]\nC [CCC]\nD ]DDD[\n")
    with pytest.raises(DataFileError) as caught:
        read_actors(path)
    # The synonym under the broken A line is not reported again as an orphan.
    assert caught.value.line == 1
    assert "(also malformed: lines 4, 6)" in str(caught.value)


def test_tabari_latin1_bytes_are_replaced_not_fatal(tmp_path):
    path = tmp_path / "latin1.actors.txt"
    path.write_bytes(b"M\xe9XICO_ [MEX]\n")
    [actor] = read_actors(path)
    assert actor.entry.name == "M\ufffdXICO"


def test_tabari_missing_file_raises_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="cannot read file"):
        read_actors(tmp_path / "absent.actors.txt")


# ---- agents ----

def test_tabari_agents_plurals(tmp_path):
    path = _write(tmp_path, (
        "FOREIGN_MINISTER [~GOVFRM] # jap 4/14/01\n"
        "ARMED_FORCES  {} [~MIL]\n"
        "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\n"
        "CONGRESS [~LEG]\n"
        "AUTHORITY  [~GOV]\n"
        "ENVOY [~GOV]\n"
        "HUMAN_RIGHTS_BODY  [NGO~]\n"
        "POLICE {} [ ~COP]\n"
        "SECURITY SERVICE [~gov]\n"
    ), name="test.agents.txt")
    assert read_agents(path) == [
        ("foreign minister", "GOVFRM"), ("foreign ministers", "GOVFRM"),
        ("armed forces", "MIL"),
        ("attorney general", "GOV"), ("attorneys general", "GOV"),
        ("congress", "LEG"), ("congresses", "LEG"),
        ("authority", "GOV"), ("authorities", "GOV"),
        ("envoy", "GOV"), ("envoys", "GOV"),
        ("human rights body", "NGO"), ("human rights bodies", "NGO"),
        ("police", "COP"),
        ("security service", "GOV"), ("security services", "GOV"),
    ]


def test_tabari_agents_substitution_sets(tmp_path):
    path = _write(tmp_path, (
        "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON\n"
        "!MINST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES\n"
        "CONGRESS!PERSON! [~LEG]\n"
        "!MINST!_OF_SILLY_WALKS [~GOV] \n"
    ), name="test.agents.txt")
    assert read_agents(path) == [
        ("congressman", "LEG"), ("congressmen", "LEG"), ("congresswoman", "LEG"),
        ("congresswomen", "LEG"), ("congressperson", "LEG"),
        ("minister of silly walks", "GOV"), ("ministers of silly walks", "GOV"),
        ("ministry of silly walks", "GOV"), ("ministries of silly walks", "GOV"),
    ]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("FARMER [~AGR]\nISLAMIC_EXTREMIST\n", 2, "has no agent code"),
    ("DEPARMENT_OF_ENVIRONMENT [~ENV}\n", 1, "unbalanced brackets"),
    ("CONGRESS!PERSON! [~LEG]\n", 1, r"!PERSON! is not defined"),
    ("CONGRESS!PERSON [~LEG]\n", 1, "unpaired '!'"),
    ("FARMER [~A1]\n", 1, "is not 3-15 letters"),
    ("!PERSON! = \n", 1, "has no forms"),
])
def test_tabari_malformed_agent_line_names_file_and_line(tmp_path, text, line, message):
    path = _write(tmp_path, text, name="test.agents.txt")
    with pytest.raises(DataFileError, match=message) as caught:
        read_agents(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")


# ---- the published dictionaries ----

def test_tabari_reads_petr_validate_actors():
    path = DICTIONARIES / "validation_petr1" / "PETR.Validate.actors.txt"
    actors = read_actors(path)
    assert len(actors) == 123
    by_name = _by_name(actors)
    assert by_name["ISRAEL"].entry.roles == [Role(code="ISR")]
    assert by_name["ISRAEL"].origin == "PETR.Validate.actors.txt:23"
    assert by_name["GOLLUM"].entry.aliases == ["SMEAGOL", "SLINKER", "STINKER"]
    assert by_name["GOLLUM"].entry.roles == [
        Role(code="HOB", valid_to=date(1995, 5, 31)),
        Role(code="HOBGOV", valid_from=date(1995, 6, 1), valid_to=date(1999, 8, 15)),
        Role(code="HOBREB", valid_from=date(1999, 8, 16)),
    ]
    # The dates the unit-test records DATE-01 .. DATE-13 expect for Sam Gamgee.
    sam = by_name["SAM GAMGEE"].entry
    expected = {date(1995, 1, 4): "HOBCIV", date(2008, 1, 19): "HOBCIV", date(2010, 1, 6): "HOBMIL",
                date(2010, 1, 9): "ORCHOB", date(2010, 1, 12): "ORCHOB", date(2010, 1, 13): "HOBMIL",
                date(2012, 12, 31): "HOBGOV"}
    for day, code in expected.items():
        assert [r.code for r in sam.roles if r.holds_on(day)] == [code], day
    assert "BOROMIR" not in by_name  # [---]
    assert "ARGENTIN" in by_name["ARGENTIN"].prefix_forms
    assert by_name["ARNOR"].prefix_forms == frozenset()


def test_tabari_reads_petr_validate_agents():
    pairs = read_agents(DICTIONARIES / "validation_petr1" / "PETR.Validate.agents.txt")
    assert len(pairs) == 165
    for pair in [("foreign minister", "GOVFRM"), ("congresswomen", "LEG"), ("golden geese", "GGS"),
                 ("ministries of silly walks", "GOV"), ("msf", "NGO"), ("troops", "MIL")]:
        assert pair in pairs
    assert ("troopss", "MIL") not in pairs


def test_tabari_reads_phoenix_milnonstate_actors():
    actors = read_actors(DICTIONARIES / "phoenix_petrarch2" / "Phoenix.MilNonState.actors.txt")
    assert len(actors) == 1021
    assert all(actor.entry.roles for actor in actors)


def test_tabari_phoenix_countries_typos_are_all_reported():
    # The stock file has 9 malformed lines (date typos, a stray bracket) that PETRARCH skipped silently.
    with pytest.raises(DataFileError) as caught:
        read_actors(DICTIONARIES / "phoenix_petrarch2" / "Phoenix.Countries.actors.txt")
    assert caught.value.line == 2039
    assert "'9008223'" in str(caught.value)
    assert "lines 14190, 15346, 18010, 22508, 22519, 31715, 43613, 51384)" in str(caught.value)


def test_tabari_phoenix_agents_typos_are_reported():
    with pytest.raises(DataFileError) as caught:
        read_agents(DICTIONARIES / "phoenix_petrarch2" / "Phoenix.agents.txt")
    assert caught.value.line == 544
    assert "(also malformed: lines 1927)" in str(caught.value)


def test_name_matching_finds_longest_names_of_every_kind(tmp_path):
    # Exact-case names, folded TABARI names and prefix forms of one and of two words, side by side: the
    # index of first words that lets most tokens skip the lookup must not lose any of them.
    path = _write(tmp_path, "ARGENTIN  [ARG]\nNEW_ZEAL  [NZL]\nARNOR_  [ARN]\n+KINGDOM_OF_ARNOR_\n")
    dictionary = ActorDictionary(tokenize=str.split)
    dictionary.add_name("the Security Council", NamedActor("UN Security Council", "organization",
                                                            (Role(code="IGOUNO"),), "test"))
    for actor in read_actors(path):
        dictionary.add_tabari_actor(actor)
    words = "The Security Council and Argentine and New Zealanders met the Kingdom of Arnor and arnor".split()
    found = [(m.start, m.end, m.actor.entry) for m in dictionary.match_names(words)]
    assert found == [(0, 3, "UN Security Council"), (4, 5, "ARGENTIN"), (6, 8, "NEW ZEAL"),
                     (10, 13, "ARNOR"), (14, 15, "ARNOR")]
