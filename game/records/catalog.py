"""All playable levels: the shipped campaign and any user packs, with what is unlocked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.content.data_paths import shipped_levels_dir
from game.content.model import BrokenLevel, Level
from game.content.packs import Pack, id_taken, load_pack, load_packs
from game.records.storage import Progress


def _without_taken_ids(pack: Pack, earlier: list[Pack]) -> Pack:
    """A level whose id another pack already uses would share its saved progress: show it as broken."""
    taken = {lv.id: (p, lv) for p in earlier for lv in p.levels}
    keep = []
    for lv in pack.levels:
        if lv.id in taken:
            other_pack, other = taken[lv.id]
            _file, line, col = pack.ids.get(lv.id, (lv.source, 1, 1))
            problem = id_taken(lv.id, lv.source, line, col, (other.source, other_pack.name))
            pack.broken.append(BrokenLevel(lv.source, (problem,)))
        else:
            keep.append(lv)
    pack.levels = keep
    return pack


@dataclass
class Catalog:
    packs: list[Pack] = field(default_factory=list)

    @classmethod
    def load(cls, extra_dirs: list[Path] | None = None, *, user_dir: Path | None = None) -> Catalog:
        """The campaign, then the player's own levels folder ("Your levels"), then any --levels folders."""
        packs = [load_pack(str(shipped_levels_dir()), name="Campaign")]
        # Each folder under a levels folder is a pack of its own (a pack is installed by copying its folder
        # in); the loose files of the user's folder are "Your levels" unless its pack.yaml names them.
        found: list[Pack] = []
        if user_dir is not None and user_dir.is_dir():
            found += load_packs(str(user_dir), name="Your levels")
        for folder in extra_dirs or []:
            if folder.is_dir():
                found += load_packs(str(folder))
        for pack in found:
            packs.append(_without_taken_ids(pack, packs))
        return cls(packs)

    @property
    def campaign(self) -> Pack:
        return self.packs[0]

    def all_levels(self) -> list[Level]:
        return [lv for pack in self.packs for lv in pack.levels]

    def find(self, level_id: str) -> Level | None:
        for lv in self.all_levels():
            if lv.id == level_id:
                return lv
        return None

    def unlocked(self, level: Level, progress: Progress) -> bool:
        """The first level of each pack is open; each further one opens when the one before is finished.
        A level already played stays open however it was reached (`exhale play ID` skips the order).
        User packs are all open: their designer wants to try any of them."""
        played = progress.of(level.id)
        if played.plays or played.completed:
            return True
        for i, pack in enumerate(self.packs):
            if level in pack.levels:
                if i > 0:
                    return True
                k = pack.levels.index(level)
                return k == 0 or progress.of(pack.levels[k - 1].id).completed
        return False

    def next_level(self, level: Level) -> Level | None:
        for pack in self.packs:
            if level in pack.levels:
                k = pack.levels.index(level)
                return pack.levels[k + 1] if k + 1 < len(pack.levels) else None
        return None

    def next_unfinished(self, progress: Progress) -> Level | None:
        levels = self.campaign.levels
        for lv in levels:
            if not progress.of(lv.id).completed:
                return lv
        return levels[0] if levels else None
