"""Issue 12, item 4: every folder under a levels folder is a pack; `validate DIR` recurses, counts and knows
the campaign's ids; `exhale pack install FOLDER|ZIP` and `exhale pack export PACK FILE.zip`. Headless, in
temporary folders (--data-dir)."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest

from game.cli import main
from game.content.pack_share import PackShareError, install_pack
from game.content.packs import check_paths, load_packs
from game.records.catalog import Catalog

LEVEL = "id: {id}\ntitle: {title}\ncycles: 2\n"


def make(folder: Path, *ids: str, pack_yaml: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in ids:
        (folder / f"{i}.yaml").write_text(LEVEL.format(id=i, title=i.title()), encoding="utf-8")
    if pack_yaml is not None:
        (folder / "pack.yaml").write_text(pack_yaml, encoding="utf-8")
    return folder


def levels_json(data: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    capsys.readouterr()
    assert main(["--data-dir", str(data), *extra, "levels", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


# --------------------------------------------------------------------------------------- packs in folders


def test_each_folder_in_the_user_levels_folder_is_a_pack(tmp_path: Path, capsys) -> None:
    user = tmp_path / "data" / "levels"
    make(user, "my-loose")
    make(user / "evening", "eve-b", "eve-a", pack_yaml="name: Evening\norder: [eve-b]\n")
    make(user / "morning", "mor-one")
    make(user / "morning" / "extra", "mor-extra")  # deeper folders too
    make(user / ".hidden", "ghost")
    (user / "empty").mkdir()
    rows = levels_json(tmp_path / "data", capsys)
    by_pack: dict[str, list[str]] = {}
    for row in rows:
        by_pack.setdefault(row["pack"], []).append(row["id"])
    assert by_pack["Your levels"] == ["my-loose"]
    assert by_pack["Evening"] == ["eve-b", "eve-a"], "pack.yaml's name and order"
    assert by_pack["morning"] == ["mor-one"] and by_pack["extra"] == ["mor-extra"]
    assert "ghost" not in {r["id"] for r in rows}, "hidden folders are not packs"
    assert list(by_pack) == ["Campaign", "Your levels", "Evening", "morning", "extra"]


def test_packs_from_levels_option_and_clashing_ids(tmp_path: Path, capsys) -> None:
    make(tmp_path / "shared" / "one", "same-id", "first-breaths")
    make(tmp_path / "shared" / "two", "same-id", "other")
    rows = levels_json(tmp_path / "data", capsys, "--levels", str(tmp_path / "shared"))
    ids = [r["id"] for r in rows]
    assert ids.count("same-id") == 1 and ids.count("first-breaths") == 1 and "other" in ids
    catalog = Catalog.load([tmp_path / "shared"])
    broken = [p.message for pack in catalog.packs for b in pack.broken for p in b.problems]
    assert any("'same-id' is already used by" in m and "(pack 'one')" in m for m in broken)
    assert any("'first-breaths' is already used by" in m and "(pack 'Campaign')" in m for m in broken)


def test_broken_files_in_a_pack_are_named_and_the_rest_load(tmp_path: Path) -> None:
    folder = make(tmp_path / "levels" / "p", "good")
    (folder / "bad.yaml").write_text("id: bad\ntitle: Bad\npattern:\n  exhale:\n", encoding="utf-8")
    (pack,) = load_packs(tmp_path / "levels")
    assert [lv.id for lv in pack.levels] == ["good"]
    (broken,) = pack.broken
    assert str(broken.problems[0]).startswith(f"{folder / 'bad.yaml'}:4:3: pattern.exhale: is empty")


def test_pack_yaml_author_description_and_clear_errors(tmp_path: Path, capsys) -> None:
    make(
        tmp_path / "p",
        "a",
        pack_yaml="name: P\nauthor: Eve\ndescription: |\n  Two lines\n  of text.\norder: [a]\n",
    )
    (pack,) = load_packs(tmp_path / "p")
    assert (pack.name, pack.author, pack.description) == ("P", "Eve", "Two lines\nof text.")
    assert main(["--data-dir", str(tmp_path / "data"), "--levels", str(tmp_path / "p"), "levels"]) == 0
    assert "\nP (by Eve):\n  a " in capsys.readouterr().out
    make(tmp_path / "q", "a", pack_yaml="name: Q\nautor: Eve\ndescription: [x]\n")
    (pack,) = load_packs(tmp_path / "q")
    assert [str(p).split(f"{tmp_path}/q/")[1] for p in pack.errors] == [
        "pack.yaml:2:1: unknown key 'autor' (did you mean 'author'?)",
        "pack.yaml:3:14: description: expected text, got a list",
    ]


# -------------------------------------------------------------------------------------------- validate


def test_validate_recurses_counts_and_knows_the_campaign(tmp_path: Path, capsys) -> None:
    make(tmp_path / "mine", "fine")
    make(tmp_path / "mine" / "sub", "resonance", pack_yaml="name: Sub\n")
    make(tmp_path / "mine" / "sub2", "fine")
    assert main(["--data-dir", str(tmp_path / "data"), "validate", str(tmp_path / "mine")]) == 1
    captured = capsys.readouterr()
    assert captured.err == "checked 4 files: 2 errors, 0 warnings\n"
    sub = tmp_path / "mine" / "sub" / "resonance.yaml"
    assert f"{sub}:1:5: id: 'resonance' is already used by " in captured.out
    assert "(pack 'Campaign'); give this level its own id" in captured.out
    assert f"{tmp_path / 'mine' / 'sub2' / 'fine.yaml'}:1:5: id: 'fine' is already used by" in captured.out


def test_validate_of_the_campaign_itself_and_of_an_empty_folder(tmp_path: Path, capsys) -> None:
    levels = Path(__file__).resolve().parent.parent / "levels"
    assert main(["validate", str(levels), str(levels / "resonance.yaml")]) == 0
    files = len([p for p in levels.glob("*.yaml")])  # the levels and pack.yaml, resonance.yaml once
    assert capsys.readouterr().err == f"checked {files} files: no problems found\n"
    (tmp_path / "nothing" / "deeper").mkdir(parents=True)
    report = check_paths([tmp_path / "nothing"])
    assert report.code == 0 and report.files == 0
    assert [p.message for p in report.problems] == [
        "no level files (*.yaml) in this folder or the ones in it"
    ]


# --------------------------------------------------------------------------------------------- install


def test_install_a_folder_validates_copies_and_never_overwrites_silently(tmp_path: Path, capsys) -> None:
    source = make(tmp_path / "evening", "eve-one", "eve-two", pack_yaml="name: Evening\n")
    (source / "notes.md").write_text("hi", encoding="utf-8")
    (source / "run.sh").write_text("rm -rf /", encoding="utf-8")
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "pack", "install", str(source)]) == 0
    out = capsys.readouterr()
    assert "installed 'Evening' (2 levels)" in out.out and "left out run.sh" in out.err
    installed = data / "levels" / "evening"
    assert sorted(p.name for p in installed.iterdir()) == [
        "eve-one.yaml",
        "eve-two.yaml",
        "notes.md",
        "pack.yaml",
    ]
    assert stat.S_IMODE(installed.stat().st_mode) == 0o755
    assert [r["id"] for r in levels_json(data, capsys) if r["pack"] == "Evening"] == ["eve-one", "eve-two"]

    (source / "eve-one.yaml").write_text(LEVEL.format(id="eve-one", title="Changed"), encoding="utf-8")
    assert main(["--data-dir", str(data), "pack", "install", str(source)]) == 1
    err = capsys.readouterr().err
    assert f"a pack is already installed at {installed}" in err and "--replace" in err
    assert "Changed" not in (installed / "eve-one.yaml").read_text(encoding="utf-8")
    assert main(["--data-dir", str(data), "pack", "install", str(source), "--replace"]) == 0
    assert "Changed" in (installed / "eve-one.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (data / "levels").iterdir()) == ["evening"], "no staging left behind"


def test_install_refuses_a_pack_with_errors_or_taken_ids(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    bad = make(tmp_path / "bad", "ok-one")
    (bad / "broken.yaml").write_text("id: broken\ntitle: B\nduration:\n", encoding="utf-8")
    assert main(["--data-dir", str(data), "pack", "install", str(bad)]) == 1
    out = capsys.readouterr()
    assert f"{bad / 'broken.yaml'}:3:1: duration: is empty" in out.out
    assert "nothing installed" in out.err
    assert not (data / "levels" / "bad").exists()

    make(data / "levels" / "mine", "taken-id")
    clash = make(tmp_path / "clash", "taken-id", "first-breaths")
    assert main(["--data-dir", str(data), "pack", "install", str(clash)]) == 1
    out = capsys.readouterr().out
    assert f"{clash / 'taken-id.yaml'}:1:5: id: 'taken-id' is already used by" in out
    assert f"{clash / 'first-breaths.yaml'}:1:5: id: 'first-breaths' is already used by" in out
    assert not (data / "levels" / "clash").exists()
    assert sorted(p.name for p in (data / "levels").iterdir()) == ["mine"]


def write_zip(path: Path, entries: dict[str, str], *, link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, text in entries.items():
            z.writestr(name, text)
        if link is not None:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, "/etc/passwd")
    return path


def test_install_a_zip_of_a_folder_or_of_loose_files(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    folder_zip = write_zip(
        tmp_path / "whatever.zip",
        {
            "calm-pack/a-one.yaml": LEVEL.format(id="a-one", title="One"),
            "calm-pack/pack.yaml": "name: Calm\n",
            "calm-pack/assets/glow.png": "not really a png",
            "__MACOSX/calm-pack/._a-one.yaml": "junk",
        },
    )
    assert main(["--data-dir", str(data), "pack", "install", str(folder_zip)]) == 0
    assert sorted(
        str(p.relative_to(data / "levels")) for p in (data / "levels").rglob("*") if p.is_file()
    ) == [
        "calm-pack/a-one.yaml",
        "calm-pack/assets/glow.png",
        "calm-pack/pack.yaml",
    ]
    loose_zip = write_zip(tmp_path / "loose.zip", {"b-one.yaml": LEVEL.format(id="b-one", title="B")})
    assert main(["--data-dir", str(data), "pack", "install", str(loose_zip)]) == 0
    assert (data / "levels" / "loose" / "b-one.yaml").is_file()
    rows = levels_json(data, capsys)
    assert {(r["pack"], r["id"]) for r in rows} >= {("Calm", "a-one"), ("loose", "b-one")}


@pytest.mark.parametrize(
    ("entries", "link", "why"),
    [
        ({"../escape.yaml": LEVEL}, None, "leaves the pack's folder"),
        ({"p/../../escape.yaml": LEVEL}, None, "leaves the pack's folder"),
        ({"/etc/evil.yaml": LEVEL}, None, "absolute path"),
        ({"C:/evil.yaml": LEVEL}, None, "absolute path"),
        ({"p\\..\\..\\evil.yaml": LEVEL}, None, "leaves the pack's folder"),
        ({"p/a.yaml": LEVEL.format(id="a", title="A")}, "p/link.yaml", "is a link"),
        ({f"p/{i}.yaml": LEVEL.format(id=f"l{i}", title="T") for i in range(501)}, None, "at most 500"),
        ({"a/" * 8 + "deep.yaml": LEVEL}, None, "nested too deep"),
    ],
)
def test_unsafe_zips_are_refused_whole(tmp_path: Path, entries: dict[str, str], link, why: str) -> None:
    path = write_zip(tmp_path / "bad.zip", entries, link=link)
    levels = tmp_path / "data" / "levels"
    with pytest.raises(PackShareError, match=why):
        install_pack(path, levels)
    assert not levels.exists() or list(levels.iterdir()) == []
    assert not (tmp_path / "escape.yaml").exists()


def test_zip_size_limits_count_the_real_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.content.pack_share as share

    levels = tmp_path / "data" / "levels"
    monkeypatch.setattr(share, "MAX_TOTAL_BYTES", 1000)
    big = write_zip(tmp_path / "big.zip", {f"p/{i}.yaml": "#" * 400 for i in range(3)})
    with pytest.raises(PackShareError, match="over 0 MiB|come to over"):
        install_pack(big, levels)
    monkeypatch.undo()
    # A header that claims less than the entry holds (a zip bomb's trick): the read stops at the claim and
    # the damaged entry refuses the zip; nothing is installed.
    path = write_zip(tmp_path / "lying.zip", {"p/a.yaml": LEVEL.format(id="a", title="A") + "#" * 5000})
    raw = bytearray(path.read_bytes())
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.index(sig)
        raw[at + offset : at + offset + 4] = (40).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    with pytest.raises(PackShareError):
        install_pack(path, levels)
    assert list(levels.iterdir()) == []


def test_install_says_what_is_wrong_with_the_source(tmp_path: Path) -> None:
    with pytest.raises(PackShareError, match="no such file or folder"):
        install_pack(tmp_path / "nope", tmp_path / "levels")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(PackShareError, match="not a folder or a zip"):
        install_pack(tmp_path / "notes.txt", tmp_path / "levels")
    (tmp_path / "empty").mkdir()
    with pytest.raises(PackShareError, match="no level files"):
        install_pack(tmp_path / "empty", tmp_path / "levels")


# ---------------------------------------------------------------------------------------------- export


def test_export_then_install_elsewhere(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    make(data / "levels" / "evening", "eve-one", "eve-two", pack_yaml="name: Evening\norder: [eve-two]\n")
    make(data / "levels" / "evening" / "bonus", "eve-bonus")  # a pack of its own: not in this zip
    out = tmp_path / "share" / "evening.zip"
    assert main(["--data-dir", str(data), "pack", "export", "evening", str(out)]) == 0
    assert "exported 'Evening' (2 levels)" in capsys.readouterr().out
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["evening/eve-one.yaml", "evening/eve-two.yaml", "evening/pack.yaml"]
    assert main(["--data-dir", str(data), "pack", "export", "Evening", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "pack", "export", "Evening", str(out), "--replace"]) == 0

    other = tmp_path / "friend"
    assert main(["--data-dir", str(other), "pack", "install", str(out)]) == 0
    rows = levels_json(other, capsys)
    assert [r["id"] for r in rows if r["pack"] == "Evening"] == ["eve-two", "eve-one"]


def test_export_refuses_the_campaign_unknown_packs_and_broken_ones(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "pack", "export", "Campaign", str(tmp_path / "c.zip")]) == 2
    assert "the campaign ships with the game" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "pack", "export", "nope", str(tmp_path / "n.zip")]) == 2
    assert "no pack named 'nope'" in capsys.readouterr().err
    folder = make(tmp_path / "broken", "fine")
    (folder / "b.yaml").write_text("id: b\ntitle:\n", encoding="utf-8")
    assert main(["--data-dir", str(data), "pack", "export", str(folder), str(tmp_path / "b.zip")]) == 1
    assert "nothing exported" in capsys.readouterr().err and not (tmp_path / "b.zip").exists()


def test_install_honours_exhale_data_dir_and_needs_a_subcommand(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("EXHALE_DATA_DIR", str(tmp_path / "env-data"))
    source = make(tmp_path / "quiet", "quiet-one")
    assert main(["pack", "install", str(source)]) == 0
    assert (tmp_path / "env-data" / "levels" / "quiet" / "quiet-one.yaml").is_file()
    assert main(["pack"]) == 2
    assert "say install FOLDER|ZIP or export PACK FILE.zip" in capsys.readouterr().err
