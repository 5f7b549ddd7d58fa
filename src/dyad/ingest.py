"""Readers that turn input files into `Document`s, reporting bad items without stopping the batch."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import Any

from dyad.errors import InputError
from dyad.models import Document

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TEXT_KINDS = TEXT_SUFFIXES | JSONL_SUFFIXES | {suffix + ".gz" for suffix in JSONL_SUFFIXES}


def parse_date(value: Any, *, path: str | None = None, line: int | None = None) -> Date | None:
    """Parse YYYY-MM-DD (or a full ISO timestamp, or YYYYMMDD); None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, Date):
        return value
    if not isinstance(value, str):
        raise InputError(f"bad date {value!r}: expected a string like 2018-06-14", path=path, line=line)
    text = value.strip()
    for parse in (Date.fromisoformat, lambda s: datetime.fromisoformat(s).date(),
                  lambda s: datetime.strptime(s, "%Y%m%d").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise InputError(f"bad date {value!r}: expected YYYY-MM-DD", path=path, line=line)


@dataclass(frozen=True)
class BadItem:
    """An input item that could not be read; the batch goes on without it."""

    error: InputError


def _check_text(text: Any, *, path: str, line: int | None) -> str:
    if not isinstance(text, str):
        raise InputError("field 'text' must be a string", path=path, line=line)
    if not text.strip():
        raise InputError("empty text", path=path, line=line)
    return text


def _check_unicode(field: str, value: str, *, path: str, line: int | None) -> str:
    # JSON can escape half of a surrogate pair ("\ud800"); such a string cannot be hashed, stored or printed.
    position = unpaired_surrogate(value)
    if position is not None:
        raise InputError(f"field {field!r} is not valid Unicode (an unpaired surrogate, {value[position]!r}, at "
                         f"character {position})", path=path, line=line)
    return value


def unpaired_surrogate(text: str) -> int | None:
    """Where `text` holds half a surrogate pair (which no UTF-8 text can), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        return e.start
    return None


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def read_text_file(path: Path, *, date: Date | None = None, label: str | None = None) -> Document:
    """A plain-text file as one document."""
    name = label or str(path)
    data = _read_bytes(path)
    if _looks_binary(data):
        raise InputError("binary file, expected UTF-8 text", path=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text (invalid byte at offset {e.start})", path=name) from e
    text = _check_text(text, path=name, line=None)
    return Document(text=text, date=date, source=None, origin=name).with_id()


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as e:
        raise InputError("no such file", path=str(path)) from e
    except IsADirectoryError as e:
        raise InputError("is a directory, expected a file", path=str(path)) from e
    except PermissionError as e:
        raise InputError("permission denied", path=str(path)) from e
    except OSError as e:
        raise InputError(f"cannot read ({e.strerror})", path=str(path)) from e


def record_to_document(record: Any, *, path: str, line: int) -> Document:
    """One JSONL object as a document (`text` required; `id`, `date`, `source`, `url`, `title`)."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}", path=path, line=line)
    if "text" not in record:
        raise InputError("missing field 'text'", path=path, line=line)
    text = _check_unicode("text", _check_text(record["text"], path=path, line=line), path=path, line=line)
    doc_date = parse_date(record.get("date"), path=path, line=line)
    optional = {}
    for key in ("id", "source", "url", "title"):
        value = record.get(key)
        if value is not None and not isinstance(value, str | int):
            raise InputError(f"field {key!r} must be a string", path=path, line=line)
        optional[key] = None if value is None else _check_unicode(key, str(value), path=path, line=line)
    document = Document(text=text, id=optional["id"] or "", date=doc_date, source=optional["source"],
                        url=optional["url"], title=optional["title"], origin=f"{path}:{line}")
    return document.with_id()


