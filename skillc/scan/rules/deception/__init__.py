"""Risk rules: deception."""
