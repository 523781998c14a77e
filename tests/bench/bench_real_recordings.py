"""The detector on real recordings, out of fold: the headline figures for breath detection.

Run: ``python tests/bench/bench_real_recordings.py [--per-file]`` (about 3 minutes on 2 cores). Not part of
the default pytest run; needs ../shared/breath-data.

- fakku-dev (near and env microphones, labelled): the frame classifier is fitted five times, each time
  without one fold of sessions, and each file is scored by the model that never saw its session (near or
  env). The decoder's constants are fixed in the code. Printed: exhale precision/recall/F1, inhale F1 (files
  that label inhales), frame accuracy inside labelled spans, median onset and offset error, the share of
  files whose exhale count is within one of the labels, and the share of wrongly phased frames that carry
  confidence >= 0.5 (and those frames' share of all labelled frames). The decoder's switching constants are
  fixed in the code; a nested run (each fold scored with the grid point best on the other folds,
  tools/tune_decoder.py) shows what choosing them costs out of fold.
- rrujo-dev: the shipped detector's breathing rate against the paced rate (the rate does not use the
  classifier, so nothing there is fitted).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from breath_input.evaluate import detect_samples, run_detector  # noqa: E402
from breath_input.wavfile import read_wav  # noqa: E402
from tools import train_detector as td  # noqa: E402
from tools.corpus import fakku, fold_of, rrujo  # noqa: E402
from tools.real_eval import evaluate, format_summary  # noqa: E402


def fakku_out_of_fold(per_file: bool) -> None:
    recs = fakku()
    t0 = time.perf_counter()
    models = td.fold_models(td.real_examples(recs) + td.synthetic_examples())
    fitted = time.perf_counter() - t0
    print(f"## fakku-dev, out of fold ({td.N_FOLDS} folds by session; fitted in {fitted:.0f} s)")

    def detect(rec):
        x, rate = read_wav(rec.wav)
        return detect_samples(x, rate, block_s=1.0, model=models[fold_of(rec.session, td.N_FOLDS)])

    for mic in ("near", "env"):
        results, summary = evaluate([r for r in recs if r.mic == mic], detect)
        print(format_summary(f"{mic}_mic", summary))
        if per_file:
            print(f"   {'file':<44} exhales counted/labelled  inhales counted/labelled")
            for r in results:
                inh = "-" if r.inhales_labelled is None else f"{r.inhales_detected}/{r.inhales_labelled}"
                print(f"   {r.name:<44} {r.exhales_detected:>3}/{r.exhales_labelled:<3}{'':17}{inh}")
    decoder_nested(recs, models)
    in_game([r for r in recs if r.mic == "near"], models, per_file)
    adaptation(recs, models)


def decoder_nested(recs, models) -> None:
    """The decoder's switching constants chosen per fold on the other folds (tools/tune_decoder.py)."""
    from breath_input import decoding
    from tools.real_eval import summarise
    from tools.tune_decoder import nested

    out = nested(recs, models)
    shipped = {k: getattr(decoding, k) for k in out["on_all"]}
    same = sum(point == shipped for point in out["chosen"].values())
    print(
        f"## decoder constants chosen out of fold (nested; the shipped ones are fold choices in {same} of "
        f"{len(out['chosen'])} folds; best on all files: {out['on_all']})"
    )
    for mic in ("near", "env"):
        mine = [r for r, rec in zip(out["results"], recs, strict=True) if rec.mic == mic]
        print(format_summary(f"{mic} nested", summarise(mine)))


def adaptation(recs, models) -> None:
    """Adapting the output layer on each file's first third (its labels standing in for guided breaths):
    none, always adapted, guarded as the microphone check does it, and refitted as a play does it
    (tools/adapt_eval.py)."""
    from tools.adapt_eval import KINDS, evaluate_adaptation
    from tools.real_eval import summarise

    print("## per-microphone adaptation: adapt on the first third, score the last two thirds (out of fold)")
    for mic in ("near", "env"):
        res = evaluate_adaptation([r for r in recs if r.mic == mic], models)
        for k, kind in enumerate(KINDS):
            print(format_summary(f"{mic} {kind}", summarise([results[k] for results, _, _ in res])))
        for what, at in (("guard", 1), ("play refit", 2)):
            kept = sum(r[at].model is not None for r in res)
            reasons = sorted({r[at].reason for r in res if r[at].model is None})
            print(f"   {what} kept the fit on {kept}/{len(res)} files; refused: {' / '.join(reasons)}")


def in_game(recs, models, per_file: bool) -> None:
    """The same near files played into a level (`exhale play ... --input wav:FILE --headless`), each with
    the detector's model swapped for the fold model that never saw its session."""
    import statistics

    from breath_input import frame_model
    from tools.in_game import LEVEL, play_recording

    shipped = frame_model.default_model()
    results = []
    try:
        for rec in recs:
            frame_model._DEFAULT = models[fold_of(rec.session, td.N_FOLDS)]
            results.append(play_recording(rec))
    finally:
        frame_model._DEFAULT = shipped
    ok = sum(r.count_ok for r in results)
    errors = [e for e in (r.length_error_s for r in results) if e is not None]
    within = sum(e <= 0.3 for e in errors)
    print(
        f"## in the game (`exhale play {LEVEL} --input wav:FILE --headless`), near_mic, out of fold: exhales "
        f"counted within 1 of the labels on {ok}/{len(results)} = {ok / len(results):.0%} of files; median "
        f"exhale length within 0.3 s of the labelled median on {within}/{len(results)}; length error median "
        f"{statistics.median(errors):.2f} s"
    )
    if per_file:
        for r in results:
            med = "-" if r.median_exhale_s is None else f"{r.median_exhale_s:.2f}"
            print(
                f"   {r.name:<44} {r.counted:>3}/{r.labelled:<3} "
                f"median exhale {med} vs {r.labelled_median_exhale_s:.2f} s"
            )


def rrujo_rate() -> None:
    files = rrujo()
    within = 0
    misses = []
    for wav, paced in files:
        x, rate = read_wav(wav)
        _, det = run_detector(x, rate, block_s=1.0)
        bpm = det.breaths_per_minute()
        if bpm is not None and abs(bpm - paced) <= 2.0:
            within += 1
        else:
            misses.append(
                f"{wav.parent.name}/{wav.name}: {bpm if bpm is None else round(bpm, 1)} vs {paced:g}"
            )
    print(f"## rrujo-dev rate: {within}/{len(files)} = {within / len(files):.0%} within 2 breaths/min")
    for m in misses:
        print("   miss", m)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--per-file", action="store_true", help="exhale and inhale counts per file")
    args = ap.parse_args()
    if not fakku():
        print("../shared/breath-data not found: nothing to measure")
        return 1
    fakku_out_of_fold(args.per_file)
    rrujo_rate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
