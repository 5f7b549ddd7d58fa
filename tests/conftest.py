"""Shared fixtures: one real coder (real spaCy model, real dictionaries) for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad import Coder, CoderSettings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PETRARCH = SHARED / "reference" / "petrarch2"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder(CoderSettings())


@pytest.fixture(scope="session")
def flagged_coder() -> Coder:
    return Coder(CoderSettings(keep_flagged=True))
