"""Risk rules: privilege."""
