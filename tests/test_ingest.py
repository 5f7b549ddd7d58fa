import gzip
import json
from datetime import date

import pytest

from dyad.errors import InputError
from dyad.ingest import BadItem, parse_date, read_inputs
from dyad.models import Document


def _items(paths, **kwargs):
    return list(read_inputs([str(p) for p in paths], **kwargs))


def test_ingest_jsonl_reads_fields_and_reports_bad_lines(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "a", "date": "2018-06-14", "text": "Iraq met Iran.", "source": "wire", "title": "T"}),
        "{not json",
        json.dumps({"id": "c", "date": "2018-06-14"}),
        json.dumps({"id": "d", "text": "   "}),
        json.dumps({"id": "e", "text": "Iraq met Iran.", "date": "14/06/2018"}),
        json.dumps({"id": "f", "text": "Syria met Jordan."}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = _items([path])
    docs = [i for i in items if isinstance(i, Document)]
    bad = [str(i.error) for i in items if isinstance(i, BadItem)]
    assert [d.id for d in docs] == ["a", "f"]
    assert docs[0].date == date(2018, 6, 14) and docs[0].source == "wire" and docs[0].title == "T"
    assert bad == [
        f"{path}:2: bad JSON: Expecting property name enclosed in double quotes at column 2",
        f"{path}:3: missing field 'text'",
        f"{path}:4: empty text",
        f"{path}:5: bad date '14/06/2018': expected YYYY-MM-DD",
    ]


def test_ingest_gzipped_jsonl(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "Iraq met Iran.", "date": "2018-06-14"}) + "\n")
    (doc,) = _items([path])
    assert isinstance(doc, Document) and doc.id.startswith("d")


def test_ingest_corrupt_gzip_is_one_bad_item(tmp_path):
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    (item,) = _items([path])
    assert isinstance(item, BadItem)
    assert str(item.error) == f"{path}:1: gzip data ends early (a truncated file?); the lines before this one were read"


def test_ingest_text_file_binary_missing_and_folder(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Iraq met Iran.", encoding="utf-8")
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    latin = tmp_path / "c.txt"
    latin.write_bytes("Caf\xe9 talks".encode("latin-1"))
    items = _items([tmp_path, tmp_path / "missing.txt"], date=date(2020, 1, 1))
    assert isinstance(items[0], Document) and items[0].date == date(2020, 1, 1)
    messages = [str(i.error) for i in items[1:]]
    assert messages == [
        f"{binary}: binary file, expected UTF-8 text",
        f"{latin}: not UTF-8 text (invalid byte at offset 3)",
        f"{tmp_path / 'missing.txt'}: no such file",
    ]


def test_ingest_ids_are_content_hashes():
    one = Document(text="Iraq met Iran.", source="wire").with_id()
    two = Document(text="Iraq met Iran.", source="wire").with_id()
    other = Document(text="Iraq met Iran.", source="other").with_id()
    assert one.id == two.id != other.id


@pytest.mark.parametrize("value, expected", [("2018-06-14", date(2018, 6, 14)), ("20180614", date(2018, 6, 14)),
                                             ("2018-06-14T10:00:00", date(2018, 6, 14)), (None, None)])
def test_ingest_parse_date_formats(value, expected):
    assert parse_date(value) == expected


def test_ingest_parse_date_rejects_garbage():
    with pytest.raises(InputError, match="bad date 'June 14': expected YYYY-MM-DD"):
        parse_date("June 14")


def test_ingest_jsonl_byte_order_mark_is_not_part_of_the_first_line(tmp_path):
    # Windows tools start UTF-8 files with a byte-order mark; json.loads rejected the first line for it.
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "first", "text": "Iraq met Iran."}\n'
                     b'{"id": "second", "text": "Iraq met Iran."}\n')
    assert [item.id for item in _items([path])] == ["first", "second"]
