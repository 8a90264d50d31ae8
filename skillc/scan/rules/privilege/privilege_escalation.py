"""RK210: the skill gains authority it should not need, or switches protections off."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta

META = RuleMeta(
    code="RK210",
    channel=Channel.RISKY,
    dimensions=((Dimension.PRIVILEGE, 4),),
    owasp="AST03",
    skillscan="privilege escalation",
)

_PATTERNS: tuple[tuple[re.Pattern[str], str, Channel], ...] = (
    (
        re.compile(r"\bNOPASSWD\b|(?:>>|\btee\b)[^\n]{0,80}/etc/sudoers|\bvisudo\b"),
        "grants password-less sudo",
        Channel.MALICIOUS,
    ),
    (
        re.compile(r"\bchmod\s+(?:-R\s+)?(?:[ugo]*\+s|[24][0-7]{3})\b[^\n]{0,80}"),
        "sets the setuid or setgid bit",
        Channel.MALICIOUS,
    ),
    (
        re.compile(
            r"\bsetenforce\s+0\b|SELINUX=disabled|\bufw\s+disable\b|\biptables\s+-F\b|"
            r"Set-MpPreference\s+-Disable\w+|Add-MpPreference\s+-Exclusion\w+|"
            r"\bcsrutil\s+disable\b|\bsystemctl\s+(?:stop|disable|mask)\s+(?:apparmor|"
            r"firewalld|auditd|falcon-sensor|clamav\S*)",
            re.IGNORECASE,
        ),
        "switches off a security control",
        Channel.MALICIOUS,
    ),
    (
        re.compile(r"\bchmod\s+(?:-R\s+)?(?:0?777|a\+rwx|ugo\+rwx|o\+w)\b"),
        "makes files writable by every user",
        Channel.RISKY,
    ),
    (
        re.compile(r"\bsudo\s+-S\b|\becho\s+[^\n|]{1,80}\|\s*sudo\s+-S"),
        "feeds a password to sudo",
        Channel.RISKY,
    ),
    (
        re.compile(
            r"\busermod\s+-a?G\s+(?:sudo|wheel|admin|root|docker)\b|\bchown\s+(?:-R\s+)?"
            # ... but handing files in a system directory to root, their usual owner, gives
            # no one anything (the bash manual's brace-expansion example `chown root
            # /usr/{ucb/{ex,edit},lib/{ex?.?*,how_ex}}`).
            r"root(?::root)?\b(?!(?:[ \t]+[\"']?/(?:usr|bin|sbin|lib|lib64|opt|etc)(?:/[^\s\"']*)?"
            r"[\"']?)+[ \t]*(?:$|[\n;&|)]))"
        ),
        "gives an account or file root-level ownership",
        Channel.RISKY,
    ),
    (
        re.compile(r"--privileged\b|\s-v\s+/:/|--pid[= ]host\b|/var/run/docker\.sock"),
        "runs a container with host privileges",
        Channel.RISKY,
    ),
    (
        re.compile(
            r"--dangerously-skip-permissions\b|\bbypassPermissions\b|--yolo\b|"
            r"--no-sandbox\b"
        ),
        "switches off the agent's permission prompts or sandbox",
        Channel.RISKY,
    ),
    (
        re.compile(r"(?<![\w-])sudo\s+(?!-S\b)(?!-l\b)"),
        "runs a command as root",
        Channel.CAPABILITY,
    ),
)


#: Words one of which every match holds (checked before the regular expressions).
WORDS = (
    "nopasswd",
    "sudo",
    "visudo",
    "chmod",
    "setenforce",
    "selinux",
    "ufw",
    "iptables",
    "mppreference",
    "csrutil",
    "systemctl",
    "usermod",
    "chown",
    "privileged",
    "-v /:/",
    "--pid",
    "docker.sock",
    "dangerously",
    "bypasspermissions",
    "--yolo",
    "--no-sandbox",
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """sudoers edits, setuid bits, disabled security controls, world-writable permissions,
    scripted sudo passwords, privileged containers, skipped permission prompts; sudo itself
    is a capability."""
    for view in ctx.select("code", "prose", "hidden"):
        if not view.mentions(WORDS):
            continue
        for pattern, what, channel in _PATTERNS:
            for match in view.find(pattern, WORDS):
                yield ctx.found(META, view, match.start(), match.end(), what, channel=channel)
