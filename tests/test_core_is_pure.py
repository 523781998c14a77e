"""The pure core imports neither pygame nor sounddevice: each core module, in a fresh interpreter.

Core is everything in breath_input/ and game/, except the edge packages and modules named below. A new
module is core unless it is put in an edge package or added to EDGES on purpose.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The edges: pygame screens and painters, the window and its input and sound, the command line (which starts
# the window), and the package entry point.
EDGE_PACKAGES = ("game.scenes", "game.render", "game.cli", "game.window")
EDGES = {"game.__main__", "game.app"}


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def core_modules() -> list[str]:
    found = [module_name(p) for p in sorted(ROOT.glob("breath_input/*.py"))]
    found += [module_name(p) for p in sorted(ROOT.glob("game/**/*.py"))]
    return [
        m
        for m in found
        if m not in EDGES and not any(m == pkg or m.startswith(pkg + ".") for pkg in EDGE_PACKAGES)
    ]


def test_every_core_module_imports_without_pygame_or_sounddevice():
    modules = core_modules()
    assert len(modules) > 30, modules  # the discovery found the core
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    loaded = [m for m in ('pygame', 'sounddevice') if m in sys.modules]\n"
        "    if loaded:\n"
        "        print(name, 'loads', ', '.join(loaded))\n"
        "        break\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "", run.stdout
