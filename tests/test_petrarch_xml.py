"""PETRARCH validation XML reader: inline records for each rule, then the three published suites."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dyad.errors import InputError
from dyad.petrarch_xml import GoldEvent, GoldSentence, read_petrarch_xml

SHARED = Path(__file__).resolve().parents[2] / "shared"
ENGLISH = SHARED / "reference" / "petrarch2" / "validation" / "english"


def _write(tmp_path: Path, records: str, header: str = "") -> Path:
    path = tmp_path / "records.xml"
    path.write_text(f"<Validation>\n{header}\n<Sentences>\n{records}\n</Sentences>\n</Validation>\n",
                    encoding="utf-8")
    return path


def test_petrarch_xml_reads_events_text_and_date(tmp_path):
    path = _write(tmp_path, """
<Sentence date="19950101" id="DEMO-01" category="DEMO" sentence="true">
<!-- a record comment -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode="GON" targetcode="ARN" eventcode="064"></EventCoding>
<Text>
Arnor will  restore full &amp;TIETYPE ties
with Gondor.
</Text>
<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>
</Sentence>
""")
    assert read_petrarch_xml(path) == [GoldSentence(
        id="DEMO-01",
        date=date(1995, 1, 1),
        text="Arnor will restore full &TIETYPE ties with Gondor.",
        events=(GoldEvent("ARN", "GON", "064"), GoldEvent("GON", "ARN", "064")),
        category="DEMO",
    )]


def test_petrarch_xml_noevents_record_has_no_events(tmp_path):
    path = _write(tmp_path, """
<Sentence date = "19950101" id ="DEMO-02" category="DEMO"  sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing happened.</Text>
</Sentence>
""")
    [sentence] = read_petrarch_xml(path)
    assert sentence.id == "DEMO-02"
    assert sentence.events == ()


def test_petrarch_xml_skips_records_that_are_not_scored(tmp_path):
    path = _write(tmp_path, """
<Sentence date="19950101" id="KEEP-01" category="DEMO" evaluate="true">
<EventCoding eventcode="064" sourcecode="ARN" targetcode="GON" />
<Text>Kept.</Text>
</Sentence>
<Sentence date="19950101" id="SKIP-EVALUATE" category="DEMO" evaluate="false">
<EventCoding eventcode="064" sourcecode="ARN" targetcode="GON" />
<Text>Bypassed by its authors.</Text>
</Sentence>
<Sentence date="19950101" id="SKIP-ERROR" category="ERROR" sentence="true">
<EventCoding error="bad_input_parse"></EventCoding>
<Text>Tests that the coder reports an error.</Text>
</Sentence>
<Sentence date="19920102" id="SKIP-UNCODED" category="PATTERN" sentence="true">
<!-- <EventCoding sourcecode="HOB" targetcode="GON" eventcode="111"></EventCoding> -->
<Text>No expectation is stated.</Text>
</Sentence>
""")
    assert [s.id for s in read_petrarch_xml(path)] == ["KEEP-01"]


def test_petrarch_xml_self_closed_sentence_tag(tmp_path):
    # PETR2_GSR_validation.xml closes the opening tag and still ends the record with </Sentence>.
    path = _write(tmp_path, """
<Sentence category="AFP" date="20080804" id="AFP-1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<Text>The US leader prepared to attend the Beijing Olympics.</Text>
</Sentence>
<Sentence category="TEST" date="20150609" id="TEST-1" evaluate="true"/>
<EventCoding noevents="True" />
<Text>Second.</Text>
</Sentence>
""")
    first, second = read_petrarch_xml(path)
    assert first.events == (GoldEvent("USA", "CHN", "042"),)
    assert (second.id, second.events) == ("TEST-1", ())


def test_petrarch_xml_nested_header_comment_and_missing_close(tmp_path):
    # The 2_02 header nests a comment; a <Sentence ...> inside it is not a record.
    header = ('<!--\n# Use <Sentence ... evaluate="false"> to bypass, with a comment in <!-- ... --> '
              "explaining why\n# it is bypassed.\n-->")
    path = _write(tmp_path, """
<Sentence category="DEMO" date="19950101" id="A" evaluate="true">
<EventCoding eventcode="050" sourcecode="ARN" targetcode="GON" />
<Text>No closing tag.</Text>
<Sentence category="DEMO" date="19950102" id="B" evaluate="true">
<EventCoding eventcode="051" sourcecode="GON" targetcode="ARN" />
<Text>Closed.</Text>
</Sentence>
""", header=header)
    a, b = read_petrarch_xml(path)
    assert (a.id, a.text, a.events) == ("A", "No closing tag.", (GoldEvent("ARN", "GON", "050"),))
    assert (b.id, b.date, b.events) == ("B", date(1995, 1, 2), (GoldEvent("GON", "ARN", "051"),))


def test_petrarch_xml_date_forms(tmp_path):
    path = _write(tmp_path, """
