"""`--audio-out`: what the game plays, mixed into a WAV on the virtual clock (mono, 16-bit). No pygame.

`game/window/audio.py` hands this tape every sound it plays, at session time; the tape mixes them as the mixer
would and writes the file as time goes on, a second at a time, so an hour-long session keeps memory flat.
Sample 0 is session time `start_s` (the start of the 3-2-1 lead-in).
"""

from __future__ import annotations

import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from game.sound import tones

BLOCK_S = 1.0
AMBIENT_IN_S, AMBIENT_OUT_S = 2.0, 0.8  # the mixer's fade_ms for the ambient bed


@dataclass
class _Sound:
    start: int  # sample
    wave: np.ndarray
    breath: bool  # a breath tone: hushed on pause, mute or leaving

    @property
    def end(self) -> int:
        return self.start + self.wave.size


@dataclass
class _Envelope:
    """A level that moves in straight lines between the points it is given (the echo, the ambient bed)."""

    points: list[tuple[int, float]] = field(default_factory=lambda: [(0, 0.0)])

    def at(self, sample: int) -> float:
        xs, ys = zip(*self.points, strict=True)
        return float(np.interp(sample, xs, ys))

    def set(self, sample: int, level: float, ramp: int = 0) -> None:
        """From `sample`, move in a straight line to `level` over `ramp` samples (never a jump: no click)."""
        now = self.at(sample)
        while len(self.points) > 1 and self.points[-1][0] > sample:
            self.points.pop()  # a ramp still under way is cut short where the new one starts
        self.points.append((sample, now))
        self.points.append((sample + max(1, ramp), level))

    def block(self, a: int, b: int) -> np.ndarray:
        while len(self.points) > 2 and self.points[1][0] <= a:  # what lies behind is no longer needed
            self.points.pop(0)
        xs, ys = zip(*self.points, strict=True)
        levels: np.ndarray = np.interp(np.arange(a, b), xs, ys)
        return levels

    @property
    def silent_after(self) -> int:
        return self.points[-1][0] if self.points[-1][1] == 0.0 else -1


class SoundTape:
    def __init__(self, path: Path, *, rate: int = 22050, start_s: float = 0.0) -> None:
        self.path = path
        self.rate = rate
        self.start_s = start_s
        self.peak = 0.0
        self.clipped = 0  # samples beyond full scale (there should be none)
        self.written = 0
        self.sounds_added = 0
        self._sounds: list[_Sound] = []
        self._echo = _Envelope()
        self._ambient = _Envelope()
        self._echo_loop = tones.echo_noise(rate)
        self._ambient_loop: np.ndarray | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        self._wav = wave.open(str(path), "wb")
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(rate)

    def sample(self, at_s: float) -> int:
        return max(0, round((at_s - self.start_s) * self.rate))

    # -- what the mixer was asked to play ---------------------------------------------------------------
    def add(self, at_s: float, mono: np.ndarray, *, breath: bool = False) -> None:
        start = self.sample(at_s)
        self._write_until(start)
        self._sounds.append(_Sound(max(start, self.written), mono, breath))
        self.sounds_added += 1

    def hush(self, at_s: float, fade_s: float) -> None:
        """The breath tones ringing at `at_s` fade out over `fade_s` (a raised cosine) and stop."""
        s = self.sample(at_s)
        self._write_until(s)
        fade = max(1, int(fade_s * self.rate))
        ramp = 0.5 + 0.5 * np.cos(np.pi * np.arange(1, fade + 1) / fade)
        for sound in self._sounds:
            if sound.breath and sound.start <= s < sound.end:
                i = s - sound.start
                cut = sound.wave[: i + fade].copy()
                cut[i:] *= ramp[: cut.size - i]
                sound.wave = cut

    def echo(self, at_s: float, level: float, *, ramp_s: float = 1 / 60) -> None:
        """The echo's loudness, reached over `ramp_s` (one game step: the level moves in a smooth line)."""
        s = self.sample(at_s)
        self._write_until(s)
        self._echo.set(s, level, int(ramp_s * self.rate))

    def ambient(self, at_s: float, level: float) -> None:
        s = self.sample(at_s)
        self._write_until(s)
        if level > 0 and self._ambient_loop is None:
            self._ambient_loop = tones.ambient_bed(self.rate)
        rising = level > self._ambient.at(s)
        self._ambient.set(s, level, int(self.rate * (AMBIENT_IN_S if rising else AMBIENT_OUT_S)))

    # -- the file --------------------------------------------------------------------------------------
    def _write_until(self, end: int) -> None:
        block = int(BLOCK_S * self.rate)
        while self.written < end:
            a, b = self.written, min(end, self.written + block)
            mix = np.zeros(b - a)
            for sound in self._sounds:
                lo, hi = max(a, sound.start), min(b, sound.end)
                if lo < hi:
                    mix[lo - a : hi - a] += sound.wave[lo - sound.start : hi - sound.start]
            self._sounds = [s for s in self._sounds if s.end > b]
            mix += self._loop(self._echo_loop, a, b) * self._echo.block(a, b)
            if self._ambient_loop is not None:
                mix += self._loop(self._ambient_loop, a, b) * self._ambient.block(a, b)
            if mix.size:
                self.peak = max(self.peak, float(np.abs(mix).max()))
            self.clipped += int(np.count_nonzero(np.abs(mix) > 1.0))
            self._wav.writeframes((np.clip(mix, -1.0, 1.0) * 32767).astype("<i2").tobytes())
            self.written = b

    @staticmethod
    def _loop(loop: np.ndarray, a: int, b: int) -> np.ndarray:
        return loop[np.arange(a, b) % loop.size]

    def close(self, at_s: float, *, ring_out: bool = True) -> float:
        """Write up to `at_s` (and, with `ring_out`, until every sound has died away); the file's seconds."""
        end = self.sample(at_s)
        if ring_out:
            tails = (self._echo.silent_after, self._ambient.silent_after)
            end = max([end, *(s.end for s in self._sounds), *tails])
        self._write_until(end)
        self._wav.close()
        return self.written / self.rate
