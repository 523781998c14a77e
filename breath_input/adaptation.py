"""Per-microphone adaptation with a guard: fit the classifier's output layer to a player's guided breaths,
and keep the fit only when it was earned.

A microphone check guides a few breaths (in, out, paced by the guide); the guide's phases label the frames.
:meth:`FrameModel.adapted` nudges the output layer toward them. That helps a near microphone and hurts a far
one (docs/performance.md), so two checks decide whether the fit is kept:

1. the breaths were clearly heard: the exhale frames' median level above the room's floor is at least
   :data:`CLEAR_DB` (a faint breath teaches the model the room, not the breath);
2. the last guided breath is held back: the model is fitted on the breaths before it, and adaptation is
   kept only if that fit labels the held-back breath's frames better than the shipped model does (the kept
   model is then fitted on every guided breath).

Otherwise the shipped model stays, with the reason in plain words. Pure numpy; the stored form of a kept fit
(:func:`layer_to_dict`, :func:`model_from_layer`) names the shipped model it was fitted on, so a retrained
detector never runs with an output layer fitted for another one.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from breath_input.frame_model import CLASSES, MEASURES, FrameModel

__all__ = [
    "CLEAR_DB",
    "Adaptation",
    "guarded_adaptation",
    "guided_classes",
    "play_refit",
    "layer_to_dict",
    "model_fingerprint",
    "model_from_layer",
]

LEVEL_COLUMN = MEASURES.index("level_db")  #: the hop's level above the noise floor, dB
CLEAR_DB = 12.0  # exhale frames at least this far above the room (median) count as clearly heard
MIN_EXHALE_FRAMES = 60  # 0.6 s of exhale at 10 ms hops, in the fitting part and in the held-back part
HEARD_DB = 6.0  # a guided frame this far above the floor is the breath the guide asked for
QUIET_DB = 2.0  # below this, whatever the guide says, the frame is "other" (nothing heard)
LAG_S = 0.4  # a player follows the guide a little late: the first moments of each phase are not labelled
LAYER_VERSION = 1

FAINT = "Your breath was faint from there, so the game uses its usual ear for this microphone."
FEW = "Too few breaths were heard to fit this microphone, so the game uses its usual ear."
NO_BETTER = "Fitting to your breath did not hear it better, so the game uses its usual ear."
KEPT = "The game has tuned its ear to your breath on this microphone."


@dataclass(frozen=True)
class Adaptation:
    """The guard's decision.

    Attributes:
        model: the adapted model to use, or None to keep the shipped one.
        reason: plain words for the player.
        heard_db: the exhale frames' median level above the floor (None: no exhale frames).
        shipped_score, adapted_score: weighted frame accuracy on the held-back breath (None: not reached).
    """

    model: FrameModel | None
    reason: str
    heard_db: float | None = None
    shipped_score: float | None = None
    adapted_score: float | None = None


def guided_classes(
    levels_db: np.ndarray, phases: Sequence[tuple[float, float, str]], *, hop_s: float
) -> tuple[np.ndarray, np.ndarray]:
    """Frame classes and weights from the guide's phases: the pacer as labels, trusted only where it can be.

    Args:
        levels_db: per-hop level above the noise floor (the detector's ``level_db`` measure), shape ``(n,)``;
            hop ``i`` ends at ``(i + 1) * hop_s``.
        phases: ``(start_s, end_s, "in" | "out")`` on the same clock, in order.

    Returns:
        ``(classes, weights)``: an "out" hop heard above :data:`HEARD_DB` is an exhale, an "in" one an
        inhale; a hop below :data:`QUIET_DB` is "other" anywhere; the rest (between the two levels, the
        first :data:`LAG_S` of each phase, outside the guided part) has weight 0.
    """
    n = levels_db.shape[0]
    t = (np.arange(n) + 1) * hop_s
    classes = np.zeros(n, dtype=np.int64)
    weights = np.zeros(n)
    for start, end, phase in phases:
        inside = (t >= start + LAG_S) & (t < end)
        heard = inside & (levels_db >= HEARD_DB)
        classes[heard] = 1 if phase == "out" else 2
        weights[heard] = 1.0
        quiet = (t >= start) & (t < end) & (levels_db < QUIET_DB)
        classes[quiet] = 0
        weights[quiet] = 1.0
    return classes, weights


def _accuracy(model: FrameModel, features: np.ndarray, classes: np.ndarray, weights: np.ndarray) -> float:
    guess = np.argmax(model.probabilities(features) / model.prior, axis=1)  # as the decoder weighs them
    return float(np.sum(weights * (guess == classes)) / np.sum(weights))


def guarded_adaptation(
    base: FrameModel,
    features: np.ndarray,
    classes: np.ndarray,
    weights: np.ndarray,
    levels_db: np.ndarray,
    *,
    hold_from: int,
    rival: FrameModel | None = None,
    **adapt_kw: Any,
) -> Adaptation:
    """Adapt ``base`` to labelled frames of one microphone, or refuse, saying why.

    Args:
        features: context features, ``(n, inputs)``; classes: 0 other, 1 exhale, 2 inhale; weights: 0 to
            leave a frame out, ``(n,)`` each; levels_db: each frame's level above the floor.
        hold_from: the first frame of the held-back part (the last guided breath); earlier frames are fitted.
        rival: the model the fit must beat on the held-back part (default ``base``; play's refit sets it to
            the check's fit, so a refit replaces it only when it hears better).
        adapt_kw: passed to :meth:`FrameModel.adapted`.

    Returns:
        An :class:`Adaptation`. When the fit on the frames before ``hold_from`` beats the shipped model on
        the held-back frames, the kept model is fitted the same way on all of them.
    """
    used = weights > 0
    exhale = used & (classes == 1)
    heard = float(np.median(levels_db[exhale])) if exhale.any() else None
    fit = used & (np.arange(used.size) < hold_from)
    held = used & ~fit
    if (
        heard is None
        or int(np.sum(exhale & fit)) < MIN_EXHALE_FRAMES
        or int(np.sum(exhale & held)) < MIN_EXHALE_FRAMES
    ):
        return Adaptation(None, FEW, heard)
    if heard < CLEAR_DB:
        return Adaptation(None, FAINT, heard)
    adapted = base.adapted(features[fit], classes[fit], **adapt_kw)
    before = _accuracy(base if rival is None else rival, features[held], classes[held], weights[held])
    after = _accuracy(adapted, features[held], classes[held], weights[held])
    if after <= before:
        return Adaptation(None, NO_BETTER, heard, before, after)
    # Earned: refit on every guided breath, the held-back one too (the same steps, a little more to learn).
    kept = base.adapted(features[used], classes[used], **adapt_kw)
    return Adaptation(kept, KEPT, heard, before, after)


def model_fingerprint(model: FrameModel) -> str:
    """Names the layers an adaptation leaves alone (standardisation and hidden layer), to 6 decimals."""
    digest = hashlib.sha1()
    for a in (model.mean, model.scale, model.w1, model.b1):
        digest.update(str(a.shape).encode())
        digest.update(np.round(a, 6).tobytes())
    return digest.hexdigest()[:16]


def layer_to_dict(adapted: FrameModel, base: FrameModel) -> dict[str, Any]:
    """The adapted output layer as plain data, naming the shipped model it belongs to."""
    return {
        "version": LAYER_VERSION,
        "base": model_fingerprint(base),
        "w2": np.round(adapted.w2, 6).tolist(),
        "b2": np.round(adapted.b2, 6).tolist(),
    }


def model_from_layer(data: Any, base: FrameModel) -> FrameModel:
    """``base`` with a stored output layer.

    Raises:
        ValueError: the layer is damaged, or was fitted for another shipped model (the detector was
            retrained since the microphone check).
    """
    if not isinstance(data, dict) or data.get("version") != LAYER_VERSION:
        raise ValueError("the microphone's fitted layer is damaged or from another version")
    if data.get("base") != model_fingerprint(base):
        raise ValueError("the microphone's fitted layer belongs to an older detector")
    try:
        w2 = np.asarray(data["w2"], dtype=np.float64)
        b2 = np.asarray(data["b2"], dtype=np.float64)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError("the microphone's fitted layer is damaged") from exc
    if w2.shape != base.w2.shape or b2.shape != (len(CLASSES),) or not np.all(np.isfinite(w2)):
        raise ValueError("the microphone's fitted layer is damaged")
    if not np.all(np.isfinite(b2)):
        raise ValueError("the microphone's fitted layer is damaged")
    return dataclasses.replace(base, w2=w2, b2=b2)


PLAY_CONFIDENCE = 0.8  # play's weak labels: only frames the detector read this surely...
PLAY_FRAMES = 6000  # ...and only the last minute of them: bounded effort, and an old session cannot linger
PLAY_HOLD_SHARE = 0.25  # the latest quarter of those frames judges the refit


def play_refit(
    base: FrameModel,
    current: FrameModel | None,
    features: np.ndarray,
    pacer_classes: np.ndarray,
    detected_classes: np.ndarray,
    confidence: np.ndarray,
    levels_db: np.ndarray,
    **adapt_kw: Any,
) -> Adaptation:
    """Refine the fit after a play, with the pacer as weak labels, only where the detector was sure.

    The labels are the frames where the pacer's phase and the detector's reading agree with confidence
    >= :data:`PLAY_CONFIDENCE` (the last :data:`PLAY_FRAMES` of them). It cannot drift: the refit always
    starts from the shipped ``base`` (never from an earlier refit), is held near it as every fit is, and
    passes the same guard as the check's, judged against the model in use (``current``, or ``base``) on the
    latest agreeing frames.

    Args:
        features: context features of the play's hops; pacer_classes, detected_classes: 0 other, 1 exhale,
            2 inhale per hop; confidence: the readings' confidence; levels_db: level above the floor per hop.

    Returns:
        An :class:`Adaptation`: its model replaces ``current`` only when not None.
    """
    agree = (pacer_classes == detected_classes) & (confidence >= PLAY_CONFIDENCE)
    idx = np.flatnonzero(agree)[-PLAY_FRAMES:]
    weights = np.ones(idx.size)
    hold_from = int(idx.size * (1.0 - PLAY_HOLD_SHARE))
    return guarded_adaptation(
        base,
        features[idx],
        pacer_classes[idx],
        weights,
        levels_db[idx],
        hold_from=hold_from,
        rival=current,
        **adapt_kw,
    )
