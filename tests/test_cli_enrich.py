"""`dyad frame` and `dyad claims` end to end: real model, real files, exit codes and exact error lines."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import EXAMPLES, SHARED
from dyad.cli import app
from dyad.cli_enrich import register

register(app)  # until dyad.cli registers these itself; registering twice is a no-op
runner = CliRunner()
WIKINEWS = SHARED / "corpora" / "wikinews_2019_2020" / "wikinews_2019_2020.jsonl"


def run(*args: str):
    return runner.invoke(app, list(args))


def test_cli_enrich_register_is_idempotent():
    register(app)
    names = [c.name for c in app.registered_commands]
    assert names.count("frame") == 1 and names.count("claims") == 1


def test_cli_enrich_frame_json_on_the_opinion_piece():
    result = run("frame", str(EXAMPLES / "opinion_piece.txt"), "--format", "json", "--date", "2019-07-01")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["label"] == "opinion" and 0.5 <= payload["opinion_score"] <= 1
    assert {"signals", "loaded_language", "stance"} <= set(payload)
    text = (EXAMPLES / "opinion_piece.txt").read_text(encoding="utf-8")
    for span in payload["loaded_language"]:
        assert text[span["start"]:span["end"]] == span["text"] and span["category"]


def test_cli_enrich_frame_text_report():
    result = run("frame", str(EXAMPLES / "gulf_2018.txt"))
    assert result.exit_code == 0, result.output
    assert "report (opinion score" in result.stdout and "attribution" in result.stdout


def test_cli_enrich_claims_json_and_table(tmp_path):
    path = tmp_path / "vote.txt"
    path.write_text("The coalition controls 101 seats, short of the 165 needed for a majority.", encoding="utf-8")
    result = run("claims", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    (claim,) = json.loads(result.stdout)["claims"]
    assert [q["value"] for q in claim["quantities"]] == [101, 165]
    assert claim["implied"][0]["statement"] == "101 seats is 64 short of the 165 needed"
    table = run("claims", str(path))
    assert table.exit_code == 0 and "threshold" in table.stdout and "64 short" in table.stdout


def test_cli_enrich_claims_jsonl_corpus_one_object_per_line(tmp_path):
    path = tmp_path / "wikinews.jsonl"
    with WIKINEWS.open(encoding="utf-8") as handle:
        path.write_text("".join(line for _, line in zip(range(3), handle, strict=False)), encoding="utf-8")
    result = run("claims", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3 and all("claims" in line and line["doc_id"] for line in lines)


def test_cli_enrich_missing_file_is_one_line_exit_2(tmp_path):
    for missing in (tmp_path / "nope.txt", tmp_path / "nope.jsonl"):
        for command in ("frame", "claims"):
            result = run(command, str(missing))
            assert result.exit_code == 2
            assert result.stderr.splitlines() == [f"error: {missing}: no such file"]


def test_cli_enrich_binary_file_is_one_line_exit_2(tmp_path):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = run("frame", str(binary))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {binary}: binary file, expected UTF-8 text"]


def test_cli_enrich_empty_file_is_one_line_exit_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = run("claims", str(empty))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {empty}: empty text"]


def test_cli_enrich_directory_and_bad_format_are_one_line_exit_2(tmp_path):
    result = run("frame", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {tmp_path}: is a directory, expected a file"]
    result = run("frame", str(EXAMPLES / "opinion_piece.txt"), "--format", "xml")
    assert (result.exit_code, result.stderr.splitlines()) == (2, ["error: unknown --format 'xml'; choose text or json"])
    result = run("claims", str(EXAMPLES / "opinion_piece.txt"), "--format", "text")
    assert result.stderr.splitlines() == ["error: unknown --format 'text'; choose table or json"]


def test_cli_enrich_bad_jsonl_line_is_reported_rest_processed(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": "Turnout was 41 percent."}) + "\n{not json\n", encoding="utf-8")
    result = run("claims", str(path), "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout.splitlines()[0])["doc_id"] == "ok"
    assert result.stderr.splitlines() == [f"error: {path}:2: bad JSON: Expecting property name enclosed in double "
                                          f"quotes at column 2"]


def test_cli_code_jsonl_rows_carry_doc_frame_and_sentence_claims():
    text = "Israeli troops attacked Palestinian militants in the West Bank city of Jenin, killing 12 people."
    result = runner.invoke(app, ["code", "-", "--date", "2023-07-03", "--format", "jsonl"], input=text)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    for row in rows:
        assert {"location", "other_places", "sentence_tone", "doc_tone"} <= set(row)
        assert set(row["doc_frame"]) == {"label", "opinion_score"}
        assert row["doc_frame"]["label"] in {"report", "opinion"} and 0 <= row["doc_frame"]["opinion_score"] <= 1
        assert "framing" not in row and "signals" not in row
    (claim,) = rows[0]["sentence_claims"]
    assert claim["number"] == 12 and claim["unit"] and claim["kind"]
    assert rows[0]["sentence"][claim["start"]:claim["end"]] == claim["text"] == "12 people"
