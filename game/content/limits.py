"""Every limit of the level format: the safety lint's thresholds and the hard ranges of numbers and text.

Level files are untrusted input; the reader (loader.py), the lint (lint.py) and the JSON Schema (schema.py)
all read these, so a range is stated once.
"""

# Safety lint (PRODUCT.md section 4): warnings past the soft limits, errors past the hard ones unless the
# level carries `safety: {caution: ...}`.
HOLD_WARN_S = 10.0
HOLD_LIMIT_S = 20.0
PACE_WARN_BPM = 20.0
PACE_LIMIT_BPM = 30.0
# `safety.max_breaths_per_minute`, the adaptive pacer's speed limit: a calm range, never past the hard limit.
MAX_BPM_LOW = 4.0
MAX_BPM_HIGH = PACE_LIMIT_BPM
LONG_SESSION_S = 30 * 60
MAX_GOALS = 3
# An exhale within 5 % of a goal's seconds counts (scoring reads it too): a breath is not a stopwatch.
LENGTH_GRACE = 0.95

# Hard limits (issue 15). Level files are shared, so they are untrusted input: every number has a range,
# stated in the JSON Schema too (schema.py reads these), and a level's total length is capped, so nothing the
# game lays out per cycle or per sample can grow past a known size.
MAX_LEVEL_S = 2 * 60 * 60  # a level's total length, whether given as cycles or as a duration
MIN_DURATION_S = 1.0
MAX_CYCLES = 2000  # also every count of cycles or exhales (ramps, goals)
MIN_PHASE_S = 0.5  # the shortest inhale or exhale (holds may be 0)
MAX_PHASE_S = 60.0  # the longest phase, holds and ramps' `to` included
MAX_MEASURE_CYCLES = 50  # adaptive.measure_cycles
MIN_STEP_S, MAX_STEP_S = 0.01, 10.0  # adaptive.step_s
MAX_GOAL_BPM = 60.0  # goals' at_most
MAX_GOAL_RATIO = 10.0  # an exhale_ratio goal's at_least
# An adaptive cycle is never longer than the pattern's at that cycle plus the adaptive pacer's in-breath floor
# (game/sim/adaptive.py INHALE_FLOOR_S; a test keeps them in step), or one cycle at the level's speed limit.
ADAPTIVE_SLACK_S = 1.5
# Text (issue 15, item 2): characters per field, so nothing drawn or saved grows with a file's whim. Intro,
# tip and caution may hold line breaks (at most MAX_TEXT_LINES lines); the other texts are one line.
MAX_TITLE_CHARS = 60
MAX_INTRO_CHARS = 600
MAX_TIP_CHARS = 600
MAX_CAUTION_CHARS = 300
MAX_LABEL_CHARS = 80  # a goal's label
MAX_NAME_CHARS = 60  # a pack's name
MAX_ID_CHARS = 64
MAX_SETTING_CHARS = 200  # a text value in scene_params
# Stages (issue 12, item 5): a level holds at most MAX_STAGES; their breaths together stay within MAX_CYCLES
# and the level within MAX_LEVEL_S, as any level's. Stage names and cues are one line each.
MAX_STAGES = 20
MAX_STAGE_NAME_CHARS = 40
MAX_CUE_CHARS = 80  # a stage's cue and each phase's cue
