"""Breath input: readings from the microphone, the keyboard, recordings and synthetic breathers.

Nothing here imports pygame. Only `mic.py` imports sounddevice, and only when a stream is opened.
"""

from breath_input.types import BreathReading, Phase

__all__ = ["BreathReading", "Phase"]
