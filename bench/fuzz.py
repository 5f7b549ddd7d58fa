"""The large fuzzing run: generated documents through the JSON Lines reader and the real coder, counting crashes.

Usage: python bench/fuzz.py [--documents 10000] [--max-long-chars 50000] [--seed N] [--no-record]

Documents come from the generators of tests/fuzzing.py (odd Unicode, control characters, NUL bytes, right-to-left
text, emoji, combining marks, HTML junk, very long sentences and tokens, mixed with dev-set news sentences),
drawn fresh with hypothesis. Each one is written as a JSON line and read back with `read_jsonl`, then coded with
`Coder.pipe`; every 10th is also read as an HTML page. Any exception, any error the coder reports for a
document under the size limit, and any malformed event counts as a crash and is saved to
bench/out/fuzz_crashes.jsonl. Prints and records (bench/RESULTS.md) documents tried, crashes, the slowest
document (time, length) and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))
sys.path.insert(0, str(BENCH))

from results_table import append_row  # noqa: E402

from dyad import Coder, CoderSettings  # noqa: E402
from dyad.errors import InputError  # noqa: E402
from dyad.ingest import BadItem, read_jsonl  # noqa: E402
from dyad.readers import read_html  # noqa: E402
from fuzzing import documents, jsonl_line, problems  # noqa: E402

CRASHES = BENCH / "out" / "fuzz_crashes.jsonl"
SLOWEST = BENCH / "out" / "fuzz_slowest.json"  # the slowest document, to time it again alone


@dataclass
class Tally:
    tried: int = 0
    characters: int = 0
    events: int = 0
    with_events: int = 0
    html: int = 0
    crashes: list[dict[str, Any]] = field(default_factory=list)
    slowest: tuple[float, int] = (0.0, 0)  # seconds, characters
    slowest_text: str = ""
    longest: int = 0
    seconds: float = 0.0

    def crash(self, stage: str, text: str, problem: str) -> None:
        record = {"stage": stage, "problem": problem, "length": len(text), "text": text}
        self.crashes.append(record)
        # Written as found, so that a long run can be looked at while it goes on.
        with CRASHES.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def run(n_documents: int, max_long_chars: int, seed_value: int | None) -> Tally:
    coder = Coder(CoderSettings())
    tally = Tally()
    folder = Path(tempfile.mkdtemp(prefix="dyad-fuzz-"))

    def one(text: str, day: date | None) -> None:
        tally.tried += 1
        tally.characters += len(text)
        tally.longest = max(tally.longest, len(text))
        path = folder / "doc.jsonl"
        path.write_text(jsonl_line(text, date=day.isoformat() if day else None) + "\n", encoding="utf-8")
        try:
            (item,) = list(read_jsonl(path))
        except Exception:  # a crash is what this run counts
            tally.crash("read_jsonl", text, traceback.format_exc(limit=3))
            return
        if isinstance(item, BadItem):
            # Blank and whitespace-only texts are bad input by design; anything else is a finding.
            if str(item.error).endswith(": empty text") and not text.strip():
                return
            tally.crash("read_jsonl", text, str(item.error))
            return
        failed: list[str] = []
        started = time.perf_counter()
        try:
            results = list(coder.pipe([item], on_error=lambda d, e: failed.append(str(e))))
        except Exception:
            tally.crash("code", text, traceback.format_exc(limit=5))
            return
        elapsed = time.perf_counter() - started
        if elapsed > tally.slowest[0]:
            tally.slowest = (elapsed, len(text))
            tally.slowest_text = text
        if failed or len(results) != 1:
            tally.crash("code", text, "; ".join(failed) or f"{len(results)} results for one document")
            return
        coded = results[0]
        found = problems(coded, coder.ontology)
        if found:
            tally.crash("events", text, "; ".join(found[:5]))
        tally.events += len(coded.events)
        tally.with_events += bool(coded.events)
        if tally.tried % 10 == 0:
            tally.html += 1
            page = folder / "page.html"
            page.write_text(f"<html><body><article>{text}</article></body></html>", encoding="utf-8")
            try:
                read_html(page)
            except InputError:
                pass
            except Exception:
                tally.crash("read_html", text, traceback.format_exc(limit=3))
        if tally.tried % 500 == 0:
            print(f"{tally.tried:,} documents, {len(tally.crashes)} crashes, slowest {tally.slowest[0]:.2f} s",
                  file=sys.stderr, flush=True)

    @settings(max_examples=n_documents, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(text=documents(max_long_chars=max_long_chars),
           day=st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2030, 12, 31))))
    def fuzz(text: str, day: date | None) -> None:
        one(text, day)

    if seed_value is not None:
        fuzz = seed(seed_value)(fuzz)
    started = time.perf_counter()
    fuzz()
    tally.seconds = time.perf_counter() - started
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--max-long-chars", type=int, default=50_000,
                        help="longest generated run-on sentence or token (one document in ten has one)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--no-record", action="store_true", help="do not append a row to bench/RESULTS.md")
    args = parser.parse_args()
    CRASHES.parent.mkdir(parents=True, exist_ok=True)
    CRASHES.write_text("", encoding="utf-8")
    tally = run(args.documents, args.max_long_chars, args.seed)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    SLOWEST.write_text(json.dumps({"seconds": tally.slowest[0], "text": tally.slowest_text}, ensure_ascii=False),
                       encoding="utf-8")
    summary = {
        "documents": tally.tried, "crashes": len(tally.crashes), "characters": tally.characters,
        "longest_document": tally.longest, "documents_with_events": tally.with_events, "events": tally.events,
        "html_pages": tally.html, "slowest_seconds": round(tally.slowest[0], 2), "slowest_length": tally.slowest[1],
        "wall_seconds": round(tally.seconds, 1), "peak_rss_mib": round(peak_mib),
    }
    print(json.dumps(summary, indent=2))
    if args.no_record:
        return
    command = "python bench/fuzz.py" + "".join(
        f" --{k.replace('_', '-')} {v}" for k, v in (("documents", args.documents),
                                                       ("max_long_chars", args.max_long_chars), ("seed", args.seed))
        if v is not None)
    record(summary, command)


def record(summary: dict[str, Any], command: str) -> None:
    """Append the run's row to bench/RESULTS.md."""
    machine = f"{platform.machine()}, CPython {platform.python_version()}, 2 cores (shared)"
    row = (f"| {date.today().isoformat()} | {machine} | {summary['documents']:,} ({summary['characters']:,} "
           f"characters, longest {summary['longest_document']:,}) | {summary['crashes']} | "
           f"{summary['slowest_seconds']:.2f} s ({summary['slowest_length']:,} characters) | "
           f"{summary['peak_rss_mib']:,} MiB | {summary['events']:,} in {summary['documents_with_events']:,} "
           f"documents | {summary['wall_seconds']:,.0f} s | `{command}` |")
    append_row("## Fuzzing (bench/fuzz.py)",
               "Generated documents (tests/fuzzing.py) read as JSON lines and coded one at a time; a crash is an "
               "exception, an error reported for a document under the size limit, or a malformed event. Peak RSS "
               "is the process's high-water mark, the loaded coder included.",
               ["date", "machine", "documents", "crashes", "slowest document", "peak RSS", "events", "wall time",
                "command"], row)


if __name__ == "__main__":
    main()
