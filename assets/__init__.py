# Installed as the package `game.assets` so an installed game finds its data (see pyproject.toml).
