"""The CLI end to end: real model, real example files, exact exit codes and error lines."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from conftest import EXAMPLES, PETRARCH
from dyad.cli import app

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_cli_code_example_jsonl_output_has_provenance():
    result = run("code", str(EXAMPLES / "gulf_2018.txt"), "--date", "2018-08-07", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(events) >= 8
    first = events[0]
    for key in ("event_id", "doc_id", "sentence_index", "source", "source_start", "source_end", "target",
                "target_start", "target_end", "trigger_start", "trigger_end", "code", "root", "quad_class",
                "goldstein", "negated", "hypothetical", "attributed", "pattern_id", "confidence"):
        assert key in first
    pairs = {(e["source"], e["target"], e["code"]) for e in events}
    assert ("USA", "IRN", "163") in pairs
    for event in events:
        sentence = event["sentence"]
        assert sentence[event["source_start"]:event["source_end"]] == event["source_text"]
        assert sentence[event["target_start"]:event["target_end"]] == event["target_text"]
        assert sentence[event["trigger_start"]:event["trigger_end"]] == event["trigger_text"]


def test_cli_code_same_input_gives_same_ids():
    args = ("code", str(EXAMPLES / "gulf_2018.jsonl"), "--format", "jsonl")
    first, second = run(*args), run(*args)
    assert first.exit_code == second.exit_code == 0
    ids = [json.loads(line)["event_id"] for line in first.stdout.splitlines()]
    assert ids == [json.loads(line)["event_id"] for line in second.stdout.splitlines()]
    assert len(ids) == len(set(ids)) > 0


def test_cli_code_csv_has_header_and_rows():
    result = run("code", str(EXAMPLES / "gulf_2018.jsonl"), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and rows[0]["doc_id"] == "gulf-2018-05-21"


def test_cli_code_table_output():
    result = run("code", str(EXAMPLES / "gulf_2018.jsonl"))
    assert result.exit_code == 0
    assert "source" in result.stdout and "IRN" in result.stdout


def test_cli_code_stdin_text_with_date():
    result = run("code", "-", "--date", "2018-06-14", "--format", "jsonl",
                 input="Iraq and Syria signed a security agreement on Monday.")
    assert result.exit_code == 0
    pairs = {(json.loads(x)["source"], json.loads(x)["target"]) for x in result.stdout.splitlines()}
    assert pairs == {("IRQ", "SYR"), ("SYR", "IRQ")}


def test_cli_code_missing_file_is_one_line_exit_2(tmp_path):
    missing = tmp_path / "nope.txt"
    result = run("code", str(missing))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"error: {missing}: no such file"


def test_cli_code_bad_inputs_reported_rest_coded(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join([
        json.dumps({"id": "ok1", "date": "2018-06-14", "text": "Iraq and Syria signed an agreement."}),
        "{bad json",
        json.dumps({"id": "no-text", "date": "2018-06-14"}),
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "bad-date", "text": "Iraq met Iran.", "date": "yesterday"}),
        json.dumps({"id": "ok2", "date": "2018-06-14", "text": "Turkey condemned Syria."}),
    ]) + "\n")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\x03")
    result = run("code", str(good), str(binary), "--format", "jsonl")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {good}:2: bad JSON: Expecting property name enclosed in double quotes at column 2",
        f"error: {good}:3: missing field 'text'",
        f"error: {good}:4: empty text",
        f"error: {good}:5: bad date 'yesterday': expected YYYY-MM-DD",
        f"error: {binary}: binary file, expected UTF-8 text",
    ]
    docs = {json.loads(line)["doc_id"] for line in result.stdout.splitlines()}
    assert docs == {"ok1", "ok2"}


def test_cli_code_bad_date_option():
    result = run("code", str(EXAMPLES / "gulf_2018.txt"), "--date", "2018-13-01")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --date: bad date '2018-13-01': expected YYYY-MM-DD"


def test_cli_code_unknown_model_is_one_line():
    result = run("code", str(EXAMPLES / "gulf_2018.txt"), "--model", "no_such_model")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: spaCy model 'no_such_model' is not installed")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_code_unknown_format():
    result = run("code", str(EXAMPLES / "gulf_2018.txt"), "--format", "xml")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: unknown --format 'xml'; choose table, jsonl or csv"


def test_cli_code_user_actor_file(tmp_path):
    actors = tmp_path / "mine.yaml"
    actors.write_text("- name: Gondor Liberation Front\n  aliases: [GLF]\n  kind: group\n  code: IRQREB\n")
    result = run("code", "-", "--date", "2018-06-14", "--format", "jsonl", "--actors", str(actors),
                 input="The GLF attacked Syrian troops near the border.")
    assert result.exit_code == 0, result.stderr
    (event,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert (event["source"], event["target"], event["root"]) == ("IRQREB", "SYRMIL", "19")


def test_cli_code_invalid_user_actor_file(tmp_path):
    actors = tmp_path / "mine.yaml"
    actors.write_text("- name: Nobody\n  kind: person\n")
    result = run("code", str(EXAMPLES / "gulf_2018.txt"), "--actors", str(actors))
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {actors}:1: an actor needs 'code' or at least one entry in "
                                     "'roles'")


def test_cli_actors_lookup_uses_date():
    in_office = run("actors", "lookup", "Barack Obama", "--date", "2012-05-01")
    after = run("actors", "lookup", "Barack Obama", "--date", "2019-05-01")
    assert in_office.exit_code == after.exit_code == 0
    assert in_office.stdout.split("\t")[1] == "USAGOV"
    assert after.stdout.split("\t")[1] == "USAELI"


def test_cli_actors_lookup_phrase():
    result = run("actors", "lookup", "Iran's foreign minister")
    assert result.exit_code == 0
    assert result.stdout.split("\t")[1] == "IRNGOV"


def test_cli_actors_lookup_unknown():
    result = run("actors", "lookup", "the weather")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: 'the weather' does not resolve to an actor"


def test_cli_eval_json_keys(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in [
        {"id": "s1", "date": "2018-06-14", "text": "Turkey condemned Syria.",
         "events": [{"source": "TUR", "target": "SYR", "code": "111"}], "tags": ["simple"]},
        {"id": "s2", "date": "2018-06-14", "text": "Oil prices rose on Monday.", "events": [], "tags": ["no-event"]},
    ]) + "\n")
    result = run("eval", str(gold), "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    for key in ("n_sentences", "gold_events", "predicted_events", "root_precision", "root_recall", "root_f1",
                "exact_precision", "exact_recall", "exact_f1", "per_root", "per_tag"):
        assert key in figures
    assert figures["n_sentences"] == 2 and figures["gold_events"] == 1
    assert set(figures["per_tag"]) == {"simple", "no-event"}


def test_cli_eval_bad_gold_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "s1", "text": "x", "events": []}\n{"id": "s2", "text": "y"}\n')
    result = run("eval", str(gold))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {gold}:2: missing field 'events'"


def test_cli_eval_petrarch_gsr_runs():
    xml = PETRARCH / "validation" / "english" / "PETR2_GSR_validation.xml"
    result = run("eval", "--petrarch-xml", str(xml), "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["n_sentences"] == 78
    # A regression floor at the measured level (README's accuracy table), not the target.
    assert figures["exact_f1"] >= 0.30
    assert figures["root_f1"] >= 0.42
