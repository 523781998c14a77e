"""Long recordings stream (issue 15, item 5): `open_wav` reads a block at a time, `exhale detect` keeps
neither the samples nor the readings, and both give exactly what the whole-file path gives.

Memory is checked two ways: a reader that records the largest block asked of it, and tracemalloc's peak
over a few-minute file, far below the file's size and no higher than over a file a third as long.
"""

from __future__ import annotations

import json
import struct
import tracemalloc
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from breath_input import evaluate, wavfile
from breath_input import synth_audio as sa
from breath_input.detector import BreathDetector
from breath_input.evaluate import detect_file, detect_samples, readings_from_wav
from breath_input.recorded import RecordedSource
from breath_input.types import BreathReading
from breath_input.wavfile import open_wav, read_wav


def write_wav(path: Path, x: np.ndarray, rate: int, *, kind: str = "pcm16") -> Path:
    """`x`: (n,) or (n, channels) in -1..1, as 16-bit PCM or 32-bit float."""
    x = x.reshape(len(x), -1)
    channels = x.shape[1]
    if kind == "pcm16":
        payload, tag, width = np.round(np.clip(x, -1, 1) * 32767).astype("<i2").tobytes(), 1, 2
    else:
        payload, tag, width = x.astype("<f4").tobytes(), 3, 4
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * channels * width, channels * width, 8 * width)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(payload)) + payload
    path.write_bytes(b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks)
    return path


def breathing(rate: int, seconds: float, channels: int, seed: int = 5) -> np.ndarray:
    x, _ = sa.breathing(sample_rate=rate, duration_s=seconds, bpm=12, seed=seed)
    if channels == 1:
        return x
    return np.stack([x, 0.5 * x + 0.01 * np.sin(np.arange(x.size))], axis=1)  # the channels differ


def whole_file_segments(readings: list[BreathReading]) -> list[dict]:
    """`exhale detect`'s segments as they were computed before streaming (all readings in a list, the first
    hop from the median step), rounded as the command prints them: the reference the stream must equal."""
    ts = np.array([r.t for r in readings])
    dt = float(np.median(np.diff(ts))) if len(ts) > 1 else float(ts[0])
    starts = np.concatenate(([max(0.0, ts[0] - dt)], ts[:-1]))
    out, i = [], 0
    while i < len(readings):
        j = i
        while j + 1 < len(readings) and readings[j + 1].phase is readings[i].phase:
            j += 1
        conf = round(float(np.mean([r.confidence for r in readings[i : j + 1]])), 3)
        out.append(
            {
                "start_s": round(float(starts[i]), 3),
                "end_s": round(float(ts[j]), 3),
                "phase": readings[i].phase.value,
                "confidence": round(conf, 3),
            }
        )
        i = j + 1
    return out


FORMATS = [(16000, 1, "pcm16"), (16000, 2, "float32"), (48000, 1, "float32"), (48000, 2, "pcm16")]


@pytest.mark.parametrize("rate,channels,kind", FORMATS, ids=lambda v: str(v))
def test_blocks_of_any_size_are_the_whole_file(tmp_path: Path, rate: int, channels: int, kind: str) -> None:
    path = write_wav(tmp_path / "b.wav", breathing(rate, 3.0, channels), rate, kind=kind)
    whole, got_rate = read_wav(path)
    assert got_rate == rate and whole.size == 3 * rate
    for block in (997, rate):  # odd, and one second
        with open_wav(path) as wav:
            assert (wav.sample_rate, wav.channels, wav.frames) == (rate, channels, 3 * rate)
            parts = list(wav.blocks(block))
            assert max(p.size for p in parts) == block
            assert wav.read(10).size == 0  # at the end: nothing more
        assert np.array_equal(np.concatenate(parts), whole)


@pytest.mark.parametrize("rate,channels,kind", FORMATS, ids=lambda v: str(v))
def test_detect_streams_to_the_whole_file_result(tmp_path: Path, rate: int, channels: int, kind: str) -> None:
    """The same readings, reading by reading, and the same printed segments as the whole file in memory.

    Each block size is compared with itself: that the detector's readings do not depend on the block size
    (bit for bit) is the detector's matter, tested in tests/test_detector.py, not the reader's."""
    path = write_wav(tmp_path / "b.wav", breathing(rate, 12.0, channels), rate, kind=kind)
    samples, _ = read_wav(path)
    for block_s in (1.0, 0.037):  # many hops per call, and the live few-hops path
        whole = detect_samples(samples, rate, block_s=block_s)
        with open_wav(path) as wav:
            streamed = list(readings_from_wav(wav, BreathDetector(rate), block_s=block_s))
        assert streamed == whole and len(whole) == 1200
        result = detect_file(path, block_s=block_s)
        assert result["duration_s"] == 12.0 and result["sample_rate"] == rate
        reference = whole_file_segments(whole)
        assert any(s["phase"] == "exhale" for s in reference)
        assert json.dumps(result["segments"]) == json.dumps(reference)


