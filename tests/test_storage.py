from __future__ import annotations

import json
import os
import stat

import pytest

from game.storage import ENV_DATA_DIR, Store, atomic_write_text, data_dir


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
