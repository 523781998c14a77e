# The shipped campaign: level files (*.yaml), pack.yaml (their order) and level.schema.json.
