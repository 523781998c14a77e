from __future__ import annotations

import json
import os
import stat

import pytest

from game.records.storage import ENV_DATA_DIR, Store, atomic_write_text, data_dir


def test_progress_and_settings_survive_a_restart(tmp_path):
    store = Store(tmp_path)
    store.progress.record("first-breaths", stars=2, score=640)
    store.settings.invert_breath_key = True
    store.settings.palette = "high_contrast"
    assert store.save_progress() and store.save_settings()
    again = Store(tmp_path)
    assert again.progress.of("first-breaths").completed
    assert again.progress.of("first-breaths").best_stars == 2
    assert again.settings.invert_breath_key and again.settings.palette == "high_contrast"
    assert again.notices == []


def test_best_stars_never_go_down(tmp_path):
    store = Store(tmp_path)
    store.progress.record("a", stars=3, score=900)
    p = store.progress.record("a", stars=1, score=200)
    assert (p.best_stars, p.best_score, p.plays) == (3, 900, 2)


def test_corrupt_save_is_kept_aside_and_defaults_used(tmp_path):
    (tmp_path / "progress.json").write_text('{"levels": {"a": {"completed": tr', encoding="utf-8")
    store = Store(tmp_path)
    kept = list(tmp_path.glob("progress.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text().startswith('{"levels"')
    assert store.progress.levels == {}
    assert any("damaged" in n and kept[0].name in n for n in store.notices)
    store.progress.record("b", stars=1, score=1)
    store.save_progress()
    assert kept[0].exists(), "the damaged file must never be overwritten"


def test_wrongly_typed_settings_fall_back_per_field(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"muted": "yes", "volume": 0.3}), encoding="utf-8")
    s = Store(tmp_path).settings
    assert s.muted is False and s.volume == 0.3


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_folder_is_reported_not_fatal(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        store = Store(folder)
        assert store.save_progress() is False
        assert not store.can_save and any("cannot be saved" in n for n in store.notices)
    finally:
        folder.chmod(stat.S_IRWXU)


def test_unwritable_target_is_reported_not_fatal(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    store = Store(blocker / "data")  # a folder under a file can never be created, even by root
    assert store.save_progress() is False
    assert any("cannot be saved" in n for n in store.notices)


def test_atomic_write_leaves_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "progress.json"
    atomic_write_text(target, "old")

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["progress.json"], "temp file cleaned up"


def test_data_dir_override_order(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "env"))
    assert data_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv(ENV_DATA_DIR)
    assert "exhale" in str(data_dir())


WRITER = """
import sys, json
from pathlib import Path
from game.records.storage import atomic_write_text
path = Path(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    i += 1
    # A big save, so a kill lands mid-write often.
    atomic_write_text(path, json.dumps({"levels": {f"level-{k}": {"plays": i} for k in range(20000)}}))
"""


def test_killed_mid_save_leaves_a_whole_file(tmp_path):
    """SIGKILL a process while it saves over and over: the file is always one complete save, old or new."""
    import signal
    import subprocess
    import sys
    import time

    target = tmp_path / "progress.json"
    atomic_write_text(target, json.dumps({"levels": {}}))
    for delay in (0.05, 0.13, 0.29, 0.41):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = json.loads(target.read_text())  # never half-written
        assert isinstance(data["levels"], dict)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "progress.json"]
    assert all(name.startswith(".progress.json.") for name in leftovers)
    store = Store(tmp_path)
    assert store.notices == [], "a kill mid-save never makes the save look damaged"


def test_full_disk_while_saving_is_reported_and_the_old_save_kept(tmp_path, monkeypatch):
    store = Store(tmp_path)
    store.progress.record("a", stars=1, score=10)
    assert store.save_progress()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    store.progress.record("b", stars=2, score=20)
    assert store.save_progress() is False
    assert any("cannot be saved" in n and "No space left" in n for n in store.notices)
    monkeypatch.undo()
    assert set(Store(tmp_path).progress.levels) == {"a"}, "the last good save is intact"


def test_stale_temp_files_are_swept(tmp_path):
    stale = tmp_path / ".progress.json.abc123.tmp"
    stale.write_text("{half")
    old = os.stat(stale).st_mtime - 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / ".settings.json.def456.tmp"
    fresh.write_text("{")
    Store(tmp_path)
    assert not stale.exists() and fresh.exists()
