"""read_wav: every common WAV flavour, and clear errors for the rest."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from breath_input.wavfile import read_wav

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
RRUJO = SHARED / "breath-data" / "rrujo-dev"

_KSDATAFORMAT_TAIL = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"


def _wav_bytes(
    payload: bytes,
    *,
    tag: int,
    channels: int,
    rate: int,
    bits: int,
    extensible: bool = False,
    extra: bytes = b"",
) -> bytes:
    block = channels * bits // 8
    if extensible:
        fmt = struct.pack("<HHIIHH", 0xFFFE, channels, rate, rate * block, block, bits)
        fmt += struct.pack("<HHI", 22, bits, 0) + struct.pack("<H", tag) + _KSDATAFORMAT_TAIL
    else:
        fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + extra
    chunks += b"data" + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) % 2 else b"")
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks


def _signal(n: int = 1000) -> np.ndarray:
    return (0.5 * np.sin(2 * np.pi * 440 * np.arange(n) / 8000)).astype(np.float64)


def _encode(x: np.ndarray, kind: str) -> tuple[bytes, int, int]:
    """Samples (n, channels) in -1..1 -> payload, format tag, bits."""
    if kind == "pcm8":
        return np.round(x * 127 + 128).astype(np.uint8).tobytes(), 1, 8
    if kind == "pcm16":
        return np.round(x * 32767).astype("<i2").tobytes(), 1, 16
    if kind == "pcm24":
        v = np.round(x * (2**23 - 1)).astype(np.int32).reshape(-1)
        b = np.stack([v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF], axis=1).astype(np.uint8)
        return b.tobytes(), 1, 24
    if kind == "pcm32":
        return np.round(x * (2**31 - 1)).astype("<i4").tobytes(), 1, 32
    if kind == "float32":
        return x.astype("<f4").tobytes(), 3, 32
    if kind == "float64":
        return x.astype("<f8").tobytes(), 3, 64
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind,tol",
    [
        ("pcm8", 1 / 100),
        ("pcm16", 1e-4),
        ("pcm24", 1e-6),
        ("pcm32", 1e-6),
        ("float32", 1e-7),
        ("float64", 1e-7),
    ],
)
@pytest.mark.parametrize("extensible", [False, True])
def test_formats_decode_to_the_same_mono_signal(tmp_path, kind, tol, extensible):
    x = _signal()[:, None]
    payload, tag, bits = _encode(x, kind)
    path = tmp_path / f"{kind}.wav"
    path.write_bytes(_wav_bytes(payload, tag=tag, channels=1, rate=8000, bits=bits, extensible=extensible))
    samples, rate = read_wav(path)
    assert rate == 8000
    assert samples.dtype == np.float32 and samples.shape == (1000,)
    np.testing.assert_allclose(samples, x[:, 0], atol=tol)


def test_stereo_is_averaged_and_odd_chunks_are_skipped(tmp_path):
    left = _signal()
    right = -0.5 * left
    x = np.stack([left, right], axis=1)
    payload, tag, bits = _encode(x, "pcm16")
    odd_chunk = b"LIST" + struct.pack("<I", 3) + b"abc\x00"  # odd size, padded to a word
    path = tmp_path / "stereo.wav"
    path.write_bytes(_wav_bytes(payload, tag=tag, channels=2, rate=44100, bits=bits, extra=odd_chunk))
    samples, rate = read_wav(path)
    assert rate == 44100
    np.testing.assert_allclose(samples, (left + right) / 2, atol=1e-4)


def test_truncated_data_chunk_reads_what_is_there(tmp_path):
    payload, tag, bits = _encode(_signal()[:, None], "pcm16")
    data = _wav_bytes(payload, tag=tag, channels=1, rate=8000, bits=bits)
    path = tmp_path / "cut.wav"
    path.write_bytes(data[:-501])  # a recorder killed mid-write; an odd cut leaves half a sample
    samples, _ = read_wav(path)
    assert 740 <= samples.size < 1000


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"", "not a RIFF/WAVE"),
        (b"RIFF\x00\x00\x00\x00AVI LIST", "not a RIFF/WAVE"),
        (b"RIFF\x04\x00\x00\x00WAVE", "fmt"),
        (_wav_bytes(b"\x00" * 8, tag=0x55, channels=1, rate=8000, bits=16), "unsupported format tag 0x0055"),
        (_wav_bytes(b"\x00" * 8, tag=1, channels=1, rate=0, bits=16), "sample rate"),
    ],
)
def test_unreadable_files_raise_value_error_naming_the_file(tmp_path, content, needle):
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=needle) as info:
        read_wav(path)
    assert "bad.wav" in str(info.value)


def test_missing_file_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="nope.wav"):
        read_wav(tmp_path / "nope.wav")


def test_real_recordings_read_mono_at_their_rate():
    if not RRUJO.is_dir():
        pytest.skip(f"needs the recordings in {RRUJO} (../shared beside the repository)")
    # One ordinary file, one stereo, one 32-bit: the three layouts in the set.
    for rel in ("8/2023021713052.wav", "8/2023030117431.wav", "10/2023022217141.wav"):
        samples, rate = read_wav(RRUJO / rel)
        assert rate in (2000, 4500)
        assert samples.ndim == 1 and samples.size > 30 * rate
        assert np.all(np.isfinite(samples)) and np.max(np.abs(samples)) <= 1.0
