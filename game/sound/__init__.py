"""Every sound as numpy arrays (`tones.py`) and the `--audio-out` WAV tape (`audio_out.py`). Pure: the mixer
that plays them is an edge, `game/window/audio.py`."""
