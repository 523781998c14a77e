"""Offline evaluation: run the streaming detector over WAV files and score it against labels.

`detect_file` feeds the file to :class:`~breath_input.detector.BreathDetector` block by block, exactly as the
microphone would, so what is measured here is what the player gets.
"""

from __future__ import annotations

import csv
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np

from breath_input.detector import BreathDetector
from breath_input.frame_model import FrameModel
from breath_input.types import BreathReading, Phase
from breath_input.wavfile import WavReader, open_wav

__all__ = [
    "Segment",
    "SegmentBuilder",
    "detect_file",
    "detect_samples",
    "read_labels",
    "readings_from_wav",
    "score",
    "segments_from_readings",
    "summary",
]

FRAME_S = 0.01  # frame step of the frame-accuracy measure
_SCORED = ("inhale", "exhale", "hold")


@dataclass(frozen=True)
class Segment:
    """A stretch of one phase, in seconds from the start of the stream."""

    start_s: float
    end_s: float
    phase: str
    confidence: float = 1.0


def _phase_name(phase: Phase | str) -> str:
    return phase.value if isinstance(phase, Phase) else str(phase)


class SegmentBuilder:
    """Segments from readings fed one at a time, keeping the segments but never the readings.

    A reading at ``t`` covers the hop ending at ``t``; a segment runs from the start of its first hop to the
    end of its last. Confidence is the mean over the merged readings (their confidences are kept only while
    their segment is open: 8 bytes a hop). The first hop lasts as long as the step between the first two
    readings.
    """

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self._phase: Phase | None = None
        self._start: float | None = None  # None: the first segment, placed once the hop length is known
        self._t0: float | None = None
        self._t1: float | None = None
        self._last_t = 0.0
        self._confidences = array("d")

    def add(self, reading: BreathReading) -> None:
        if self._t0 is None:
            self._t0 = reading.t
        elif self._t1 is None:
            self._t1 = reading.t
        if reading.phase is not self._phase:
            if self._phase is not None:
                self._close()
                self._start = self._last_t
            self._phase = reading.phase
        self._confidences.append(reading.confidence)
        self._last_t = reading.t

    def extend(self, readings: Iterable[BreathReading]) -> None:
        for r in readings:
            self.add(r)

    def finish(self) -> list[Segment]:
        """Close the open segment; the segments so far."""
        if self._phase is not None:
            self._close()
            self._phase = None
        return self.segments

    def _close(self) -> None:
        assert self._phase is not None and self._t0 is not None
        start = self._start
        if start is None:
            dt = self._t0 if self._t1 is None else self._t1 - self._t0
            start = max(0.0, self._t0 - dt)
        conf = float(np.mean(np.frombuffer(self._confidences, dtype=np.float64)))
        phase = _phase_name(self._phase)
        self.segments.append(Segment(float(start), float(self._last_t), phase, round(conf, 3)))
        self._confidences = array("d")


def segments_from_readings(readings: Iterable[BreathReading]) -> list[Segment]:
    """Merge consecutive readings of the same phase into segments (see `SegmentBuilder`)."""
    builder = SegmentBuilder()
    builder.extend(readings)
    return builder.finish()


def run_detector(
    samples: np.ndarray, sample_rate: int, *, block_s: float, model: FrameModel | None = None
) -> tuple[list[BreathReading], BreathDetector]:
    """A fresh streaming detector (with ``model``, or the shipped one) fed ``samples`` block by block."""
    if not block_s > 0:
        raise ValueError(f"block_s must be > 0 s, got {block_s!r}")
    det = BreathDetector(sample_rate, model=model)
    step = max(1, int(round(block_s * sample_rate)))
    readings: list[BreathReading] = []
    for i in range(0, len(samples), step):
        readings.extend(det.process(samples[i : i + step]))
    return readings, det


def detect_samples(
    samples: np.ndarray, sample_rate: int, *, block_s: float = 0.01, model: FrameModel | None = None
) -> list[BreathReading]:
    """Run a fresh streaming detector over ``samples`` in blocks of ``block_s`` seconds, as live."""
    return run_detector(samples, sample_rate, block_s=block_s, model=model)[0]


def readings_from_wav(wav: WavReader, detector: BreathDetector, *, block_s: float) -> Iterator[BreathReading]:
    """The detector's readings over the rest of ``wav``, read and fed ``block_s`` seconds at a time."""
    for block in wav.blocks(max(1, int(round(block_s * wav.sample_rate)))):
        yield from detector.process(block)


