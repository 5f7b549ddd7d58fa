import pytest

from dyad.actors import load_actor_file, load_countries
from dyad.datafiles import yaml_records
from dyad.errors import DataFileError
from dyad.ontology import Ontology
from dyad.patterns import load_verb_patterns


def test_datafiles_yaml_keeps_prepositions_as_strings(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("- {id: x, prep: [on, off, yes, no], flag: true}\n")
    ((line, record),) = list(yaml_records(path))
    assert line == 1
    assert record == {"id": "x", "prep": ["on", "off", "yes", "no"], "flag": True}


def test_datafiles_invalid_yaml_names_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("- name: A\n  aliases: [B\n- name: C\n")
    with pytest.raises(DataFileError, match=r"bad.yaml:3: invalid YAML"):
        list(yaml_records(path))


def test_datafiles_actor_entry_error_names_file_and_line(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- name: Good Person\n  kind: person\n  roles: [{code: IRQGOV}]\n"
        "- name: Bad Person\n  kind: person\n  roles:\n"
        "    - {code: IRQGOV, valid_from: 2010-01-01, valid_to: 2012-01-01}\n"
        "    - {code: IRQELI, valid_from: 2011-06-01}\n"
    )
    with pytest.raises(DataFileError, match=r"mine.yaml:4: .*roles IRQGOV and IRQELI overlap"):
        load_actor_file(path)


def test_datafiles_actor_code_must_be_uppercase(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("- name: X\n  code: irq\n")
    with pytest.raises(DataFileError, match=r"mine.yaml:1: code: String should match pattern"):
        load_actor_file(path)


def test_datafiles_country_unknown_key_rejected(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("- {iso3: IRQ, name: Iraq, status: member, capital: Baghdad}\n")
    with pytest.raises(DataFileError, match=r"c.yaml:1: capital: Extra inputs are not permitted"):
        load_countries(path)


def test_datafiles_top_level_must_be_a_list(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("name: Iraq\n")
    with pytest.raises(DataFileError, match=r"c.yaml:1: expected a list of records"):
        load_countries(path)


def test_datafiles_pattern_ids_are_unique(tmp_path):
    path = tmp_path / "verbs.yaml"
    path.write_text('- id: v.veto\n  code: "129"\n  verbs: [veto]\n- id: v.veto\n  code: "129"\n  verbs: [nix]\n')
    with pytest.raises(DataFileError, match=r"verbs.yaml:4: pattern id 'v.veto' is already used at line 1"):
        load_verb_patterns(path, Ontology.load())
