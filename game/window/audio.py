"""Sound through the pygame mixer: the plain cues, the eyes-closed guide, the echo and the ambient bed.

Only playback lives here; every sound's shape is game/sound/tones.py, and when to play it is decided in the
pure core (game/sim/sound_plan.py). Silent, never failing, without an audio device. A `tape`
(game/sound/audio_out.py) hears everything this plays, at session time: `--audio-out` writes it to a WAV.
"""

from __future__ import annotations

from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.inputs.native_noise import quiet_native_stderr
from game.sim.sound_plan import GuideSound, shape_key
from game.sound import tones

if TYPE_CHECKING:
    from game.sound.audio_out import SoundTape

RATE = 44100
HUSH_MS = 300  # pause, mute, leaving a level: the guide's tones fade out over this, never cut
BREATH_KINDS = ("inhale", "topup", "exhale")
MADE_AHEAD = 8  # shapes kept: a cycle's phases, so a fixed pattern makes each only once
_MAKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="exhale-tones")  # numpy lets go of the GIL


def _shape(sound: GuideSound) -> np.ndarray:
    """The whole shape of a sound at the mixer's rate, 16-bit stereo (made off the game's thread)."""
    return tones.stereo16(tones.render(replace(sound, at_s=sound.boundary_s), RATE))


class Cues:
    """The inhale and exhale cues and the guide. Each has a visual twin: the pacer's phase label and ring,
    'Goal met' in the corner, the ending's words."""

    def __init__(self, *, volume: float = 0.6, muted: bool = False) -> None:
        self._muted = muted
        self.volume = volume
        self.tape: SoundTape | None = None
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self._ambient: pygame.mixer.Sound | None = None
        self._ambient_channel: pygame.mixer.Channel | None = None
        self._echo: pygame.mixer.Sound | None = None
        self._echo_channel: pygame.mixer.Channel | None = None
        self._breath_channels: list[pygame.mixer.Channel] = []
        self._ahead: OrderedDict[tuple[str, float, float, float, float, int], Future[np.ndarray]] = (
            OrderedDict()
        )
        try:
            if not pygame.mixer.get_init():
                with quiet_native_stderr():  # ALSA's probe lines when there is no sound card
                    pygame.mixer.init(frequency=RATE, size=-16, channels=2, buffer=1024)
            pygame.mixer.set_num_channels(max(16, pygame.mixer.get_num_channels()))
            self._sounds = {
                n: pygame.sndarray.make_sound(tones.stereo16(tones.cue(n, RATE)))
                for n in ("inhale", "exhale")
            }
        except (pygame.error, ValueError, TypeError):
            self._sounds = {}  # no audio device: play on in silence (the tape still hears what would play)

    @property
    def available(self) -> bool:
        return bool(self._sounds)

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        if value and not self._muted:
            self._hush_mixer()
        self._muted = value

    def play(self, name: str, *, at: float = 0.0) -> None:
        """A plain cue ("inhale" or "exhale"), when the eyes-closed guide is off."""
        if self._muted:
            return
        if self.tape is not None:
            self.tape.add(at, tones.cue(name, self.tape.rate) * self.volume)
        sound = self._sounds.get(name)
        if sound is not None:
            sound.set_volume(self.volume)
            sound.play()

    def prepare(self, sound: GuideSound) -> None:
        """Start making a sound the guide will soon ask for (a long tone takes 20-60 ms to make: made at
        the moment it is asked for, it would hold up a frame or more)."""
        key = shape_key(sound)
        if not self._sounds or key in self._ahead:
            return
        self._ahead[key] = _MAKER.submit(_shape, sound)
        while len(self._ahead) > MADE_AHEAD:
            self._ahead.popitem(last=False)

    def _made(self, sound: GuideSound) -> np.ndarray:
        """The sound's samples from where it is heard: made ahead if it was, else now."""
        made = self._ahead.get(shape_key(sound))
        whole = made.result() if made is not None else _shape(sound)
        late = round((sound.at_s - sound.boundary_s) * RATE) if sound.kind in BREATH_KINDS else 0
        return whole[max(0, late) :]

    def guide(self, sound: GuideSound, *, at: float) -> None:
        """One sound of the eyes-closed guide, rendered now (a few milliseconds of numpy)."""
        if self._muted or sound.gain <= 0:
            return
        if self.tape is not None:
            self.tape.add(
                at, tones.render(sound, self.tape.rate) * self.volume, breath=sound.kind in BREATH_KINDS
            )
        if not self._sounds:
            return
        channel = pygame.mixer.find_channel(True)
        channel.set_volume(self.volume)
        channel.play(pygame.sndarray.make_sound(np.ascontiguousarray(self._made(sound))))
        if sound.kind in BREATH_KINDS:
            self._breath_channels = [c for c in self._breath_channels if c.get_busy()] + [channel]

    def echo(self, level: float, *, at: float) -> None:
        """The echo of the player's out-breath: a looping soft noise whose loudness follows the flow."""
        level = 0.0 if self._muted else level
        if self.tape is not None:
            self.tape.echo(at, level * self.volume)
        if not self._sounds:
            return
        if self._echo is None:
            self._echo = pygame.sndarray.make_sound(tones.stereo16(tones.echo_noise(RATE)))
        if self._echo_channel is None and level > 0:
            self._echo_channel = self._echo.play(loops=-1)
        if self._echo_channel is not None:
            self._echo_channel.set_volume(level * self.volume)

    def hush(self, *, at: float = 0.0) -> None:
        """Fade out the breath tones and the echo (pause, mute, leaving): a chime or the end rings on."""
        if self.tape is not None:
            self.tape.hush(at, HUSH_MS / 1000)
            self.tape.echo(at, 0.0, ramp_s=HUSH_MS / 1000)
        self._hush_mixer()

    def _hush_mixer(self) -> None:
        for channel in self._breath_channels:
            channel.fadeout(HUSH_MS)
        self._breath_channels = []
        if self._echo_channel is not None:
            self._echo_channel.fadeout(HUSH_MS)
            self._echo_channel = None

    def ambient(self, on: bool, *, at: float = 0.0) -> None:
        """Start or stop the looping ambient bed (quietly, under the cues)."""
        want = on and not self._muted
        if self.tape is not None:
            self.tape.ambient(at, self.volume * 0.5 if want else 0.0)
        if not self._sounds:
            return
        if self._ambient is None and want:  # built on first use: start-up stays quick
            self._ambient = pygame.sndarray.make_sound(tones.stereo16(tones.ambient_bed(RATE)))
        if self._ambient is None:
            return
        playing = self._ambient_channel is not None and self._ambient_channel.get_busy()
        if want and not playing:
            self._ambient.set_volume(self.volume * 0.5)
            self._ambient_channel = self._ambient.play(loops=-1, fade_ms=2000)
        elif not want and playing:
            self._ambient.fadeout(800)
            self._ambient_channel = None
