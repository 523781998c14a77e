"""The shipped campaign beside user packs: unlocking, packs of their own, ids that clash."""

from __future__ import annotations

import json

from game.cli import main
from game.records.catalog import Catalog
from game.records.storage import Progress

USER_LEVEL = "id: {id}\ntitle: {title}\ncycles: 2\n"


def make_pack(folder, ids, order=None):
    folder.mkdir(parents=True)
    for i in ids:
        (folder / f"{i}.yaml").write_text(USER_LEVEL.format(id=i, title=i.title()), encoding="utf-8")
    if order:
        (folder / "pack.yaml").write_text(
            f"name: Evening pack\norder: [{', '.join(order)}]\n", encoding="utf-8"
        )
    return folder


def test_campaign_unlocks_one_by_one_and_user_packs_are_open(tmp_path):
    catalog = Catalog.load([make_pack(tmp_path / "mine", ["zz-wind-down", "aa-box"])])
    progress = Progress()
    first, second = catalog.campaign.levels[:2]
    assert catalog.unlocked(first, progress) and not catalog.unlocked(second, progress)
    progress.record(first.id, stars=0, score=0)
    assert catalog.unlocked(second, progress), "finishing opens the next level, whatever the stars"
    user = catalog.packs[1]
    assert [lv.id for lv in user.levels] == ["aa-box", "zz-wind-down"]
    assert all(catalog.unlocked(lv, Progress()) for lv in user.levels)
    assert catalog.next_level(catalog.campaign.levels[-1]) is None


def test_user_pack_order_name_and_clashing_id(tmp_path, capsys):
    pack = make_pack(tmp_path / "mine", ["wind-down", "box", "first-breaths"], order=["wind-down", "box"])
    assert main(["--data-dir", str(tmp_path / "data"), "--levels", str(pack), "levels", "--json"]) == 0
    out = capsys.readouterr()
    rows = json.loads(out.out)
    mine = [r["id"] for r in rows if r["pack"] == "Evening pack"]
    assert mine == ["wind-down", "box"], "pack.yaml order, and the clashing id left out"
    assert [r["id"] for r in rows].count("first-breaths") == 1
    assert "already used by" in out.err and "first-breaths" in out.err


def test_user_levels_folder_in_the_data_dir_is_loaded(tmp_path, capsys):
    make_pack(tmp_path / "data" / "levels", ["my-own"])
    assert main(["--data-dir", str(tmp_path / "data"), "levels", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert any(r["id"] == "my-own" and r["pack"] == "Your levels" for r in rows)


def test_a_level_played_out_of_order_stays_open_with_its_stars():
    # `exhale play long-soft-exhale` on a fresh save: the level before it is unfinished, yet the level
    # was played, and level select must let the player replay it (and show its stars).
    catalog = Catalog.load()
    progress = Progress()
    later = catalog.campaign.levels[-2]
    assert not catalog.unlocked(later, progress)
    progress.record(later.id, stars=3, score=900)
    assert catalog.unlocked(later, progress)
    assert not catalog.unlocked(catalog.campaign.levels[-3], progress), "the order still holds elsewhere"
