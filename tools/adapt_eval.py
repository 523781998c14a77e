"""Per-microphone adaptation, measured: adapt on the first third of each file, score the rest.

The first third's labels stand in for the guided breaths of a microphone check. Each file starts from the
fold model that never saw its session; the adapted and the unadapted model are scored on the same last two
thirds (labels starting there, readings from there on).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from breath_input.evaluate import detect_samples
from breath_input.frame_model import FrameModel, context_features
from breath_input.wavfile import read_wav
from tools import train_detector as td
from tools.corpus import Recording, fold_of
from tools.real_eval import FileResult, score_file


def adapt_and_score(rec: Recording, model: FrameModel, **adapt_kw) -> tuple[FileResult, FileResult]:
    """(unadapted, adapted) results on the last two thirds of ``rec``."""
    x, rate = read_wav(rec.wav)
    cut = x.size / rate / 3.0
    meas = td.measurements(x, rate)
    feats = context_features(meas)
    y, w = td.frame_classes(meas.shape[0], 0.01, list(rec.labels), rec.labels_inhales)
    t = (np.arange(meas.shape[0]) + 1) * 0.01
    use = (t < cut) & (w > 0)
    adapted = model.adapted(feats[use], y[use], **adapt_kw)
    rest = dataclasses.replace(rec, labels=tuple(s for s in rec.labels if s.start_s >= cut))
    results = []
    for m in (model, adapted):
        readings = [r for r in detect_samples(x, rate, block_s=1.0, model=m) if r.t >= cut]
        results.append(score_file(rest, readings))
    return results[0], results[1]


def evaluate_adaptation(recs: list[Recording], models: dict[int, FrameModel], **adapt_kw):
    """Per-file (unadapted, adapted) results; each file with its own fold's model."""
    return [adapt_and_score(r, models[fold_of(r.session, td.N_FOLDS)], **adapt_kw) for r in recs]
