"""Detectors shared by the linter's hygiene rules and the risk scanner.

Each detector is a pure function of a text that returns matches with character offsets, so a
caller can turn them into spans (`skillc.package.model.span_at`) or fix edits. They never print or
store a secret: `secrets.SecretMatch` holds only offsets and a kind, and `secrets.redact` gives
the safe prefix a message may show.
"""

from __future__ import annotations

from skillc.lint.detect.secrets import SecretMatch, find_secrets, redact
from skillc.lint.detect.unicode import UnicodeMatch, find_hidden_unicode, tag_text

__all__ = [
    "SecretMatch",
    "UnicodeMatch",
    "find_hidden_unicode",
    "find_secrets",
    "redact",
    "tag_text",
]
