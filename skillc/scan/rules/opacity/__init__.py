"""Risk rules: opacity."""
