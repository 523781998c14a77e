"""File names inside a level (a `scene_params` value naming a picture or a sound): they must stay inside
the level's folder or the game's assets/, whoever wrote the file."""

from __future__ import annotations

import re

_FILE_EXTS: tuple[str, ...] = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".bmp",
    ".webp",
    ".svg",
    ".wav",
    ".ogg",
    ".mp3",
    ".flac",
)
_FILE_EXTS += (".opus", ".ttf", ".otf", ".json", ".yaml", ".yml", ".txt")


def path_problem(text: str) -> str | None:
    """Why a file reference escapes the level's folder or assets/ (None when it is fine)."""
    p = text.strip().replace("\\", "/")
    if "\x00" in p:
        return "a file name can't contain a NUL character"
    if "://" in p:
        return "must name a file beside the level or in assets/, not a web address"
    if p.startswith(("/", "~")) or re.match(r"[A-Za-z]:", p):
        return (
            "must be a path relative to the level's folder (or starting with assets/), not an absolute path"
        )
    if ".." in p.split("/"):
        return "must not use '..' to leave the level's folder; put the file beside the level or in assets/"
    return None


def looks_like_path(text: str) -> bool:
    low = text.strip().lower()
    return low.endswith(_FILE_EXTS) or "/" in low or "\\" in low