def detect_file(path: str | Path, *, block_s: float = 1.0) -> dict[str, Any]:
    """Detect breaths in a WAV file with the streaming detector, block by block as live.

    The file is read a block at a time and the readings are merged into segments as they come, so memory
    does not grow with the file's length (an hour-long recording is fine). The readings do not depend on the
    block size (the detector guarantees it), so the default is a block long enough to amortise the per-call
    cost; pass ``block_s=0.01`` to feed it exactly as a microphone.

    Returns:
        ``{"file", "duration_s", "sample_rate", "breaths_per_minute", "segments"}``; segments are dicts with
        ``start_s, end_s, phase, confidence``; the rate is over the last minute, or None.

    Raises:
        ValueError: the file cannot be read (the message names it), or ``block_s`` is not > 0.
    """
    if not block_s > 0:
        raise ValueError(f"block_s must be > 0 s, got {block_s!r}")
    with open_wav(path) as wav:
        rate = wav.sample_rate
        det = BreathDetector(rate)
        segments = SegmentBuilder()
        segments.extend(readings_from_wav(wav, det, block_s=block_s))
        frames = wav.position  # what was read: the same as wav.frames unless the file shrank meanwhile
    bpm = det.breaths_per_minute()
    return {
        "file": str(path),
        "duration_s": round(frames / rate, 3),
        "sample_rate": rate,
        "breaths_per_minute": None if bpm is None else round(bpm, 2),
        "segments": [
            {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(s).items()}
            for s in segments.finish()
        ],
    }


def read_labels(csv_path: str | Path) -> list[Segment]:
    """Read labels from a CSV with a header row and columns ``start_s, end_s, phase`` (others ignored).

    Raises:
        ValueError: unreadable file, missing columns, or a bad row (with its line number).
    """
    path = Path(csv_path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"{path}: cannot read labels ({exc.strerror or exc})") from exc
    reader = csv.DictReader(text.splitlines())
    missing = {"start_s", "end_s", "phase"} - set(reader.fieldnames or ())
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {', '.join(sorted(missing))} in header {reader.fieldnames}"
        )
    labels: list[Segment] = []
    for row in reader:
        line = reader.line_num
        try:
            start, end = float(row["start_s"]), float(row["end_s"])
        except (TypeError, ValueError):
            raise ValueError(f"{path}:{line}: start_s/end_s must be numbers, got {row}") from None
        phase = (row["phase"] or "").strip().lower()
        if phase not in {p.value for p in Phase}:
            raise ValueError(f"{path}:{line}: unknown phase {row['phase']!r} (inhale, hold, exhale, pause)")
        if not end > start:
            raise ValueError(f"{path}:{line}: end_s {end} must be after start_s {start}")
        labels.append(Segment(start, end, phase))
    return sorted(labels, key=lambda s: s.start_s)


def _as_segments(items: Iterable[Any]) -> list[Segment]:
    out = []
    for it in items:
        if isinstance(it, Segment):
            out.append(it)
        elif isinstance(it, dict):
            out.append(Segment(float(it["start_s"]), float(it["end_s"]), _phase_name(it["phase"])))
        else:
            start, end, phase = it[:3]
            out.append(Segment(float(start), float(end), _phase_name(phase)))
    return out


def _match(det: list[Segment], lab: list[Segment]) -> list[tuple[Segment, Segment]]:
    """One-to-one matching of overlapping events, largest overlaps first.

    Each detection is compared only with the labels that can overlap it (found by bisection on the labels'
    starts and the running latest end), so an hour of breaths is not every detection times every label.
    """
    order = sorted(range(len(lab)), key=lambda j: lab[j].start_s)
    starts = [lab[j].start_s for j in order]
    reach = list(accumulate((lab[j].end_s for j in order), max))  # the latest end so far
    pairs = []
    for i, d in enumerate(det):
        # Before lo every label has ended by d's start; from hi on every label starts after d's end.
        lo, hi = bisect_right(reach, d.start_s), bisect_left(starts, d.end_s)
        for k in range(lo, hi):
            j = order[k]
            g = lab[j]
            ov = min(d.end_s, g.end_s) - max(d.start_s, g.start_s)
            if ov > 0:
                pairs.append((ov, i, j))
    pairs.sort(reverse=True)
    used_d: set[int] = set()
    used_l: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i not in used_d and j not in used_l:
            used_d.add(i)
            used_l.add(j)
            matched.append((det[i], lab[j]))
    return sorted(matched, key=lambda p: p[1].start_s)


def _prf(tp: int, n_detected: int, n_labelled: int) -> tuple[float, float, float]:
    precision = tp / n_detected if n_detected else (1.0 if not n_labelled else 0.0)
    recall = tp / n_labelled if n_labelled else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return precision, recall, f1


