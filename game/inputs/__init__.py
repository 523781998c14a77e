"""The run's breath input: `--input` specs, the provider that owns the microphone, what a microphone play does
beside the breath, `exhale calibrate`'s run, and quieting C libraries while devices are probed. Pure: the
sound card is opened lazily through breath_input/mic.py."""
