"""Risk rules: destruction."""
