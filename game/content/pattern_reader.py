"""The level reader's `pattern:` and its ramps."""

from __future__ import annotations

from .limits import (
    MAX_CYCLES,
    MAX_PHASE_S,
    MIN_PHASE_S,
)
from .lint import Where
from .model import (
    PHASE_FIELDS,
    Pattern,
    Ramp,
)
from .reading import (
    Doc,
    got,
)
from .stages import read_cues
from .yaml_nodes import Entry, Map, Seq

PATTERN_KEYS = (*PHASE_FIELDS, "double_inhale", "ramp", "cues")
RAMP_KEYS = ("field", "to", "over_cycles", "start_cycle")


class PatternReading(Doc):
    """Reads a pattern and its ramps (a part of the level reader)."""

    def phase(self, entry: Entry, path: str, phase: str | None) -> float | None:
        """A phase's seconds (a pattern's or a ramp's `to`): holds from 0, breaths from MIN_PHASE_S."""
        hold = bool(phase and phase.startswith("hold"))
        return self.seconds(entry, path, low=0.0 if hold else MIN_PHASE_S, high=MAX_PHASE_S)

    def _pattern(self, entry: Entry, where: Where) -> Pattern | None:
        e = self.mapping(entry, "pattern", PATTERN_KEYS)
        if e is None:
            return None
        before = len(self.problems)
        values: dict[str, float] = {}
        for phase in PHASE_FIELDS:
            if phase in e:
                where.phases[phase] = e[phase].value
                value = self.phase(e[phase], f"pattern.{phase}", phase)
                if value is not None:
                    values[phase] = value
        double = self.flag(e["double_inhale"], "pattern.double_inhale") if "double_inhale" in e else False
        ramps = self._ramps(e["ramp"], where) if "ramp" in e else ()
        cues = read_cues(self, e["cues"], "pattern.cues") if "cues" in e else ()
        if len(self.problems) != before:
            return None
        return Pattern(
            inhale_s=values.get("inhale", 4.0),
            hold_in_s=values.get("hold_in", 0.0),
            exhale_s=values.get("exhale", 6.0),
            hold_out_s=values.get("hold_out", 0.0),
            double_inhale=bool(double),
            ramps=ramps,
            cues=cues or (),
        )

    def _ramps(self, entry: Entry, where: Where) -> tuple[Ramp, ...]:
        node = entry.value
        if not isinstance(node, Seq):
            self.error(
                node, f"pattern.ramp: expected a list of ramps (each starting with '- '), got {got(node)}"
            )
            return ()
        ramps: list[Ramp] = []
        for i, item in enumerate(node.items, 1):
            path = f"pattern.ramp[{i}]"
            if not isinstance(item, Map):
                self.error(
                    item, f"{path}: expected {{field: exhale, to: 8, over_cycles: 10}}, got {got(item)}"
                )
                continue
            e = self.known_keys(item, path, RAMP_KEYS)
            typos = self.typo_targets(item, RAMP_KEYS)
            for key in ("field", "to", "over_cycles"):
                if key not in item.entries and key not in typos:
                    self.error(item, f"{path}: missing '{key}'")
            phase = self.choice(e["field"], f"{path}.field", PHASE_FIELDS, "phase") if "field" in e else None
            to = self.phase(e["to"], f"{path}.to", phase) if "to" in e else None
            over = (
                self.whole(e["over_cycles"], f"{path}.over_cycles", low=1, high=MAX_CYCLES)
                if "over_cycles" in e
                else None
            )
            start = (
                self.whole(e["start_cycle"], f"{path}.start_cycle", low=0, high=MAX_CYCLES)
                if "start_cycle" in e
                else 0
            )
            if phase is None or to is None or over is None or start is None:
                continue
            ramp = Ramp(field=phase, to=to, over_cycles=over, start_cycle=start)
            # Each ramp runs from the pattern's own value (model.Ramp), so two ramps on one phase would
            # fight over it; until the pacer defines chaining, one ramp per phase.
            first = next((j for j, other in enumerate(ramps, 1) if other.field == phase), None)
            if first is not None:
                self.error(
                    item,
                    f"{path}: {phase} already has a ramp (pattern.ramp[{first}]); use one ramp per phase",
                )
            ramps.append(ramp)
            where.ramps.append(item)
        return tuple(ramps)
