"""Synthetic audio for tests and benchmarks: near-mic breathing and the sounds a detector must ignore.

Every generator is pure numpy, seeded with ``np.random.default_rng(seed)``, and returns
``(samples, labels)``: float32 mono samples in -1..1 and a list of ``(start_s, end_s, phase)`` breath labels
(empty for pure interference). Levels are RMS in dBFS.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = [
    "Labels",
    "breathing",
    "clicks",
    "fan",
    "far_mic",
    "hum",
    "hummed_exhales",
    "in_room",
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


def in_room(
    x: np.ndarray,
    *,
    sample_rate: int = 16000,
    noise_db: float = -65.0,
    distance_db: float = 0.0,
    reverb_s: float = 0.0,
    seed: int = 0,
) -> np.ndarray:
    """A sound as a microphone in a room hears it: ``distance_db`` quieter, with a short reverb tail
    (``reverb_s``: the time to fall 60 dB) and a pink room-noise floor at ``noise_db``."""
    rng = np.random.default_rng(seed + 104729)
    y = np.asarray(x, dtype=np.float64) * _db(-distance_db)
    if reverb_s > 0:
        m = int(reverb_s * sample_rate)
        tail = rng.standard_normal(m) * np.exp(-6.9 * np.arange(m) / m)  # -60 dB at reverb_s
        tail *= 0.5 / np.sqrt(np.sum(tail**2))  # the tail half as loud as the direct sound
        size = 1 << int(np.ceil(np.log2(y.size + m)))
        y = y + np.fft.irfft(np.fft.rfft(y, size) * np.fft.rfft(tail, size), size)[: y.size]
    floor = _shaped_noise(rng, y.size, sample_rate, lambda f: (f > 20) / np.sqrt(np.maximum(f, 30.0) / 30.0))
    return np.clip(y + floor * _db(noise_db), -1, 1).astype(np.float32)


def _hum_tone(rng: np.random.Generator, n: int, sample_rate: int, f0_hz: float, vowel: str) -> np.ndarray:
    """A steady voiced tone at ``f0_hz`` (a little drift and jitter, as a voice has), "mmm" or "voo"."""
    t = np.arange(n) / sample_rate
    wander = np.cumsum(rng.standard_normal(n // 160 + 2)) * 0.0015  # a slow random walk of the pitch
    drift = np.interp(t, np.arange(wander.size) * 0.01, wander - wander.mean())
    f0 = f0_hz * (1.0 + np.clip(drift, -0.03, 0.03) + 0.004 * np.sin(2 * np.pi * rng.uniform(4, 6) * t))
    phase = 2 * np.pi * np.cumsum(f0) / sample_rate
    # "mmm": the nasal murmur (a resonance near 250 Hz, little above 1 kHz); "voo": the vowel u's formants.
    formants = (
        ((260.0, 60.0, 1.0), (2200.0, 250.0, 0.05))
        if vowel == "mmm"
        else (
            (320.0, 80.0, 1.0),
            (870.0, 100.0, 0.35),
            (2250.0, 150.0, 0.08),
        )
    )
    out = np.zeros(n)
    for h in range(1, int(min(4000.0, sample_rate / 2 - 100) / f0_hz) + 1):
        fh = h * f0_hz
        amp = sum(g / (1.0 + ((fh - fc) / bw) ** 2) for fc, bw, g in formants) + 0.02
        out += amp / h**0.5 * np.sin(h * phase + rng.uniform(0, 2 * np.pi))
    tone: np.ndarray = out / (np.sqrt(np.mean(out**2)) + 1e-12)
    return tone


def hummed_exhales(
    *,
    sample_rate: int = 16000,
    duration_s: float = 60.0,
    f0_hz: tuple[float, float] = (90.0, 250.0),
    level_db: tuple[float, float] = (-40.0, -20.0),
    hum_s: tuple[float, float] = (1.0, 10.0),
    breath_db: tuple[float, float] = (-24.0, -10.0),
    inhale_db: float = -14.0,
    noise_db: float = -65.0,
    distance_db: float = 0.0,
    reverb_s: float = 0.0,
    start_s: float = 1.0,
    spans: Sequence[tuple[float, float]] | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, Labels]:
    """Breathing in through the nose, humming out ("mmm" or "voo"): a harmonic tone with breath noise in it.

    Each breath: an inhale (the quiet hiss of :func:`breathing`), a short hold, a hum of ``hum_s`` seconds at
    a pitch drawn from ``f0_hz`` and a level from ``level_db`` (soft to firm, RMS dBFS), its breath noise
    ``breath_db`` below the tone, then a pause. Heard through :func:`in_room` (room noise, distance, reverb).
    With ``spans``, the hums fill those (start_s, end_s) spans instead (a pacer's exhales), with no inhales.

    Returns:
        ``(samples, labels)``: each hum labelled ``exhale``, each inhale ``inhale``.
    """
    rng = np.random.default_rng(seed)
    n = int(round(duration_s * sample_rate))
    out = np.zeros(n)
    labels: Labels = []
    t = start_s
    given = list(spans) if spans is not None else None
    while True:
        inhale, hold, length = rng.uniform(1.5, 3.0), rng.uniform(0.1, 0.5), rng.uniform(*hum_s)
        if given is not None:
            if not given or given[0][1] > duration_s:
                break
            t, end = given.pop(0)
            inhale, hold, length = 0.0, 0.0, end - t
        if t + inhale + hold + length > duration_s - 0.3 and given is None:
            break
        gain = _db(rng.uniform(*level_db))
        if inhale > 0:
            i0, i1 = int(t * sample_rate), int((t + inhale) * sample_rate)
            env = _ramp_envelope(i1 - i0, sample_rate, 0.3 * inhale, 0.3 * inhale)
            out[i0:i1] += _shaped_noise(rng, i1 - i0, sample_rate, _hiss) * env * gain * _db(inhale_db - 6.0)
            labels.append((i0 / sample_rate, i1 / sample_rate, "inhale"))
        t += inhale + hold
        h0, h1 = int(t * sample_rate), int((t + length) * sample_rate)
        m = h1 - h0
        vowel = "mmm" if rng.random() < 0.5 else "voo"
        tone = _hum_tone(rng, m, sample_rate, rng.uniform(*f0_hz), vowel)
        air = _shaped_noise(rng, m, sample_rate, lambda f: _rumble(f) * 0.5 + _turbulence(f))
        env = _ramp_envelope(m, sample_rate, rng.uniform(0.08, 0.3), rng.uniform(0.15, 0.5))
        tm = np.arange(m) / sample_rate
        # A voice wavers by a dB or so.
        env *= 10.0 ** (0.075 * np.sin(2 * np.pi * rng.uniform(0.2, 0.6) * tm + rng.uniform(0, 6)))
        env *= np.linspace(1.0, _db(rng.uniform(-6.0, 0.0)), m)  # and may fade as the breath runs out
        out[h0:h1] += (tone + air * _db(rng.uniform(*breath_db))) * env * gain
        labels.append((h0 / sample_rate, h1 / sample_rate, "exhale"))
        t += length + rng.uniform(0.5, 2.0)
    heard = in_room(
        out, sample_rate=sample_rate, noise_db=noise_db, distance_db=distance_db, reverb_s=reverb_s, seed=seed
    )
    return heard, labels
