"""The check-in on real recordings: its rate against the paced rate of every rrujo-dev file.

Run: ``python tests/bench/bench_checkin.py [--per-file] [--limit N]`` (about 2 minutes on one core). Not part
of the default pytest run; needs ../shared/breath-data.

Each file goes through `exhale checkin --headless --input wav:FILE` as a player's would (the same App,
check-in scene, source builder and detector, on a virtual clock; drawn small to save time). A file counts
when the check-in answers and its rate is within 2 breaths/min of the paced rate; "could not hear enough"
counts as a miss. The check-in's rhythm confidence (its window and the weight of an estimate at half or
double the rate) was chosen on half of the subjects (the "tune" half: every other subject, sorted); the
other half ("held out") was never looked at while choosing, so its figure is the honest one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import headless_env  # noqa: E402

headless_env()

from game.cli.checkin import checkin_headless  # noqa: E402
from game.inputs.play_inputs import source_builder  # noqa: E402
from game.records.catalog import Catalog  # noqa: E402
from game.records.storage import Store  # noqa: E402
from tools.corpus import rrujo  # noqa: E402

TOLERANCE_BPM = 2.0


def tune_subjects(files: list[tuple[Path, float]]) -> set[str]:
    """Every other subject, sorted: the half the rhythm confidence was chosen on."""
    subjects = sorted({wav.stem for wav, _ in files})
    return set(subjects[::2])


def check_file(wav: Path, catalog: Catalog, size: tuple[int, int]) -> dict:
    with tempfile.TemporaryDirectory() as data:
        spec = f"wav:{wav}"
        return checkin_headless(
            store=Store(Path(data)),
            catalog=catalog,
            builder=source_builder(spec),
            input_spec=spec,
            size=size,
            draw=False,  # the same check-in, heard and measured the same (tests/test_no_draw.py), quicker
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-file", action="store_true", help="one line per file")
    ap.add_argument("--limit", type=int, help="only the first N files (a quick look)")
    ap.add_argument("--json", type=Path, help="also write every file's result here")
    args = ap.parse_args(argv)
    files = rrujo()
    if not files:
        print("no rrujo-dev recordings found (needs ../shared/breath-data)", file=sys.stderr)
        return 1
    tune = tune_subjects(files)
    if args.limit:
        files = files[: args.limit]
    catalog = Catalog.load()
    rows = []
    t0 = time.perf_counter()
    for wav, paced in files:
        report = check_file(wav, catalog, (320, 200))
        rate = report.get("breaths_per_minute") if report.get("heard_enough") else None
        ok = rate is not None and abs(rate - paced) <= TOLERANCE_BPM
        row = {
            "file": f"{wav.parent.name}/{wav.name}",
            "half": "tune" if wav.stem in tune else "held out",
            "paced": paced,
            "rate": rate,
            "rate_from": report.get("rate_from"),
            "confidence": report.get("confidence"),
            "ok": ok,
        }
        rows.append(row)
        if args.per_file:
            shown = "could not tell" if rate is None else f"{rate:5.1f}"
            print(
                f"  {row['file']:<24} {row['half']:<8} paced {paced:4.0f}  check-in {shown:<14} "
                f"from {row['rate_from']:<8} confidence {row['confidence']}  {'ok' if ok else 'MISS'}"
            )
    took = time.perf_counter() - t0
    print(
        f"## check-in rate within {TOLERANCE_BPM:g} breaths/min of the paced rate, rrujo-dev ({took:.0f} s)"
    )
    for label, part in (
        ("all files", rows),
        ("held out", [r for r in rows if r["half"] == "held out"]),
        ("tune", [r for r in rows if r["half"] == "tune"]),
    ):
        if not part:
            continue
        ok = sum(r["ok"] for r in part)
        unsure = sum(r["rate"] is None for r in part)
        wrong = len(part) - ok - unsure
        print(
            f"{label:<10} {ok}/{len(part)} = {ok / len(part):.1%}  (could not tell: {unsure}; "
            f"answered but off by more: {wrong})"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
