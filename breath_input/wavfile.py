"""Read WAV files into mono float32 without the stdlib `wave` module, whole or block by block.

`wave` cannot read IEEE float or WAVE_FORMAT_EXTENSIBLE files, which many recorders write, so the RIFF chunks
are parsed here with `struct` and the samples decoded with numpy. `open_wav` reads only the chunk headers and
then the samples a block at a time, so an hour-long recording needs no more memory than one block;
`read_wav` is the same reader asked for every frame at once.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import numpy as np

__all__ = ["WavReader", "open_wav", "read_wav"]

_PCM = 0x0001
_FLOAT = 0x0003
_EXTENSIBLE = 0xFFFE
_FMT_BYTES = 40  # all of 'fmt ' that is read: the basic fields and the extensible sub-format tag


class WavReader:
    """An open WAV file: its format from the chunk headers, its samples read on demand as mono float32.

    Use `open_wav` to make one. Decoding is per frame (channels averaged in float32), so the samples do not
    depend on how the file is cut into blocks: `read(n)` calls of any sizes give exactly what `read_wav`
    gives.

    Attributes:
        path: the file.
        sample_rate: Hz.
        channels: channels in the file (the samples returned are mono).
        frames: whole frames in the data chunk (a torn last frame is left out).
    """

    def __init__(self, path: Path, f: BinaryIO) -> None:
        self.path = path
        self._f = f
        (self.sample_rate, self.channels, self._tag, self._width, self._data_start, self.frames) = _parse(f)
        self._block_align = self._width * self.channels
        self._pos = 0  # frames read so far
        f.seek(self._data_start)

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate

    @property
    def position(self) -> int:
        """Frames read so far."""
        return self._pos

    def read(self, n_frames: int) -> np.ndarray:
        """The next ``n_frames`` frames (fewer at the end, none after it), shape ``(k,)`` float32 in -1..1.

        Raises:
            ValueError: the file cannot be read any more (the message names it).
        """
        n = max(0, min(int(n_frames), self.frames - self._pos))
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        try:
            raw = self._f.read(n * self._block_align)
        except OSError as exc:
            raise ValueError(f"{self.path}: cannot read file ({exc.strerror or exc})") from exc
        n = len(raw) // self._block_align  # the file shrank under us: give what is there
        self._pos = self.frames if n == 0 else self._pos + n
        return _decode(raw[: n * self._block_align], self._tag, self._width, self.channels)

    def blocks(self, n_frames: int) -> Iterator[np.ndarray]:
        """The rest of the file in blocks of ``n_frames`` frames (the last one may be shorter)."""
        step = max(1, int(n_frames))
        while True:
            block = self.read(step)
            if block.size == 0:
                return
            yield block

    def close(self) -> None:
        self._f.close()

    def __enter__(self) -> WavReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def open_wav(path: str | Path) -> WavReader:
    """Open a WAV file for reading in blocks; only the chunk headers are read now.

    Raises:
        ValueError: the file is missing, not a WAV file, truncated before its samples, or in an unsupported
            format; the message names the file.
    """
    path = Path(path)
    try:
        f = open(path, "rb")  # noqa: SIM115 - the reader owns the file and closes it
    except OSError as exc:
        raise ValueError(f"{path}: cannot read file ({exc.strerror or exc})") from exc
    try:
        return WavReader(path, f)
    except ValueError as exc:
        f.close()
        raise ValueError(f"{path}: {exc}") from None
    except OSError as exc:
        f.close()
        raise ValueError(f"{path}: cannot read file ({exc.strerror or exc})") from exc


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Read a whole WAV file as mono float32 samples in -1..1.

    Args:
        path: the file to read.

    Returns:
        ``(samples, sample_rate)``: shape ``(n,)`` float32 (channels averaged) and the rate in Hz.

    Raises:
        ValueError: the file is missing, not a WAV file, truncated, or in an unsupported format; the message
            names the file.
    """
    with open_wav(path) as wav:
        return wav.read(wav.frames), wav.sample_rate


def _parse(f: BinaryIO) -> tuple[int, int, int, int, int, int]:
    """Walk the RIFF chunks by their headers.

    Returns:
        (rate, channels, format tag, sample width in bytes, offset of the samples, whole frames).
    """
    file_size = os.fstat(f.fileno()).st_size
    head = f.read(12)
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
        raise ValueError("not a RIFF/WAVE file")
    fmt: bytes | None = None
    data: tuple[int, int] | None = None  # (offset, length) of the samples
    pos = 12
    while pos + 8 <= file_size:
        f.seek(pos)
        header = f.read(8)
        if len(header) < 8:
            break
        cid = header[:4]
        (size,) = struct.unpack_from("<I", header, 4)
        body = pos + 8
        if cid == b"fmt ":
            fmt = f.read(min(size, _FMT_BYTES))
        elif cid == b"data":
            # A recorder killed mid-write leaves a wrong size (often 0 or 0xFFFFFFFF): take what is there.
            end = file_size if size in (0, 0xFFFFFFFF) or body + size > file_size else body + size
            data = (body, end - body)
            if fmt is not None:
                break
        pos = body + size + (size & 1)  # chunks are word-aligned
    if fmt is None or len(fmt) < 16:
        raise ValueError("no valid 'fmt ' chunk")
    if data is None:
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
    if not ((tag == _PCM and width <= 4) or (tag == _FLOAT and width in (4, 8))):
        if tag == _PCM:
            raise ValueError(f"unsupported PCM sample width {width * 8} bits")
        raise ValueError(f"unsupported format tag 0x{tag:04x} with {bits}-bit samples")
    offset, length = data
    return int(rate), int(channels), int(tag), int(width), offset, length // block_align


def _decode(raw: bytes, tag: int, width: int, channels: int) -> np.ndarray:
    """Whole frames of raw sample bytes -> mono float32 in -1..1."""
    if tag == _PCM:
        samples = _decode_pcm(raw, width)
    else:
        samples = np.frombuffer(raw, dtype="<f4" if width == 4 else "<f8").astype(np.float32)
        samples = np.nan_to_num(samples, nan=0.0, posinf=1.0, neginf=-1.0)
        np.clip(samples, -1.0, 1.0, out=samples)
    if channels == 1:
        return np.ascontiguousarray(samples, dtype=np.float32)
    # Row by row, so a frame's mono value is the same whichever block it was read in.
    mono = samples.reshape(-1, channels).mean(axis=1, dtype=np.float32)
    return np.ascontiguousarray(mono, dtype=np.float32)


def _decode_pcm(raw: bytes, width: int) -> np.ndarray:
    if width == 1:  # 8-bit WAV is unsigned
        return (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    if width == 2:
        return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        v = np.where(v >= 1 << 23, v - (1 << 24), v)
        return v.astype(np.float32) / float(1 << 23)
    return (np.frombuffer(raw, dtype="<i4").astype(np.float64) / float(1 << 31)).astype(np.float32)
