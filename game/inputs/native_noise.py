"""Keep C libraries' chatter out of the player's terminal, and say plainly when there is no display.

ALSA, JACK and SDL print straight to file descriptor 2 while they probe for sound cards and video drivers
("ALSA lib confmisc.c:855:(parse_card) cannot find card '0'", a dozen lines per probe). None of it is for
the player: the game already says on screen when sound or the microphone is missing.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

# Lines the sound and video libraries print on their own; anything else is passed on unchanged.
NOISE = re.compile(
    r"^(ALSA lib |ALSA: |error: XDG_RUNTIME_DIR|Error: XDG_RUNTIME_DIR|XDG_RUNTIME_DIR|"
    r"Cannot connect to server|jack server is not running|JackShm|Jack: |"
    r"Cannot open shm registry|Cannot initialize|attempt to connect to server failed|"
    r"connect\(2\) call to \S+ failed)"
)


def filter_noise(text: str) -> str:
    """``text`` without the libraries' probe lines (each kept line ends with a newline)."""
    return "".join(line + "\n" for line in text.splitlines() if line.strip() and not NOISE.match(line))


@contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """While inside, what C code writes to fd 2 is caught; on leaving, all but known noise is written out.

    Runs on the main thread around library calls that probe devices (pygame.init, the mixer, opening a
    microphone). NB: another thread writing to fd 2 meanwhile is caught too, and shown after.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield  # no real fd 2 (an embedded interpreter): nothing to filter
        return
    with tempfile.TemporaryFile() as caught:
        os.dup2(caught.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            kept = filter_noise(caught.read().decode("utf-8", errors="replace"))
            if kept:
                sys.stderr.write(kept)
                sys.stderr.flush()


def no_display_reason(environ: Mapping[str, str], platform: str) -> str | None:
    """Why a window cannot open here, in one line; None when a display may be there.

    Only on Linux and the BSDs, where windows need an X11 or Wayland display named in the environment.
    A chosen SDL_VIDEODRIVER (dummy, offscreen, kmsdrm...) is the user's call and is respected.
    """
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    if environ.get("SDL_VIDEODRIVER"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "exhale: no display to open a window on (DISPLAY is not set). Run it from a desktop session, "
        "or try 'exhale play --headless' for a run without a window."
    )
