"""Risk rules: persistence."""
