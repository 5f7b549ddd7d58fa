"""Accuracy of enrichment on our gold sets: geolocation, and report vs opinion.

Usage: python bench/eval_enrich.py [--json] [--errors]

Geolocation (tests/data/geo_gold.jsonl): exact-place accuracy (the GeoNames place, or the region or
country, that the gold names), correct-country accuracy, and whether each place is the event's
location, on the dev texts (used while building the geocoder) and the held-out test texts.
Framing (tests/data/framing_gold.jsonl): report/opinion accuracy on the dev documents
(used while setting the weights) and the test documents (not used).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from dyad import Coder, CoderSettings
from dyad.enrich import Enricher
from dyad.enrich.evaluation import evaluate_framing, evaluate_geo, read_framing_gold, read_geo_gold

ROOT = Path(__file__).resolve().parents[1]
GEO_GOLD = ROOT / "tests" / "data" / "geo_gold.jsonl"
FRAMING_GOLD = ROOT / "tests" / "data" / "framing_gold.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--errors", action="store_true", help="list every place and document scored wrong")
    args = parser.parse_args()
    started = time.perf_counter()
    enricher = Enricher(Coder(CoderSettings()))
    geo = evaluate_geo(enricher, read_geo_gold(GEO_GOLD))
    framing = evaluate_framing(enricher, read_framing_gold(FRAMING_GOLD))
    figures = {"geo": geo.as_dict(), "framing": framing.as_dict(),
               "seconds": round(time.perf_counter() - started, 1)}
    if args.errors:
        for r in geo.results:
            if not (r.exact and r.event_flag_correct):
                got = (f"{r.predicted.place.name} {r.predicted.place.country} {r.predicted.place.precision}"
                       if r.predicted else "not found")
                print(f"geo {r.record_id} {r.gold.mention!r}: gold {r.gold.name} {r.gold.country} "
                      f"event={r.gold.event_location}; got {got} event={r.predicted_event_location}")
        for f in framing.results:
            if not f.correct:
                print(f"framing {f.record.id} ({f.record.split}): gold {f.record.label}, got {f.predicted} "
                      f"(score {f.score})")
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    g, fr = figures["geo"], figures["framing"]
    print(f"geolocation: {g['n_sentences']} texts, {g['n_places']} places")
    print(f"  {'':28}{'all':>8}{'dev':>8}{'test':>8}")
    for key, name in (("n_places", "places"), ("exact_place_accuracy", "exact-place accuracy"),
                      ("correct_country_accuracy", "correct-country accuracy"),
                      ("ambiguous_places", "ambiguous names"), ("ambiguous_exact_accuracy", "  exact on those"),
                      ("detected", "places found"), ("event_location_accuracy", "event-location accuracy"),
                      ("event_location_precision", "event-location precision"),
                      ("event_location_recall", "event-location recall")):
        cells = [g[key], g["dev"][key], g["test"][key]]
        print(f"  {name:28}" + "".join(f"{c:>8}" if isinstance(c, int) else f"{c:>8.3f}" for c in cells))
    print(f"report vs opinion: {fr['n_documents']} documents ({fr['n_dev']} dev, {fr['n_test']} test)")
    print(f"  accuracy {fr['accuracy']:.3f} (dev {fr['dev_accuracy']:.3f}, test {fr['test_accuracy']:.3f}); "
          f"opinion recall {fr['opinion_recall']:.3f}, report recall {fr['report_recall']:.3f}")
    print(f"({figures['seconds']} s)")


if __name__ == "__main__":
    main()
