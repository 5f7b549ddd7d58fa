"""Measures over the event store: dyad time series and an influence/alignment index with bootstrap intervals.

Both read the `events` table (negated and hypothetical events excluded) and return pandas DataFrames, one row
per period (and actor); the charts are drawn from those frames, never from separate queries. The index and the
bootstrap are defined in docs/store.md.
"""

from __future__ import annotations

import html
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dyad.errors import InputError
from dyad.store import EventStore

logger = logging.getLogger(__name__)

PERIODS = ("month", "quarter", "year")
QUAD_COLUMNS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
DYAD_COLUMNS = ("period", "period_start", "events", *QUAD_COLUMNS, "goldstein_sum", "goldstein_mean")
INFLUENCE_COLUMNS = ("period", "period_start", "actor", "target", "index", "ci_low", "ci_high", "events",
                     "to_target", "from_target", "cooperation", "conflict", "target_weight", "target_events",
                     "documents")
ACTOR_CODE = re.compile(r"^[A-Z-]{3}[A-Z]{0,27}$")  # at most 30 characters, as the web filter's codes
# Colour-blind-safe palette (Okabe–Ito), in the order actors are given.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
QUAD_COLORS = ("#56B4E9", "#0072B2", "#E69F00", "#D55E00")


def _check_period(by: str) -> str:
    if by not in PERIODS:
        raise InputError(f"unknown period {by!r}; choose month, quarter or year")
    return by


def _check_actor(code: str, role: str) -> str:
    code = code.strip().upper()
    if not ACTOR_CODE.match(code):
        raise InputError(f"{role} {code!r} is not a CAMEO actor code; expected 3 to 30 letters, e.g. USA or IRQGOV")
    return code


