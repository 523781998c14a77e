"""`exhale detect` over a long file ends within a second on SIGINT or SIGTERM (issue 15, items 4 and 5).

The child reads a ten-hour WAV of silence (a sparse file: no disk and no time to write it), which takes it
close to a minute, so the signal always lands mid-file. The test waits until the child is reading the file
(its read position in /proc) rather than for a fixed time, so a slow start cannot make it send too early.
"""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from breath_input import synth_audio as sa

ROOT = Path(__file__).resolve().parent.parent
RATE = 16000
HOURS = 10

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def sparse_silence(path: Path, seconds: float) -> Path:
    """A 16-bit mono WAV whose data chunk is a hole in the file: reads as zeros."""
    n_bytes = int(seconds * RATE) * 2
    fmt = struct.pack("<HHIIHH", 1, 1, RATE, RATE * 2, 2, 16)
    header = b"RIFF" + struct.pack("<I", 36 + n_bytes) + b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt
    header += b"data" + struct.pack("<I", n_bytes)
    with open(path, "wb") as f:
        f.write(header)
        f.truncate(len(header) + n_bytes)
    return path


def short_breathing(path: Path) -> Path:
    x, _ = sa.breathing(sample_rate=RATE, duration_s=20, seed=3)
    pcm = np.round(np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
    fmt = struct.pack("<HHIIHH", 1, 1, RATE, RATE * 2, 2, 16)
    chunks = b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(pcm)) + pcm
    path.write_bytes(b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks)
    return path


def read_position(pid: int, name: str) -> int:
    """How far process `pid` has read the file called `name` (0 until it has it open; -1 without /proc)."""
    fd_dir = Path(f"/proc/{pid}/fd")
    if not fd_dir.is_dir():
        return -1
    try:
        for fd in fd_dir.iterdir():
            if os.readlink(fd).endswith(name):
                for line in (Path(f"/proc/{pid}/fdinfo") / fd.name).read_text().splitlines():
                    if line.startswith("pos:"):
                        return int(line.split()[1])
    except OSError:  # the descriptor closed while we looked
        pass
    return 0


@pytest.mark.parametrize(
    "signum,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"]
)
def test_a_signal_stops_detect_mid_file_with_one_line(tmp_path: Path, signum: int, code: int) -> None:
    first = short_breathing(tmp_path / "first.wav")
    long = sparse_silence(tmp_path / "ten-hours.wav", HOURS * 3600)
    child = subprocess.Popen(
        [sys.executable, "-m", "game", "detect", str(first), str(long)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and child.poll() is None:
            pos = read_position(child.pid, long.name)
            if pos > 10 * RATE * 2 or pos < 0:  # ten seconds of audio in (or no /proc: just wait)
                break
            time.sleep(0.05)
        if read_position(child.pid, long.name) < 0:
            time.sleep(3.0)
        assert child.poll() is None, child.communicate()
        sent = time.monotonic()
        child.send_signal(signum)
        out, err = child.communicate(timeout=10)
        took = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == code, err
    assert took < 1.0
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines == [
        f"exhale detect: stopped by {signal.Signals(signum).name}; the file in progress was not finished"
    ]
    # The file finished before the signal kept its line; the one in progress printed nothing.
    assert out.splitlines()[0].startswith(f"{first}: 20.0 s") and "exhales" in out
    assert str(long) not in out
