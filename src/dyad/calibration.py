"""Calibrated confidence: the coder's evidence score mapped to the precision measured for it.

The coder scores each event from its evidence (a specific pattern, actors named rather than
inferred from pronouns or context, no reported speech ...). `bench/calibrate.py` codes the dev set
and records, for each band of that score, the share of events that were right; this module maps a
score to that share, so that `--min-confidence 0.7` keeps events of which about 70% are right.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from dyad.datafiles import load_csv_models, package_data_path


class CalibrationBand(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    score_min: float = Field(ge=0, le=1)
    score_max: float = Field(ge=0, le=1)
    precision: float = Field(ge=0, le=1, title="share of events in this band that matched the gold set")
    events: int = Field(ge=0)


@dataclass(frozen=True)
class Calibration:
    bands: list[CalibrationBand]

    @classmethod
    def load(cls, path: Path | None = None) -> Calibration:
        source = path or package_data_path("calibration.csv")
        return cls([band for _, band in load_csv_models(CalibrationBand, source)])

    def calibrate(self, score: float) -> float:
        """The measured precision for `score`; the raw score where no band covers it."""
        for band in self.bands:
            if band.score_min <= score <= band.score_max:
                return band.precision
        return score
