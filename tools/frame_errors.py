"""Where frame accuracy is lost: each labelled span's wrong frames, by where in it they sit, out of fold.

Run from the repository root (a minute or two: the fold models are fitted first):

    python -m tools.frame_errors

A span's wrong frames are its head (wrong from its start until the first right frame: "the phase before runs
on" when they carry the previous span's phase, else "late"), its tail (likewise at the end), the gaps
between, or the whole span. Printed per microphone as shares of all labelled frames.
"""

from __future__ import annotations

import collections
from collections.abc import Sequence

import numpy as np

from breath_input.evaluate import FRAME_S, Segment, _phase_at, detect_samples, segments_from_readings
from breath_input.frame_model import FrameModel
from breath_input.wavfile import read_wav
from tools.corpus import Recording, fold_of

N_FOLDS = 5
NEAR_S = 0.3  # a span this close to the one before (or after) counts as its neighbour


def span_errors(labels: Sequence[Segment], detected: Sequence[Segment]) -> collections.Counter[str]:
    """Wrong frames of each labelled span, by kind; the key "frames" counts all labelled frames."""
    out: collections.Counter[str] = collections.Counter()
    lab = sorted(labels, key=lambda s: s.start_s)
    for k, s in enumerate(lab):
        t = np.arange(s.start_s + FRAME_S / 2, s.end_s, FRAME_S)
        guess = _phase_at(list(detected), t)
        ok = guess == s.phase
        out["frames"] += t.size
        if ok.all():
            continue
        if not ok.any():
            out[f"{s.phase}: whole span wrong"] += t.size
            continue
        prev = lab[k - 1].phase if k and lab[k - 1].end_s > s.start_s - NEAR_S else None
        nxt = lab[k + 1].phase if k + 1 < len(lab) and lab[k + 1].start_s < s.end_s + NEAR_S else None
        head = int(np.argmax(ok))
        tail = int(np.argmax(ok[::-1]))
        if head:
            runs_on = prev is not None and bool(np.all(guess[:head] == prev))
            out[f"{s.phase}: head, {'the phase before runs on' if runs_on else 'late'}"] += head
        if tail:
            early = nxt is not None and bool(np.all(guess[t.size - tail :] == nxt))
            out[f"{s.phase}: tail, {'the next phase early' if early else 'ended early'}"] += tail
        gaps = int((~ok[head : t.size - tail]).sum())
        if gaps:
            out[f"{s.phase}: gaps inside"] += gaps
    return out


def breakdown(recs: Sequence[Recording], models: dict[int, FrameModel]) -> collections.Counter[str]:
    total: collections.Counter[str] = collections.Counter()
    for rec in recs:
        x, rate = read_wav(rec.wav)
        readings = detect_samples(x, rate, block_s=1.0, model=models[fold_of(rec.session, N_FOLDS)])
        total += span_errors(rec.labels, segments_from_readings(readings))
    return total


def main() -> int:
    from tools import train_detector as td
    from tools.corpus import fakku

    recs = fakku()
    if not recs:
        print("../shared/breath-data/fakku-dev not found")
        return 1
    models = td.fold_models(td.real_examples(recs) + td.synthetic_examples())
    for mic in ("near", "env"):
        counts = breakdown([r for r in recs if r.mic == mic], models)
        frames = counts.pop("frames")
        wrong = sum(counts.values())
        print(f"{mic}: {frames} labelled frames, {wrong / frames:.1%} wrong")
        for kind, n in counts.most_common():
            print(f"   {kind:<42} {n / frames:6.1%} of frames  {n / wrong:6.1%} of the wrong ones")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
