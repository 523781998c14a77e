"""End to end through a virtual microphone: a real recording played into PulseAudio, heard by the game.

Needs ../shared (recordings and the recipe scripts) and PulseAudio (`.ci/run` installs it); skips otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from breath_input.wavfile import read_wav

pytestmark = pytest.mark.vmic

RECORDING = "breath-data/rrujo-dev/12/2023021713052.wav"  # paced at 12 breaths/min, a chest stethoscope


def _need_tools() -> None:
    for tool in ("pulseaudio", "pactl", "paplay"):
        if shutil.which(tool) is None:
            pytest.skip(f"needs {tool} (apt-get install pulseaudio pulseaudio-utils; .ci/run does it)")


@pytest.fixture
def vmic(shared_dir, tmp_path):
    """A private PulseAudio daemon whose default source is fed by play_into_mic.sh."""
    _need_tools()
    vdir = Path("/tmp") / f"exhale-vmic-{os.getpid()}-{time.monotonic_ns() % 100000}"
    env = {**os.environ, "VMIC_DIR": str(vdir)}
    setup = shared_dir / "recipes" / "setup_vmic.sh"
    started = subprocess.run(["bash", str(setup)], env=env, capture_output=True, text=True, timeout=120)
    if started.returncode != 0:
        pytest.skip(f"virtual microphone did not start: {started.stderr.strip()[-300:]}")
    env["PULSE_SERVER"] = f"unix:{vdir}/native"
    env["PULSE_RUNTIME_PATH"] = str(vdir)
    env.pop("SDL_AUDIODRIVER", None)
    yield {"env": env, "setup": setup, "play": shared_dir / "recipes" / "play_into_mic.sh"}
    subprocess.run(["bash", str(setup), "stop"], env=env, capture_output=True, timeout=30)
    shutil.rmtree(vdir, ignore_errors=True)


def excerpt(shared_dir: Path, tmp_path: Path, seconds: float) -> tuple[Path, int]:
    samples, rate = read_wav(shared_dir / RECORDING)
    part = np.clip(samples[: int(seconds * rate)], -1, 1)
    out = tmp_path / "excerpt.wav"
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((part * 32767).astype("<i2").tobytes())
    return out, rate


def start_game(args: list[str], env: dict[str, str], data: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "game", "--data-dir", str(data), *args]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_stream(env: dict[str, str], timeout: float = 15.0) -> None:
    """Audio played into nobody is lost: wait until the game's record stream is connected."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        out = subprocess.run(
            ["pactl", "list", "short", "source-outputs"], env=env, capture_output=True, text=True
        )
        if out.stdout.strip():
            return
        time.sleep(0.05)
    raise AssertionError("the game never opened the microphone")


def best_alignment(
    live: list[dict], ref: list[dict], window: float = 0.3
) -> tuple[float, list[tuple[dict, dict]]]:
    """The time shift that lines up most live breath onsets with the offline ones, and those pairs."""
    best: tuple[float, list[tuple[dict, dict]]] = (0.0, [])
    for shift in np.arange(-6.0, 6.0, 0.02):
        pairs = []
        for r in ref:
            near = [b for b in live if abs(b["start_s"] + shift - r["start_s"]) <= window]
            if near:
                pairs.append((near[0], r))
        if len(pairs) > len(best[1]):
            best = (float(shift), pairs)
    return best


def play_live_and_offline(vmic, wav: Path, rate: int, tmp_path: Path, seconds: float) -> tuple[dict, dict]:
    """The same WAV twice: through the virtual microphone in real time, and straight from the file."""
    env = vmic["env"]
    live_report, ref_report = tmp_path / "live.json", tmp_path / "ref.json"
    game = start_game(
        [
            "play",
            "resonance",
            "--headless",
            "--input",
            "mic",
            "--mic-rate",
            str(rate),
            "--seconds",
            str(seconds),
            "--report",
            str(live_report),
        ],
        env,
        tmp_path / "d1",
    )
    try:
        wait_for_stream(env)
        time.sleep(2.5)  # most of the 3-2-1 lead-in, so the recording starts near session time 0
        subprocess.run(["bash", str(vmic["play"]), str(wav)], env=env, check=True, timeout=120)
        _, err = game.communicate(timeout=60)
    finally:
        game.kill()
    assert game.returncode == 0, err
    ref = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "--data-dir",
            str(tmp_path / "d2"),
            "play",
            "resonance",
            "--headless",
            "--input",
            f"wav:{wav}",
            "--seconds",
            str(seconds),
            "--report",
            str(ref_report),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ref.returncode == 0, ref.stderr
    live, offline = json.loads(live_report.read_text()), json.loads(ref_report.read_text())
    assert live["source"].startswith("mic:"), live["notices"]
    assert abs(live["frames"] / 60 - (seconds + 3)) < 3, "a live source runs headless at real time"
    return live, offline


