"""Score a detector on the labelled real recordings: pooled event counts, frames and timing errors.

Figures are pooled over files (events and frames summed, then divided), so a short file weighs what its
breaths weigh. Inhale figures come only from files whose labels mark inhales.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from breath_input.evaluate import FRAME_S, Segment, _match, _phase_at, segments_from_readings
from breath_input.types import BreathReading
from tools.corpus import Recording

Detect = Callable[[Recording], list[BreathReading]]


@dataclass
class FileResult:
    name: str
    exhales_detected: int
    exhales_labelled: int
    exhales_matched: int
    inhales_detected: int
    inhales_labelled: int | None
    inhales_matched: int
    frames: int
    frames_right: int
    onsets: list[float] = field(default_factory=list)
    offsets: list[float] = field(default_factory=list)
    wrong_confident: int = 0  # frames in a labelled span, wrongly phased, with confidence >= 0.5
    wrong: int = 0


def _frames(labels: Sequence[Segment]) -> np.ndarray:
    if not labels:
        return np.zeros(0)
    return np.concatenate([np.arange(s.start_s + FRAME_S / 2, s.end_s, FRAME_S) for s in labels])


def score_file(rec: Recording, readings: list[BreathReading]) -> FileResult:
    det = segments_from_readings(readings)
    lab = list(rec.labels)
    d_ex = [s for s in det if s.phase == "exhale"]
    l_ex = [s for s in lab if s.phase == "exhale"]
    matched = _match(d_ex, l_ex)
    d_in = [s for s in det if s.phase == "inhale"]
    l_in = [s for s in lab if s.phase == "inhale"]
    in_matched = len(_match(d_in, l_in)) if rec.labels_inhales else 0
    times = _frames(lab)
    truth = _phase_at(lab, times)
    guess = _phase_at(det, times)
    right = truth == guess
    conf = np.zeros(times.size)
    if readings and times.size:
        ts = np.array([r.t for r in readings])
        idx = np.clip(np.searchsorted(ts, times), 0, ts.size - 1)
        conf = np.array([readings[i].confidence for i in idx])
    return FileResult(
        rec.name,
        len(d_ex),
        len(l_ex),
        len(matched),
        len(d_in),
        len(l_in) if rec.labels_inhales else None,
        in_matched,
        int(times.size),
        int(right.sum()),
        [d.start_s - g.start_s for d, g in matched],
        [d.end_s - g.end_s for d, g in matched],
        int(np.sum(~right & (conf >= 0.5))),
        int(np.sum(~right)),
    )


def _prf(tp: int, det: int, lab: int) -> tuple[float, float, float]:
    p = tp / det if det else 0.0
    r = tp / lab if lab else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summarise(results: Sequence[FileResult]) -> dict[str, float | int | None]:
    """Pooled figures over files."""
    ex = _prf(
        sum(r.exhales_matched for r in results),
        sum(r.exhales_detected for r in results),
        sum(r.exhales_labelled for r in results),
    )
    with_in = [r for r in results if r.inhales_labelled]
    inh = _prf(
        sum(r.inhales_matched for r in with_in),
        sum(r.inhales_detected for r in with_in),
        sum(r.inhales_labelled or 0 for r in with_in),
    )
    onsets = np.abs(np.concatenate([r.onsets for r in results] or [np.zeros(0)]))
    offsets = np.abs(np.concatenate([r.offsets for r in results] or [np.zeros(0)]))
    frames = sum(r.frames for r in results)
    wrong = sum(r.wrong for r in results)
    within_one = sum(abs(r.exhales_detected - r.exhales_labelled) <= 1 for r in results)
    return {
        "files": len(results),
        "exhale_precision": ex[0],
        "exhale_recall": ex[1],
        "exhale_f1": ex[2],
        "inhale_f1": inh[2] if with_in else None,
        "frame_accuracy": sum(r.frames_right for r in results) / frames if frames else None,
        "onset_median_ms": float(np.median(onsets) * 1000) if onsets.size else None,
        "offset_median_ms": float(np.median(offsets) * 1000) if offsets.size else None,
        "count_within_one": within_one / len(results) if results else None,
        "wrong_confident_share": sum(r.wrong_confident for r in results) / wrong if wrong else 0.0,
        # The same frames over all labelled frames: fewer wrong frames can raise the share above while the
        # confidently wrong ones stay as many.
        "wrong_confident_of_frames": sum(r.wrong_confident for r in results) / frames if frames else 0.0,
    }


def evaluate(recordings: Sequence[Recording], detect: Detect) -> tuple[list[FileResult], dict]:
    results = [score_file(rec, detect(rec)) for rec in recordings]
    return results, summarise(results)


def format_summary(title: str, s: dict) -> str:
    def f(key: str, fmt: str = "{:.2f}") -> str:
        v = s.get(key)
        return "-" if v is None else fmt.format(v)

    return (
        f"{title:<12} files {s['files']:>2}  exhale P {f('exhale_precision')} R {f('exhale_recall')} "
        f"F1 {f('exhale_f1')}  inhale F1 {f('inhale_f1')}  frames {f('frame_accuracy')}  "
        f"onset {f('onset_median_ms', '{:.0f}')} ms  offset {f('offset_median_ms', '{:.0f}')} ms  "
        f"count±1 {f('count_within_one')}  wrong&conf {f('wrong_confident_share')} "
        f"({f('wrong_confident_of_frames', '{:.3f}')} of frames)"
    )
