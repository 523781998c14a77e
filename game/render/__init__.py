"""Drawing: scenes, the pacer, the breath trace and charts. Only this package and scenes touch surfaces."""
