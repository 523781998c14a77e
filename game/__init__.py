"""Exhale: a breath-biofeedback game."""

__version__ = "0.1.0"
