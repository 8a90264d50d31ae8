"""Secrets in text: credentials with a known format, and literal values assigned to secret names.

Two kinds of evidence, checked in two regex scans per text:

- *Formats* that only credentials have: AWS access key ids (``AKIA``/``ASIA`` + 16), GitHub
  tokens (``ghp_`` ``gho_`` ``ghu_`` ``ghs_`` ``ghr_`` + 36, ``github_pat_``), Slack tokens
  (``xox[abposr]-``) and webhooks, private key blocks (a ``-----BEGIN ... PRIVATE KEY-----``
  header followed by key material, so a sentence naming the header is not a key), Anthropic
  (``sk-ant-``), OpenAI (``sk-``, ``sk-proj-``; at least 32 characters mixing upper case, lower
  case and digits, so ``sk-some-long-identifier`` is not one), Google API keys (``AIza`` + 35),
  Stripe live keys (``sk_live_``, ``rk_live_``), JWTs (``eyJ…​.eyJ…​.…``) and passwords in URLs
  (``scheme://user:password@host``).
- *Assignments*: a name containing password, secret, token, api key, access key, auth key,
  private key or credential, assigned (``=``, ``:``, ``:=``, ``=>``) a quoted literal, or an
  ``UPPER_CASE=value`` line of an env file, whose value looks random (`looks_random`).

Placeholders are not secrets: a value with 3 or fewer distinct characters after its fixed prefix
(``AKIAXXXXXXXXXXXXXXXX``), or holding ``<``, ``$``, ``{`` or ``%`` (a template), or the words
"your", "changeme", "placeholder", "dummy", "redacted", "password", "secret" (a description of
a value) is skipped. Values that are *documented example keys* (AWS's ``AKIAIOSFODNN7EXAMPLE``,
anything holding "example" in any case, jwt.io's sample token, or a run of six ascending
characters such as ``123456``/``abcdef``) are returned with ``example=True``: they are not live
credentials, but secret scanners and reviewers still stop on them.

A match never holds the secret: only its offsets, its kind (which names the variable of an
assignment) and ``hint``, the format's fixed prefix (``AKIA``, ``ghp_``, the ``scheme://user:``
of a URL; empty for assigned values) that `redact` may show.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import NamedTuple


class SecretMatch(NamedTuple):
    """A secret at ``text[start:end]``: its ``kind``, a printable ``hint`` and ``example``."""

    kind: str
    start: int
    end: int
    hint: str = ""
    example: bool = False


_NL = r"(?:\\n|\r?\n)"  # a line break, or a ``\n`` escape inside a JSON string
#: (name, kind, pattern, anchors): a pattern runs only when one of its anchors (plain substrings)
#: occurs in the text, so a text without ``AKIA`` never pays for the AWS pattern. The order is
#: the priority when two matches overlap (``sk-ant-`` is both Anthropic and OpenAI-shaped).
_FORMATS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "pkey",
        "private key",
        r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----"
        rf"(?={_NL}(?:[A-Za-z-]+:[^\n]*{_NL})*{_NL}?[A-Za-z0-9+/=]{{40}})",
        ("PRIVATE KEY",),
    ),
    ("aws", "AWS access key id", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", ("AKIA", "ASIA")),
    (
        "ghpat",
        "GitHub fine-grained token",
        r"\bgithub_pat_[A-Za-z0-9_]{60,255}\b",
        ("github_pat_",),
    ),
    (
        "gh",
        "GitHub token",
        r"\bgh[pousr]_[A-Za-z0-9]{36,255}\b",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    ),
    (
        "slackhook",
        "Slack webhook URL",
        r"https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,}",
        ("hooks.slack.com",),
    ),
    ("slack", "Slack token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}", ("xox",)),
    ("anthropic", "Anthropic API key", r"\bsk-ant-[A-Za-z0-9_-]{32,}", ("sk-ant-",)),
    (
        "openai",
        "OpenAI API key",
        r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}",
        ("sk-",),
    ),
    ("google", "Google API key", r"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", ("AIza",)),
    ("stripe", "Stripe live key", r"\b[rs]k_live_[0-9A-Za-z]{20,}", ("k_live_",)),
    (
        "jwt",
        "JSON Web Token",
        r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}",
        ("eyJ",),
    ),
    (
        "urlpass",
        "password in URL",
        r"://[^\s/:@'\"<>]+:(?P<value>[^\s/@'\"<>]{3,})@[\w.-]",
        ("://",),
    ),
)
_COMPILED = tuple((name, kind, re.compile(p), anchors) for name, kind, p, anchors in _FORMATS)
#: The fixed prefix each format may show in a message; the rest is the secret.
_HINTS = {
    "pkey": "-----BEGIN",
    "ghpat": "github_pat_",
    "slackhook": "https://hooks.slack.com/services/",
    "anthropic": "sk-ant-",
    "google": "AIza",
    "jwt": "eyJ",
}
#: Formats whose shown prefix is the first characters of the match (``gho_``, ``xoxp-``).
_PREFIX_LENGTH = {"aws": 4, "gh": 4, "slack": 5, "stripe": 8}

_SECRET_NAME = (
    r"(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key"
    r"|private[_-]?key|credential)"
)
_SECRET_WORD = re.compile(rf"(?i){_SECRET_NAME}")
#: An assignment operator and a quoted literal; the name before it is checked separately, since
#: a regex that starts with a literal operator scans ten times faster than one that starts with
#: a case-insensitive list of words.
_ASSIGNED = re.compile(
    r"(?::=|=>|[:=])[ \t]*(?P<quote>[\"'`])(?P<value>[^\"'`\s]{8,256})(?P=quote)"
)
_ENV_LINE = re.compile(
    r"(?m)^[ \t]*(?:export[ \t]+)?(?P<name>[A-Z0-9_]*"
    r"(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|AUTH_?KEY|PRIVATE_?KEY|CREDENTIALS?)"
    r"[A-Z0-9_]*)=(?P<value>[^\s\"'`#]{8,256})[ \t]*\r?$"
)
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_TEMPLATE_CHARS = frozenset("<>${}%*")
_PLACEHOLDER_WORDS = (
    "your",
    "changeme",
    "change-me",
    "change_me",
    "placeholder",
    "dummy",
    "redacted",
    "password",
    "secret",
    "xxxx",
    "....",
)
_KNOWN_EXAMPLES = (
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi",
)
_ASCENDING = ("0123456789", "abcdefghijklmnopqrstuvwxyz")
_HEX = frozenset("0123456789abcdefABCDEF")


def find_secrets(text: str) -> list[SecretMatch]:
    """Secrets in ``text``, in order of position (module doc lists what counts).

    >>> [m.kind for m in find_secrets("key = " + "AKIA" + "Z7Q2" * 4)]
    ['AWS access key id']
    """
    found: list[tuple[int, int, SecretMatch]] = []
    for priority, (name, kind, regex, anchors) in enumerate(_COMPILED):
        if any(anchor in text for anchor in anchors):
            for match in regex.finditer(text):
                secret = _format_match(name, kind, match)
                if secret is not None:
                    found.append((secret.start, priority, secret))
    for regex in (_ASSIGNED, _ENV_LINE):
        for match in regex.finditer(text):
            secret = _assignment_match(text, match)
            if secret is not None:
                found.append((secret.start, len(_COMPILED), secret))
    return _without_overlaps(found)


def _without_overlaps(found: list[tuple[int, int, SecretMatch]]) -> list[SecretMatch]:
    """Keep, of overlapping matches, the one that starts first (then the higher priority)."""
    kept: list[SecretMatch] = []
    for _, _, secret in sorted(found, key=lambda item: (item[0], item[1])):
        if kept and secret.start < kept[-1].end:
            continue
        kept.append(secret)
    return kept


def redact(match: SecretMatch) -> str:
    """What a message may show of the secret: its fixed prefix and an ellipsis (``AKIA…``);
    just ``…`` for a free-form value, which has no safe part."""
    return f"{match.hint}…"


def looks_random(value: str) -> bool:
    """Whether an assigned literal looks like a generated credential rather than a word.

    True for hex of 16+ characters mixing digits and letters; for 12+ characters mixing at least
    three of lower case, upper case, digits and punctuation (``-``, ``_`` and ``.`` separate words
    and do not count) with Shannon entropy of 3 bits per character or more; and for 20+
    lower-case letters and digits, 20-80% digits, with entropy of 3.5 or more.

    >>> looks_random("4eC39HqLyjWDarjtT1zdp7dc"), looks_random("text-embedding-3-small")
    (True, False)
    """
    if _is_placeholder(value):
        return False
    digits = sum(c.isdigit() for c in value)
    letters = sum(c.isalpha() for c in value)
    if len(value) >= 16 and set(value) <= _HEX and digits and letters:
        return True
    classes = (
        any(c.islower() for c in value)
        + any(c.isupper() for c in value)
        + (digits > 0)
        + any(not c.isalnum() and c not in "-_." for c in value)
    )
    if len(value) >= 12 and classes >= 3 and _entropy(value) >= 3.0:
        return True
    bare = value.replace("-", "").replace("_", "").replace(".", "")
    return (
        len(bare) >= 20
        and bare.isalnum()
        and bare.lower() == bare
        and 0.2 <= digits / len(bare) <= 0.8
        and _entropy(bare) >= 3.5
    )


def _format_match(name: str, kind: str, match: re.Match[str]) -> SecretMatch | None:
    value = match.group()
    start, end = match.span()
    if name == "urlpass":
        value = match.group("value")
        if not looks_random(value):
            return None
        start, end = match.span("value")
        scheme = match.start()
        while scheme > 0 and (
            match.string[scheme - 1].isalnum() or match.string[scheme - 1] in "+.-"
        ):
            scheme -= 1
        hint = match.string[scheme:start]
        return SecretMatch(kind, start, end, hint=hint, example=_is_example(value))
    if name == "openai" and (value.startswith("sk-ant-") or not _mixed(value[3:])):
        return None
    hint = value[: _PREFIX_LENGTH[name]] if name in _PREFIX_LENGTH else _HINTS.get(name, "")
    if name == "openai":
        hint = _openai_prefix(value)
    if name != "pkey" and len(set(value[len(hint) :])) <= 3:
        return None  # AKIAXXXXXXXXXXXXXXXX, ghp_000…: a placeholder
    return SecretMatch(kind, start, end, hint=hint, example=_is_example(value))


def _assignment_match(text: str, match: re.Match[str]) -> SecretMatch | None:
    if "name" in match.re.groupindex:  # the env-file form names its variable itself
        name = match.group("name")
    else:
        name = _assigned_name(text, match.start())
    if not name or not _SECRET_WORD.search(name):
        return None
    value = match.group("value")
    if not looks_random(value):
        return None
    start, end = match.span("value")
    # No part of a free-form value is safe to show; the kind names the variable instead.
    return SecretMatch(f"secret assigned to {name}", start, end, example=_is_example(value))


def _assigned_name(text: str, operator: int) -> str:
    """The name written before the operator at ``operator``: ``db_password`` in
    ``"db_password": "…"``; the env-file form has its name at the start of the match."""
    end = operator
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end > 0 and text[end - 1] in "\"'":
        end -= 1
    start = end
    while start > 0 and text[start - 1] in _NAME_CHARS:
        start -= 1
    return text[start:end]


def _openai_prefix(value: str) -> str:
    for prefix in ("sk-proj-", "sk-svcacct-", "sk-admin-"):
        if value.startswith(prefix):
            return prefix
    return "sk-"


def _mixed(value: str) -> bool:
    return (
        any(c.isupper() for c in value)
        and any(c.islower() for c in value)
        and any(c.isdigit() for c in value)
    )


def _is_placeholder(value: str) -> bool:
    lowered = value.lower()
    return (
        len(set(value)) <= 3
        or any(c in _TEMPLATE_CHARS for c in value)
        or any(word in lowered for word in _PLACEHOLDER_WORDS)
        or lowered.startswith(("/", "./", "~", "http:", "https:"))
    )


def _is_example(value: str) -> bool:
    if "example" in value.lower() or any(k in value for k in _KNOWN_EXAMPLES):
        return True
    lowered = value.lower()
    return any(run[i : i + 6] in lowered for run in _ASCENDING for i in range(len(run) - 5))


def _entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())
