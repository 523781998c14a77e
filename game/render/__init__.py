"""Drawing: scenes, the pacer, the breath trace and charts. Only this package (and scenes/app) touch surfaces."""
