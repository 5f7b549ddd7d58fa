"""Commands over the event store (`ingest`, `query`, `export`, `dyads`, `influence`), registered on dyad's app.

Each command parses its arguments, calls one library function (dyad.store, dyad.export, dyad.analysis) and
turns the library's typed errors into one `error: ...` line and exit status 2.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from dyad.cli_options import ActorsOption, MaxDocCharsOption, ModelOption, TabariActorsOption, TabariAgentsOption
from dyad.config import DEFAULT_MAX_DOCUMENT_CHARS
from dyad.errors import DyadError

OUTPUT_FORMATS = ("table", "csv", "json")

DbOption = Annotated[Path, typer.Option("--db", envvar="DYAD_DB", help="The event store (a DuckDB file).")]
FormatOption = Annotated[str, typer.Option("--format", help="table, csv (with a header line) or json (an array "
                                                             "of row objects).")]
ByOption = Annotated[str, typer.Option("--by", help="Period: month, quarter or year.")]
PlotOption = Annotated[Path | None, typer.Option("--plot", help="Also draw the chart to this PNG file.")]
HtmlOption = Annotated[Path | None, typer.Option("--html", help="Also write an interactive chart (one HTML file "
                                                                "that works offline).")]


def _fail(message: str) -> NoReturn:
    # Imported at call time: dyad.cli imports this module to register the commands.
    from dyad.cli import fail

    fail(message)


def _stderr() -> Console:
    from dyad.cli import stderr

    return stderr


def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl, .jsonl.gz, .html, RSS/Atom .xml/.rss/"
                                                    ".atom), folders (recursive), or - for stdin.")],
    db: DbOption = Path("dyad.duckdb"),
    date: Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD) for inputs that carry none.")] = None,
    batch_size: Annotated[int, typer.Option(help="Documents per transaction: a killed run redoes at most "
                                                 "this many.")] = 500,
    progress: Annotated[bool | None, typer.Option(help="Progress bar on stderr (default: when a terminal).")] = None,
    enrich: Annotated[bool, typer.Option("--enrich/--no-enrich", help="Store each event's location and tone, and "
                                         "each document's framing and claims (--no-enrich is faster).")] = True,
    workers: Annotated[int | None, typer.Option("--workers", help="Code on a local Dask cluster of this many worker "
                                                "processes (docs/scaling.md).")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Code on a running Dask cluster, e.g. "
                                                  "tcp://10.0.0.5:8786; the database's folder must be shared "
                                                  "with its workers.")] = None,
    model: ModelOption = None,
    actors: ActorsOption = None,
    actors_tabari: TabariActorsOption = None,
    agents_tabari: TabariAgentsOption = None,
    max_doc_chars: MaxDocCharsOption = DEFAULT_MAX_DOCUMENT_CHARS,
) -> None:
    """Code documents into the event store; documents already stored are skipped, so re-runs resume."""
    from dyad.cli import _make_coder, _settings
    from dyad.ingest import parse_date
    from dyad.readers import count_items, read_any
    from dyad.store import IngestIssue, IngestReport, open_store

    if batch_size < 1:
        _fail(f"--batch-size must be at least 1, got {batch_size}")
    if workers is not None and scheduler is not None:
        _fail("give --workers N (a local cluster) or --scheduler ADDRESS (a running one), not both")
    if workers is not None and workers < 1:
        _fail(f"--workers must be at least 1, got {workers}")
    try:
        day = parse_date(date)
    except DyadError as e:
        _fail(f"--date: {e}")
    settings = _settings(model, actors, actors_tabari, agents_tabari, None, False, batch_size=min(batch_size, 64),
                         max_document_chars=max_doc_chars)
    console = _stderr()
    show = sys.stderr.isatty() if progress is None else progress

    def report_issue(issue: IngestIssue) -> None:
        console.print(f"error: {issue.message}", markup=False, soft_wrap=True, highlight=False)

    run: Callable[[Callable[[IngestReport], None]], IngestReport]
    if workers is not None or scheduler is not None:
        from dyad.distributed import ingest_distributed

        # The client opens the store itself; the workers build their own coders.
        store: Any = nullcontext()

        def run(on_batch: Callable[[IngestReport], None]) -> IngestReport:
            return ingest_distributed(paths, settings, db=db, date=day, batch_size=batch_size, workers=workers,
                                      scheduler=scheduler, enrich=enrich, on_issue=report_issue, on_batch=on_batch)
    else:
        try:
            store = open_store(db)
        except DyadError as e:
            _fail(str(e))
        coder = _make_coder(settings)

        def run(on_batch: Callable[[IngestReport], None]) -> IngestReport:
            return store.ingest(read_any(paths, date=day), coder, batch_size=batch_size, on_issue=report_issue,
                                on_batch=on_batch, enrich=enrich)

    with store, _progress_bar(console, count_items(paths) if show else None, show) as advance:
        try:
            report = run(lambda report: advance(report.items))
        except DyadError as e:
            _fail(str(e))
    console.print(f"{report.items:,} items: {report.added:,} documents added, {report.skipped:,} already stored, "
                  f"{report.events:,} events added, {report.errors:,} errors -> {db}", markup=False,
                  highlight=False, soft_wrap=True)
    if report.errors:
        _fail(f"{report.errors} input item(s) could not be ingested; they are listed in the errors table")


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} docs/s" if speed else "- docs/s")


@contextmanager
def _progress_bar(console: Console, total: int | None, show: bool) -> Iterator[Callable[[int], None]]:
    if not show:
        yield lambda done: None
        return
    columns = (SpinnerColumn(), TextColumn("{task.completed:,}/{task.total:,} docs" if total else
                                           "{task.completed:,} docs"),
               BarColumn(), _RateColumn(), TextColumn("ETA"), TimeRemainingColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("ingest", total=total)
        yield lambda done: bar.update(task, completed=done)


def query_command(
    sql: Annotated[str, typer.Argument(help="One SQL statement (DuckDB dialect); the store is opened read-only.")],
    db: DbOption = Path("dyad.duckdb"),
    output_format: FormatOption = "table",
) -> None:
    """Run read-only SQL: tables documents, sentences, events, actors, errors; views daily_events, story_clusters."""
    from dyad.store import open_store

    _check_format(output_format)
    if not sql.strip():
        _fail("empty SQL; give a statement such as \"SELECT count(*) FROM events\"")
    try:
        with open_store(db, read_only=True) as store:
            columns, rows = store.rows(sql)
    except DyadError as e:
        _fail(str(e))
    _emit(columns, rows, output_format)


def export_command(
    export_format: Annotated[str, typer.Option("--format", help="parquet, csv, jsonl or gdelt (GDELT 2.0 event "
                                                                "table, tab-separated, no header).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (required for parquet); "
                                                                       "default stdout.")] = None,
    table: Annotated[str, typer.Option("--table", help="events, documents, sentences, actors, errors, "
                                                       "daily_events or story_clusters.")] = "events",
    db: DbOption = Path("dyad.duckdb"),
) -> None:
    """Export a table or view of the store (events by default)."""
    from dyad.export import export
    from dyad.store import open_store

    if export_format == "parquet" and output is None:
        _fail("--format parquet writes a binary file; give --output FILE.parquet")
    try:
        with open_store(db, read_only=True) as store:
            stream = None if output else sys.stdout.buffer
            rows = export(store, export_format, path=output, stream=stream, table=table)
    except DyadError as e:
        _fail(str(e))
    if output:
        _stderr().print(f"{rows:,} rows -> {output}", markup=False, highlight=False, soft_wrap=True)


def dyads_command(
    source: Annotated[str, typer.Option("--source", help="Source actor code (prefix: USA covers USAGOV).")],
    target: Annotated[str, typer.Option("--target", help="Target actor code (prefix).")],
    by: ByOption = "month",
    all_mentions: Annotated[bool, typer.Option("--all-mentions", help="Count every mention, not one a day.")] = False,
    output_format: FormatOption = "table",
    plot: PlotOption = None,
    html: HtmlOption = None,
    db: DbOption = Path("dyad.duckdb"),
) -> None:
    """Events from one actor to another per period: counts by quad class, Goldstein sum and mean."""
    from dyad.analysis import dyad_chart, dyads
    from dyad.store import open_store

    _check_format(output_format)
    try:
        with open_store(db, read_only=True) as store:
            frame = dyads(store, source, target, by=by, dedup=not all_mentions)
        _charts(lambda: dyad_chart(frame, source.upper(), target.upper()), plot, html)
    except DyadError as e:
        _fail(str(e))
    _emit_frame(frame, output_format)


def influence_command(
    target: Annotated[str, typer.Option("--target", help="The actor influenced (code prefix, e.g. IRQ).")],
    actors: Annotated[str, typer.Option("--actors", help="Comma-separated actor codes, e.g. USA,IRN.")],
    by: ByOption = "year",
    boot: Annotated[int, typer.Option("--boot", help="Bootstrap replicates (0: no intervals).")] = 1000,
    confidence: Annotated[float, typer.Option("--confidence", help="Interval level.")] = 0.95,
    seed: Annotated[int, typer.Option("--seed", help="Bootstrap seed.")] = 0,
    output_format: FormatOption = "table",
    plot: PlotOption = None,
    html: HtmlOption = None,
    db: DbOption = Path("dyad.duckdb"),
) -> None:
    """Influence/alignment index of each actor on the target per period, with bootstrap intervals (docs/store.md)."""
    from dyad.analysis import influence, influence_chart
    from dyad.store import open_store

    _check_format(output_format)
    codes = [a.strip() for a in actors.split(",") if a.strip()]
    try:
        with open_store(db, read_only=True) as store:
            frame = influence(store, target, codes, by=by, n_boot=boot, confidence=confidence, seed=seed)
        _charts(lambda: influence_chart(frame, confidence=confidence), plot, html)
    except DyadError as e:
        _fail(str(e))
    _emit_frame(frame, output_format)


def _charts(make: Callable[[], Any], plot: Path | None, html: Path | None) -> None:
    from dyad.analysis import write_html, write_png

    if plot is None and html is None:
        return
    chart = make()
    if plot is not None:
        write_png(chart, plot)
    if html is not None:
        write_html(chart, html)


def _check_format(output_format: str) -> None:
    if output_format not in OUTPUT_FORMATS:
        _fail(f"unknown --format {output_format!r}; choose table, csv or json")


def _emit_frame(frame: Any, output_format: str) -> None:
    _emit(list(frame.columns), list(frame.itertuples(index=False, name=None)), output_format)


def _plain(value: Any) -> Any:
    """A value as JSON can hold it: NaN becomes null, numpy scalars become Python numbers."""
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _emit(columns: Sequence[str], rows: Iterable[tuple[Any, ...]], output_format: str) -> None:
    from dyad.export import json_default

    if output_format == "json":
        records = [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, default=json_default) + "\n")
    elif output_format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(_plain(v), json_default) for v in row])
    else:
        table = Table(show_lines=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(_table_cell(_plain(v)) for v in row))
        Console(file=sys.stdout, width=200).print(table)


def _csv_cell(value: Any, default: Callable[[Any], Any]) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=default)
    return default(value) if not isinstance(value, str | int | float | bool) else value


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("ingest", ingest_command),
    ("query", query_command),
    ("export", export_command),
    ("dyads", dyads_command),
    ("influence", influence_command),
)


def register(app: typer.Typer) -> None:
    """Add the store commands to `app`; calling it again (tests, re-imports) adds nothing."""
    present = {info.name for info in app.registered_commands}
    for name, function in COMMANDS:
        if name not in present:
            app.command(name)(function)
