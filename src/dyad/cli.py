"""Command-line interface: argument handling only; the work is done by the library."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from datetime import date as Date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dyad.cli_options import (
    ActorsOption,
    MaxDocCharsOption,
    ModelOption,
    NoBuiltinOption,
    PatternsOption,
    TabariActorsOption,
    TabariAgentsOption,
)
from dyad.config import DEFAULT_MAX_DOCUMENT_CHARS, CoderSettings, default_model
from dyad.errors import DyadError, InputError
from dyad.ingest import BadItem, parse_date
from dyad.models import CodedDocument, Document, Event

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Political event data from news text: who did what to whom, when (CAMEO).")
actors_app = typer.Typer(no_args_is_help=True, help="Inspect the actor dictionaries.")
app.add_typer(actors_app, name="actors")

stderr = Console(stderr=True, highlight=False)
EXIT_BAD_INPUT = 2
EVENT_COLUMNS = list(Event.__dataclass_fields__)



def fail(message: str) -> NoReturn:
    stderr.print(f"error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _settings(model: str | None, actors: list[Path] | None, tabari_actors: list[Path] | None,
              tabari_agents: list[Path] | None, patterns: list[Path] | None, no_builtin: bool,
              **extra: Any) -> CoderSettings:
    for path in [*(actors or []), *(tabari_actors or []), *(tabari_agents or []), *(patterns or [])]:
        if not path.is_file():
            fail(f"{path}: no such file")
    limit = extra.get("max_document_chars")
    if limit is not None and limit < 1:
        fail(f"--max-doc-chars must be at least 1, got {limit}")
    return CoderSettings(model=model or default_model(), actor_files=tuple(actors or ()),
                         tabari_actor_files=tuple(tabari_actors or ()),
                         tabari_agent_files=tuple(tabari_agents or ()), pattern_files=tuple(patterns or ()),
                         builtin_actors=not no_builtin, **extra)


def _make_coder(settings: CoderSettings) -> Any:
    from dyad.coding import Coder

    try:
        return Coder(settings)
    except DyadError as e:
        fail(str(e))


@app.command("code")
def code_command(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl, .jsonl.gz, .html, RSS/Atom .xml/.rss/"
                                                    ".atom), folders (recursive), or - for stdin.")],
    date: Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD) for .txt input and stdin text.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write events here, not stdout.")] = None,
    min_confidence: Annotated[float, typer.Option(help="Drop events scored below this (0-1).")] = 0.0,
    keep_flagged: Annotated[bool, typer.Option(help="Emit negated/hypothetical events, flagged.")] = False,
    semantic: Annotated[bool, typer.Option(help="Classify unknown triggers with sentence embeddings "
                                                "(needs the 'semantic' extra).")] = False,
    progress: Annotated[bool | None, typer.Option(help="Progress bar on stderr (default: when a terminal).")] = None,
    max_doc_chars: MaxDocCharsOption = DEFAULT_MAX_DOCUMENT_CHARS,
    model: ModelOption = None,
    actors: ActorsOption = None,
    actors_tabari: TabariActorsOption = None,
    agents_tabari: TabariAgentsOption = None,
    patterns: PatternsOption = None,
    no_builtin_actors: NoBuiltinOption = False,
) -> None:
    """Code documents into CAMEO events."""
    from dyad.readers import read_any

    if output_format not in ("table", "jsonl", "csv"):
        fail(f"unknown --format {output_format!r}; choose table, jsonl or csv")
    if not 0.0 <= min_confidence <= 1.0:
        fail(f"--min-confidence must be between 0 and 1, got {min_confidence}")
    try:
        day = parse_date(date)
    except InputError as e:
        fail(f"--date: {e}")
    settings = _settings(model, actors, actors_tabari, agents_tabari, patterns, no_builtin_actors,
                         min_confidence=min_confidence, keep_flagged=keep_flagged, semantic=semantic,
                         max_document_chars=max_doc_chars)
    coder = _make_coder(settings)
    bad: list[str] = []

    def documents() -> Iterator[Document]:
        for item in read_any(paths, date=day):
            if isinstance(item, BadItem):
                bad.append(str(item.error))
                stderr.print(f"error: {item.error}", markup=False, soft_wrap=True)
            else:
                yield item

    def on_error(document: Document, error: DyadError) -> None:
        message = f"{document.origin or document.id}: {error}"
        bad.append(message)
        stderr.print(f"error: {message}", markup=False, soft_wrap=True)

    show_progress = sys.stderr.isatty() if progress is None else progress
    try:
        handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as e:
        fail(f"{output}: cannot write ({e.strerror})")
    try:
        try:
            if output_format == "jsonl":
                # JSON Lines carries the enrichment too: event location, other places, tone, framing label, claims.
                from dyad.enrich import Enricher

                pairs = Enricher(coder).pipe_events(documents(), on_error=on_error)
                if show_progress:
                    pairs = _with_progress(pairs)
                for _coded, rows in pairs:
                    for row in rows:
                        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                coded = coder.pipe(documents(), on_error=on_error)
                if show_progress:
                    coded = _with_progress(coded)
                _write_events(coded, output_format, handle)
        finally:
            if output:
                handle.close()
    except OSError as e:  # a full disk, a closed pipe: stop, and say the output is cut short
        fail(f"{output or '<stdout>'}: cannot write ({e.strerror or e}); the output is incomplete")
    if bad:
        stderr.print(f"{len(bad)} input item(s) could not be coded; the rest were.", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)


def _with_progress(coded: Iterator[Any]) -> Iterator[Any]:
    columns = (SpinnerColumn(), TextColumn("{task.completed} docs"), BarColumn(),
               TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task("coding", total=None, rate="-")
        for done, item in enumerate(coded, start=1):
            elapsed = bar.tasks[0].elapsed or 0.0
            bar.update(task, completed=done, rate=f"{done / elapsed:.1f}" if elapsed else "-")
            yield item


def _write_events(coded: Iterator[CodedDocument], output_format: str, handle: Any) -> None:
    if output_format == "csv":
        writer = csv.DictWriter(handle, fieldnames=EVENT_COLUMNS)
        writer.writeheader()
        for item in coded:
            for event in item.events:
                writer.writerow(event.to_dict())
    else:
        table = Table(show_lines=False)
        for column in ("doc", "sent", "date", "source", "target", "code", "event", "trigger", "conf", "flags"):
            table.add_column(column)
        for item in coded:
            for e in item.events:
                flags = ",".join(f for f, on in (("negated", e.negated), ("hypothetical", e.hypothetical),
                                                  ("attributed", e.attributed)) if on)
                table.add_row(e.doc_id[:9], str(e.sentence_index), e.date or "", e.source, e.target, e.code,
                              e.name, e.trigger_text, f"{e.confidence:.2f}", flags)
        Console(file=handle, width=160).print(table)


@app.command("eval")
def eval_command(
    gold: Annotated[Path | None, typer.Argument(help="Gold file in dyad's eval JSONL format.")] = None,
    petrarch_xml: Annotated[Path | None, typer.Option("--petrarch-xml", help="PETRARCH validation XML.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List each false positive and negative.")] = False,
    min_confidence: Annotated[float, typer.Option(help="Drop events scored below this (0-1).")] = 0.0,
    semantic: Annotated[bool, typer.Option(help="Classify unknown triggers with sentence embeddings.")] = False,
    model: ModelOption = None,
    actors: ActorsOption = None,
    actors_tabari: TabariActorsOption = None,
    agents_tabari: TabariAgentsOption = None,
    patterns: PatternsOption = None,
    no_builtin_actors: NoBuiltinOption = False,
) -> None:
    """Score the coder against gold codings."""
    from dyad.evaluation import evaluate, read_gold_jsonl, read_petrarch_gold

    if (gold is None) == (petrarch_xml is None):
        fail("give a gold JSONL file or --petrarch-xml FILE (one of them)")
    try:
        items = read_petrarch_gold(petrarch_xml) if petrarch_xml else read_gold_jsonl(gold)  # type: ignore[arg-type]
    except DyadError as e:
        fail(str(e))
    settings = _settings(model, actors, actors_tabari, agents_tabari, patterns, no_builtin_actors,
                         min_confidence=min_confidence, semantic=semantic)
    report = evaluate(_make_coder(settings), items)
    figures = report.as_dict()
    if errors:
        _print_errors(report)
    if as_json:
        print(json.dumps(figures, indent=2))
        return
    table = Table(title=f"{figures['n_sentences']} sentences, {figures['gold_events']} gold events, "
                        f"{figures['predicted_events']} predicted, {figures['records_passed']} records exact")
    for column in ("match", "precision", "recall", "F1"):
        table.add_column(column)
    for kind in ("root", "exact"):
        table.add_row(kind, *(f"{figures[f'{kind}_{m}']:.3f}" for m in ("precision", "recall", "f1")))
    console = Console()
    console.print(table)
    if figures["per_tag"]:
        tags = Table(title="per tag")
        for column in ("tag", "sentences", "root P", "root R", "root F1", "exact F1"):
            tags.add_column(column)
        for tag, row in figures["per_tag"].items():
            tags.add_row(tag, str(row["n_sentences"]), f"{row['root_precision']:.3f}", f"{row['root_recall']:.3f}",
                         f"{row['root_f1']:.3f}", f"{row['exact_f1']:.3f}")
        console.print(tags)


def _print_errors(report: Any) -> None:
    out = Console(stderr=False, highlight=False, soft_wrap=True)
    for result in report.sentences:
        if not result.missed and not result.spurious:
            continue
        out.print(f"[{result.item.id}] {result.item.text}", markup=False)
        for event in result.spurious:
            out.print(f"  FP {event.source} -> {event.target} {event.code} via {event.pattern_id} "
                      f"(trigger {event.trigger_text!r})", markup=False)
        predicted = {(e.source, e.target, e.code) for e in result.predicted}
        for missed in result.missed:
            near = [p for p in predicted if p[2][:2] == missed.code[:2]]
            reason = f"closest prediction {near[0]}" if near else "no pattern fired for this event"
            out.print(f"  FN {missed.source} -> {missed.target} {missed.code} ({reason})", markup=False)


@actors_app.command("lookup")
def lookup_command(
    name: Annotated[str, typer.Argument(help="A name or noun phrase, e.g. \"Iran's foreign minister\".")],
    date: Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD) that selects dated roles.")] = None,
    model: ModelOption = None,
    actors: ActorsOption = None,
    actors_tabari: TabariActorsOption = None,
    agents_tabari: TabariAgentsOption = None,
    no_builtin_actors: NoBuiltinOption = False,
) -> None:
    """Show how a name resolves to an actor code."""
    try:
        day: Date | None = parse_date(date)
    except InputError as e:
        fail(f"--date: {e}")
    coder = _make_coder(_settings(model, actors, actors_tabari, agents_tabari, None, no_builtin_actors))
    mention = coder.resolve_phrase(name, day)
    entry = coder.actors.lookup_name(name)
    if mention is None:
        fail(f"{name!r} does not resolve to an actor" + (f" on {day}" if day else ""))
    print(f"{name}\t{mention.code}\t{mention.entry}")
    if entry is not None:
        for role in entry.roles:
            span = f"{role.valid_from or '…'} to {role.valid_to or '…'}"
            print(f"  role {role.code}\t{span}\t({entry.origin})")


def _register_commands() -> None:
    # Imported here, not at the top: each module imports `dyad.cli` for its helpers.
    from dyad.cli_enrich import register as register_enrich
    from dyad.cli_store import register as register_store
    from dyad.cli_web import register as register_web

    register_store(app)
    register_enrich(app)
    register_web(app)


_register_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
