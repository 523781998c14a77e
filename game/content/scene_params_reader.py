"""The level reader's `scene_params`: each name and value against the scene's settings (SCENE_PARAMS)."""

from __future__ import annotations

import math

from breath_input.sources import KEY_FLOW

from .limits import (
    MAX_SETTING_CHARS,
)
from .model import (
    SCENE_PARAMS,
)
from .paths import looks_like_path as _looks_like_path
from .paths import path_problem as _path_problem
from .reading import (
    Doc,
    as_float,
    got,
    is_null,
    num,
    short,
    suggest,
)
from .yaml_nodes import Entry, Map, Scalar


class SceneParamsReading(Doc):
    """Reads `scene_params` (a part of the level reader)."""

    def _scene_params(self, entry: Entry, scene: str | None) -> dict[str, object]:
        params: dict[str, object] = {}
        node = entry.value
        if not isinstance(node, Map):
            self.error(node, f"scene_params: expected indented keys like 'wind: 0.3', got {got(node)}")
            return params
        for key, item in node.entries.items():
            path = f"scene_params.{short(key)}"
            value = item.value
            if is_null(value):
                spec = SCENE_PARAMS.get(scene or "", {}).get(key)
                default = f" (the {scene} scene's default is {spec['default']})" if spec else ""
                self.error(item, f"{path}: is empty; write a value, or delete the line{default}")
                continue
            if not isinstance(value, Scalar) or value.tag not in ("str", "int", "float", "bool"):
                if not (isinstance(value, Scalar) and value.tag == "error"):
                    self.error(
                        value, f"{path}: expected a single number, text or true/false, got {got(value)}"
                    )
                continue
            if value.tag in ("int", "float") and ":" in value.text:
                self.error(
                    value,
                    f"{path}: YAML reads '{value.text}' as {value.value}; put it in quotes if it is text",
                )
                continue
            if value.tag == "float" and not math.isfinite(float(value.value)):  # type: ignore[arg-type]
                self.error(value, f"{path}: expected a finite number, got {value.text}")
                continue
            if value.tag == "str" and not self.text_ok(
                value, path, str(value.value), limit=MAX_SETTING_CHARS, multiline=False
            ):
                continue
            if value.tag == "str" and _looks_like_path(str(value.value)):
                why = _path_problem(str(value.value))
                if why:
                    self.error(value, f"{path}: '{short(value.text)}' {why}")
                    continue
            if scene is None or self._scene_param(scene, key, item):
                params[key] = value.value
        return params

    def _scene_param(self, scene: str, key: str, item: Entry) -> bool:
        """Check one `scene_params` name and value against what `scene`'s painter reads (SCENE_PARAMS):
        an unknown name is a warning (the painter ignores it), a bad value an error. False on an error."""
        known = SCENE_PARAMS.get(scene, {})
        path = f"scene_params.{short(key)}"
        if key not in known:
            ignored = f"the {scene} scene ignores it (it reads {', '.join(known) or 'no settings'})"
            other = next((s for s, names in SCENE_PARAMS.items() if key in names), None)
            if other is not None:
                self.warn(item, f"{path}: '{key}' is a setting of the {other} scene; {ignored}")
            else:
                hint = suggest(key, list(known))
                self.warn(item, f"scene_params: unknown name '{short(key)}'{hint}; {ignored}")
            return True
        spec = known[key]
        node = item.value
        assert isinstance(node, Scalar)  # the caller checked
        if spec["type"] == "choice":
            choices = tuple(str(c) for c in spec["choices"])  # type: ignore[attr-defined]
            if node.tag == "str" and node.value in choices:
                return True
            hint = suggest(str(node.value), choices) if node.tag == "str" else ""
            self.error(node, f"{path}: expected one of {', '.join(choices)}, got {got(node)}{hint}")
            return False
        low, high = float(spec["low"]), float(spec["high"])  # type: ignore[arg-type]
        whole = spec["type"] == "whole"
        unit = f" {spec['unit']}" if "unit" in spec else ""
        what = f"{'a whole number' if whole else 'a number'} from {num(low)} to {num(high)}{unit}"
        number = node.tag in ("int", "float") and not isinstance(node.value, bool)
        value = as_float(node.value) if number else math.nan
        if not number or not low <= value <= high or (whole and value != int(value)):
            self.error(node, f"{path}: expected {what}, got {got(node)}")
            return False
        if scene == "candle" and key == "soft_max" and value < KEY_FLOW:
            self.warn(
                node,
                f"{path}: {num(value)} is below the {num(KEY_FLOW)} a held breath key reads as, so "
                "keyboard players would gutter the flame on every exhale, however gently they breathe",
            )
        return True
