"""`python -m game` runs the same command line as `exhale`."""

from game.cli import main

raise SystemExit(main())
