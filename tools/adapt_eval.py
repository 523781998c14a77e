"""Per-microphone adaptation, measured: adapt on the first third of each file, score the rest.

The first third's labels stand in for the guided breaths of a microphone check. Each file starts from the
fold model that never saw its session; three models are scored on the same last two thirds (labels starting
there, readings from there on):

- none: the fold model as it is;
- adapted: its output layer fitted to the first third, always;
- guarded: as the microphone check does it (breath_input/adaptation.py): fitted only if the first third's
  exhales were clearly heard and a fit without its last exhale labels that exhale (and what follows it up to
  the cut) better than the fold model does; then refitted on the whole first third, else the fold model;
- play refit: as a play refits the ear after it (adaptation.play_refit), the first third standing in for a
  play whose guide the player followed exactly (its labels as the pacer): only the hops where that guide and
  the fold model's readings agree with confidence >= 0.8 are fitted, and the latest quarter of them judges.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from breath_input.adaptation import LEVEL_COLUMN, Adaptation, guarded_adaptation, play_refit
from breath_input.calibration import ADAPT_EPOCHS
from breath_input.evaluate import detect_samples
from breath_input.frame_model import FrameModel, context_features
from breath_input.mic import HOP_CLASS
from breath_input.wavfile import read_wav
from tools import train_detector as td
from tools.corpus import Recording, fold_of
from tools.real_eval import FileResult, score_file

KINDS = ("none", "adapted", "guarded", "play refit")


def adapt_and_score(
    rec: Recording, model: FrameModel, epochs: int = ADAPT_EPOCHS
) -> tuple[list[FileResult], Adaptation, Adaptation]:
    """Results of :data:`KINDS` on the last two thirds of ``rec``; the guard's and play refit's decisions."""
    x, rate = read_wav(rec.wav)
    cut = x.size / rate / 3.0
    meas = td.measurements(x, rate)
    feats = context_features(meas)
    y, w = td.frame_classes(meas.shape[0], 0.01, list(rec.labels), rec.labels_inhales)
    t = (np.arange(meas.shape[0]) + 1) * 0.01
    w = np.where(t < cut, w, 0.0)
    use = w > 0
    adapted = model.adapted(feats[use], y[use], epochs=epochs)
    done = [s for s in rec.labels if s.phase == "exhale" and s.end_s < cut]
    hold = int(done[-1].start_s / 0.01) if done else meas.shape[0]  # the last whole exhale is held back
    decision = guarded_adaptation(model, feats, y, w, meas[:, LEVEL_COLUMN], hold_from=hold, epochs=epochs)
    heard = detect_samples(x, rate, block_s=1.0, model=model)
    n = min(len(heard), meas.shape[0])
    first = t[:n] < cut
    detected = np.array([HOP_CLASS.get(r.phase, 0) for r in heard[:n]])
    confidence = np.array([r.confidence for r in heard[:n]])
    guide = np.where(first & (w[:n] > 0), y[:n], -1)  # no guide past the cut, nor where labels are unsure
    played = play_refit(
        model, None, feats[:n], guide, detected, confidence, meas[:n, LEVEL_COLUMN], epochs=epochs
    )
    rest = dataclasses.replace(rec, labels=tuple(s for s in rec.labels if s.start_s >= cut))
    results = [score_file(rest, [r for r in heard if r.t >= cut])]
    for m in (adapted, decision.model or model, played.model or model):
        readings = [r for r in detect_samples(x, rate, block_s=1.0, model=m) if r.t >= cut]
        results.append(score_file(rest, readings))
    return results, decision, played


def evaluate_adaptation(
    recs: list[Recording], models: dict[int, FrameModel], **kw: Any
) -> list[tuple[list[FileResult], Adaptation, Adaptation]]:
    """Per file: the results of :data:`KINDS`, the guard's and the play refit's decisions; each file with its
    fold's model."""
    return [adapt_and_score(r, models[fold_of(r.session, td.N_FOLDS)], **kw) for r in recs]
