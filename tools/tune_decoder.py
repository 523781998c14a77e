"""Choose the decoder's switching constants out of fold, and say what that choice scores out of fold.

The decoder's constants (breath_input/decoding.py) are not fitted per fold by the trainer; looking at every
file's out-of-fold figures while setting them would tune them to the files. This scores a small grid of them
in a nested way: for each fold, the grid point that scores best on the *other* folds' files is the one its
own files are scored with, so no file's figures come from constants chosen on it. (The other folds' files
are scored with their own fold models, which saw this fold in training: a weak, indirect leak, said here.)

Run from the repository root (about a minute once the fold models are fitted; they take most of the time):

    python -m tools.tune_decoder
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

from breath_input import decoding
from breath_input.evaluate import detect_samples
from breath_input.frame_model import FrameModel
from breath_input.wavfile import read_wav
from tools.corpus import Recording, fold_of
from tools.real_eval import FileResult, score_file, summarise

N_FOLDS = 5
# (seconds, posterior) for a switch between the heard phases; (0.3, 0.5) and (0.3, 1.0) are the old rule: a
# change of phase holds for the 0.3 s hangover whatever the filter's certainty.
EXHALE_TO_INHALE = ((0.3, 0.5), (0.05, 0.99), (0.05, 0.995), (0.05, 0.999))
INHALE_TO_EXHALE = ((0.3, 1.0), (0.1, 0.99), (0.05, 0.995), (0.1, 0.999))


def grid() -> list[dict[str, float]]:
    return [
        {"EXHALE_TO_INHALE_S": a, "EXHALE_TO_INHALE_P": b, "INHALE_TO_EXHALE_S": c, "INHALE_TO_EXHALE_P": d}
        for (a, b), (c, d) in itertools.product(EXHALE_TO_INHALE, INHALE_TO_EXHALE)
    ]


@contextlib.contextmanager
def decoder_constants(values: dict[str, float]) -> Iterator[None]:
    """The decoding module's constants set to ``values`` while inside (a grammar reads them when built)."""
    saved = {k: getattr(decoding, k) for k in values}
    try:
        for k, v in values.items():
            setattr(decoding, k, v)
        yield
    finally:
        for k, v in saved.items():
            setattr(decoding, k, v)


def objective(results: Sequence[FileResult], mics: Sequence[str]) -> float:
    """What a choice is judged by: near exhale F1, inhale F1 and frame accuracy, and far exhale F1."""
    total = 0.0
    for mic in ("near", "env"):
        mine = [r for r, m in zip(results, mics, strict=True) if m == mic]
        if not mine:
            continue
        s = summarise(mine)
        total += float(s["exhale_f1"] or 0.0)
        if mic == "near":
            total += float(s["inhale_f1"] or 0.0) + float(s["frame_accuracy"] or 0.0)
    return total


def nested(recs: Sequence[Recording], models: dict[int, FrameModel]) -> dict[str, Any]:
    """Score every grid point on every file, then choose per fold on the other folds.

    Returns ``{"chosen": {fold: point}, "results": [FileResult per rec, scored with its fold's choice],
    "on_all": the point best on all files (what ships, if it is every fold's choice too)}``.
    """
    points = grid()
    audio = {r.wav: read_wav(r.wav) for r in recs}
    table: list[list[FileResult]] = []
    for point in points:
        with decoder_constants(point):
            row = []
            for rec in recs:
                x, rate = audio[rec.wav]
                model = models[fold_of(rec.session, N_FOLDS)]
                row.append(score_file(rec, detect_samples(x, rate, block_s=1.0, model=model)))
        table.append(row)
    folds = [fold_of(r.session, N_FOLDS) for r in recs]
    mics = [r.mic for r in recs]
    chosen: dict[int, dict[str, float]] = {}
    results: list[FileResult | None] = [None] * len(recs)
    for k in range(N_FOLDS):
        others = [i for i, f in enumerate(folds) if f != k]
        best = max(
            range(len(points)),
            key=lambda g: objective([table[g][i] for i in others], [mics[i] for i in others]),
        )
        chosen[k] = points[best]
        for i, f in enumerate(folds):
            if f == k:
                results[i] = table[best][i]
    on_all = max(range(len(points)), key=lambda g: objective(table[g], mics))
    return {"chosen": chosen, "results": results, "on_all": points[on_all], "points": points, "table": table}


def main() -> int:
    from tools import train_detector as td
    from tools.corpus import fakku
    from tools.real_eval import format_summary

    recs = fakku()
    if not recs:
        print("../shared/breath-data/fakku-dev not found")
        return 1
    models = td.fold_models(td.real_examples(recs) + td.synthetic_examples())
    out = nested(recs, models)
    for k, point in out["chosen"].items():
        print(f"fold {k}: {point}")
    print(f"best on all files: {out['on_all']}")
    for mic in ("near", "env"):
        mine = [r for r, rec in zip(out["results"], recs, strict=True) if rec.mic == mic]
        print(format_summary(f"{mic} nested", summarise(mine)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
