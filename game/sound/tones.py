"""Every sound the game makes, as numpy arrays (mono float, -1..1): pure and deterministic.

The mixer (game/window/audio.py) and the WAV writer (game/sound/audio_out.py) both render from here, so what a
test hears in `--audio-out` is what a player hears. Calm by construction: raised-cosine attacks and releases
(no clicks), soft timbres, low levels; the guide's levels are decided in game/sim/sound_plan.py.
"""

from __future__ import annotations

import numpy as np

from game.sim.sound_plan import END_S, GuideSound

EDGE_S = 0.04  # the shortest release of any sound: it dies away, never stops
MIN_ATTACK_S = 0.008  # a raised cosine this long is already far too slow to click
BELL_ATTACK_S = 0.012  # a note speaks promptly (its onset is within a millisecond of asked), yet softly


def _fade(n: int, rate: int, attack_s: float, release_s: float) -> np.ndarray:
    """1 in the middle, raised-cosine ramps at the ends (each at most half the sound)."""
    env = np.ones(n)
    a = min(n // 2, max(1, int(rate * max(attack_s, MIN_ATTACK_S))))
    r = min(n // 2, max(1, int(rate * max(release_s, EDGE_S))))
    env[:a] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(a) / a)
    env[n - r :] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, r + 1) / r)
    return env


def _glide(start_hz: float, end_hz: float, n: int, rate: int) -> np.ndarray:
    """Phase of a tone gliding smoothly (exponentially: even in pitch) from start to end."""
    f = start_hz * (end_hz / start_hz) ** (np.arange(n) / max(1, n - 1))
    return 2 * np.pi * np.cumsum(f) / rate


def swell(sound: GuideSound, rate: int) -> np.ndarray:
    """A breath tone lasting the phase: the pitch glides through it, the loudness swells in the middle and
    fades at the end, so the ear follows both the direction and the length of the breath."""
    n = max(2, int(rate * sound.seconds))
    phase = _glide(sound.start_hz, sound.end_hz, n, rate)
    if sound.kind == "exhale":  # warmer and rounder than the inhale, so the two never blur
        wave = np.sin(phase) + 0.18 * np.sin(2 * phase) + 0.08 * np.sin(3 * phase)
    else:
        wave = np.sin(phase) + 0.12 * np.sin(2 * phase)
    x = np.arange(n) / n
    body = 0.7 + 0.3 * np.sin(np.pi * x)  # a gentle swell through the phase
    attack = min(0.35, 0.3 * sound.seconds)
    release = min(0.45, 0.3 * sound.seconds)
    samples: np.ndarray = wave / 1.2 * body * _fade(n, rate, attack, release) * sound.gain
    return samples


def bell(freqs: tuple[float, ...], seconds: float, rate: int, *, decay_s: float = 0.6) -> np.ndarray:
    """A soft struck tone: a short rounded attack, a slow exponential decay, faded to silence at the end."""
    n = max(2, int(rate * seconds))
    t = np.arange(n) / rate
    wave = sum(np.sin(2 * np.pi * f * t) * (0.6**i) for i, f in enumerate(freqs))
    norm = sum(0.6**i for i in range(len(freqs)))
    env = np.exp(-t / decay_s) * _fade(n, rate, BELL_ATTACK_S, min(0.3, seconds / 3))
    samples: np.ndarray = np.asarray(wave) / norm * env
    return samples


def marker(sound: GuideSound, rate: int) -> np.ndarray:
    """A quiet single note: a hold begins, the top-up sip, a lead-in count. Short, so it never hides the
    next phase's tone."""
    return (
        bell((sound.start_hz, 2 * sound.start_hz), min(sound.seconds, 1.2), rate, decay_s=0.35) * sound.gain
    )


def chime(sound: GuideSound, rate: int) -> np.ndarray:
    """A goal met: two soft bell notes a fifth apart, rising."""
    n = int(rate * sound.seconds)
    out = np.zeros(n)
    for k, f in enumerate((sound.start_hz, sound.end_hz)):
        at = int(rate * 0.18 * k)
        note = bell((f, 2 * f), sound.seconds - 0.18 * k, rate, decay_s=0.7)
        out[at : at + note.size] += note[: n - at] * (0.8 if k else 1.0)
    return out * sound.gain