def test_real_recording_through_the_virtual_microphone_gives_its_breathing_rate(vmic, shared_dir, tmp_path):
    """A real chest recording paced at 12/min: the live rate matches the file's and the pacing."""
    seconds = 30.0
    wav, rate = excerpt(shared_dir, tmp_path, seconds + 4)
    live, offline = play_live_and_offline(vmic, wav, rate, tmp_path, seconds)
    live_bpm, file_bpm = live["detector_breaths_per_minute"], offline["detector_breaths_per_minute"]
    assert live_bpm is not None and file_bpm is not None, (live, offline)
    assert abs(live_bpm - file_bpm) <= 1.0, (live_bpm, file_bpm)
    assert abs(live_bpm - 12.0) <= 2.0, live_bpm


def test_breaths_through_the_virtual_microphone_match_the_file(vmic, tmp_path):
    """Near-microphone breathing (synthesised, with a known truth) breath by breath: the live run finds the
    same exhales, as long, as the file."""
    from breath_input.synth_audio import breathing

    seconds = 24.0
    samples, _labels = breathing(sample_rate=16000, duration_s=seconds + 4, bpm=10, start_s=0.5, seed=3)
    wav = tmp_path / "near-mic.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    live, offline = play_live_and_offline(vmic, wav, 16000, tmp_path, seconds)
    shift, pairs = best_alignment(live["breaths"], offline["breaths"])
    inside = [b for b in offline["breaths"] if 0.5 < b["start_s"] - shift < seconds - 1.0]
    assert len(inside) >= 3 and len(pairs) >= len(inside) - 1, (shift, live["breaths"], offline["breaths"])
    diffs = [abs(a["exhale_s"] - b["exhale_s"]) for a, b in pairs]
    assert float(np.median(diffs)) <= 0.2, diffs


def test_audio_server_stopping_mid_level_falls_back_to_the_keyboard(vmic, tmp_path):
    env = vmic["env"]
    report = tmp_path / "lost.json"
    game = start_game(
        ["play", "resonance", "--headless", "--input", "mic", "--seconds", "12", "--report", str(report)],
        env,
        tmp_path / "d",
    )
    try:
        wait_for_stream(env)
        time.sleep(4.0)
        subprocess.run(["bash", str(vmic["setup"]), "stop"], env=env, capture_output=True, timeout=30)
        _, err = game.communicate(timeout=60)
    finally:
        game.kill()
    assert game.returncode == 0, err
    data = json.loads(report.read_text())
    assert data["source"] == "keyboard" and data["complete"] is False
    assert any("microphone" in n.lower() and "SPACE" in n for n in data["notices"]), data["notices"]


def test_a_labelled_real_recording_through_the_virtual_microphone_counts_like_the_file(vmic, tmp_path):
    """Real near-microphone breathing (fakku-dev) in real time: the live run counts the exhales the file
    run counts, and both are within one of the labels."""
    from tools.corpus import fakku

    near = {r.wav.stem: r for r in fakku(("near",))}
    rec = near.get("main_audio_no_delay,05")
    if rec is None:
        pytest.skip("needs ../shared/breath-data/fakku-dev")
    seconds = 27.0  # past the 25 s file, wherever in the lead-in its playback starts
    live, offline = play_live_and_offline(vmic, rec.wav, 44100, tmp_path, seconds)
    labelled = [s for s in rec.labels if s.phase == "exhale"]
    counted_live, counted_file = len(live["breaths"]), len(offline["breaths"])
    assert abs(counted_live - counted_file) <= 1, (live["breaths"], offline["breaths"])
    starts = (
        [round(b["start_s"], 1) for b in live["breaths"]],
        [round(b["start_s"], 1) for b in offline["breaths"]],
    )
    # The file's first exhale (0-2 s) plays during the lead-in, where a play counts nothing, wherever in it
    # the real-time playback happened to start: one more may go uncounted than in the file run.
    assert abs(counted_live - len(labelled)) <= 2, (counted_live, len(labelled), starts)
    shift, pairs = best_alignment(live["breaths"], offline["breaths"])
    diffs = [abs(a["exhale_s"] - b["exhale_s"]) for a, b in pairs]
    assert len(pairs) >= counted_file - 1 and float(np.median(diffs)) <= 0.3, diffs