def period_label(start: Date, by: str) -> str:
    if by == "year":
        return f"{start.year}"
    if by == "quarter":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def _with_labels(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    frame["period_start"] = [pd.Timestamp(v).date() for v in frame["period_start"]]
    frame.insert(0, "period", [period_label(d, by) for d in frame["period_start"]])
    return frame


def dyads(store: EventStore, source: str, target: str, *, by: str = "month", dedup: bool = True) -> pd.DataFrame:
    """Events from `source` to `target` per period: counts by quad class, Goldstein sum and mean.

    Actor codes match by prefix, so USA covers USAGOV and USAMIL. With `dedup` (the default) an event counts
    once per day (the `daily_events` view); without it every mention counts. Periods without events are absent.
    """
    by = _check_period(by)
    source, target = _check_actor(source, "source"), _check_actor(target, "target")
    table = "daily_events" if dedup else \
        "(SELECT * FROM events WHERE NOT negated AND NOT hypothetical)"
    frame = store.query(
        f"""SELECT date_trunc('{by}', date) AS period_start, count(*) AS events,
                   count(*) FILTER (WHERE quad_class = 1) AS verbal_cooperation,
                   count(*) FILTER (WHERE quad_class = 2) AS material_cooperation,
                   count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
                   count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
                   sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean
            FROM {table}
            WHERE date IS NOT NULL AND starts_with(source, ?) AND starts_with(target, ?)
            GROUP BY 1 ORDER BY 1""", [source, target])
    frame = _with_labels(frame, by)
    for column in ("events", *QUAD_COLUMNS):
        frame[column] = frame[column].astype("int64")
    return frame[list(DYAD_COLUMNS)].reset_index(drop=True)


def daily_events(store: EventStore) -> pd.DataFrame:
    """The one-a-day view: one row per (date, source, target, code) with mentions, documents and sources."""
    return store.query("SELECT * FROM daily_events ORDER BY date, source, target, code")


def story_clusters(store: EventStore, *, min_documents: int = 1) -> pd.DataFrame:
    """Story clusters (see docs/store.md) reported by at least `min_documents` documents, with their evidence."""
    if min_documents < 1:
        raise InputError(f"min_documents must be at least 1, got {min_documents}")
    return store.query("SELECT * FROM story_clusters WHERE documents >= ? ORDER BY first_date, source, target, code",
                       [min_documents])


def influence(store: EventStore, target: str, actors: Sequence[str], *, by: str = "year", n_boot: int = 1000,
              confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """The influence/alignment index of each actor on `target`, per period, with bootstrap intervals.

    index(A, T, p) = Σ g(e) over events e between A and T in either direction in period p, divided by
    Σ |g(e)| over all of T's events with actors outside T in p (g: Goldstein score). It lies in [-1, 1]: the
    share of T's Goldstein-weighted external interactions that is cooperation (+) or conflict (-) with A.
    Intervals: percentile bootstrap over the documents that report T's external events in p, resampled with
    replacement `n_boot` times (numerator and denominator together); seeded per period, so reproducible.
    """
    by = _check_period(by)
    target = _check_actor(target, "target")
    codes = [_check_actor(a, "actor") for a in actors]
    if not codes:
        raise InputError("no actors given; name at least one, e.g. USA,IRN")
    for code in codes:
        if code.startswith(target) or target.startswith(code):
            raise InputError(f"actor {code!r} overlaps the target {target!r}; an actor must be outside the target")
    if n_boot < 0:
        raise InputError(f"bootstrap replicates must be 0 or more, got {n_boot}")
    if seed < 0:
        raise InputError(f"seed must be 0 or more, got {seed}")
    if not 0.0 < confidence < 1.0:
        raise InputError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence}")
    events = store.query(
        f"""SELECT doc_id, date_trunc('{by}', date) AS period_start, source, target, goldstein
            FROM events
            WHERE NOT negated AND NOT hypothetical AND date IS NOT NULL
              AND starts_with(source, ?) <> starts_with(target, ?)
            ORDER BY period_start, doc_id, event_id""", [target, target])
    rows: list[dict[str, Any]] = []
    if events.empty:
        return pd.DataFrame(columns=list(INFLUENCE_COLUMNS))
    outward = events["source"].str.startswith(target).to_numpy()  # T is the source: T -> other
    other = np.where(outward, events["target"], events["source"])
    goldstein = events["goldstein"].to_numpy(dtype=float)
    events = events.assign(other=other, outward=outward, weight=np.abs(goldstein))
    alpha = 1.0 - confidence
    for start, group in events.groupby("period_start", sort=True):
        day = pd.Timestamp(start).date()
        docs, doc_index = np.unique(group["doc_id"].to_numpy(), return_inverse=True)
        weights = np.bincount(doc_index, weights=group["weight"].to_numpy(), minlength=len(docs))
        total = float(weights.sum())
        # One resample of documents per replicate, shared by every actor, so actors compare on the same draws.
        counts = _resample(len(docs), n_boot, seed, day)
        boot_total = counts @ weights if counts is not None else None
        for code in codes:
            mask = group["other"].str.startswith(code).to_numpy()
            g = group["goldstein"].to_numpy(dtype=float)
            numerators = np.bincount(doc_index[mask], weights=g[mask], minlength=len(docs))
            value = float(numerators.sum()) / total if total > 0 else float("nan")
            low = high = float("nan")
            if counts is not None and boot_total is not None:
                with np.errstate(invalid="ignore", divide="ignore"):
                    replicates = np.where(boot_total > 0, (counts @ numerators) / boot_total, np.nan)
                if np.isfinite(replicates).any():
                    low, high = np.nanquantile(replicates, [alpha / 2, 1 - alpha / 2])
            chosen = g[mask]
            rows.append({
                "period": period_label(day, by), "period_start": day, "actor": code, "target": target,
                "index": value, "ci_low": float(low), "ci_high": float(high), "events": int(mask.sum()),
                "to_target": int((mask & ~group["outward"].to_numpy()).sum()),
                "from_target": int((mask & group["outward"].to_numpy()).sum()),
                "cooperation": float(chosen[chosen > 0].sum()), "conflict": float(np.abs(chosen[chosen < 0]).sum()),
                "target_weight": total, "target_events": len(group), "documents": len(docs),
            })
    return pd.DataFrame(rows, columns=list(INFLUENCE_COLUMNS))


def _resample(n_docs: int, n_boot: int, seed: int, day: Date) -> np.ndarray | None:
    """How often each document is drawn in each replicate: an (n_boot, n_docs) matrix of multinomial counts."""
    if n_boot == 0 or n_docs == 0:
        return None
    # Seeded by period as well as seed, so a period's interval does not depend on which other periods are shown.
    rng = np.random.default_rng([seed, day.toordinal()])
    return rng.multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=n_boot).astype(float)


