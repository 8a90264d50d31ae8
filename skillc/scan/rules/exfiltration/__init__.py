"""Risk rules: exfiltration."""
