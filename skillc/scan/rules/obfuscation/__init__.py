"""Risk rules: obfuscation."""
