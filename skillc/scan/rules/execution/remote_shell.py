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
    r"|\b(?:nc|ncat|netcat)\s+-[a-z]*l[^\n|]{0,80}\|\s*(?:base64\s+-d|(?:ba|z)?sh\b|python)"
    r"|System\.Net\.Sockets\.TCPClient|\bngrok\s+tcp\s+22\b",
    re.IGNORECASE,
)
#: Plumbing that hands a process's terminal or standard streams to a file descriptor: a shell
#: when that descriptor is a socket, and ordinary plumbing otherwise (the signal docs' SIGPIPE
#: handler redirects stdout to devnull with ``os.dup2``; the pty docs' script(1) clone runs the
#: user's shell under ``pty.spawn``).
_PLUMBING = re.compile(r"\bpty\.spawn\s*\(|\bos\.dup2\s*\([^\n]{0,80}fileno", re.IGNORECASE)
#: The network part that makes such plumbing a remote shell: a socket that connects or
#: listens, a connection to a host, netcat, or a /dev/tcp path.
_NETWORK = re.compile(
    r"\bsocket\.(?:socket|create_connection|create_server|fromfd)\b|\bsocket\s*\(\s*"
    r"(?:socket\.)?AF_INET|\.(?:connect|connect_ex)\s*\(|\.bind\s*\(\s*\("
    r"|\b(?:nc|ncat|netcat|socat)\b|/dev/(?:tcp|udp)/",
    re.IGNORECASE,
)
#: How far from the plumbing its network part is looked for (a one-liner or a short script).
_REACH = 600


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
    "tcpclient",
    "ngrok",
)
_PLUMBING_WORDS = ("pty.spawn", "dup2")


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Reverse shells, bind shells and shell-over-socket constructs, in code and prose."""
    for view in ctx.select("code", "prose", "hidden"):
        if not view.mentions(WORDS + _PLUMBING_WORDS):
            continue
        for match in view.find(_SHELL, WORDS):
            yield ctx.found(
                META, view, match.start(), match.end(), "opens a shell that a remote host controls"
            )
        for match in view.find(_PLUMBING, _PLUMBING_WORDS):
            low, high = max(0, match.start() - _REACH), match.end() + _REACH
            if _NETWORK.search(view.text, low, high) is not None:
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    "hands a shell's streams to a network socket (a remote host controls it)",
                )
