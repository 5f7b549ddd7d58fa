"""The check shared by the actor-dictionary tables: a phrase resolves to a code on a date."""

from __future__ import annotations

from datetime import date

from dyad import Coder


def case_ids(cases: list[tuple[str, str, str]]) -> list[str]:
    return [f"{phrase}@{day}" for phrase, day, _ in cases]


def assert_resolves(coder: Coder, phrase: str, day: str, expected: str) -> None:
    mention = coder.resolve_phrase(phrase, date.fromisoformat(day))
    assert mention is not None, f"{phrase!r} does not resolve on {day}"
    assert mention.code == expected