def end_motif(sound: GuideSound, rate: int) -> np.ndarray:
    """The session is over: three falling notes that settle, then one soft chime per star earned."""
    n = int(rate * END_S)
    out = np.zeros(n)
    notes = [(0.0, sound.start_hz), (0.55, sound.start_hz * 0.75), (1.1, sound.end_hz)]
    notes += [(2.4 + 0.6 * k, sound.start_hz * 1.5) for k in range(max(0, min(3, sound.count)))]
    for at_s, f in notes:
        at = int(rate * at_s)
        note = bell((f, 2 * f), min(2.2, END_S - at_s), rate, decay_s=0.8)
        out[at : at + note.size] += note * (0.6 if at_s >= 2.4 else 1.0)
    samples: np.ndarray = out * _fade(n, rate, EDGE_S, 0.5) * sound.gain
    return samples


def render(sound: GuideSound, rate: int) -> np.ndarray:
    """One guide sound, at its gain (before the master volume)."""
    if sound.kind in ("inhale", "topup", "exhale"):  # shaped from the boundary, heard from `at_s` on
        late = round((sound.at_s - sound.boundary_s) * rate)
        return swell(sound, rate)[max(0, late) :]
    if sound.kind == "goal":
        return chime(sound, rate)
    if sound.kind == "end":
        return end_motif(sound, rate)
    return marker(sound, rate)  # hold_in, hold_out, count


def cue(name: str, rate: int) -> np.ndarray:
    """The plain inhale and exhale cues (the guide off): a short gliding note at each turn of the breath."""
    seconds, (f0, f1) = {"inhale": (0.9, (392.0, 440.0)), "exhale": (1.2, (330.0, 262.0))}[name]
    n = int(rate * seconds)
    t = np.arange(n) / rate
    phase = 2 * np.pi * np.cumsum(np.linspace(f0, f1, n)) / rate
    wave = (np.sin(phase) + 0.25 * np.sin(2 * phase)) / 1.25
    env = np.exp(-3.0 * t / seconds) * _fade(n, rate, 0.12, 0.1)
    samples: np.ndarray = wave * env * 0.35
    return samples


def _loop_noise(seconds: float, rate: int, seed: int, low_hz: float, high_hz: float) -> np.ndarray:
    """Band-limited noise made in the frequency domain: periodic, so it loops with no seam; peak 1."""
    n = int(rate * seconds)
    spectrum = np.fft.rfft(np.random.default_rng(seed).standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1.0 / rate)
    spectrum *= 1.0 / np.maximum(freqs, low_hz) * (freqs > low_hz * 0.5) * (freqs < high_hz)
    noise = np.fft.irfft(spectrum, n)
    samples: np.ndarray = noise / np.abs(noise).max()
    return samples


def echo_noise(rate: int, seconds: float = 4.0) -> np.ndarray:
    """The player's breath echoed: a soft, airy "shh" that loops; its loudness follows the flow."""
    return _loop_noise(seconds, rate, seed=11, low_hz=250.0, high_hz=2500.0)


def ambient_bed(rate: int, seconds: float = 12.0, volume: float = 0.12) -> np.ndarray:
    """Soft, slowly breathing low noise with a quiet drone; the ends match so it loops without a click."""
    n = int(rate * seconds)
    noise = _loop_noise(seconds, rate, seed=5, low_hz=40.0, high_hz=900.0)
    t = np.arange(n) / rate
    swell_ = 0.75 + 0.25 * np.sin(2 * np.pi * t / seconds)  # one slow swell per loop
    drone = 0.3 * np.sin(2 * np.pi * 110.0 * t) + 0.2 * np.sin(2 * np.pi * 165.0 * t)
    return (0.8 * noise + 0.2 * drone) * swell_ * volume


def stereo16(mono: np.ndarray, volume: float = 1.0) -> np.ndarray:
    """Float mono -> 16-bit stereo for the mixer, clipped for safety (the levels keep well inside)."""
    pcm = (np.clip(mono * volume, -1.0, 1.0) * 32767).astype(np.int16)
    return np.column_stack([pcm, pcm])
