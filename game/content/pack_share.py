"""Sharing packs: `exhale pack install FOLDER|ZIP` copies a pack into the user levels folder, `exhale pack
export PACK FILE.zip` puts one pack in a single file.

A shared pack is untrusted like the level files in it. A zip is read entry by entry against limits (no
absolute or `..` paths, no links, no encrypted entries, at most MAX_ENTRIES files, MAX_ENTRY_BYTES each and
MAX_TOTAL_BYTES in all, counted as the bytes come out, not as the zip claims); only the kinds of file a pack
uses are copied. Everything lands in a hidden folder inside the levels folder first and is validated there;
only a pack without errors is moved into place, in one rename, and an installed pack is never replaced
unless asked.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from game.content.model import Problem
from game.content.packs import LEVEL_SUFFIXES, PACK_FILES, Pack, Report, check_paths, id_taken, load_packs

# What a pack may carry besides its levels: pictures and sounds its scene settings name, its schema copy,
# a read-me. Anything else (scripts, programs, .DS_Store) is left out and listed.
SHARED_SUFFIXES = (
    *LEVEL_SUFFIXES,
    *(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".svg"),
    *(".wav", ".ogg", ".mp3", ".flac", ".opus"),
    *(".ttf", ".otf", ".json", ".txt", ".md"),
)
MAX_ENTRIES = 500
MAX_ENTRY_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 5  # folders inside a pack, e.g. evening/assets/sounds/
_CHUNK = 64 * 1024


class PackShareError(Exception):
    """A pack that can't be installed or exported, in one line: nothing was written."""


@dataclass
class Outcome:
    """What install or export did. `report` is the validation (code 1: refused, nothing written)."""

    report: Report
    folder: Path | None = None  # the installed pack's folder
    packs: list[Pack] = field(default_factory=list)  # the packs installed, or the one exported
    skipped: list[str] = field(default_factory=list)  # files left out, as paths inside the pack


# ------------------------------------------------------------------------------------------------ install


def install_pack(
    source: Path, levels_dir: Path, *, replace: bool = False, campaign: Path | None = None
) -> Outcome:
    """Copy the pack in `source` (a folder or a .zip) into `levels_dir`, in a folder named after it.

    Raises:
        PackShareError: not a folder or a zip, an unsafe zip, or the pack is already installed (and not
            `replace`).
    """
    if source.is_dir():
        name, entries = _safe_name(source.resolve().name), list(_folder_entries(source))
    elif source.is_file() and zipfile.is_zipfile(source):
        name, entries = _zip_plan(source)
    elif source.exists():
        raise PackShareError(f"{source}: not a folder or a zip file")
    else:
        raise PackShareError(f"{source}: no such file or folder")
    dest = levels_dir / name
    if dest.exists() and not replace:
        raise PackShareError(
            f"a pack is already installed at {dest}; remove it first, or pass --replace to replace it"
        )
    levels_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=levels_dir))  # hidden: not loaded as a pack
    os.chmod(staging, 0o755)  # mkdtemp's folder is private; an installed pack is an ordinary folder
    try:
        kept, skipped = _copy_in(source, entries, staging)
        if not kept:
            raise PackShareError(f"{source}: no level files (*.yaml) in it")
        report = _check_staged(staging, source, dest, levels_dir, campaign)
        if report.code:
            return Outcome(report, skipped=skipped)
        if dest.exists():  # --replace: swap in one rename, then drop the old copy
            old = Path(tempfile.mkdtemp(prefix=".replaced-", dir=levels_dir))
            os.replace(dest, old / name)
            os.replace(staging, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, dest)
        packs = load_packs(dest)
        return Outcome(report, dest, packs, skipped)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_staged(staging: Path, source: Path, dest: Path, levels_dir: Path, campaign: Path | None) -> Report:
    """Validate the staged copy as the game will load it: its own problems, the campaign's ids, and the ids
    of the packs already installed (but the one it replaces). Problems name the source, not the staging."""
    report = check_paths([staging], campaign=campaign)
    problems = list(report.problems)
    taken: dict[str, tuple[str, str]] = {}
    for pack in load_packs(levels_dir, name="Your levels"):
        folder = Path(pack.folder)
        if folder == dest or dest in folder.parents or folder == staging or staging in folder.parents:
            continue
        for lv in pack.levels:
            taken.setdefault(lv.id, (lv.source, pack.name))
    for pack in load_packs(staging):
        for level_id, (file, line, col) in pack.ids.items():
            if level_id in taken:
                problems.append(id_taken(level_id, file, line, col, taken[level_id]))
    failed = report.code or any(p.severity == "error" for p in problems)
    return _relabel(Report(problems, 1 if failed else 0, report.files), staging, source)


