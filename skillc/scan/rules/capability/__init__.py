"""Risk rules: capability."""
