"""The command line's argument parsing: `exhale` and `exhale play` take the same breath input options."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

import game.cli as cli
from game.records.storage import Store


class FakeInputs:
    """Just enough of the source provider for a builder: the keyboard, and microphones that open nothing."""

    def __init__(self, rates: list[int]) -> None:
        self.keyboard_source = object()
        self.rates = rates

    def keyboard(self) -> object:
        return self.keyboard_source

    def microphone(self, *, sample_rate: int = 16000, asked: bool = True) -> str:
        self.rates.append(sample_rate)
        return "mic"


@pytest.fixture
def window(monkeypatch) -> list[dict[str, Any]]:
    """Calls that would have opened the window (nothing opens)."""
    calls: list[dict[str, Any]] = []

    def run_window(store, catalog, builder, level=None, *, watch=None, device=None, size=None, **more):
        calls.append(
            {
                "store": store,
                "builder": builder,
                "level": level,
                "watch": watch,
                "device": device,
                "size": size,
                **more,  # practice (exhale breathe), warnings (play FILE)
            }
        )
        return 0

    monkeypatch.setattr(cli.play, "run_window", run_window)
    return calls


@pytest.fixture
def mic() -> list[int]:
    """Sample rates microphones were opened at (no device is touched)."""
    return []


def source_of(call: dict[str, Any], rates: list[int] | None = None) -> object:
    """What the builder handed to the window gives a play."""
    inputs = FakeInputs(rates if rates is not None else [])
    source = call["builder"](inputs, None)
    return "keyboard" if source is inputs.keyboard_source else source


def test_bare_exhale_takes_input_keyboard(tmp_path: Path, window) -> None:
    assert cli.main(["--data-dir", str(tmp_path), "--input", "keyboard"]) == 0
    assert len(window) == 1 and window[0]["level"] is None  # the title screen, no level
    assert source_of(window[0]) == "keyboard"


def test_bare_exhale_takes_the_microphone_options(tmp_path: Path, window, mic) -> None:
    argv = ["--data-dir", str(tmp_path), "--input", "mic", "--mic-rate", "8000", "--device", "USB mic"]
    assert cli.main(argv) == 0
    assert source_of(window[0], mic) == "mic" and mic == [8000]
    assert window[0]["device"] == "USB mic", "the device is a run option for the window"
    assert window[0]["store"].settings.device == "", "and never written into the settings"


def test_bare_exhale_without_input_uses_the_settings_choice(tmp_path: Path, window, mic) -> None:
    store = Store(tmp_path)
    store.settings.input = "keyboard"
    assert store.save_settings()
    assert cli.main(["--data-dir", str(tmp_path)]) == 0
    assert source_of(window[0], mic) == "keyboard" and mic == []


def test_bare_exhale_refuses_a_bad_input_before_opening_a_window(tmp_path: Path, window, capsys) -> None:
    assert cli.main(["--data-dir", str(tmp_path), "--input", "keybaord"]) == cli.EXIT_USAGE
    assert window == []
    assert "unknown --input 'keybaord'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["play", "first-breaths", "--input", "mic", "--mic-rate", "8000"],
        ["--input", "mic", "--mic-rate", "8000", "play", "first-breaths"],  # the options before `play`
        [
            "--input",
            "keyboard",
            "play",
            "first-breaths",
            "--input",
            "mic",
            "--mic-rate",
            "8000",
        ],  # play's win
    ],
)
def test_play_takes_the_same_options_before_or_after_the_command(tmp_path: Path, window, mic, argv) -> None:
    assert cli.main(["--data-dir", str(tmp_path), *argv]) == 0
    assert window[0]["level"].id == "first-breaths"
    assert source_of(window[0], mic) == "mic" and mic == [8000]


def test_play_without_input_options_gets_the_defaults() -> None:
    args = cli.build_parser().parse_args(["play"])
    assert (args.input, args.device, args.mic_rate) == (None, None, 16000)
    bare = cli.build_parser().parse_args([])
    assert (bare.command, bare.input, bare.device, bare.mic_rate) == (None, None, None, 16000)


def test_calibrate_keeps_a_device_given_before_the_command() -> None:
    assert cli.build_parser().parse_args(["--device", "3", "calibrate"]).device == "3"
    assert cli.build_parser().parse_args(["calibrate", "--device", "4"]).device == "4"
    assert cli.build_parser().parse_args(["calibrate"]).device is None


def _input_options(parser: argparse.ArgumentParser) -> dict[str, tuple[Any, ...]]:
    return {
        a.option_strings[0]: (a.dest, a.type, a.metavar, a.help)
        for a in parser._actions
        if a.option_strings and a.option_strings[0] in ("--input", "--device", "--mic-rate")
    }


def test_exhale_and_exhale_play_describe_the_options_alike(capsys) -> None:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    bare, play = _input_options(parser), _input_options(sub.choices["play"])
    assert set(bare) == {"--input", "--device", "--mic-rate"} and bare == play
    with pytest.raises(SystemExit) as stop:
        parser.parse_args(["--help"])
    assert stop.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--input INPUT" in text and "--mic-rate HZ" in text and "--device DEVICE" in text
    assert "title screen" in text
