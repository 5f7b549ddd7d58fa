from dyad.calibration import Calibration


def test_calibration_bands_cover_scores_and_rise_with_evidence():
    calibration = Calibration.load()
    assert calibration.bands, "calibration.csv is empty: run python bench/calibrate.py"
    precisions = [band.precision for band in calibration.bands]
    assert precisions == sorted(precisions)
    assert calibration.bands[0].score_min == 0.0 and calibration.bands[-1].score_max == 1.0
    for score in (0.0, 0.3, 0.55, 0.75, 0.9, 1.0):
        assert calibration.calibrate(score) in precisions


def test_calibration_min_confidence_filters_events(coder):
    from dyad import Coder, CoderSettings

    text = "Iraq and Syria signed a security agreement. Protesters clashed with police in Basra."
    everything = coder.code_text(text)
    strict = Coder(CoderSettings(min_confidence=max(e.confidence for e in everything)), nlp=coder.nlp)
    kept = strict.code_text(text)
    assert kept and len(kept) <= len(everything)
    assert all(e.confidence >= max(x.confidence for x in everything) for e in kept)