# -- charts -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One line of a chart: y values (NaN for gaps) at the chart's x positions, with an optional band."""

    name: str
    color: str
    y: list[float]
    low: list[float] | None = None
    high: list[float] | None = None
    notes: list[str] | None = None  # per point, shown on hover in the HTML chart


@dataclass(frozen=True)
class Chart:
    title: str
    subtitle: str
    x_labels: list[str]
    x_dates: list[Date]
    y_label: str
    series: list[Series]
    zero_line: bool = False


def influence_chart(frame: pd.DataFrame, *, confidence: float = 0.95) -> Chart:
    """The chart of an `influence` frame: one line per actor with its bootstrap band."""
    if frame.empty:
        raise InputError("no events between the target and these actors; nothing to plot")
    periods = frame.drop_duplicates("period_start").sort_values("period_start")
    x_dates, labels = list(periods["period_start"]), list(periods["period"])
    series = []
    for i, (actor, rows) in enumerate(frame.groupby("actor", sort=False)):
        by_day = rows.set_index("period_start")
        pick = [by_day.loc[d] if d in by_day.index else None for d in x_dates]
        series.append(Series(
            name=str(actor), color=PALETTE[i % len(PALETTE)],
            y=[float(r["index"]) if r is not None else float("nan") for r in pick],
            low=[float(r["ci_low"]) if r is not None else float("nan") for r in pick],
            high=[float(r["ci_high"]) if r is not None else float("nan") for r in pick],
            notes=[(f"{r['events']} events ({r['to_target']} to, {r['from_target']} from {r['target']}); "
                    f"cooperation {r['cooperation']:.1f}, conflict {r['conflict']:.1f}; "
                    f"{r['target']} total weight {r['target_weight']:.1f} in {r['documents']} documents")
                   if r is not None else "" for r in pick]))
    target = str(frame["target"].iloc[0])
    return Chart(title=f"Influence on {target}: {', '.join(s.name for s in series)}",
                 subtitle=f"Goldstein-weighted balance with {target}, both directions, over {target}'s total "
                          f"external interaction weight; bands: {confidence:.0%} bootstrap intervals over documents",
                 x_labels=labels, x_dates=x_dates, y_label="influence index (-1 conflict … +1 cooperation)",
                 series=series, zero_line=True)


def dyad_chart(frame: pd.DataFrame, source: str, target: str) -> Chart:
    """The chart of a `dyads` frame: one line per quad class (event counts)."""
    if frame.empty:
        raise InputError(f"no events from {source} to {target}; nothing to plot")
    names = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
    series = [Series(name=name, color=color, y=[float(v) for v in frame[column]],
                     notes=[f"Goldstein sum {s:.1f}, mean {m:.2f}" for s, m in
                            zip(frame["goldstein_sum"], frame["goldstein_mean"], strict=True)])
              for name, color, column in zip(names, QUAD_COLORS, QUAD_COLUMNS, strict=True)]
    return Chart(title=f"Events {source} → {target}", subtitle="counts by quad class",
                 x_labels=list(frame["period"]), x_dates=list(frame["period_start"]), y_label="events",
                 series=series)


