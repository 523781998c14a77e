"""Developer tools: the detector's training and its evaluation on real recordings (not shipped)."""
