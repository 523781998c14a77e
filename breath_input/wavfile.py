"""Read WAV files into mono float32 without the stdlib `wave` module.

`wave` cannot read IEEE float or WAVE_FORMAT_EXTENSIBLE files, which many recorders write, so the RIFF chunks
are parsed here with `struct` and the samples decoded with numpy.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

__all__ = ["read_wav"]

_PCM = 0x0001
_FLOAT = 0x0003
_EXTENSIBLE = 0xFFFE


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Read a WAV file as mono float32 samples in -1..1.

    Args:
        path: the file to read.

    Returns:
        ``(samples, sample_rate)``: shape ``(n,)`` float32 (channels averaged) and the rate in Hz.

    Raises:
        ValueError: the file is missing, not a WAV file, truncated, or in an unsupported format; the message
            names the file.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read file ({exc.strerror or exc})") from exc
    try:
        return _decode(data)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def _decode(data: bytes) -> tuple[np.ndarray, int]:
    if len(data) < 12 or data[:4] not in (b"RIFF", b"RF64") or data[8:12] != b"WAVE":
        raise ValueError("not a RIFF/WAVE file")
    fmt: bytes | None = None
    payload: memoryview | None = None
    view = memoryview(data)
    pos = 12
    while pos + 8 <= len(data):
        cid = data[pos : pos + 4]
        (size,) = struct.unpack_from("<I", data, pos + 4)
        body = pos + 8
        if cid == b"fmt ":
            fmt = data[body : body + size]
        elif cid == b"data":
            # A recorder killed mid-write leaves a wrong size (often 0 or 0xFFFFFFFF): take what is there.
            end = len(data) if size in (0, 0xFFFFFFFF) or body + size > len(data) else body + size
            payload = view[body:end]
            if fmt is not None:
                break
        pos = body + size + (size & 1)  # chunks are word-aligned
    if fmt is None or len(fmt) < 16:
        raise ValueError("no valid 'fmt ' chunk")
    if payload is None:
        raise ValueError("no 'data' chunk")
    tag, channels, rate, _byte_rate, block_align, bits = struct.unpack_from("<HHIIHH", fmt, 0)
    if tag == _EXTENSIBLE:
        if len(fmt) < 40:
            raise ValueError("WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk too short")
        # The first two bytes of the sub-format GUID carry the real format tag.
        (tag,) = struct.unpack_from("<H", fmt, 24)
    if channels < 1:
        raise ValueError(f"invalid channel count {channels}")
    if rate <= 0:
        raise ValueError(f"invalid sample rate {rate}")
    width = block_align // channels if block_align else (bits + 7) // 8
    if width * channels != block_align or width < 1:
        raise ValueError(f"inconsistent block align {block_align} for {channels} channels of {bits} bits")
    n_frames = len(payload) // block_align
    raw = np.frombuffer(payload[: n_frames * block_align], dtype=np.uint8)
    if tag == _PCM:
        samples = _decode_pcm(raw, width)
    elif tag == _FLOAT and width in (4, 8):
        samples = np.frombuffer(raw.tobytes(), dtype="<f4" if width == 4 else "<f8").astype(np.float32)
        samples = np.nan_to_num(samples, nan=0.0, posinf=1.0, neginf=-1.0)
        np.clip(samples, -1.0, 1.0, out=samples)
    else:
        raise ValueError(f"unsupported format tag 0x{tag:04x} with {bits}-bit samples")
    samples = samples.reshape(n_frames, channels)
    mono = samples[:, 0] if channels == 1 else samples.mean(axis=1, dtype=np.float32)
    return np.ascontiguousarray(mono, dtype=np.float32), int(rate)


def _decode_pcm(raw: np.ndarray, width: int) -> np.ndarray:
    if width == 1:  # 8-bit WAV is unsigned
        return (raw.astype(np.float32) - 128.0) / 128.0
    if width == 2:
        return np.frombuffer(raw.tobytes(), dtype="<i2").astype(np.float32) / 32768.0
    if width == 3:
        b = raw.reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        v = np.where(v >= 1 << 23, v - (1 << 24), v)
        return v.astype(np.float32) / float(1 << 23)
    if width == 4:
        return (np.frombuffer(raw.tobytes(), dtype="<i4").astype(np.float64) / float(1 << 31)).astype(
            np.float32
        )
    raise ValueError(f"unsupported PCM sample width {width * 8} bits")