def _relabel(report: Report, old: Path, new: Path) -> Report:
    """The report with `old`'s files named inside `new` (a zip's files as `pack.zip/evening/a.yaml`)."""
    prefix = str(old)

    def rename(p: Problem) -> Problem:
        if p.file == prefix or p.file.startswith(prefix + os.sep):
            return dataclasses.replace(p, file=str(new) + p.file[len(prefix) :])
        return p

    return Report([rename(p) for p in report.problems], report.code, report.files)


def _safe_name(name: str) -> str:
    """A folder name for the pack: letters, digits, '-', '_' and '.', not starting with a dot."""
    clean = re.sub(r"[^\w.-]+", "-", name).strip("-.")
    return clean[:64] or "pack"


def _wanted(rel: str) -> bool:
    # Hidden files and macOS's resource forks are never part of a pack; nor is any other kind of file.
    return not _junk(rel) and rel.lower().endswith(SHARED_SUFFIXES)


def _folder_entries(folder: Path) -> Iterator[str]:
    """Every regular file under `folder` (links left out), as a '/'-separated path inside it."""
    count = 0
    for here, dirs, files in os.walk(folder, followlinks=False):
        depth = len(Path(here).relative_to(folder).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if depth < MAX_DEPTH else []
        for f in sorted(files):
            path = Path(here) / f
            if path.is_symlink() or not path.is_file():
                continue
            count += 1
            if count > MAX_ENTRIES:
                raise PackShareError(f"{folder}: more than {MAX_ENTRIES} files; a pack needs far fewer")
            yield path.relative_to(folder).as_posix()


def _zip_plan(source: Path) -> tuple[str, list[str]]:
    """(the pack's folder name, the entries to extract) after checking every entry's name and claims."""
    try:
        with zipfile.ZipFile(source) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise PackShareError(f"{source}: can't read this zip ({e})") from None
    if len(infos) > MAX_ENTRIES:
        raise PackShareError(f"{source}: {len(infos)} entries; a pack holds at most {MAX_ENTRIES} files")
    names: list[str] = []
    seen: set[str] = set()
    total = 0
    for info in infos:
        rel = _zip_name(source, info)
        if rel is None:
            continue
        if rel.lower() in seen:
            raise PackShareError(f"{source}: '{rel}' is in the zip twice")
        seen.add(rel.lower())
        if info.file_size > MAX_ENTRY_BYTES:
            raise PackShareError(f"{source}: '{rel}' is over {MAX_ENTRY_BYTES // 2**20} MiB")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackShareError(f"{source}: the files come to over {MAX_TOTAL_BYTES // 2**20} MiB")
        names.append(rel)
    tops = _top_folder(names)
    return _safe_name(tops.rstrip("/") if tops else source.stem), names


def _top_folder(names: list[str]) -> str:
    """'calm-pack/' when every entry (but hidden ones and macOS's __MACOSX) is inside that one folder: the
    zip of a folder, whose folder is the pack; else ''."""
    real = [n for n in names if not _junk(n)]
    tops = {n.split("/", 1)[0] for n in real}
    if len(tops) == 1 and all("/" in n for n in real):
        return tops.pop() + "/"
    return ""


def _junk(rel: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in rel.split("/"))


def _zip_name(source: Path, info: zipfile.ZipInfo) -> str | None:
    """The entry's path inside the pack; None for a folder entry. Raises on anything unsafe."""
    raw = info.filename
    name = raw.replace("\\", "/")
    mode = info.external_attr >> 16
    if "\x00" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name):
        raise PackShareError(f"{source}: '{raw}' is an absolute path; refusing the zip")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise PackShareError(f"{source}: '{raw}' leaves the pack's folder ('..'); refusing the zip")
    if stat.S_ISLNK(mode):
        raise PackShareError(f"{source}: '{raw}' is a link; refusing the zip")
    if info.flag_bits & 0x1:
        raise PackShareError(f"{source}: '{raw}' is encrypted; refusing the zip")
    if info.is_dir() or not parts:
        return None
    if len(parts) > MAX_DEPTH + 1:
        raise PackShareError(f"{source}: '{raw}' is nested too deep (more than {MAX_DEPTH} folders)")
    return "/".join(parts)


