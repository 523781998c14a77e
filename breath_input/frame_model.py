"""The learned frame classifier: per-hop measurements with their recent past in, phase odds out.

Each 10 ms hop gives a row of measurements (:data:`MEASURES`): the level of each band above its noise floor,
the overall level, how periodic (voice), how mains-like (hum) and how spiky (clicks) the frame is, its
low-frequency share, how far below the loudest recent sound it sits, and whether the stream has only just
started (the noise floor is still being learnt, so levels above it mean less). Levels above the floor do not
change with microphone gain or a device's EQ (both scale the noise too), which is what lets a model fitted on
one microphone hear another. The classifier sees each measure as the mean over four causal windows (the
last 30 ms, 30-100 ms, 100-300 ms and 300-800 ms back): a softer, higher hiss right after an exhale's
rumble is the inhale. A small MLP (one hidden layer) maps that to the odds of "other", "exhale" and
"inhale"; the weights are fitted by ``tools/train_detector.py`` on real recordings and ship as JSON.
Inference is numpy only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["CLASSES", "CONTEXT", "MEASURES", "FrameModel", "context_features", "default_model", "quantise"]

CLASSES = ("other", "exhale", "inhale")
N_BANDS = 9  # the analyser's bands up to 6 kHz; a lower sample rate leaves the top ones at the floor (0 dB)
MEASURES = (
    *(f"band{i}_db" for i in range(N_BANDS)),
    "level_db",
    "periodicity",
    "hum",
    "log_crest",
    "low_share",
    "below_peak_db",
    "settling",
)
SETTLE_S = (
    2.0  # "settling" falls from 1 to 0 over the first seconds of sound, while the noise floor is learnt
)
# Causal windows, in hops back from the current one: [start, stop).
CONTEXT = ((0, 3), (3, 10), (10, 30), (30, 80))
HISTORY = CONTEXT[-1][1]  # rows of measurements a streaming caller keeps
GRID = 1024.0  # measurements are kept on a 1/1024 grid (see quantise)


def quantise(values: np.ndarray) -> np.ndarray:
    """Round ``values`` in place to multiples of 1/:data:`GRID` and return them.

    Sums of such numbers (of the sizes measured here) are exact in float64, so a window mean taken from
    running sums is the same whichever block of the stream the window fell in: readings do not depend on
    how the audio was cut. 1/1024 of a dB (or of a share) is far below anything the model can hear.
    """
    values *= GRID
    np.rint(values, out=values)
    values /= GRID
    return values


def context_features(rows: np.ndarray, history: np.ndarray | None = None) -> np.ndarray:
    """Stack each row's causal window means.

    Args:
        rows: measurements, shape ``(n, len(MEASURES))``, oldest first.
        history: up to :data:`HISTORY` earlier rows (oldest first), or None at the start of a stream;
            missing history counts as zeros (the floor, silence).

    Returns:
        Shape ``(n, len(MEASURES) * len(CONTEXT))``: window-major, measure-minor.
    """
    n, m = rows.shape
    past = np.zeros((HISTORY, m)) if history is None else history[-HISTORY:]
    if past.shape[0] < HISTORY:
        past = np.concatenate((np.zeros((HISTORY - past.shape[0], m)), past))
    full = np.concatenate((past, rows))
    csum = np.concatenate((np.zeros((1, m)), np.cumsum(full, axis=0)))
    end = np.arange(n) + HISTORY + 1  # csum index one past the current row
    out = np.empty((n, m * len(CONTEXT)))
    for k, (a, b) in enumerate(CONTEXT):
        out[:, k * m : (k + 1) * m] = (csum[end - a] - csum[end - b]) / (b - a)
    return out


@dataclass(frozen=True)
class FrameModel:
    """Standardise, one tanh hidden layer, softmax. Arrays as fitted; see :meth:`from_dict`."""

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    prior: np.ndarray  # class shares in the training frames (the decoder divides them out)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Class probabilities, shape ``(n, 3)``, for context features of shape ``(n, inputs)``."""
        # einsum, not `@`: BLAS picks its kernel by the batch's shape, so one hop would round differently
        # alone than in a block of many; einsum sums each row the same way (block-size invariance).
        h = np.tanh(np.einsum("ij,jk->ik", (features - self.mean) / self.scale, self.w1) + self.b1)
        z = np.einsum("ij,jk->ik", h, self.w2) + self.b2
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        odds: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return odds

    def adapted(
        self,
        features: np.ndarray,
        classes: np.ndarray,
        *,
        epochs: int = 30,
        pull: float = 1e-2,
        rate: float = 0.05,
    ) -> FrameModel:
        """The model fitted a little to one microphone: the output layer nudged toward labelled frames.

        Only the last layer moves (a few hundred numbers), held near the shipped weights by an L2 ``pull``,
        so a minute of one player's breathing (the guided breaths of a microphone check) can adapt it
        without forgetting the rest. Full-batch gradient descent, deterministic.

        Args:
            features: context features, shape ``(n, inputs)``; classes: 0 other, 1 exhale, 2 inhale, ``(n,)``.
        """
        if features.shape[0] == 0:
            return self
        h = np.tanh(((features - self.mean) / self.scale) @ self.w1 + self.b1)
        target = np.eye(len(CLASSES))[classes]
        w2, b2 = self.w2.copy(), self.b2.copy()
        for _ in range(epochs):
            z = h @ w2 + b2
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            dz = (p - target) / h.shape[0]
            w2 -= rate * (h.T @ dz + pull * (w2 - self.w2))
            b2 -= rate * (dz.sum(axis=0) + pull * (b2 - self.b2))
        return FrameModel(self.mean, self.scale, self.w1, self.b1, w2, b2, self.prior)

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": list(CLASSES),
            "measures": list(MEASURES),
            "context": [list(c) for c in CONTEXT],
            **{k: np.round(getattr(self, k), 6).tolist() for k in ("mean", "scale", "w1", "b1", "w2", "b2")},
            "prior": np.round(self.prior, 6).tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FrameModel:
        """Raises ValueError when the file was fitted for other measures, classes or windows."""
        if (
            tuple(data.get("classes", ())) != CLASSES
            or tuple(data.get("measures", ())) != MEASURES
            or tuple(tuple(c) for c in data.get("context", ())) != CONTEXT
        ):
            raise ValueError("frame model: fitted for other measures, classes or context windows")
        arrays = {k: np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "w1", "b1", "w2", "b2")}
        n_in = len(MEASURES) * len(CONTEXT)
        if arrays["w1"].shape[0] != n_in or arrays["w2"].shape[1] != len(CLASSES):
            raise ValueError(f"frame model: weights of shape {arrays['w1'].shape}, {arrays['w2'].shape}")
        return cls(prior=np.asarray(data["prior"], dtype=np.float64), **arrays)

    @classmethod
    def load(cls, path: str | Path) -> FrameModel:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


_DEFAULT: FrameModel | None = None


def default_model() -> FrameModel:
    """The shipped model (read once per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        text = resources.files("breath_input").joinpath("frame_model.json").read_text(encoding="utf-8")
        _DEFAULT = FrameModel.from_dict(json.loads(text))
    return _DEFAULT
