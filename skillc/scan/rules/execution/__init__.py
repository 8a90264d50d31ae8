"""Risk rules: execution."""
