"""RK213: a reverse or bind shell: someone else gets a shell on the user's machine."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta

META = RuleMeta(
    code="RK213",
    channel=Channel.MALICIOUS,
    dimensions=((Dimension.COVERT, 5), (Dimension.PRIVILEGE, 4), (Dimension.EXFILTRATION, 3)),
    owasp="AST01",
    skillscan="privilege escalation",
)

_SHELL = re.compile(
    r"\b(?:nc|ncat|netcat)\b[^\n;|]{0,200}\s-[a-z]*[ec]\s*[\"']?(?:/bin/|/usr/bin/)?"
    r"(?:ba|z|da)?sh\b|\bncat\b[^\n]{0,200}--(?:exec|sh-exec)"
    r"|/dev/(?:tcp|udp)/[\w.-]+/\d+|\bsocat\b[^\n]{0,200}\bexec:"
    r"|\b(?:ba)?sh\s+-i\s+[<>]&?|\bmkfifo\s+\S+[^\n]{0,200}\b(?:nc|ncat|netcat)\b"
    r"|\bpty\.spawn\s*\(|\bos\.dup2\s*\([^\n]{0,80}fileno"
    r"|\b(?:nc|ncat|netcat)\s+-[a-z]*l[^\n|]{0,80}\|\s*(?:base64\s+-d|(?:ba|z)?sh\b|python)"
    r"|System\.Net\.Sockets\.TCPClient|\bngrok\s+tcp\s+22\b",
    re.IGNORECASE,
)


#: Words one of which every match holds (checked before the regular expressions).
WORDS = (
    "nc ",
    "ncat",
    "netcat",
    "/dev/tcp",
    "/dev/udp",
    "socat",
    "sh -i",
    "mkfifo",
    "pty.spawn",
    "dup2",
    "tcpclient",
    "ngrok",
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Reverse shells, bind shells and shell-over-socket constructs, in code and prose."""
    for view in ctx.select("code", "prose", "hidden"):
        if not view.mentions(WORDS):
            continue
        for match in view.find(_SHELL, WORDS):
            yield ctx.found(
                META, view, match.start(), match.end(), "opens a shell that a remote host controls"
            )