def _copy_in(source: Path, entries: list[str], staging: Path) -> tuple[int, list[str]]:
    """Copy (or extract) the wanted entries into `staging`; (level files copied, entries left out)."""
    is_zip = not source.is_dir()
    strip = _top_folder(entries) if is_zip else ""
    kept, skipped, total = 0, [], 0
    zf = zipfile.ZipFile(source) if is_zip else None
    try:
        for rel in entries:
            inside = rel[len(strip) :] if strip and rel.startswith(strip) else rel
            if not _wanted(inside):
                skipped.append(inside)
                continue
            target = staging.joinpath(*inside.split("/"))
            if staging.resolve() not in target.resolve().parents:  # belt and braces over _zip_name
                raise PackShareError(f"{source}: '{rel}' leaves the pack's folder; refusing it")
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(rel) if zf else open(source / rel, "rb") as src, open(target, "xb") as out:
                written = 0
                while chunk := src.read(_CHUNK):
                    written += len(chunk)
                    total += len(chunk)
                    if written > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES:
                        raise PackShareError(f"{source}: '{rel}' unpacks to more than the pack limits allow")
                    out.write(chunk)
            if (
                inside.lower().endswith(LEVEL_SUFFIXES)
                and inside.rsplit("/", 1)[-1].lower() not in PACK_FILES
            ):
                kept += 1
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError) as e:
        raise PackShareError(f"{source}: can't copy the pack ({e})") from None
    finally:
        if zf:
            zf.close()
    return kept, skipped


# ------------------------------------------------------------------------------------------------- export


def export_pack(folder: Path, out: Path, *, replace: bool = False, campaign: Path | None = None) -> Outcome:
    """Write the pack in `folder` to the zip `out`, its files under one folder named after the pack's.

    Folders inside it that are packs of their own are left out (export each); a pack with errors is refused.

    Raises:
        PackShareError: `out` exists (and not `replace`), or isn't a .zip.
    """
    if out.suffix.lower() != ".zip":
        raise PackShareError(f"{out}: the file to write should end in .zip")
    if out.exists() and not replace:
        raise PackShareError(f"{out} already exists; pass --replace to overwrite it")
    report = check_paths([folder], campaign=campaign)
    packs = [p for p in load_packs(folder) if Path(p.folder) == folder]
    if report.code:
        return Outcome(report, packs=packs)
    inner = {Path(p.folder) for p in load_packs(folder)} - {folder}
    files = [
        rel
        for rel in _folder_entries(folder)
        if not any(d == folder / rel or d in (folder / rel).parents for d in inner)
    ]
    skipped = [rel for rel in files if not _wanted(rel)]
    top = _safe_name(folder.resolve().name)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for rel in files:
                if _wanted(rel):
                    z.write(folder / rel, f"{top}/{rel}")
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return Outcome(report, folder, packs, skipped)
