"""Checkable claims: numbers, units, roles, the arithmetic they imply, offsets, and real newswire text."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED
from dyad.enrich import Enricher

REUTERS = SHARED / "corpora" / "reuters21578" / "reuters21578_iraq_iran.jsonl"


@pytest.fixture(scope="module")
def enricher(coder) -> Enricher:
    return Enricher(coder)


def quantities(enricher: Enricher, text: str) -> list[tuple]:
    return [(q.text, q.value, q.unit, q.kind, q.role) for c in enricher.claims(text) for q in c.quantities]


def test_enrich_claims_seats_against_the_threshold(enricher):
    # The example: seats 101, threshold 165, and what that implies.
    (claim,) = enricher.claims("The coalition controls 101 seats in parliament, well short of the 165 needed "
                               "for a majority.")
    assert [(q.value, q.unit, q.role) for q in claim.quantities] == [(101, "seats", "value"),
                                                                      (165, "seats", "threshold")]
    (shortfall,) = claim.implied
    assert (shortfall.relation, shortfall.value, shortfall.unit) == ("shortfall", 64, "seats")
    assert shortfall.statement == "101 seats is 64 short of the 165 needed"


def test_enrich_claims_share_of_a_whole_and_majority(enricher):
    (claim,) = enricher.claims("Labour won 411 of the 650 seats, a majority of 172.")
    roles = [(q.value, q.role) for q in claim.quantities]
    assert roles == [(411, "value"), (650, "total"), (172, "margin")]
    implied = {i.relation: i.value for i in claim.implied}
    assert implied == {"share": 63.2, "surplus": 85, "margin": 172}  # the stated 172 checks out


def test_enrich_claims_chamber_size_is_a_total(enricher):
    (claim,) = enricher.claims("The bloc holds 101 seats in the 329-member parliament.")
    assert [(q.value, q.unit, q.role) for q in claim.quantities] == [(101, "seats", "value"), (329, "seats", "total")]
    assert [i.statement for i in claim.implied] == ["101 of 329 seats is 30.7%"]


def test_enrich_claims_percentage_of_a_count(enricher):
    (claim,) = enricher.claims("Officials said 40% of the 1,200 detainees had been released since March 3, 2019.")
    assert [(q.kind, q.value) for q in claim.quantities] == [("percentage", 40), ("count", 1200), ("date", None)]
    assert claim.quantities[2].normalized == "2019-03-03"
    assert [i.statement for i in claim.implied] == ["40% of 1,200 detainees is 480 detainees"]
    assert claim.attributed_to == "Officials"


def test_enrich_claims_money_casualties_and_actors(enricher):
    assert quantities(enricher, "Iraq spent $2.5 billion on reconstruction and 2.4 billion euros on power.") == [
        ("$2.5 billion", 2.5e9, "USD", "money", "value"), ("2.4 billion euros", 2.4e9, "EUR", "money", "value")]
    (claim,) = enricher.claims("At least 12 people were killed and 30 wounded in Kabul on Monday, "
                               "the interior ministry said.")
    assert [(q.value, q.kind) for q in claim.quantities] == [(12, "casualties"), (30, "casualties")]
    assert claim.attributed_to == "the interior ministry"
    assert any(a["code"].startswith("AFG") for a in claim.actors)


def test_enrich_claims_offsets_point_at_the_text(enricher):
    text = ("Turnout was 41 percent. The ruling coalition won 101 of the 329 seats, short of the 165 needed "
            "for a majority.")
    claims = enricher.claims(text)
    assert [c.sentence_index for c in claims] == [0, 1]
    for claim in claims:
        assert text[claim.start:claim.end] == claim.sentence
        for quantity in claim.quantities:
            assert text[quantity.start:quantity.end] == quantity.text


def test_enrich_claims_names_and_labels_are_not_quantities(enricher):
    assert enricher.claims("The council adopted Resolution 2334 after F-16 jets flew over the city.") == []
    assert enricher.claims("One official said the talks would resume in 2020.") == []  # a date alone is no claim


def test_enrich_claims_on_reuters_newswire(enricher):
    with REUTERS.open(encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(15), handle, strict=False)]
    claims = [c for r in records for c in enricher.claims(r["text"])]
    kinds = {q.kind for c in claims for q in c.quantities}
    assert len(claims) >= 15 and {"percentage", "count"} <= kinds
    for claim in claims:
        assert any(q.kind != "date" for q in claim.quantities)
