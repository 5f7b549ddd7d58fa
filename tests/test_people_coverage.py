"""Heads of state and government of smaller states, through the real resolver.

Each row is a name as news writes it, a document date and the code the coder should give it on that date.
People appear once per office, and on both sides of a change of office, to pin the date bounds: the day a
successor takes office belongs to the successor, and after office a leader becomes a former official (ELI)
or, where they lead the opposition, OPP. On the day itself the resolver keeps the outgoing office (news of
that day reports its last acts), so rows for leaving office are dated the day after.
"""

from __future__ import annotations

from datetime import date

import pytest

from resolving import assert_resolves, case_ids

CASES = [
    # Monarchs who govern.
    ("Hassanal Bolkiah", "2020-01-01", "BRNGOV"),
    ("Sultan Hassanal Bolkiah", "2005-06-01", "BRNGOV"),
    ("Jigme Khesar Namgyel Wangchuck", "2006-12-08", "BTNELI"),
    ("Jigme Khesar Namgyel Wangchuck", "2006-12-09", "BTNGOV"),
    ("King Tupou VI", "2019-09-13", "TONGOV"),
    ("Prince Albert II", "2015-07-01", "MCOGOV"),
    ("Prince Alois", "2004-08-15", "LIEGOV"),
    # Bhutan and Iceland: prime ministers before, in and after office.
    ("Lotay Tshering", "2018-11-07", "BTNGOV"),
    ("Lotay Tshering", "2024-01-29", "BTNELI"),
    ("Katrin Jakobsdottir", "2016-01-01", "ISLOPP"),
    ("Katrín Jakobsdóttir", "2017-11-30", "ISLGOV"),
    ("Katrin Jakobsdottir", "2024-04-10", "ISLELI"),
    ("Sigmundur David Gunnlaugsson", "2016-04-06", "ISLGOV"),
    ("Gunnlaugsson", "2016-04-08", "ISLLEG"),
    ("Kristrun Frostadottir", "2025-03-01", "ISLGOV"),
    ("Gudni Th. Johannesson", "2024-07-31", "ISLGOV"),
    ("Guðni Th. Jóhannesson", "2024-08-02", "ISLELI"),
    # The Caribbean and the Guianas.
    ("Mia Mottley", "2018-05-24", "BRBOPP"),
    ("Mottley", "2018-05-25", "BRBGOV"),
    ("Keith Rowley", "2015-09-08", "TTOOPP"),
    ("Keith Rowley", "2015-09-09", "TTOGOV"),
    ("Keith Rowley", "2025-03-18", "TTOELI"),
    ("Kamla Persad-Bissessar", "2020-08-11", "TTOOPP"),
    ("Persad-Bissessar", "2025-05-01", "TTOGOV"),
    ("Hubert Minnis", "2021-09-16", "BHSGOV"),
    ("Philip Davis", "2021-09-17", "BHSGOV"),
    ("Johnny Briceño", "2020-11-12", "BLZGOV"),
    ("Dean Barrow", "2020-11-13", "BLZELI"),
    ("Irfaan Ali", "2020-08-02", "GUYGOV"),
    ("David Granger", "2020-08-01", "GUYGOV"),
    ("Bouterse", "2015-01-01", "SURGOV"),
    ("Desi Bouterse", "2023-12-20", "SUROPP"),
    ("Chan Santokhi", "2025-07-17", "SUROPP"),
    ("Jennifer Geerlings-Simons", "2025-07-16", "SURGOV"),
    ("Gaston Browne", "2019-03-21", "ATGGOV"),
    ("Roosevelt Skerrit", "2022-12-06", "DMAGOV"),
    ("Bruno Rodriguez", "2020-01-01", "CUBGOV"),
    # Africa's island and small states.
    ("Jose Maria Neves", "2016-04-21", "CPVGOV"),
    ("José Maria Neves", "2018-01-01", "CPVELI"),
    ("Jose Maria Neves", "2021-11-09", "CPVGOV"),
    ("Azali Assoumani", "2019-01-01", "COMGOV"),
    ("Umaro Sissoco Embaló", "2023-01-01", "GNBGOV"),
    ("Tom Thabane", "2016-01-01", "LSOOPP"),
    ("Thabane", "2019-01-01", "LSOGOV"),
    ("Sam Matekane", "2023-05-01", "LSOGOV"),
    ("Carlos Vila Nova", "2022-01-01", "STPGOV"),
    ("Danny Faure", "2020-10-27", "SYCELI"),
    # The Pacific.
    ("Tuilaepa", "2019-01-01", "WSMGOV"),
    ("Taneti Maamau", "2016-03-11", "KIRGOV"),
    ("Anote Tong", "2016-03-12", "KIRELI"),
    ("David Panuelo", "2023-05-10", "FSMGOV"),
    ("Wesley Simina", "2023-05-11", "FSMGOV"),
    ("Surangel Whipps Jr.", "2022-01-01", "PLWGOV"),
    ("Feleti Teo", "2024-02-26", "TUVGOV"),
    ("Kausea Natano", "2024-02-27", "TUVELI"),
    # The Balkans.
    ("Talat Xhaferi", "2024-03-01", "MKDGOV"),
]


@pytest.mark.parametrize(("phrase", "day", "expected"), CASES, ids=case_ids(CASES))
def test_people_coverage_resolves_leaders_by_date(coder, phrase, day, expected):
    assert_resolves(coder, phrase, day, expected)


def test_people_coverage_leaves_a_name_unresolved_before_its_first_role(coder):
    # A record that starts with an office gives no code before it.
    assert coder.resolve_phrase("Tshering Tobgay", date(2024, 1, 27)) is None
    assert coder.resolve_phrase("Tshering Tobgay", date(2024, 1, 28)).code == "BTNGOV"
