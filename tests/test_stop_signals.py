"""SIGTERM and SIGINT end a run within a second, the way closing the window does (issue 15, item 4).

Each test starts the game in a child process on SDL's dummy drivers, sends the signal mid-level and checks
the exit, the time it took and that what was saved parses.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Two hours of game time: a headless run flat out takes minutes, so the signal always lands mid-level.
LONG_LEVEL = "id: long-run\ntitle: Long run\nduration: 7200\npattern: {inhale: 4, exhale: 6}\n"
STARTUP_S = 2.5  # where /proc cannot tell how far the game has come: a fixed wait
# From pygame.init (SDL's own SIGTERM handler: the first sign in /proc) to the game's handlers, about 0.1 s.
SETTLE_S = 0.5
# A headless run's progress as CPU time after that, not wall time (a loaded machine gives it less): 0.8 s
# plays some 6 s of the level flat out, past the lead-in and the 1 s a play must last to be kept.
HEADLESS_BUSY_S = 0.8

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def start(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[str], Path]:
    level = tmp_path / "long-run.yaml"
    level.write_text(LONG_LEVEL, encoding="utf-8")
    data = tmp_path / "data"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    child = subprocess.Popen(
        [sys.executable, "-m", "game", "--data-dir", str(data), "play", str(level), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return child, data


def catches(pid: int, signum: int) -> bool | None:
    """Whether process `pid` has a handler for `signum` yet (Linux /proc); None where that cannot be read."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    caught = next((line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), None)
    return None if caught is None else bool(int(caught, 16) >> (signum - 1) & 1)


def cpu_s(pid: int) -> float | None:
    """CPU seconds process `pid` has used (Linux /proc); None where that cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def wait_until_running(child: subprocess.Popen[str], *, busy_s: float = 0.0) -> None:
    """Wait for the game's own handlers, whichever signal is sent: a signal before them would end it the
    default way. Python catches SIGINT from its start, so only SIGTERM tells: caught first by SDL
    (pygame.init), then some 0.1 s later by the game, just before its loop. On a loaded machine the start can
    take far longer than STARTUP_S: it is waited for, not timed. `busy_s`: CPU seconds of play after that."""
    end = time.monotonic() + 60
    while (caught := catches(child.pid, signal.SIGTERM)) is False and child.poll() is None:
        if time.monotonic() > end:
            break
        time.sleep(0.02)
    if caught is None:
        time.sleep(STARTUP_S + 0.3)
        return
    began = cpu_s(child.pid)
    time.sleep(SETTLE_S)  # the game's handlers installed and the first frames under way
    while began is not None and child.poll() is None and time.monotonic() < end:
        now = cpu_s(child.pid)
        if now is None or now - began >= busy_s:
            break
        time.sleep(0.02)  # so the signal lands mid-level


def stop(child: subprocess.Popen[str], signum: int, *, busy_s: float = 0.0) -> tuple[int, float, str]:
    """Send `signum` once the game is running; (exit code, seconds it took to exit, stderr)."""
    wait_until_running(child, busy_s=busy_s)
    assert child.poll() is None, child.communicate()
    sent = time.monotonic()
    child.send_signal(signum)
    try:
        code = child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        pytest.fail(f"still running 10 s after {signal.Signals(signum).name}")
    took = time.monotonic() - sent
    return code, took, child.stderr.read() if child.stderr else ""


def saved_files_parse(data: Path) -> list[str]:
    """Every file the game saved in its data folder parses as JSON (or JSON lines); their names."""
    names = []
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            for line in text.splitlines():
                json.loads(line)
        elif path.suffix == ".json":
            json.loads(text)
        names.append(str(path.relative_to(data)))
    return names


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_ends_a_headless_run_saving_what_a_quit_saves(tmp_path: Path, signum: int) -> None:
    """A recorded key file as the breath (synthetic breathers are never kept in the history): the stopped
    level is saved as an abandoned session, as closing the window saves it, and the report is written."""
    keys = tmp_path / "keys.txt"
    keys.write_text("".join(f"{4 + 10 * i:.3f} {10 + 10 * i:.3f}\n" for i in range(720)), encoding="utf-8")
    report = tmp_path / "report.json"
    child, data = start(tmp_path, "--headless", "--input", f"keys:{keys}", "--report", str(report))
    code, took, err = stop(child, signum, busy_s=HEADLESS_BUSY_S)
    assert code == 0, err
    assert took < 1.0
    assert "Traceback" not in err
    out = json.loads(report.read_text(encoding="utf-8"))
    assert not out["complete"] and 0 < out["seconds"] < 7200  # stopped mid-level, as the signal asked
    assert saved_files_parse(data) == ["history.jsonl"]
    (record,) = [
        json.loads(line) for line in (data / "history.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert (record["level_id"], record["complete"], record["source"]) == ("long-run", False, "keys")
    assert record["seconds_played"] == pytest.approx(out["seconds"], abs=0.5)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_ends_a_window_run_as_closing_the_window_does(tmp_path: Path, signum: int) -> None:
    """The window (on the dummy driver, in real time) shows the level's intro card: nothing to save yet, but
    the run must end at once and cleanly, not with a KeyboardInterrupt traceback or never (SIGTERM)."""
    child, data = start(tmp_path, "--input", "keyboard")
    code, took, err = stop(child, signum)
    assert code == 0, err
    assert took < 1.0
    assert "Traceback" not in err
    saved_files_parse(data)