def write_png(chart: Chart, path: Path) -> Path:
    """Draw the chart with matplotlib (Agg backend: no display needed) and save it as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 5.2), dpi=150)
    x = [pd.Timestamp(d) for d in chart.x_dates]
    for series in chart.series:
        ax.plot(x, series.y, marker="o", markersize=3, linewidth=1.6, color=series.color, label=series.name)
        if series.low is not None and series.high is not None:
            ax.fill_between(x, series.low, series.high, color=series.color, alpha=0.18, linewidth=0)
    if chart.zero_line:
        ax.axhline(0, color="#555555", linewidth=0.8)
    fig.suptitle(chart.title, x=0.01, ha="left", fontsize=12)
    ax.set_title(chart.subtitle, loc="left", fontsize=7.5, color="#444444")
    ax.set_ylabel(chart.y_label)
    ax.grid(True, linewidth=0.3, alpha=0.6)
    ax.legend(frameon=False)
    fig.tight_layout()
    try:
        fig.savefig(path)
    except OSError as e:
        raise InputError(f"cannot write ({e.strerror})", path=str(path)) from e
    finally:
        plt.close(fig)
    return path


def write_html(chart: Chart, path: Path) -> Path:
    """Save the chart as one self-contained HTML file: inline SVG and script, no network needed to view it.

    Hovering a point shows its value, interval and counts; clicking a legend entry hides or shows a series.
    A table of the plotted numbers follows the chart.
    """
    try:
        path.write_text(render_html(chart), encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write ({e.strerror})", path=str(path)) from e
    return path


def render_html(chart: Chart) -> str:
    width, height, left, right, top, bottom = 960, 440, 70, 20, 20, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in chart.series for arr in (s.y, s.low or [], s.high or []) for v in arr if np.isfinite(v)]
    y_min, y_max = (min(values), max(values)) if values else (0.0, 1.0)
    if chart.zero_line:
        y_min, y_max = min(y_min, 0.0), max(y_max, 0.0)
    if y_max - y_min < 1e-9:
        y_max = y_min + 1.0
    pad = (y_max - y_min) * 0.05
    y_min, y_max = y_min - pad, y_max + pad
    n = len(chart.x_labels)

    def px(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def py(v: float) -> float:
        return top + plot_h * (1 - (v - y_min) / (y_max - y_min))

    parts: list[str] = []
    for tick in _nice_ticks(y_min, y_max):
        y = py(tick)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:g}</text>')
    if chart.zero_line:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{py(0):.1f}" y2="{py(0):.1f}" class="zero"/>')
    step = max(1, n // 16)
    for i, label in enumerate(chart.x_labels):
        if i % step == 0:
            parts.append(f'<text x="{px(i):.1f}" y="{height - bottom + 18}" text-anchor="middle">'
                         f'{html.escape(label)}</text>')
    for k, s in enumerate(chart.series):
        group = [f'<g class="series" data-series="{k}">']
        if s.low is not None and s.high is not None:
            for run in _runs([s.low, s.high]):
                upper = " ".join(f"{px(i):.1f},{py(s.high[i]):.1f}" for i in run)
                lower = " ".join(f"{px(i):.1f},{py(s.low[i]):.1f}" for i in reversed(run))
                group.append(f'<polygon points="{upper} {lower}" fill="{s.color}" fill-opacity="0.18"/>')
        for run in _runs([s.y]):
            points = " ".join(f"{px(i):.1f},{py(s.y[i]):.1f}" for i in run)
            group.append(f'<polyline points="{points}" fill="none" stroke="{s.color}" stroke-width="2"/>')
        for i, v in enumerate(s.y):
            if not np.isfinite(v):
                continue
            tip = f"{s.name}, {chart.x_labels[i]}: {v:.3f}"
            if s.low is not None and s.high is not None and np.isfinite(s.low[i]):
                tip += f" [{s.low[i]:.3f}, {s.high[i]:.3f}]"
            if s.notes and s.notes[i]:
                tip += f" — {s.notes[i]}"
            group.append(f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="4" fill="{s.color}" '
                         f'data-tip="{html.escape(tip)}"/>')
        group.append("</g>")
        parts.extend(group)
    legend = "".join(f'<button type="button" class="key" data-series="{k}"><span style="background:{s.color}">'
                     f'</span>{html.escape(s.name)}</button>' for k, s in enumerate(chart.series))
    head = "".join(f"<th>{html.escape(s.name)}</th>" for s in chart.series)
    body = "".join(
        f"<tr><td>{html.escape(label)}</td>" + "".join(f"<td>{_cell(s, i)}</td>" for s in chart.series) + "</tr>"
        for i, label in enumerate(chart.x_labels))
    return _HTML_TEMPLATE.format(
        title=html.escape(chart.title), subtitle=html.escape(chart.subtitle), width=width, height=height,
        svg="".join(parts), legend=legend, y_label=html.escape(chart.y_label), y_mid=top + plot_h / 2,
        axis=f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" class="axis"/>'
             f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" class="axis"/>',
        head=head, body=body)


def _nice_ticks(low: float, high: float, target: int = 6) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering [low, high]."""
    raw = (high - low) / target
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step)
    # Rounding to the step's precision turns 0.30000000000000004 into 0.3 and -0.0 into 0.0.
    return [round(i * step, 10) + 0.0 for i in range(first, math.floor(high / step) + 1)]


