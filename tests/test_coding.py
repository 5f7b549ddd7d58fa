"""The coder on real parses: one case per behaviour, each with what it checks."""

from __future__ import annotations

from datetime import date

import pytest

from dyad import Coder, Document

D = date(2018, 8, 7)


def triples(coder: Coder, text: str, day: date | None = D) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.code) for e in coder.code_text(text, day)}


def roots(coder: Coder, text: str, day: date | None = D) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.root) for e in coder.code_text(text, day)}


def test_coding_simple_transitive_verb(coder):
    assert roots(coder, "Turkey condemned Syria on Monday.") == {("TUR", "SYR", "11")}


def test_coding_possessive_agent_and_light_verb_noun(coder):
    # "Iran's foreign minister" → IRNGOV; "held talks with" takes its code from the noun.
    assert roots(coder, "Iran's foreign minister held talks with Iraqi officials in Baghdad.") == {
        ("IRNGOV", "IRQGOV", "04")}


def test_coding_passive_with_by_agent_swaps_roles(coder):
    assert roots(coder, "Iraq was attacked by Iran.") == {("IRN", "IRQ", "19")}


def test_coding_negation_drops_event(coder):
    assert triples(coder, "Iran did not attack Iraq.") == set()
    assert triples(coder, "Iraq was not attacked by Iran.") == set()


def test_coding_negated_event_kept_when_flagged(flagged_coder):
    (event,) = flagged_coder.code_text("Iran did not attack Iraq.", D)
    assert event.negated and (event.source, event.target) == ("IRN", "IRQ")


def test_coding_hypothetical_and_conditional_drop_event(coder):
    assert triples(coder, "China would visit Japan next year.") == set()
    assert triples(coder, "China will visit Japan if the talks go well.") == set()


def test_coding_conditional_threat_is_kept(coder):
    found = roots(coder, "Turkey threatened to impose sanctions on Syria if the shelling continued.")
    assert ("TUR", "SYR", "13") in found


def test_coding_refusal_maps_to_reject(coder):
    assert triples(coder, "Saudi Arabia refused to meet Iran.") == {("SAU", "IRN", "125")}


def test_coding_appeal_targets_the_addressee(coder):
    assert roots(coder, "France called on Iran to resume talks with the IAEA.") == {("FRA", "IRN", "02")}


def test_coding_coordinated_subjects_give_two_events(coder):
    assert roots(coder, "Britain and France condemned Russia.") == {("GBR", "RUS", "11"), ("FRA", "RUS", "11")}


def test_coding_reciprocal_agreement_codes_both_directions(coder):
    assert triples(coder, "Iraq and Syria signed a security agreement.") == {
        ("IRQ", "SYR", "057"), ("SYR", "IRQ", "057")}


def test_coding_reported_speech_is_flagged_with_speaker(coder):
    (event,) = coder.code_text("Iraq said Iran attacked Kuwait.", D)
    assert (event.source, event.target, event.root) == ("IRN", "KWT", "19")
    assert event.attributed and event.attributed_to == "Iraq"


def test_coding_capital_metonymy_is_government(coder):
    assert roots(coder, "Tehran accused Washington of violating the deal.") == {("IRNGOV", "USAGOV", "11")}


def test_coding_person_role_depends_on_document_date(coder):
    text = "Barack Obama praised Germany."
    assert {s for s, _, _ in triples(coder, text, date(2012, 5, 1))} == {"USAGOV"}
    assert {s for s, _, _ in triples(coder, text, date(2019, 5, 1))} == {"USAELI"}


def test_coding_cleric_role(coder):
    assert {s for s, _, _ in triples(coder, "Muqtada al-Sadr criticized the United States.")} == {"IRQREL"}


def test_coding_pronoun_resolves_to_person_named_earlier(coder):
    document = Document(text="Secretary of State Mike Pompeo arrived in Riyadh on Monday. "
                             "He praised Saudi Arabia for its support.", date=D)
    (coded,) = list(coder.pipe([document]))
    assert ("USAGOV", "SAU", "05") in {(e.source, e.target, e.root) for e in coded.events}


def test_coding_dozens_of_looks_through_quantity(coder):
    found = triples(coder, "Iraqi police arrested dozens of protesters in Basra.")
    assert {(s, t) for s, t, _ in found} == {("IRQCOP", "IRQOPP")}


def test_coding_event_offsets_point_into_sentence(coder):
    for event in coder.code_text("The United States imposed new sanctions on Iran on Tuesday.", D):
        # The dictionary form is "the United States", at the start of a sentence as elsewhere.
        assert event.sentence[event.source_start:event.source_end] == event.source_text == "The United States"
        assert event.sentence[event.target_start:event.target_end] == event.target_text == "Iran"
        assert event.trigger_text == "imposed" and event.code == "163"
        assert event.quad_class == 4 and event.goldstein < 0


def test_coding_event_ids_are_deterministic(coder):
    text = "Iraq and Syria signed a security agreement."
    first = [e.event_id for e in coder.code_text(text, D)]
    assert first == [e.event_id for e in coder.code_text(text, D)]
    assert len(set(first)) == 2


def test_coding_background_sentence_has_no_event(coder):
    assert triples(coder, "Oil prices rose 2 percent on Monday as traders weighed supply risks.") == set()


@pytest.mark.parametrize("text, expected_root", [
    ("Egypt hosted Israeli and Palestinian negotiators in Cairo.", "04"),
    ("Japan pledged $2 billion in aid to Indonesia.", "03"),
    ("The United Nations demanded that Myanmar release the detained journalists.", "10"),
    ("Israeli warplanes struck Hamas positions in Gaza.", "19"),
    ("Thousands of Kenyans protested against the government in Nairobi.", "14"),
])
def test_coding_roots_on_wire_sentences(coder, text, expected_root):
    assert expected_root in {e.root for e in coder.code_text(text, D)}