def _jsonl_lines(path: Path, label: str) -> Iterator[tuple[int, bytes]]:
    opener: Callable[..., Any] = gzip.open if path.name.endswith(".gz") else open
    # A damaged .gz fails where the damage is: the lines before it have been read and coded, so the error
    # names the line it stopped at rather than the whole file.
    number = 0
    try:
        with opener(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                yield number, raw
    except gzip.BadGzipFile as e:
        raise InputError(f"bad gzip data ({e})", path=label, line=number + 1) from e
    except EOFError as e:
        raise InputError("gzip data ends early (a truncated file?); the lines before this one were read",
                         path=label, line=number + 1) from e
    except zlib.error as e:
        raise InputError(f"corrupt gzip data ({e}); the lines before this one were read", path=label,
                         line=number + 1) from e
    except FileNotFoundError as e:
        raise InputError("no such file", path=label) from e
    except PermissionError as e:
        raise InputError("permission denied", path=label) from e
    except OSError as e:
        raise InputError(f"cannot read ({e.strerror or e})", path=label) from e


def read_jsonl(path: Path, *, label: str | None = None) -> Iterator[Document | BadItem]:
    """Documents from a JSONL (or .jsonl.gz) file, one per line; bad lines come back as BadItem."""
    name = label or str(path)
    yield from _documents_from_lines(_jsonl_lines(path, name), name)


def _documents_from_lines(lines: Iterable[tuple[int, bytes]], name: str) -> Iterator[Document | BadItem]:
    for number, raw in lines:
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]  # Windows tools start UTF-8 files with a byte-order mark
        if not raw.strip():
            continue
        try:
            yield record_to_document(_json_line(raw, name, number), path=name, line=number)
        except InputError as e:
            yield BadItem(e)


def _json_line(raw: bytes, name: str, number: int) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 (invalid byte at column {e.start + 1})", path=name, line=number) from e
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"bad JSON: {e.msg} at column {e.colno}", path=name, line=number) from e


def is_jsonl(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(s) or name.endswith(s + ".gz") for s in JSONL_SUFFIXES)


def folder_files(folder: Path, wanted: Callable[[Path], bool], kinds: Iterable[str]) -> Iterator[Path | BadItem]:
    """The files under `folder` that `wanted` accepts, recursively, in sorted order.

    A subfolder that cannot be listed, a wanted name that is not a readable regular file (a broken link) and a
    folder with no wanted file at all come back as BadItems: `Path.rglob` would skip each of them silently.
    Files of other types are left alone; `kinds` names the ones read, for the message.
    """
    found: list[tuple[tuple[str, ...], Path | BadItem]] = []

    def unlisted(error: OSError) -> None:
        where = str(error.filename or folder)
        reason = "permission denied" if isinstance(error, PermissionError) else error.strerror
        found.append((Path(where).parts, BadItem(InputError(f"cannot list folder ({reason})", path=where))))

    for root, _dirs, files in os.walk(folder, onerror=unlisted):
        for name in files:
            path = Path(root) / name
            if not wanted(path):
                continue
            if path.is_file():
                found.append((path.parts, path))
            else:
                found.append((path.parts, BadItem(InputError("not a regular file (a broken link?)", path=str(path)))))
    if not found:
        yield BadItem(InputError(f"no input files in this folder (dyad reads {', '.join(sorted(kinds))})",
                                 path=str(folder)))
    for _parts, item in sorted(found, key=lambda pair: pair[0]):
        yield item


def read_inputs(paths: Iterable[str], *, date: Date | None = None) -> Iterator[Document | BadItem]:
    """Documents from files, folders (recursively) and `-` (stdin, JSONL if it parses as such)."""
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(date)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in folder_files(path, _wanted, TEXT_KINDS):
                if isinstance(child, BadItem):
                    yield child
                else:
                    yield from read_inputs([str(child)], date=date)
            continue
        if not path.exists():
            yield BadItem(InputError("no such file", path=raw))
            continue
        try:
            if is_jsonl(path):
                yield from read_jsonl(path)
            else:
                yield read_text_file(path, date=date)
        except InputError as e:
            yield BadItem(e)


def _wanted(path: Path) -> bool:
    return is_jsonl(path) or path.suffix.lower() in TEXT_SUFFIXES


def _read_stdin(date: Date | None) -> Iterator[Document | BadItem]:
    data = sys.stdin.buffer.read()
    lines = data.split(b"\n")
    first = next((line for line in lines if line.strip()), b"").removeprefix(codecs.BOM_UTF8)
    # JSON Lines when the first line opens an object: a bad line after it is reported as one, not taken as
    # part of a plain text (a text that starts with "{" is not news).
    if first.lstrip().startswith(b"{"):
        yield from _documents_from_lines(enumerate(lines, start=1), "<stdin>")
        return
    try:
        if _looks_binary(data):
            raise InputError("binary input, expected UTF-8 text", path="<stdin>")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"not UTF-8 text (invalid byte at offset {e.start})", path="<stdin>") from e
        yield Document(text=_check_text(text, path="<stdin>", line=None), date=date, origin="<stdin>").with_id()
    except InputError as e:
        yield BadItem(e)
