"""Readers for web inputs (HTML pages, RSS/Atom feeds) and the folder walk that covers every input type.

Plain text and JSON Lines stay in `dyad.ingest`; `read_any` routes each file to the right reader and hands the
rest to `dyad.ingest.read_inputs`, so both yield the same `Document` / `BadItem` stream.
"""

from __future__ import annotations

import gzip
import logging
import time
from collections.abc import Iterable, Iterator
from datetime import date as Date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from dyad.errors import InputError
from dyad.ingest import (
    JSONL_SUFFIXES,
    TEXT_KINDS,
    TEXT_SUFFIXES,
    BadItem,
    _check_text,
    _read_bytes,
    folder_files,
    is_jsonl,
    parse_date,
    read_inputs,
)
from dyad.models import Document

logger = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
INPUT_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
INPUT_KINDS = TEXT_KINDS | HTML_SUFFIXES | FEED_SUFFIXES


def is_html(path: Path) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES


def is_feed(path: Path) -> bool:
    return path.suffix.lower() in FEED_SUFFIXES


def read_html(path: Path, *, date: Date | None = None, label: str | None = None) -> Document:
    """The main text of an HTML page (boilerplate removed by trafilatura) as one document.

    The page's own metadata gives title, URL, site name (as the source) and date; `date` is used only when the
    page has none.
    """
    import trafilatura  # imported here: it pulls in lxml and friends, which text-only runs never need

    name = label or str(path)
    data = _read_bytes(path)
    try:
        extracted = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    except (ValueError, TypeError) as e:  # trafilatura's own parse failures on malformed markup
        raise InputError(f"cannot parse HTML ({e})", path=name) from e
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise InputError("no article text found in the HTML page", path=name)
    text = _check_text(text, path=name, line=None)
    page_date = _metadata_date(getattr(extracted, "date", None), name) or date
    source = getattr(extracted, "sitename", None) or getattr(extracted, "hostname", None)
    return Document(text=text, date=page_date, source=source, url=getattr(extracted, "url", None),
                    title=getattr(extracted, "title", None), origin=name).with_id()


def _metadata_date(value: Any, name: str) -> Date | None:
    # A page's metadata date is a hint, not input the user typed: a malformed one is logged and ignored.
    try:
        return parse_date(value, path=name)
    except InputError:
        logger.info("%s: ignoring unparseable page date %r", name, value)
        return None


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment (feed summaries are often escaped HTML)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "br", "div", "li"):
            self.parts.append("\n")


def strip_tags(fragment: str) -> str:
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def read_feed(path: Path, *, date: Date | None = None, label: str | None = None) -> Iterator[Document | BadItem]:
    """One document per RSS/Atom entry: its title, then its content (or summary) as plain text.

    Entries are numbered from 1 in error messages; an entry without text is a BadItem and the feed goes on.
    """
    import feedparser

    name = label or str(path)
    try:
        data = _read_bytes(path)
    except InputError as e:
        yield BadItem(e)
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        yield BadItem(InputError(f"no entries found: not an RSS or Atom feed{reason}", path=name))
        return
    feed_source = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            yield _entry_document(entry, number, name, feed_source, date)
        except InputError as e:
            yield BadItem(e)


def _entry_document(entry: Any, number: int, name: str, feed_source: str | None, date: Date | None) -> Document:
    title = strip_tags(entry.get("title") or "").strip()
    contents = entry.get("content") or []
    body_html = contents[0].get("value", "") if contents else entry.get("summary", "")
    body = strip_tags(body_html or "")
    # The headline is usually the densest statement of the event, so it leads the text unless the body repeats it.
    text = body if title and body.startswith(title) else "\n\n".join(p for p in (title, body) if p)
    if not text.strip():
        raise InputError(f"entry {number}: no title or text", path=name)
    text = _check_text(text, path=name, line=None)
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    entry_date = Date(*stamp[:3]) if isinstance(stamp, time.struct_time) else date
    return Document(text=text, date=entry_date, source=feed_source, url=entry.get("link"), title=title or None,
                    origin=f"{name}#entry{number}").with_id()


def read_any(paths: Iterable[str], *, date: Date | None = None) -> Iterator[Document | BadItem]:
    """Documents from every input type dyad reads: .txt, .jsonl(.gz), HTML, RSS/Atom, folders and `-`.

    Folders are walked recursively in sorted order, so the same tree always yields documents in the same order.
    """
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            for child in folder_files(path, _wanted, INPUT_KINDS):
                if isinstance(child, BadItem):
                    yield child
                else:
                    yield from read_any([str(child)], date=date)
        elif raw != "-" and is_html(path):
            try:
                yield read_html(path, date=date)
            except InputError as e:
                yield BadItem(e)
        elif raw != "-" and is_feed(path):
            yield from read_feed(path, date=date)
        else:
            yield from read_inputs([raw], date=date)


def _wanted(path: Path) -> bool:
    return is_jsonl(path) or path.suffix.lower() in INPUT_SUFFIXES


def count_items(paths: Iterable[str]) -> int | None:
    """A cheap count of the documents `read_any` will yield, for a progress bar's ETA; None if unknowable.

    JSONL lines are counted (blank lines excluded) and feed entries estimated from their tags; stdin is unknown.
    """
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        try:
            if path.is_dir():
                children = [str(p) for p in path.rglob("*") if p.is_file() and _wanted(p)]
                sub = count_items(children)
                if sub is None:
                    return None
                total += sub
            elif is_jsonl(path):
                opener: Any = gzip.open if path.name.endswith(".gz") else open
                with opener(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif is_feed(path):
                data = path.read_bytes()
                total += max(1, data.count(b"<item") + data.count(b"<entry"))
            else:
                total += 1
        except (OSError, EOFError):
            total += 1  # the reader will report this file as one bad item
    return total
