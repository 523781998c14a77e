"""Soft breath cues made in code (numpy -> pygame mixer). Silent, never failing, without an audio device."""

from __future__ import annotations

import numpy as np
import pygame

RATE = 44100


def _tone(freqs: tuple[float, float], seconds: float, volume: float) -> np.ndarray:
    """A gliding sine with a slow attack and long release: a cue you hear without being startled."""
    n = int(RATE * seconds)
    t = np.arange(n) / RATE
    f = np.linspace(freqs[0], freqs[1], n)
    phase = 2 * np.pi * np.cumsum(f) / RATE
    wave = np.sin(phase) + 0.25 * np.sin(2 * phase)
    env = np.minimum(1.0, t / 0.12) * np.exp(-3.0 * t / seconds)
    mono = (wave * env * volume * 32767 / 1.25).astype(np.int16)
    return np.column_stack([mono, mono])


class Cues:
    """The inhale and exhale cues. Each has a visual twin: the pacer's phase label and ring."""

    def __init__(self, *, volume: float = 0.6, muted: bool = False) -> None:
        self.muted = muted
        self.volume = volume
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=RATE, size=-16, channels=2, buffer=1024)
            self._sounds = {
                "inhale": pygame.sndarray.make_sound(_tone((392.0, 440.0), 0.9, 0.35)),
                "exhale": pygame.sndarray.make_sound(_tone((330.0, 262.0), 1.2, 0.35)),
            }
        except (pygame.error, ValueError, TypeError):
            self._sounds = {}  # no audio device: play on in silence

    @property
    def available(self) -> bool:
        return bool(self._sounds)

    def play(self, name: str) -> None:
        sound = self._sounds.get(name)
        if sound is None or self.muted:
            return
        sound.set_volume(self.volume)
        sound.play()