def _phase_at(segments: list[Segment], times: np.ndarray) -> np.ndarray:
    """The phase at each time: the last segment covering it, or "pause"."""
    out = np.full(times.size, "pause", dtype=object)
    starts = np.array([s.start_s for s in segments])
    ends = np.array([s.end_s for s in segments])
    if segments and np.all(np.diff(starts) >= 0) and np.all(ends[:-1] <= starts[1:]):
        # In order and not overlapping (the detector's segments, ordinary labels): one search, not a mask
        # over every time per segment.
        idx = np.searchsorted(starts, times, side="right") - 1
        inside = idx >= 0
        inside[inside] &= times[inside] < ends[idx[inside]]
        out[inside] = np.array([s.phase for s in segments], dtype=object)[idx[inside]]
        return out
    for s in segments:
        out[(times >= s.start_s) & (times < s.end_s)] = s.phase
    return out


def score(segments: Iterable[Any], labels: Iterable[Any]) -> dict[str, Any]:
    """Score detected segments against labels.

    Args:
        segments: detected segments (:class:`Segment`, dicts, or ``(start_s, end_s, phase)`` tuples).
        labels: labelled segments, same forms.

    Returns:
        Exhale event ``precision``, ``recall``, ``f1`` (a detection matches a label it overlaps, one-to-one),
        ``frame_accuracy`` over 10 ms frames inside labelled inhale/exhale/hold spans (None without any),
        absolute onset/offset errors of matched exhales (``onset_error_mean_s``, ``onset_error_median_s``,
        ``offset_error_mean_s``, ``offset_error_median_s``, None without matches), signed ``onset_bias_s``
        (positive = late), inhale event ``inhale_precision/recall/f1`` where the labels mark inhales, and
        the event counts.
    """
    det = _as_segments(segments)
    lab = _as_segments(labels)
    det_ex = [s for s in det if s.phase == "exhale"]
    lab_ex = [s for s in lab if s.phase == "exhale"]
    matched = _match(det_ex, lab_ex)
    tp = len(matched)
    precision, recall, f1 = _prf(tp, len(det_ex), len(lab_ex))
    det_in = [s for s in det if s.phase == "inhale"]
    lab_in = [s for s in lab if s.phase == "inhale"]
    tp_in = len(_match(det_in, lab_in))
    in_p, in_r, in_f1 = _prf(tp_in, len(det_in), len(lab_in))
    onset = np.array([d.start_s - g.start_s for d, g in matched])
    offset = np.array([d.end_s - g.end_s for d, g in matched])

    frame_acc = None
    n_frames = 0
    scored = [s for s in lab if s.phase in _SCORED]
    if scored:
        times = np.concatenate([np.arange(s.start_s + FRAME_S / 2, s.end_s, FRAME_S) for s in scored])
        truth = _phase_at(scored, times)
        guess = _phase_at(det, times)
        n_frames = int(times.size)
        frame_acc = float(np.mean(truth == guess)) if n_frames else None

    def stat(a: np.ndarray, fn: Callable[[np.ndarray], Any]) -> float | None:
        return round(float(fn(np.abs(a))), 4) if a.size else None

    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "frame_accuracy": None if frame_acc is None else round(frame_acc, 4),
        "onset_error_mean_s": stat(onset, np.mean),
        "onset_error_median_s": stat(onset, np.median),
        "offset_error_mean_s": stat(offset, np.mean),
        "offset_error_median_s": stat(offset, np.median),
        "onset_bias_s": round(float(np.median(onset)), 4) if onset.size else None,
        # Inhale events, only meaningful where the labels mark inhales (None otherwise).
        "inhale_precision": round(in_p, 4) if lab_in else None,
        "inhale_recall": round(in_r, 4) if lab_in else None,
        "inhale_f1": round(in_f1, 4) if lab_in else None,
        "detected_inhales": len(det_in),
        "labelled_inhales": len(lab_in),
        "detected_exhales": len(det_ex),
        "labelled_exhales": len(lab_ex),
        "matched_exhales": tp,
        "frames": n_frames,
    }


def summary(result: dict[str, Any]) -> str:
    ex = [s for s in result["segments"] if s["phase"] == "exhale"]
    bpm = result["breaths_per_minute"]
    lens = [s["end_s"] - s["start_s"] for s in ex]
    text = (
        f"{result['file']}: {result['duration_s']:.1f} s, "
        f"{'rate unknown' if bpm is None else f'{bpm:.1f} breaths/min'}, {len(ex)} exhales"
    )
    if lens:
        text += f" (mean {np.mean(lens):.1f} s, longest {max(lens):.1f} s)"
    sc = result.get("scores")
    if sc:
        text += f"\n  exhale F1 {sc['f1']:.2f} (precision {sc['precision']:.2f}, recall {sc['recall']:.2f})"
        if sc["frame_accuracy"] is not None:
            text += f", frame accuracy {sc['frame_accuracy']:.2f}"
        if sc["onset_error_median_s"] is not None:
            text += f", onset error {sc['onset_error_median_s'] * 1000:.0f} ms median"
    return text
