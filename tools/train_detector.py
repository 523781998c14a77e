"""Fit the detector's frame classifier on real recordings, score it out of fold, write the shipped weights.

Run from the repository root (a few minutes on 2 cores, reproducible: every random draw is seeded):

    python -m tools.train_detector                 # out-of-fold scores, then fit on everything and save
    python -m tools.train_detector --folds-only    # only the out-of-fold scores
    python -m tools.train_detector --skip-folds    # only fit on everything and save (the bench scores folds)
    python -m tools.train_detector --out FILE.json # save elsewhere

Data: ../shared/breath-data/fakku-dev (near and env microphones of the same sessions, labelled) and
synthetic stress signals (breathing, speech, hum, clicks, a fan), each also with room noise added at a random
level (augmentation: a microphone farther away, a noisier room). Folds are by session, so a session's near
and env files are never on both sides. The weights ship as breath_input/frame_model.json.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from breath_input import synth_audio as sa  # noqa: E402
from breath_input.detector import BreathDetector  # noqa: E402
from breath_input.evaluate import Segment, detect_samples  # noqa: E402
from breath_input.frame_model import CLASSES, CONTEXT, MEASURES, FrameModel, context_features  # noqa: E402
from breath_input.wavfile import read_wav  # noqa: E402
from tools.corpus import Recording, fakku, fold_of  # noqa: E402

N_FOLDS = 5
HIDDEN = 24
SHIPPED = Path(__file__).resolve().parents[1] / "breath_input" / "frame_model.json"


def blank_model() -> FrameModel:
    """A model that says nothing (uniform odds): enough to run the detector for its measurements."""
    n_in = len(MEASURES) * len(CONTEXT)
    return FrameModel(
        mean=np.zeros(n_in),
        scale=np.ones(n_in),
        w1=np.zeros((n_in, 1)),
        b1=np.zeros(1),
        w2=np.zeros((1, len(CLASSES))),
        b2=np.zeros(len(CLASSES)),
        prior=np.full(len(CLASSES), 1.0 / len(CLASSES)),
    )


@dataclass
class Example:
    """One stream's context features, frame classes and weights (0: not to be learnt from)."""

    group: str  # the session (or "synthetic"): folds are made of groups
    x: np.ndarray
    y: np.ndarray
    w: np.ndarray


def measurements(samples: np.ndarray, rate: int) -> np.ndarray:
    det = BreathDetector(rate, model=blank_model())
    det.measurement_log = []
    step = rate
    for i in range(0, samples.size, step):
        det.process(samples[i : i + step])
    return np.concatenate(det.measurement_log) if det.measurement_log else np.zeros((0, len(MEASURES)))


def frame_classes(n: int, hop_s: float, labels: list[Segment], inhales_labelled: bool):
    """Class and weight per hop, judged at the centre of the hop's 32 ms frame."""
    t = (np.arange(n) + 1) * hop_s - 0.016
    y = np.zeros(n, dtype=np.int64)
    w = np.full(n, 1.0 if inhales_labelled else 0.0)  # unlabelled gaps may hide inhales
    for s in labels:
        inside = (t >= s.start_s) & (t < s.end_s)
        if s.phase == "exhale":
            y[inside] = 1
        elif s.phase == "inhale":
            y[inside] = 2
        else:
            continue
        w[inside] = 1.0
    # The very first frames have no floor at all; after that the model learns what the start of a stream is
    # like (see the "settling" measure).
    w[t < 0.1] = 0.0
    return y, w