<Sentence id="NO-DATE"><EventCoding noevents="True"/><Text>a</Text></Sentence>
<Sentence id="SHORT" date="121108"><EventCoding noevents="True"/><Text>b</Text></Sentence>
""")
    no_date, short = read_petrarch_xml(path)
    assert no_date.date is None
    assert short.date == date(2012, 11, 8)  # YYMMDD, read as PETRARCH reads it


@pytest.mark.parametrize(("records", "message"), [
    ('<Sentence id="X" date="1995-01-01"><EventCoding noevents="True"/><Text>a</Text></Sentence>',
     "is not YYYYMMDD"),
    ('<Sentence id="X" date="19951301"><EventCoding noevents="True"/><Text>a</Text></Sentence>',
     "not a calendar date"),
    ('<Sentence id="X" date="19950101"><EventCoding noevents="True"/>'
     '<EventCoding eventcode="010" sourcecode="A" targetcode="B"/><Text>a</Text></Sentence>',
     "both expects events and says noevents"),
    ('<Sentence id="X" date="19950101"><EventCoding eventcode="010" sourcecode="A"/>'
     "<Text>a</Text></Sentence>", "no sourcecode or targetcode"),
    ('<Sentence id="X" date="19950101"><EventCoding noevents="True"/></Sentence>', "has no <Text>"),
    ('<Sentence date="19950101"><EventCoding noevents="True"/><Text>a</Text></Sentence>', "has no id"),
])
def test_petrarch_xml_bad_record_names_file_and_line(tmp_path, records, message):
    path = _write(tmp_path, records)
    with pytest.raises(InputError, match=message) as caught:
        read_petrarch_xml(path)
    assert caught.value.line == 4
    assert str(caught.value).startswith(f"{path}:4: ")


def test_petrarch_xml_file_without_records_raises(tmp_path):
    path = _write(tmp_path, "<!-- <Sentence id='only-in-a-comment'> -->")
    with pytest.raises(InputError, match="no <Sentence> records"):
        read_petrarch_xml(path)


def test_petrarch_xml_unreadable_file_raises(tmp_path):
    with pytest.raises(InputError, match="cannot read validation file"):
        read_petrarch_xml(tmp_path / "absent.xml")


# ---- the published suites ----

def test_petrarch_xml_unit_test_records_counts():
    sentences = read_petrarch_xml(ENGLISH / "PETR.UnitTest.records.xml")
    assert len(sentences) == 276
    assert sum(1 for s in sentences if s.events) == 257
    assert sum(1 for s in sentences if not s.events) == 19
    assert sum(len(s.events) for s in sentences) == 359
    ids = {s.id for s in sentences}
    assert "PATTERN-06" not in ids  # no coding and no noevents flag
    assert not ids & {"ERROR-01", "ERROR-02", "DISCARD-01", "DISCARD-04"}


def test_petrarch_xml_unit_test_records_specific():
    by_id = {s.id: s for s in read_petrarch_xml(ENGLISH / "PETR.UnitTest.records.xml")}
    demo = by_id["DEMO-00"]
    assert demo.date == date(1995, 1, 1)
    assert demo.category == "DEMO"
    assert demo.events == (GoldEvent("ARN", "GON", "064"),)
    assert demo.text == ("Arnor is about to restore full diplomatic ties with Gondor almost five years "
                         "after crowds trashed its embassy.")
    assert by_id["DATE-09"].events == (GoldEvent("ORCHOB", "MRGORC", "031"),
                                       GoldEvent("MRGORC", "ORCHOB", "032"))
    # COMPOUND-14 has a third coding commented out.
    assert len(by_id["COMPOUND-14"].events) == 2


def test_petrarch_xml_gsr_validation_counts_and_first_record():
    sentences = read_petrarch_xml(ENGLISH / "PETR2_GSR_validation.xml")
    assert len(sentences) == 78
    # 92 <EventCoding> elements, 80 events and 12 noevents; a 93rd "<EventCoding...>" is prose in the header.
    assert sum(len(s.events) for s in sentences) == 80
    assert sum(1 for s in sentences if not s.events) == 12
    first = sentences[0]
    assert first.id == "AFP0808020625_4"
    assert first.date == date(2008, 8, 4)
    assert first.category == "AFP"
    assert first.events == (GoldEvent("USA", "CHN", "042"),)
    assert first.text.startswith("The stopover came as the US leader prepared to attend the Beijing Olympics")


def test_petrarch_xml_validate_records_2_02_counts():
    sentences = read_petrarch_xml(ENGLISH / "PETR_Validate_records_2_02.xml")
    # 274 records: 10 evaluate="false", 7 ERROR, then 239 with events and 18 without.
    assert len(sentences) == 257
    assert sum(1 for s in sentences if s.events) == 239
    assert sum(len(s.events) for s in sentences) == 308
    ids = {s.id for s in sentences}
    assert not ids & {"COMPOUND-25", "ACTOR-01", "VERB-22", "AGENT-26"}  # evaluate="false"
    by_id = {s.id: s for s in sentences}
    assert by_id["PATTERN-06"].events == ()
    assert by_id["DATE-09"].events[0] == GoldEvent("ORCHOB", "MRGORC", "040")
