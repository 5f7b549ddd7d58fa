import pytest

from dyad.errors import DataFileError
from dyad.ontology import Ontology, default_ontology


def test_ontology_has_every_cameo_code_and_root():
    ontology = default_ontology()
    assert len(ontology.events) >= 300
    roots = {e.root for e in ontology.events.values()}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


def test_ontology_goldstein_and_quad_class_follow_gdelt():
    ontology = default_ontology()
    assert ontology.event("190").goldstein == -10.0
    assert ontology.event("190").quad_class == 4
    assert ontology.event("042").quad_class == 1
    assert ontology.event("070").quad_class == 2
    assert ontology.event("112").quad_class == 3
    assert ontology.event("057").goldstein == 8.0


def test_ontology_unknown_code_names_it():
    with pytest.raises(KeyError, match="'999'"):
        default_ontology().event("999")


def test_ontology_plover_mapping_falls_back_to_parent():
    ontology = default_ontology()
    assert ontology.plover_event("190") == "ASSAULT"
    assert ontology.plover_event("010") is None  # PLOVER has no category for plain statements
    parent_only = Ontology(ontology.events, ontology.agents, {"190": ontology.plover["190"]})
    assert parent_only.plover_event("1901") == "ASSAULT"


def test_ontology_agent_codes_include_cameo_sectors():
    agents = default_ontology().agents
    for code in ("GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "LEG", "BUS", "MED", "REL", "REF", "HLH"):
        assert code in agents


def test_ontology_bad_row_names_file_and_line(tmp_path):
    source = default_ontology()
    lines = ["code,name,description,goldstein,root,quad_class", "01,Make statement,desc,0,01,1",
             "010,Statement,desc,0,01,3"]
    (tmp_path / "event_codes.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "agent_codes.csv").write_text("code,name,description,kind\n")
    (tmp_path / "plover_map.csv").write_text("cameo_code,plover_event,plover_mode,plover_context\n")
    assert source.events
    with pytest.raises(DataFileError, match=r"event_codes.csv:3: quad_class 3 does not match root 01"):
        Ontology.load(tmp_path)
