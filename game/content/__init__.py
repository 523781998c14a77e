"""Level content: YAML files -> frozen dataclasses, with every problem located by file, line and column.

Pure: imports neither pygame nor sounddevice.
"""