def test_detect_asks_the_reader_for_one_block_at_a_time(tmp_path: Path, monkeypatch) -> None:
    path = write_wav(tmp_path / "b.wav", breathing(16000, 30.0, 1), 16000)
    asked: list[int] = []
    real_read = wavfile.WavReader.read

    def counting_read(self: wavfile.WavReader, n_frames: int) -> np.ndarray:
        asked.append(n_frames)
        return real_read(self, n_frames)

    def no_whole_file(*args: object) -> None:
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(wavfile.WavReader, "read", counting_read)
    monkeypatch.setattr(wavfile, "read_wav", no_whole_file)
    result = detect_file(path, block_s=0.5)
    assert result["duration_s"] == 30.0
    assert max(asked) == 8000 and len(asked) == 61  # 60 half seconds, then the empty read at the end


def _peak_bytes(path: Path) -> int:
    tracemalloc.start()
    try:
        detect_file(path, block_s=0.25)  # the peak is mostly one block's working arrays: keep them small
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_detect_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    short = write_wav(tmp_path / "short.wav", breathing(16000, 30.0, 1, seed=6), 16000, kind="float32")
    long = write_wav(tmp_path / "long.wav", breathing(16000, 90.0, 1, seed=6), 16000, kind="float32")
    detect_file(short)  # imports and caches outside the measurement
    peak_short, peak_long = _peak_bytes(short), _peak_bytes(long)
    size = long.stat().st_size  # 5.8 MB; loading it whole peaked near 30 MB
    assert peak_long < size / 5
    # Three times the audio, a few more segments: nothing in proportion to the samples or the readings.
    assert peak_long < peak_short + 256 * 1024


def test_segments_need_no_reading_kept() -> None:
    """Fed one reading at a time, the builder holds the segments and only the open one's confidences."""
    readings = detect_samples(breathing(16000, 12.0, 1), 16000)
    builder = evaluate.SegmentBuilder()
    for r in readings:
        builder.add(r)
    last_run = next(k for k in range(1, len(readings)) if readings[-k - 1].phase is not readings[-1].phase)
    assert len(builder._confidences) == last_run < len(readings) // 4
    rounded = [
        {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(s).items()}
        for s in builder.finish()
    ]
    assert rounded == whole_file_segments(readings)


class _WholeFileSource:
    """`--input wav:` as it was before streaming: the whole file in memory, sliced as the session asks."""

    def __init__(self, path: Path) -> None:
        self.samples, self.rate = read_wav(path)
        self.detector = BreathDetector(self.rate)
        self.block = int(round(self.rate * 0.01))
        self.fed = 0
        self.last = None

    def read(self, t: float) -> tuple:
        want = min(len(self.samples), int(t * self.rate))
        whole = (want - self.fed) // self.block * self.block
        if whole > 0:
            readings = self.detector.process(self.samples[self.fed : self.fed + whole])
            self.fed += whole
            if readings:
                self.last = readings[-1]
        if self.fed >= len(self.samples) - self.block and t > len(self.samples) / self.rate:
            return (t, "pause", 0.0, 0.0)
        r = self.last
        return (t, "pause", 0.0, 0.0) if r is None else (t, r.phase.value, r.flow, r.confidence)


@pytest.mark.parametrize("rate,channels,kind", [(16000, 1, "pcm16"), (48000, 2, "float32")], ids=str)
def test_a_recording_plays_as_it_did_from_memory(tmp_path: Path, rate: int, channels: int, kind: str) -> None:
    # 8 s (was 15): a breath and a half and eight of the source's one-second chunks, played frame by frame
    # (most of the cost): what is tested is that each frame reads as it did, not how many there are.
    seconds = 8.0
    path = write_wav(tmp_path / "b.wav", breathing(rate, seconds, channels), rate, kind=kind)
    for step in (1 / 60, 0.25):  # a frame at 60 frames/s, and 25 blocks at a time
        source = RecordedSource(path, BreathDetector)
        reference = _WholeFileSource(path)
        times = [k * step for k in range(int((seconds + 1.0) / step))]  # past the end too
        got = [source.read(t) for t in times]
        want = [reference.read(t) for t in times]
        assert [(r.t, r.phase.value, r.flow, r.confidence) for r in got] == want
        assert {r.phase.value for r in got} >= {"exhale", "inhale", "pause"}
        source.close()


def test_a_recording_reads_at_most_a_second_at_once(tmp_path: Path, monkeypatch) -> None:
    path = write_wav(tmp_path / "b.wav", breathing(16000, 40.0, 1), 16000)
    asked: list[int] = []
    real_read = wavfile.WavReader.read

    def counting_read(self: wavfile.WavReader, n_frames: int) -> np.ndarray:
        asked.append(n_frames)
        return real_read(self, n_frames)

    monkeypatch.setattr(wavfile.WavReader, "read", counting_read)
    source = RecordedSource(path, BreathDetector)
    source.read(0.5)
    source.read(30.0)  # a long jump ahead: read in one-second chunks, not at once
    assert asked[0] == 8000 and max(asked) == 16000 and sum(asked) == 30 * 16000
    assert source.read(41.0).phase.value == "pause"  # past the end
    source.close()


def test_playing_a_recording_holds_no_more_than_a_chunk(tmp_path: Path) -> None:
    long = write_wav(tmp_path / "long.wav", breathing(16000, 90.0, 1, seed=8), 16000, kind="float32")
    source = RecordedSource(long, BreathDetector)
    tracemalloc.start()
    try:
        for k in range(1, 4 * 91):
            source.read(k * 0.25)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        source.close()
    assert peak < long.stat().st_size / 5  # 5.8 MB of file