def _cell(series: Series, i: int) -> str:
    value = series.y[i]
    if not np.isfinite(value):
        return ""
    if series.low is not None and series.high is not None and np.isfinite(series.low[i]):
        return f"{value:.3f} [{series.low[i]:.3f}, {series.high[i]:.3f}]"
    return f"{value:g}"


def _runs(arrays: list[list[float]]) -> list[list[int]]:
    """Index runs where every array is finite, so lines and bands break at gaps instead of bridging them."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i in range(len(arrays[0])):
        if all(np.isfinite(a[i]) for a in arrays):
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


_HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}}
h1{{font-size:20px;margin:0}} p.sub{{font-size:13px;color:#555;margin:4px 0 8px}}
svg text{{font-size:11px;fill:#333}} .grid{{stroke:#ddd}} .zero{{stroke:#666}} .axis{{stroke:#999}}
.series.off{{display:none}} circle{{cursor:pointer}}
.key{{border:1px solid #ccc;background:#fff;border-radius:4px;margin:0 6px 6px 0;padding:3px 8px;cursor:pointer}}
.key.off{{opacity:.4}} .key span{{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px}}
#tip{{position:fixed;pointer-events:none;background:#fff;border:1px solid #999;border-radius:4px;padding:6px 8px;
font-size:12px;max-width:420px;display:none;box-shadow:0 2px 6px rgba(0,0,0,.15)}}
table{{border-collapse:collapse;font-size:12px}} td,th{{border:1px solid #ddd;padding:2px 6px;text-align:right}}
</style></head><body>
<h1>{title}</h1><p class="sub">{subtitle}</p>
<div id="legend">{legend}</div>
<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{title}">
{axis}{svg}
<text transform="translate(16 {y_mid}) rotate(-90)" text-anchor="middle">{y_label}</text>
</svg>
<div id="tip"></div>
<details><summary>Numbers</summary><table><tr><th>period</th>{head}</tr>{body}</table></details>
<script>
(function () {{
  var tip = document.getElementById("tip");
  document.querySelectorAll("circle[data-tip]").forEach(function (c) {{
    c.addEventListener("mouseenter", function () {{ tip.textContent = c.getAttribute("data-tip");
      tip.style.display = "block"; }});
    c.addEventListener("mousemove", function (e) {{ tip.style.left = (e.clientX + 12) + "px";
      tip.style.top = (e.clientY + 12) + "px"; }});
    c.addEventListener("mouseleave", function () {{ tip.style.display = "none"; }});
  }});
  document.querySelectorAll(".key").forEach(function (k) {{
    k.addEventListener("click", function () {{
      var id = k.getAttribute("data-series");
      k.classList.toggle("off");
      document.querySelector('g.series[data-series="' + id + '"]').classList.toggle("off");
    }});
  }});
}})();
</script>
</body></html>
"""
