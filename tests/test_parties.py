"""Named political parties through the real resolver: the forms news uses, dated where a party was founded
or dissolved, and common-noun uses that must stay off the party records."""

from __future__ import annotations

from datetime import date

import pytest

from resolving import assert_resolves, case_ids

CASES = [
    # United States: member plurals and the committee acronyms.
    ("Republicans", "2021-01-06", "USAPTY"),
    ("the GOP", "2016-07-18", "USAPTY"),
    ("Democrats", "2019-01-03", "USAPTY"),
    ("the Democratic Party", "2020-08-17", "USAPTY"),
    # United Kingdom.
    ("the Conservative Party", "2019-12-12", "GBRPTY"),
    ("the Tories", "2019-12-12", "GBRPTY"),
    ("the Labour Party", "2024-07-04", "GBRPTY"),
    ("the Liberal Democrats", "2010-05-11", "GBRPTY"),
    ("the SNP", "2014-09-18", "GBRPTY"),
    # Germany: "Social Democrats" is the SPD, not American Democrats.
    ("the CDU", "2021-09-26", "DEUPTY"),
    ("Germany's Social Democrats", "2021-09-26", "DEUPTY"),
    ("the AfD", "2024-09-01", "DEUPTY"),
    ("the CDU/CSU", "2021-09-26", "DEUPTY"),
    ("Sweden Democrats", "2022-09-11", "SWEPTY"),  # not USAPTY through "Democrats"
    # Other G20 states.
    ("the BJP", "2014-05-16", "INDPTY"),
    ("the Congress party", "2014-05-16", "INDPTY"),
    ("the ANC", "2024-05-29", "ZAFPTY"),
    ("United Russia", "2021-09-19", "RUSPTY"),
    ("the Chinese Communist Party", "2022-10-16", "CHNPTY"),
    ("the LDP", "2021-10-31", "JPNPTY"),
    ("the Kuomintang", "2024-01-13", "TWNPTY"),
    ("the National Front", "2017-05-07", "FRAPTY"),
    ("Mexico's ruling Morena party", "2021-06-06", "MEXPTY"),
    ("the PSUV", "2018-05-20", "VENPTY"),
    # The Middle East and South Asia.
    ("Likud", "2022-11-01", "ISRPTY"),
    ("the AKP", "2018-06-24", "TURPTY"),
    ("Islamic Dawa Party", "2010-03-07", "IRQPTY"),
    ("the Future Movement", "2018-05-06", "LBNPTY"),
    ("the Free Patriotic Movement", "2018-05-06", "LBNPTY"),
    ("Pakistan Tehreek-e-Insaf", "2018-07-25", "PAKPTY"),
    ("the PML-N", "2024-02-08", "PAKPTY"),
    ("the Awami League", "2024-08-05", "BGDPTY"),
    # Elsewhere.
    ("Fidesz", "2022-04-03", "HUNPTY"),
    ("Georgian Dream", "2024-10-26", "GEOPTY"),
    ("Servant of the People", "2019-07-21", "UKRPTY"),
    ("UMNO", "2018-05-09", "MYSPTY"),
    ("Pheu Thai", "2023-08-22", "THAPTY"),
    # Dated roles: founded, renamed or dissolved.
    ("Thai Rak Thai", "2006-09-19", "THAPTY"),
    ("Move Forward", "2023-05-14", "THAPTY"),
    ("the Freedom and Justice Party", "2012-06-24", "EGYPTY"),
    ("the EPRDF", "2015-05-24", "ETHPTY"),
    ("the Prosperity Party", "2021-06-21", "ETHPTY"),
    ("the People Power Party", "2022-03-09", "KORPTY"),
    ("the Saenuri Party", "2016-04-13", "KORPTY"),
]


@pytest.mark.parametrize(("phrase", "day", "expected"), CASES, ids=case_ids(CASES))
def test_parties_resolve_news_forms(coder, phrase, day, expected):
    assert_resolves(coder, phrase, day, expected)


OUTSIDE_ROLE = [
    ("Thai Rak Thai", "2008-01-01"),  # dissolved 30 May 2007
    ("Move Forward", "2024-09-01"),  # dissolved 7 August 2024
    ("the Freedom and Justice Party", "2015-01-01"),  # dissolved 9 August 2014
    ("the EPRDF", "2020-06-01"),  # merged into the Prosperity Party, December 2019
    ("the AKP", "1999-01-01"),  # founded 14 August 2001
    ("the People Power Party", "2008-01-01"),  # Thailand's party of that name, not South Korea's
]


@pytest.mark.parametrize(("phrase", "day"), OUTSIDE_ROLE, ids=[f"{p}@{d}" for p, d in OUTSIDE_ROLE])
def test_parties_no_code_outside_dated_role(coder, phrase, day):
    assert coder.resolve_phrase(phrase, date.fromisoformat(day)) is None


NOT_A_PARTY = [
    # Common nouns and sentence-initial capitals stay off the party records.
    ("labour shortages", "2022-01-01"),
    ("Labour shortages", "2022-01-01"),
    ("Conservatives", "2022-01-01"),
    ("Law and Justice", "2020-01-01"),
    ("the Ministry of Law and Justice", "2020-01-01"),
    ("Morena", "2020-01-01"),  # the Indian city
    # An adjective before an office keeps the office's agent.
    ("a Republican senator", "2020-01-01"),
    ("Tory leader", "2020-01-01"),
    ("the Congress", "2020-01-01"),
]


@pytest.mark.parametrize(("phrase", "day"), NOT_A_PARTY, ids=[p for p, _ in NOT_A_PARTY])
def test_parties_common_nouns_do_not_resolve_to_a_party(coder, phrase, day):
    mention = coder.resolve_phrase(phrase, date.fromisoformat(day))
    assert mention is None or not mention.code.endswith("PTY"), f"{phrase!r} resolved to {mention.code}"
