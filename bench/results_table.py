"""Appending a row to one benchmark's table in bench/RESULTS.md (each benchmark owns a `## ` section)."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def append_row(header: str, intro: str, columns: list[str], row: str, results: Path = RESULTS) -> None:
    """Add `row` under `header`'s table, creating the section (intro and column line) the first time."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    if header not in text:
        head = "| " + " | ".join(columns) + " |\n" + "|" + "---|" * len(columns) + "\n"
        text = text.rstrip("\n") + f"\n\n{header}\n\n{intro}\n\n{head}"
    lines = text.rstrip("\n").split("\n")
    start = lines.index(header)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    last_row = max(i for i in range(start, end) if lines[i].startswith("|"))
    lines.insert(last_row + 1, row)
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