def test_the_eyes_closed_echo_follows_a_real_recording_through_the_virtual_microphone(vmic, tmp_path):
    """The eyes-closed guide as a player with a microphone hears it: real near-microphone breathing
    (fakku-dev) played in real time, the game's sound written to a WAV with only the echo of the player's
    own out-breath on. The echo sounds in the labelled exhales and falls quiet in the labelled inhales."""
    from tools.corpus import fakku

    rec = {r.wav.stem: r for r in fakku(("near",))}.get("main_audio_no_delay,05")
    if rec is None:
        pytest.skip("needs ../shared/breath-data/fakku-dev")
    env, seconds = vmic["env"], 27.0
    data = tmp_path / "data"
    data.mkdir()
    only_echo = {"audio_guide": True, "guide_echo": 1.0}
    only_echo |= {f"guide_{part}": 0.0 for part in ("tones", "markers", "chime", "end")}
    (data / "settings.json").write_text(json.dumps(only_echo), encoding="utf-8")
    report, heard = tmp_path / "live.json", tmp_path / "heard.wav"
    args = ["play", "resonance", "--headless", "--input", "mic", "--mic-rate", "44100"]
    args += ["--seconds", str(seconds), "--report", str(report), "--audio-out", str(heard)]
    game = start_game(args, env, data)
    try:
        wait_for_stream(env)
        time.sleep(2.5)
        subprocess.run(["bash", str(vmic["play"]), str(rec.wav)], env=env, check=True, timeout=120)
        _, err = game.communicate(timeout=60)
    finally:
        game.kill()
    assert game.returncode == 0, err
    live = json.loads(report.read_text())
    assert live["source"].startswith("mic:"), live["notices"]
    samples, out_rate = read_wav(heard)
    frame = int(0.05 * out_rate)
    loudness = np.sqrt(np.mean(samples[: samples.size // frame * frame].reshape(-1, frame) ** 2, axis=1))

    def echo_in(start_s: float, end_s: float) -> float:
        """The echo's mean loudness between two session times (the file starts at the 3-2-1)."""
        a, b = (int((t - live["audio_out"]["starts_at_s"]) / 0.05) for t in (start_s, end_s))
        return float(loudness[a:b].mean()) if b > a else 0.0

    # Where the recording sat in session time: the shift that lines the live exhales up with the labels.
    labels = [{"start_s": s.start_s} for s in rec.labels if s.phase == "exhale"]
    shift, pairs = best_alignment(live["breaths"], labels)
    assert len(pairs) >= len(labels) - 2, (live["breaths"], labels)

    def inside(s) -> bool:
        return 0.5 < s.start_s - shift and s.end_s - shift < seconds - 0.5

    exhales = [
        echo_in(s.start_s - shift + 0.3, s.end_s - shift)
        for s in rec.labels
        if s.phase == "exhale" and inside(s)
    ]
    # An inhale's first half second is the echo's release of the exhale before it.
    inhales = [
        echo_in(s.start_s - shift + 0.5, s.end_s - shift)
        for s in rec.labels
        if s.phase == "inhale" and inside(s)
    ]
    print("echo rms in exhales", np.round(exhales, 4), "in inhales", np.round(inhales, 4))
    assert len(exhales) >= 5 and len(inhales) >= 4, (exhales, inhales)
    assert sum(e > 0.01 for e in exhales) >= len(exhales) - 1, exhales
    assert float(np.median(exhales)) > 5 * float(np.median(inhales)), (exhales, inhales)
    assert float(np.abs(samples).max()) < 0.99, "nothing clips"
