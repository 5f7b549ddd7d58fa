"""Names found unresolved in real news (Wikipedia current events, 2010-2026), through the real resolver.

Each row is a name or phrase as news writes it, the document date, and the code the coder should give it
on that date; people with several offices appear once per office to pin the date bounds.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from dyad.actors import BUILTIN_FILES, load_actor_file, load_countries
from dyad.datafiles import package_data_path
from resolving import assert_resolves, case_ids

CASES = [
    # Seats of government stand for the government, as capitals do.
    ("the Kremlin", "2022-03-01", "RUSGOV"),
    ("the White House", "2019-05-01", "USAGOV"),
    ("Downing Street", "2016-06-24", "GBRGOV"),
    ("the Elysee", "2018-12-10", "FRAGOV"),
    ("the Élysée", "2018-12-10", "FRAGOV"),
    ("Kremlin spokesman", "2023-01-10", "RUSGOV"),
    # Named state bodies carry their agent without a country word.
    ("the Pentagon", "2020-01-03", "USAMIL"),
    ("the FBI", "2016-10-28", "USACOP"),
    ("the CIA", "2018-05-17", "USASPY"),
    ("the IDF", "2023-10-27", "ISRMIL"),
    ("the Israel Defense Forces", "2014-07-17", "ISRMIL"),
    ("the Tatmadaw", "2021-02-01", "MMRMIL"),
    ("Scotland Yard", "2018-03-12", "GBRCOP"),
    ("the FSB", "2021-04-20", "RUSSPY"),
    ("Al Jazeera", "2017-06-05", "QATMED"),
    ("KCNA", "2017-09-03", "PRKMED"),
    ("Capitol Hill", "2020-06-01", "USALEG"),  # not the surname of an Australian minister
    # Regions name their country, never its government; with an agent they give that agent its country.
    ("Scotland", "2020-06-01", "GBR"),  # the nation, not Patricia Scotland of the Commonwealth
    ("Crimea", "2014-03-16", "UKR"),
    ("Balochistan", "2019-05-11", "PAK"),
    ("protesters in Balochistan", "2019-05-11", "PAKOPP"),
    ("Darfur", "2013-04-05", "SDN"),
    ("Xinjiang", "2020-07-01", "CHN"),
    ("Jenin", "2023-07-03", "PSE"),
    ("Zaporizhzhia", "2022-09-01", "UKR"),
    # People, across their changes of office.
    ("Jeff Sessions", "2016-03-01", "USALEG"),
    ("Jeff Sessions", "2017-02-09", "USAGOV"),
    ("Jeff Sessions", "2019-01-15", "USAELI"),
    ("Bill Barr", "2019-02-14", "USAGOV"),
    ("Bill Barr", "2021-06-01", "USAELI"),
    ("Merrick Garland", "2016-03-16", "USAJUD"),
    ("Merrick Garland", "2022-08-11", "USAGOV"),
    ("Mitt Romney", "2005-06-01", "USAGOV"),
    ("Mitt Romney", "2012-10-03", "USAELI"),
    ("Mitt Romney", "2020-02-05", "USALEG"),
    ("Ron DeSantis", "2017-03-01", "USALEG"),
    ("Ron DeSantis", "2021-04-01", "USAGOV"),
    ("Kristi Noem", "2015-01-01", "USALEG"),
    ("Kristi Noem", "2025-03-01", "USAGOV"),
    ("Reince Priebus", "2016-07-18", "USAPTY"),
    ("Reince Priebus", "2017-04-01", "USAGOV"),
    ("Kevin McCarthy", "2023-10-03", "USALEG"),
    ("Alejandro Mayorkas", "2023-05-11", "USAGOV"),
    ("Elvira Nabiullina", "2022-02-28", "RUSGOV"),
    ("Ramzan Kadyrov", "2022-03-01", "RUSGOV"),
    ("John Bercow", "2019-09-03", "GBRLEG"),
    ("John Bercow", "2020-02-01", "GBRELI"),
    ("Stéphane Dujarric", "2020-04-01", "IGOUNO"),
    # Warships, warplanes and bases are the armed forces; merchant ships are business.
    ("China's second aircraft carrier", "2019-12-17", "CHNMIL"),
    ("Russian destroyers", "2021-06-23", "RUSMIL"),
    ("a Turkish frigate", "2020-06-10", "TURMIL"),
    ("North Korean submarines", "2010-05-20", "PRKMIL"),
    ("Russian strategic bombers", "2019-06-18", "RUSMIL"),
    ("Serbian air defences", "1999-03-24", "SRBMIL"),
    ("the American air base", "2025-06-23", "USAMIL"),
    ("a Saudi-owned supertanker", "2008-11-17", "---BUS"),
    # State anti-graft and electoral bodies are the executive, not the country.
    ("Indonesia's anti-corruption commission", "2012-07-30", "IDNGOV"),
    ("Nigeria's anti-graft agency", "2016-02-01", "NGAGOV"),
    ("the KPK", "2017-11-16", "IDNGOV"),
    ("Kenya's electoral authority", "2017-09-01", "KENGOV"),
    # Agent nouns whose head would otherwise take a wrong sense.
    ("Philippine police commandos", "2015-01-25", "PHLCOP"),
    ("Chinese state security agents", "2018-12-10", "CHNSPY"),
    ("Huawei's chief financial officer", "2018-12-06", "CHNBUS"),  # not COP through "officer"
    ("South Korean truck drivers", "2022-11-24", "KORLAB"),
    ("Farmers' unions", "2020-12-08", "---AGR"),
    ("the satirical weekly Charlie Hebdo", "2015-01-14", "FRAMED"),
    # Named state bodies and companies.
    ("the Royal Navy", "2019-07-04", "GBRMIL"),
    ("Royal Marines", "2019-07-04", "GBRMIL"),
    ("Spain's Repsol", "2006-05-01", "ESPBUS"),
    ("Brazil's Petrobras", "2006-05-01", "BRABUS"),
    # People missing before, and dated roles corrected.
    ("Vladimir Kara-Murza", "2023-04-17", "RUSOPP"),
    ("Mikhail Khodorkovsky", "2003-10-25", "RUSBUS"),
    ("Mikhail Khodorkovsky", "2013-12-20", "RUSOPP"),
    ("Nazanin Zaghari-Ratcliffe", "2018-11-26", "GBRNGO"),  # not John Ratcliffe
    ("Abu Qatada", "2013-07-07", "JORREL"),
    ("Anna Hazare", "2011-04-05", "INDOPP"),
    ("Manasseh Sogavare", "2023-07-10", "SLBGOV"),
    ("Manasseh Sogavare", "2018-06-01", "SLBLEG"),
    ("Abdulhadi al-Khawaja", "2012-02-08", "BHRHRI"),
    ("Apirat Kongsompong", "2020-08-18", "THAMIL"),
    ("Jorge Glas", "2024-04-05", "ECUELI"),
    ("Jorge Glas", "2016-01-01", "ECUGOV"),
    ("Fernando Villavicencio", "2023-08-09", "ECUPTY"),
    ("Evo Morales", "2019-11-11", "BOLELI"),
    ("Ibrahim Boubacar Keita", "2020-08-18", "MLIGOV"),
    # A "the ..." form also opens a sentence.
    ("The Security Council", "2017-08-05", "IGOUNO"),
]


@pytest.mark.parametrize(("phrase", "day", "expected"), CASES, ids=case_ids(CASES))
def test_actor_coverage_resolves_news_names(coder, phrase, day, expected):
    assert_resolves(coder, phrase, day, expected)


def test_actor_coverage_no_role_after_death_or_before_office(coder):
    # A role that starts with an office leaves the person unresolved before it.
    assert coder.resolve_phrase("Alejandro Mayorkas", date(2019, 1, 1)) is None


def test_actor_coverage_forms_belong_to_one_record_across_files():
    base = package_data_path("actors")
    owners: dict[str, set[str]] = defaultdict(set)
    for origin, country in load_countries(base / BUILTIN_FILES[0]):
        for form in [country.name, *country.aliases, *country.demonyms, *country.capitals]:
            owners[form].add(f"{origin.split(':')[0]}:{country.name}")
    for name in BUILTIN_FILES[1:]:
        for origin, entry in load_actor_file(base / name):
            for form in [entry.name, *entry.aliases]:
                owners[form].add(f"{origin.split(':')[0]}:{entry.name}")
    shared = {form: sorted(records) for form, records in owners.items() if len(records) > 1}
    assert shared == {}
