import dyad


def test_api_exports_are_pinned():
    assert sorted(dyad.__all__) == [
        "ActorMention", "CodedDocument", "Coder", "CoderSettings", "DataFileError", "Document",
        "DyadError", "Event", "InputError", "ModelError", "code_text",
    ]
    for name in dyad.__all__:
        assert hasattr(dyad, name)


def test_api_code_text_accepts_iso_date():
    events = dyad.code_text("Iraq and Syria signed an agreement on border security.", date="2018-06-14")
    assert {(e.source, e.target) for e in events} >= {("IRQ", "SYR"), ("SYR", "IRQ")}
    assert all(e.date == "2018-06-14" for e in events)
