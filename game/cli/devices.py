"""`exhale devices`: the microphones and the audio backend that would be used."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("devices", help="list microphones and the audio backend that would be used")


def run(args: argparse.Namespace) -> int:
    from breath_input.mic import list_devices

    devices, note = list_devices()
    if note:
        print(f"note: {note}")
    if not devices:
        print("No microphone found. Exhale plays with the keyboard (hold SPACE while breathing out).")
        return 0
    for d in devices:
        mark = "*" if d.is_default else " "
        print(f"{mark} {d.index!s:>3}  {d.name}  ({d.backend}, {d.channels} ch, {d.default_rate:g} Hz)")
    print("* = default. Choose one with: exhale play --input mic  (and --device N, or in settings)")
    return 0
