"""Soft breath cues made in code (numpy -> pygame mixer). Silent, never failing, without an audio device."""

from __future__ import annotations

import numpy as np
import pygame

from game.native_noise import quiet_native_stderr

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


def _ambient_bed(seconds: float = 12.0, volume: float = 0.12, seed: int = 5) -> np.ndarray:
    """Soft, slowly breathing low noise with a quiet drone; the ends match so it loops without a click."""
    n = int(RATE * seconds)
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1.0 / RATE)
    spectrum *= 1.0 / np.maximum(freqs, 40.0) * (freqs < 900)  # brown-ish, nothing bright
    noise = np.fft.irfft(spectrum, n)  # built in the frequency domain: periodic, so it loops seamlessly
    noise /= np.abs(noise).max()
    t = np.arange(n) / RATE
    swell = 0.75 + 0.25 * np.sin(2 * np.pi * t / seconds)  # one slow swell per loop
    drone = 0.3 * np.sin(2 * np.pi * 110.0 * t) + 0.2 * np.sin(2 * np.pi * 165.0 * t)
    mono = ((0.8 * noise + 0.2 * drone) * swell * volume * 32767).astype(np.int16)
    return np.column_stack([mono, mono])


class Cues:
    """The inhale and exhale cues. Each has a visual twin: the pacer's phase label and ring."""

    def __init__(self, *, volume: float = 0.6, muted: bool = False) -> None:
        self.muted = muted
        self.volume = volume
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self._ambient: pygame.mixer.Sound | None = None
        self._ambient_ready = False
        self._ambient_channel: pygame.mixer.Channel | None = None
        try:
            if not pygame.mixer.get_init():
                with quiet_native_stderr():  # ALSA's probe lines when there is no sound card
                    pygame.mixer.init(frequency=RATE, size=-16, channels=2, buffer=1024)
            self._sounds = {
                "inhale": pygame.sndarray.make_sound(_tone((392.0, 440.0), 0.9, 0.35)),
                "exhale": pygame.sndarray.make_sound(_tone((330.0, 262.0), 1.2, 0.35)),
            }
            self._ambient_ready = True  # the bed is built on first use: start-up stays quick
        except (pygame.error, ValueError, TypeError):
            self._sounds, self._ambient = {}, None  # no audio device: play on in silence

    @property
    def available(self) -> bool:
        return bool(self._sounds)

    def play(self, name: str) -> None:
        sound = self._sounds.get(name)
        if sound is None or self.muted:
            return
        sound.set_volume(self.volume)
        sound.play()

    def ambient(self, on: bool) -> None:
        """Start or stop the looping ambient bed (quietly, under the cues)."""
        if self._ambient is None and self._ambient_ready and on:
            self._ambient = pygame.sndarray.make_sound(_ambient_bed())
        if self._ambient is None:
            return
        playing = self._ambient_channel is not None and self._ambient_channel.get_busy()
        want = on and not self.muted
        if want and not playing:
            self._ambient.set_volume(self.volume * 0.5)
            self._ambient_channel = self._ambient.play(loops=-1, fade_ms=2000)
        elif not want and playing:
            self._ambient.fadeout(800)
            self._ambient_channel = None