def _room_noise(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    white = rng.standard_normal(n)
    spec = np.fft.rfft(white)
    f = np.fft.rfftfreq(n, 1.0 / rate)
    tilt = rng.uniform(0.3, 1.0)  # pink-ish to brown-ish
    spec /= np.maximum(f, 40.0) ** (tilt / 2.0)
    x = np.fft.irfft(spec, n)
    return x / (np.sqrt(np.mean(x * x)) + 1e-12)


def augmented(samples: np.ndarray, rate: int, seed: int) -> np.ndarray:
    """The same breathing with room noise added 6-30 dB below the recording's loud parts."""
    rng = np.random.default_rng(seed)
    x = samples.astype(np.float64)
    loud = np.sqrt(np.percentile(x[: x.size // 100 * 100].reshape(-1, 100) ** 2, 90) + 1e-12)
    level = loud * 10 ** (-rng.uniform(6.0, 30.0) / 20.0)
    gain = 10 ** (rng.uniform(-12.0, 6.0) / 20.0)
    return np.clip((x + level * _room_noise(rng, x.size, rate)) * gain, -1.0, 1.0)


def example(group: str, samples: np.ndarray, rate: int, labels, inhales: bool) -> Example:
    meas = measurements(samples, rate)
    y, w = frame_classes(meas.shape[0], 0.01, list(labels), inhales)
    return Example(group, context_features(meas).astype(np.float32), y, w.astype(np.float32))


def real_examples(recs: list[Recording], n_aug: int = 1) -> list[Example]:
    out = []
    for k, rec in enumerate(recs):
        x, rate = read_wav(rec.wav)
        out.append(example(rec.session, x, rate, rec.labels, rec.labels_inhales))
        for a in range(n_aug):
            out.append(
                example(rec.session, augmented(x, rate, 1000 * k + a), rate, rec.labels, rec.labels_inhales)
            )
    return out


def synthetic_examples(rate: int = 44100) -> list[Example]:
    """Stress signals: what the real files lack (speech, hum, clicks, a fan alone or over breathing)."""
    out = []

    def add(x, labels, inhales=True):
        segs = [Segment(a, b, p) for a, b, p in labels]
        out.append(example("synthetic", np.asarray(x), rate, segs, inhales))

    for seed in range(3):
        add(*sa.breathing(sample_rate=rate, duration_s=40.0, bpm=8.0 + 4 * seed, seed=seed))
        add(*sa.far_mic(sample_rate=rate, duration_s=40.0, seed=seed))
        add(
            *sa.mix(
                sa.breathing(sample_rate=rate, duration_s=30.0, seed=seed + 10),
                sa.fan(sample_rate=rate, duration_s=30.0, seed=seed),
            )
        )
        add(*sa.speech(sample_rate=rate, duration_s=20.0, seed=seed, f0_hz=100.0 + 60 * seed))
        add(*sa.hum(sample_rate=rate, duration_s=10.0, freq_hz=(50.0, 60.0, 50.0)[seed], seed=seed))
        add(*sa.clicks(sample_rate=rate, duration_s=10.0, seed=seed))
        # Breathing under a mains hum or among clicks, and a hum switching on: the floor holds the hum, the
        # hiss over it must still read as breath of the right phase. Seeds apart from the tests' ones.
        mains = (50.0, 60.0, 50.0)[seed]
        hum_db = (-35.0, -45.0, -30.0)[seed]
        b = sa.breathing(sample_rate=rate, duration_s=30.0, bpm=7.0 + 3 * seed, seed=seed + 20)
        add(
            *sa.mix(
                b, sa.hum(sample_rate=rate, duration_s=30.0, freq_hz=mains, level_db=hum_db, seed=seed + 20)
            )
        )
        b = sa.breathing(sample_rate=rate, duration_s=30.0, bpm=9.0 + 2 * seed, seed=seed + 30)
        add(*sa.mix(b, sa.clicks(sample_rate=rate, duration_s=30.0, seed=seed + 30)))
        quiet = sa.silence(sample_rate=rate, duration_s=4.0, seed=seed + 40)[0]
        onset = sa.hum(sample_rate=rate, duration_s=8.0, freq_hz=mains, level_db=hum_db, seed=seed + 40)[0]
        add(np.concatenate([quiet, onset]), [])
    return out


# ------------------------------------------------------------------------------------------------ fitting


def fit(examples: list[Example], *, seed: int = 0, epochs: int = 40, hidden: int = HIDDEN) -> FrameModel:
    """Minibatch Adam on cross-entropy with a little L2; inputs standardised on the training frames."""
    x = np.concatenate([e.x for e in examples]).astype(np.float64)
    y = np.concatenate([e.y for e in examples])
    w = np.concatenate([e.w for e in examples]).astype(np.float64)
    keep = w > 0
    x, y, w = x[keep], y[keep], w[keep]
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-3
    xs = (x - mean) / scale
    rng = np.random.default_rng(seed)
    n_in, n_out = xs.shape[1], len(CLASSES)
    params = {
        "w1": rng.standard_normal((n_in, hidden)) / np.sqrt(n_in),
        "b1": np.zeros(hidden),
        "w2": rng.standard_normal((hidden, n_out)) / np.sqrt(hidden),
        "b2": np.zeros(n_out),
    }
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    onehot = np.eye(n_out)[y]
    lr, b1_, b2_, l2, batch = 3e-3, 0.9, 0.999, 1e-4, 2048
    step = 0
    for _ in range(epochs):
        order = rng.permutation(xs.shape[0])
        for start in range(0, order.size, batch):
            idx = order[start : start + batch]
            xb, tb, wb = xs[idx], onehot[idx], w[idx][:, None]
            h = np.tanh(xb @ params["w1"] + params["b1"])
            z = h @ params["w2"] + params["b2"]
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            dz = (p - tb) * wb / wb.sum()
            grads = {"w2": h.T @ dz + l2 * params["w2"], "b2": dz.sum(axis=0)}
            dh = (dz @ params["w2"].T) * (1 - h * h)
            grads["w1"] = xb.T @ dh + l2 * params["w1"]
            grads["b1"] = dh.sum(axis=0)
            step += 1
            for k in params:
                m[k] = b1_ * m[k] + (1 - b1_) * grads[k]
                v[k] = b2_ * v[k] + (1 - b2_) * grads[k] ** 2
                mh = m[k] / (1 - b1_**step)
                vh = v[k] / (1 - b2_**step)
                params[k] -= lr * mh / (np.sqrt(vh) + 1e-8)
    prior = np.bincount(y, weights=w, minlength=n_out) / w.sum()
    return FrameModel(mean=mean, scale=scale, prior=prior, **params)


def fold_models(examples: list[Example], n_folds: int = N_FOLDS) -> dict[int, FrameModel]:
    """One model per fold, each fitted without that fold's sessions (synthetic signals are in every fit)."""
    models = {}
    for k in range(n_folds):
        train = [e for e in examples if e.group == "synthetic" or fold_of(e.group, n_folds) != k]
        models[k] = fit(train, seed=k)
    return models


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds-only", action="store_true", help="score out of fold, do not save weights")
    ap.add_argument("--skip-folds", action="store_true", help="fit on everything and save, no fold scores")
    ap.add_argument("--out", type=Path, default=SHIPPED)
    args = ap.parse_args(argv)
    recs = fakku()
    if not recs:
        print("../shared/breath-data/fakku-dev not found: nothing to train on", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    examples = real_examples(recs) + synthetic_examples()
    print(f"measured {len(examples)} streams in {time.perf_counter() - t0:.0f} s", flush=True)
    from tools.real_eval import evaluate, format_summary  # the benchmark's scoring

    if not args.skip_folds:
        models = fold_models(examples)
        print(f"fitted {len(models)} fold models in {time.perf_counter() - t0:.0f} s", flush=True)

        def detect(rec: Recording):
            x, rate = read_wav(rec.wav)
            return detect_samples(x, rate, block_s=1.0, model=models[fold_of(rec.session, N_FOLDS)])

        for mic in ("near", "env"):
            _, summary = evaluate([r for r in recs if r.mic == mic], detect)
            print(format_summary(f"{mic} (oof)", summary), flush=True)
    if args.folds_only:
        return 0
    model = fit(examples, seed=99)
    args.out.write_text(json.dumps(model.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"saved {args.out} ({args.out.stat().st_size // 1024} KiB) in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
