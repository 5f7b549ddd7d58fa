"""`dyad frame` and `dyad claims`: argument handling only; the work is done by `dyad.enrich`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from dyad.cli_options import ModelOption
from dyad.config import CoderSettings, default_model
from dyad.errors import DyadError, InputError
from dyad.ingest import BadItem, is_jsonl, parse_date, read_inputs
from dyad.models import Document

if TYPE_CHECKING:
    from dyad.enrich import Enricher

FileArgument = Annotated[Path, typer.Argument(help="A text file (one document) or a JSONL file (one per line).",
                                              show_default=False)]
DateOption = Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD) of a text file, for dated actor roles.")]


def register(app: typer.Typer) -> None:
    """Add `frame` and `claims` to the main app (once)."""
    names = {command.name for command in app.registered_commands}
    if "frame" not in names:
        app.command("frame")(frame_command)
    if "claims" not in names:
        app.command("claims")(claims_command)


def _fail(message: str) -> NoReturn:
    from dyad.cli import fail  # imported late: dyad.cli imports this module to register the commands

    fail(message)


def _documents(path: Path, date: str | None) -> tuple[list[Document], list[str]]:
    """The documents of FILE, or a one-line error for a file that cannot be read at all."""
    if path.is_dir():
        _fail(f"{path}: is a directory, expected a file")
    try:
        day = parse_date(date)
    except InputError as e:
        _fail(f"--date: {e}")
    documents: list[Document] = []
    bad: list[str] = []
    for item in read_inputs([str(path)], date=day):
        if isinstance(item, BadItem):
            if not is_jsonl(path):
                _fail(str(item.error))
            bad.append(str(item.error))
        else:
            documents.append(item)
    if not documents:
        _fail(bad[0] if bad else f"{path}: no documents")
    return documents, bad


@lru_cache(maxsize=2)
def _enricher(model: str) -> Enricher:
    from dyad.coding import Coder
    from dyad.enrich import Enricher

    return Enricher(Coder(CoderSettings(model=model)))


def _load(model: str | None) -> Enricher:
    try:
        return _enricher(model or default_model())
    except DyadError as e:
        _fail(str(e))


def _finish(bad: list[str]) -> None:
    for message in bad:
        Console(stderr=True, highlight=False).print(f"error: {message}", markup=False, soft_wrap=True)
    if bad:
        raise typer.Exit(2)


def frame_command(
    file: FileArgument,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    date: DateOption = None,
    model: ModelOption = None,
) -> None:
    """How a text frames the news: report or opinion, loaded language, stance toward each actor."""
    if output_format not in ("text", "json"):
        _fail(f"unknown --format {output_format!r}; choose text or json")
    documents, bad = _documents(file, date)
    enricher = _load(model)
    single = len(documents) == 1 and not is_jsonl(file)
    for document, report in _each(documents, enricher.frame, bad):
        if output_format == "json":
            payload = {"doc_id": document.id, **report.to_dict()}
            print(json.dumps(payload, ensure_ascii=False, indent=2 if single else None))
        else:
            _print_frame(document, report)
    _finish(bad)


def claims_command(
    file: FileArgument,
    output_format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    date: DateOption = None,
    model: ModelOption = None,
) -> None:
    """Checkable claims: sentences asserting quantities, with number, unit, actors and offsets."""
    if output_format not in ("table", "json"):
        _fail(f"unknown --format {output_format!r}; choose table or json")
    documents, bad = _documents(file, date)
    enricher = _load(model)
    single = len(documents) == 1 and not is_jsonl(file)
    for document, claims in _each(documents, enricher.claims, bad):
        if output_format == "json":
            payload = {"doc_id": document.id, "claims": [c.to_dict() for c in claims]}
            print(json.dumps(payload, ensure_ascii=False, indent=2 if single else None))
        else:
            _print_claims(document, claims)
    _finish(bad)


def _each(documents: list[Document], work: Any, bad: list[str]) -> Iterator[tuple[Document, Any]]:
    for document in documents:
        try:
            yield document, work(document)
        except DyadError as e:
            bad.append(f"{document.origin or document.id}: {e}")


def _print_frame(document: Document, report: Any) -> None:
    console = Console(file=sys.stdout, width=140, highlight=False)
    console.print(f"{document.origin or document.id}: {report.label} (opinion score {report.opinion_score:.3f}); "
                  f"{report.sentence_count} sentences, {report.word_count} words", markup=False)
    signals = Table(title="signals (rates per 100 words; attribution and questions per sentence)")
    for column in ("signal", "count", "rate", "weight", "contribution", "examples"):
        signals.add_column(column)
    for name, signal in report.signals.items():
        signals.add_row(name, str(signal.count), f"{signal.rate:.2f}", f"{signal.weight:+.2f}",
                        f"{signal.contribution:+.2f}", "; ".join(signal.examples))
    console.print(signals)
    if report.loaded_language:
        loaded = Table(title="loaded language")
        for column in ("offsets", "text", "category", "quoted"):
            loaded.add_column(column)
        for span in report.loaded_language:
            loaded.add_row(f"{span.start}-{span.end}", span.text, span.category, "yes" if span.quoted else "")
        console.print(loaded)
    if report.stance:
        stance = Table(title="stance toward actors")
        for column in ("actor", "code", "stance", "score", "mentions", "cues"):
            stance.add_column(column)
        for row in report.stance:
            cues = ", ".join(f"{c.text} ({c.valence:+g})" for c in row.cues)
            stance.add_row(row.actor, row.code, row.label, f"{row.score:+.3f}", str(row.mentions), cues)
        console.print(stance)


def _print_claims(document: Document, claims: list[Any]) -> None:
    console = Console(file=sys.stdout, width=160, highlight=False)
    table = Table(title=f"{document.origin or document.id}: {len(claims)} claim(s)")
    for column in ("sent", "offsets", "quantity", "value", "unit", "kind", "role", "actors", "implied"):
        table.add_column(column)
    for claim in claims:
        actors = ", ".join(sorted({a["code"] or a["name"] for a in claim.actors}))
        implied = "; ".join(i.statement for i in claim.implied)
        for n, quantity in enumerate(claim.quantities):
            value = "" if quantity.value is None else f"{quantity.value:,.10g}"
            table.add_row(str(claim.sentence_index) if n == 0 else "", f"{quantity.start}-{quantity.end}",
                          quantity.text, value if quantity.kind != "date" else (quantity.normalized or value),
                          quantity.unit, quantity.kind, quantity.role, actors if n == 0 else "",
                          implied if n == 0 else "")
    console.print(table)
