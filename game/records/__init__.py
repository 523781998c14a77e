"""What the player has done and what it opens: progress, settings, check-ins, the session history, replays and
the ghost, and which levels are unlocked. Pure: no pygame, no devices; a session's times are passed in."""
