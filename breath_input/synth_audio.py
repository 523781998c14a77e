"""Synthetic audio for tests and benchmarks: near-mic breathing and the sounds a detector must ignore.

Every generator is pure numpy, seeded with ``np.random.default_rng(seed)``, and returns
``(samples, labels)``: float32 mono samples in -1..1 and a list of ``(start_s, end_s, phase)`` breath labels
(empty for pure interference). Levels are RMS in dBFS.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "Labels",
    "breathing",
    "clicks",
    "fan",
    "far_mic",
    "hum",
    "mix",
    "silence",
    "speech",
]

Labels = list[tuple[float, float, str]]


def _db(level_db: float) -> float:
    return float(10.0 ** (level_db / 20.0))


def _shaped_noise(
    rng: np.random.Generator, n: int, sample_rate: int, response: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    """White Gaussian noise shaped by an amplitude response ``response(freqs_hz)``, normalised to RMS 1."""
    if n == 0:
        return np.zeros(0)
    spec = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1.0 / sample_rate)
    out = np.fft.irfft(spec * response(freqs), n)
    rms = float(np.sqrt(np.mean(out**2)))
    return out / rms if rms > 0 else out


def _ramp_envelope(n: int, sample_rate: int, attack_s: float, release_s: float) -> np.ndarray:
    """1 in the middle, sine-squared ramps at both ends: a smooth, click-free envelope."""
    env = np.ones(n)
    a = min(int(attack_s * sample_rate), n // 2)
    r = min(int(release_s * sample_rate), n - a)
    if a:
        env[:a] = np.sin(np.linspace(0, np.pi / 2, a, endpoint=False)) ** 2
    if r:
        env[n - r :] = np.cos(np.linspace(0, np.pi / 2, r)) ** 2
    return env


def _rumble(f: np.ndarray) -> np.ndarray:
    # Air striking the capsule: most energy below ~300 Hz, falling steeply above.
    return 1.0 / (1.0 + (f / 180.0) ** 4) * (f > 20)


def _turbulence(f: np.ndarray) -> np.ndarray:
    # Broadband airflow noise, roughly pink from 200 Hz to 8 kHz.
    return np.where(f > 200, 1.0 / np.sqrt(np.maximum(f, 1.0) / 200.0), (f / 200.0) ** 2) / (
        1 + (f / 8000) ** 4
    )


def _hiss(f: np.ndarray) -> np.ndarray:
    # Inhale hiss: band-pass centred a little above 1 kHz.
    shape: np.ndarray = np.exp(-0.5 * (np.log(np.maximum(f, 1.0) / 1200.0) / 0.45) ** 2)
    return shape


def silence(
    *, sample_rate: int = 16000, duration_s: float = 10.0, noise_db: float = -75.0, seed: int = 0
) -> tuple[np.ndarray, Labels]:
    """A quiet room: faint white noise only.

    Returns:
        ``(samples, [])``.
    """
    rng = np.random.default_rng(seed)
    n = int(round(duration_s * sample_rate))
    return (rng.standard_normal(n) * _db(noise_db)).astype(np.float32), []


def breathing(
    *,
    sample_rate: int = 16000,
    duration_s: float = 60.0,
    bpm: float = 10.0,
    ratio: float = 1.5,
    level_db: float = -22.0,
    inhale_db: float = -14.0,
    rumble_db: float = 0.0,
    noise_db: float = -72.0,
    jitter: float = 0.08,
    start_s: float = 1.0,
    seed: int = 0,
) -> tuple[np.ndarray, Labels]:
    """Near-mic breathing: loud rumbling exhales, quieter high-passed inhale hiss, short silent pauses.

    Each cycle of ``60 / bpm`` s (jittered by ``jitter``) is inhale, a short hold, exhale, pause, with the
    breathing part (80% of the cycle) split exhale:inhale = ``ratio``.

    Args:
        sample_rate: Hz.
        duration_s: length in seconds.
        bpm: breaths per minute, > 0.
        ratio: exhale over inhale duration, > 0.
        level_db: RMS of an exhale at its plateau.
        inhale_db: inhale level relative to the exhale, dB.
        rumble_db: level of the low-frequency rumble relative to the default mix (more negative = a mic
            that the exhaled air does not hit).
        noise_db: background white noise level.
        jitter: relative random variation of each cycle's durations and level.
        start_s: silence before the first inhale.
        seed: random seed.

    Returns:
        ``(samples, labels)`` with phases ``inhale``, ``hold`` and ``exhale``; the pause after an exhale is
        unlabelled.
    """
    if not bpm > 0 or not ratio > 0:
        raise ValueError(f"bpm and ratio must be > 0, got bpm={bpm!r}, ratio={ratio!r}")
    rng = np.random.default_rng(seed)
    n = int(round(duration_s * sample_rate))
    out = rng.standard_normal(n) * _db(noise_db)
    labels: Labels = []
    t = start_s
    cycle = 60.0 / bpm
    rumble_gain = _db(rumble_db)
    while True:
        c = cycle * (1.0 + jitter * rng.uniform(-1, 1))
        inhale = 0.8 * c / (1.0 + ratio)
        exhale = 0.8 * c - inhale
        hold = 0.05 * c
        if t + inhale + hold + exhale > duration_s - 0.2:
            break
        gain = _db(level_db + 20 * np.log10(1 + jitter * rng.uniform(-1, 1) * 2))
        # Inhale: quieter hiss, slow ramps.
        i0, i1 = int(t * sample_rate), int((t + inhale) * sample_rate)
        env = _ramp_envelope(i1 - i0, sample_rate, 0.3 * inhale, 0.3 * inhale)
        out[i0:i1] += _shaped_noise(rng, i1 - i0, sample_rate, _hiss) * env * gain * _db(inhale_db)
        labels.append((i0 / sample_rate, i1 / sample_rate, "inhale"))
        labels.append((i1 / sample_rate, (t + inhale + hold), "hold"))
        t += inhale + hold
        # Exhale: rumble + turbulence, a quick but smooth onset, a long taper.
        e0, e1 = int(t * sample_rate), int((t + exhale) * sample_rate)
        m = e1 - e0
        env = _ramp_envelope(m, sample_rate, min(0.12, 0.2 * exhale), min(0.6, 0.35 * exhale))
        # Airflow falls off through the exhale: a gentle decay on the plateau.
        env *= np.linspace(1.0, 0.6, m)
        rumble = _shaped_noise(rng, m, sample_rate, _rumble) * rumble_gain
        turb = _shaped_noise(rng, m, sample_rate, _turbulence) * 0.35
        sound = rumble + turb
        sound /= np.sqrt(np.mean(sound**2)) + 1e-12
        out[e0:e1] += sound * env * gain
        labels.append((e0 / sample_rate, e1 / sample_rate, "exhale"))
        t += exhale + c - 0.8 * c - hold
    return np.clip(out, -1, 1).astype(np.float32), labels


def far_mic(
    *,
    sample_rate: int = 16000,
    duration_s: float = 60.0,
    bpm: float = 10.0,
    attenuation_db: float = 20.0,
    noise_db: float = -62.0,
    seed: int = 0,
) -> tuple[np.ndarray, Labels]:
    """Breathing heard from a distance: 20 dB quieter, much less rumble, in a pink room-noise floor."""
    rng = np.random.default_rng(seed + 7919)
    x, labels = breathing(
        sample_rate=sample_rate,
        duration_s=duration_s,
        bpm=bpm,
        level_db=-22.0 - attenuation_db,
        rumble_db=-12.0,
        noise_db=-110.0,
        seed=seed,
    )
    n = x.size
    floor = _shaped_noise(rng, n, sample_rate, lambda f: 1.0 / np.sqrt(np.maximum(f, 30.0) / 30.0))
    return np.clip(x + floor * _db(noise_db), -1, 1).astype(np.float32), labels


def speech(
    *,
    sample_rate: int = 16000,
    duration_s: float = 20.0,
    level_db: float = -26.0,
    f0_hz: float = 120.0,
    seed: int = 0,
) -> tuple[np.ndarray, Labels]:
    """Speech-like sound: a harmonic source through moving formants, syllables at ~4-5/s, short fricatives
    between some syllables and pauses between phrases.

    Returns:
        ``(samples, [])``: nothing in it is a breath.
    """
    rng = np.random.default_rng(seed)
    n = int(round(duration_s * sample_rate))
    t = np.arange(n) / sample_rate
    # Intonation: slow drift plus a little jitter.
    f0 = f0_hz * (
        1.0 + 0.12 * np.sin(2 * np.pi * 0.3 * t + rng.uniform(0, 6)) + 0.03 * np.sin(2 * np.pi * 5 * t)
    )
    phase = 2 * np.pi * np.cumsum(f0) / sample_rate
    vowels = np.array(
        [[730, 1090, 2440], [270, 2290, 3010], [530, 1840, 2480], [570, 840, 2410], [300, 870, 2240]]
    )
    env = np.zeros(n)
    formants = np.zeros((n, 3))
    fric = np.zeros(n)
    pos = 0.2
    while pos < duration_s - 0.3:
        phrase_end = min(duration_s - 0.2, pos + rng.uniform(1.5, 4.0))
        while pos < phrase_end:
            syl = rng.uniform(0.12, 0.28)
            a, b = int(pos * sample_rate), int(min(pos + syl, duration_s) * sample_rate)
            env[a:b] = np.maximum(
                env[a:b], np.sin(np.linspace(0, np.pi, b - a)) ** 0.7 * rng.uniform(0.5, 1.0)
            )
            formants[a:b] = vowels[rng.integers(len(vowels))]
            pos += syl
            if rng.random() < 0.3:  # an unvoiced consonant ("s", "f", "h")
                d = rng.uniform(0.05, 0.12)
                a, b = int(pos * sample_rate), int(min(pos + d, duration_s) * sample_rate)
                fric[a:b] = np.sin(np.linspace(0, np.pi, b - a)) * rng.uniform(0.2, 0.5)
                pos += d
            pos += rng.uniform(0.02, 0.08)
        pos += rng.uniform(0.3, 0.9)  # pause between phrases
    # Smooth the formant tracks over ~30 ms so vowels glide.
    k = int(0.03 * sample_rate)
    kernel = np.ones(k) / k
    formants[formants == 0] = 500
    formants = np.stack([np.convolve(formants[:, i], kernel, mode="same") for i in range(3)], axis=1)
    src = np.zeros(n)
    n_harm = int(min(4000, sample_rate / 2 - 100) / (f0_hz * 0.85))
    bw = np.array([90.0, 110.0, 170.0])
    for h in range(1, n_harm + 1):
        fh = h * f0
        # Formant envelope sampled at this harmonic: sum of three resonances, 1/h source tilt.
        amp = np.sum(1.0 / (1.0 + ((fh[:, None] - formants) / bw) ** 2) * np.array([1.0, 0.5, 0.25]), axis=1)
        src += amp / h * np.sin(h * phase) * (fh < sample_rate / 2 - 50)
    voiced = src * env
    noise = _shaped_noise(rng, n, sample_rate, lambda f: (f > 2500) * 1.0 / (1 + (f / 7000) ** 4))
    out = voiced / (np.sqrt(np.mean(voiced[env > 0.3] ** 2)) + 1e-12) + noise * fric
    out *= _db(level_db)
    return np.clip(out, -1, 1).astype(np.float32), []


def hum(
    *,
    sample_rate: int = 16000,
    duration_s: float = 20.0,
    freq_hz: float = 50.0,
    level_db: float = -30.0,
    n_harmonics: int = 8,
    seed: int = 0,
) -> tuple[np.ndarray, Labels]:
    """Mains hum: a 50 or 60 Hz tone with decaying, mostly odd harmonics, and a little noise.

    Returns:
        ``(samples, [])``.
    """
    rng = np.random.default_rng(seed)
    n = int(round(duration_s * sample_rate))
    t = np.arange(n) / sample_rate
    out = np.zeros(n)
    for h in range(1, n_harmonics + 1):
        if h * freq_hz >= sample_rate / 2:
            break
        amp = (1.0 if h % 2 else 0.35) / h
        out += amp * np.sin(2 * np.pi * h * freq_hz * t + rng.uniform(0, 2 * np.pi))
    out /= np.sqrt(np.mean(out**2))
    out = out * _db(level_db) + rng.standard_normal(n) * _db(level_db - 45)
    return out.astype(np.float32), []


def clicks(
    *,
    sample_rate: int = 16000,
    duration_s: float = 20.0,
    rate_hz: float = 5.0,
    level_db: float = -20.0,
    seed: int = 0,
) -> tuple[np.ndarray, Labels]:
    """Keyboard typing: short broadband clicks (a few ms, ~10 ms ring-down) at random times.

    Args:
        rate_hz: mean clicks per second.
        level_db: RMS over one click's first 5 ms.

    Returns:
        ``(samples, [])``.
    """
    rng = np.random.default_rng(seed)
    n = int(round(duration_s * sample_rate))
    out = rng.standard_normal(n) * _db(-75.0)
    times = np.cumsum(rng.exponential(1.0 / rate_hz, size=int(duration_s * rate_hz * 2) + 4))
    length = int(0.04 * sample_rate)
    decay = np.exp(-np.arange(length) / (0.006 * sample_rate))
    for t0 in times[times < duration_s - 0.05]:
        a = int(t0 * sample_rate)
        burst = _shaped_noise(rng, length, sample_rate, lambda f: (f > 300) / (1 + (f / 6000) ** 2)) * decay
        out[a : a + length] += burst * _db(level_db + rng.uniform(-4, 4))
    return np.clip(out, -1, 1).astype(np.float32), []


def fan(
    *, sample_rate: int = 16000, duration_s: float = 20.0, level_db: float = -40.0, seed: int = 0
) -> tuple[np.ndarray, Labels]:
    """Steady fan or air-conditioner noise: stationary, brown-ish below 300 Hz, pink above.

    Returns:
        ``(samples, [])``.
    """
    rng = np.random.default_rng(seed)
    n = int(round(duration_s * sample_rate))
    out = _shaped_noise(
        rng,
        n,
        sample_rate,
        lambda f: (f > 20) / (1.0 + (np.maximum(f, 1) / 250.0) ** 1.2) / (1 + (f / 6000) ** 2),
    )
    return (out * _db(level_db)).astype(np.float32), []


def mix(*signals: tuple[np.ndarray, Labels]) -> tuple[np.ndarray, Labels]:
    """Sum signals (the shortest length wins); labels are concatenated and sorted."""
    if not signals:
        raise ValueError("mix() needs at least one signal")
    n = min(s.size for s, _ in signals)
    out = np.zeros(n)
    labels: Labels = []
    for s, lab in signals:
        out += s[:n]
        labels.extend(lab)
    return np.clip(out, -1, 1).astype(np.float32), sorted(labels)
