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
