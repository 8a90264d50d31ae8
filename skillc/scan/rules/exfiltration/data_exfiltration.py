"""RK202: local data or secrets flow to a network call, in one command or across files."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext, lines
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.normalize import View
from skillc.scan.rules._patterns import ENV_DUMP, SECRET_VAR, SEND, SENSITIVE_PATH, STEALER_PATH

META = RuleMeta(
    code="RK202",
    channel=Channel.MALICIOUS,
    dimensions=((Dimension.EXFILTRATION, 5), (Dimension.CREDENTIAL, 4)),
    owasp="AST01",
    skillscan="data exfiltration",
)

#: Arguments that authenticate a request to its own server rather than carry data out.
_AUTH_ARGS = re.compile(
    r"(?:-H|--header|-u|--user|--oauth2-bearer)\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\S+)"
    r"|headers\s*=\s*\{[^}\n]{0,300}\}|[\"']?Authorization[\"']?\s*:\s*[^,}\n]{0,200}",
    re.IGNORECASE,
)
_COMMAND_DATA = re.compile(r"\$\((?:\s*(?:cat|whoami|hostname|id|uname|history|ls)\b)")
#: Data piped into a request body (``... | curl --data @-``), maybe through an encoder.
_PIPED = re.compile(
    r"([^\n|;&]{1,300})\|\s*(?:(base64|xxd|gzip|openssl|od)\b[^\n|]{0,60}\|\s*)?"
    r"curl\b[^\n]{0,300}?(?:-d|--data\S*|-F|--form|--json|-T|--upload-file)\s*[\"']?\S*@-"
)
_DATA_WORDS = re.compile(r"credential|token|secret|passw|api[_-]?key|cookie|session", re.I)
_INSTRUCTION = re.compile(
    r"\b(?:send|upload|post|forward|transmit|exfiltrat\w*|report|copy|sync)\b[^.\n]{0,120}?"
    r"\b(?:credentials?|tokens?|api[ _-]?keys?|secrets?|passwords?|session(?:\s+data)?|cookies|"
    r"env(?:ironment)?(?:\s+variables)?|ssh\s+keys?|private\s+keys?|history|\.env\b|~/\.ssh)"
    r"[^.\n]{0,120}?\b(?:to|at|into)\b[^.\n]{0,60}?(?:https?://|\b[\w-]+\.[a-z]{2,}\b|webhook)"
    r"|\b(?:read|collect|gather|grab|harvest)\b[^.\n]{0,80}?\b(?:credentials?|tokens?|secrets?|"
    r"passwords?|session\s+data|cookies|ssh\s+keys?)\b[^.\n]{0,120}?\b(?:forward|send|upload|"
    r"post)\b[^.\n]{0,60}?(?:https?://|webhook)",
    re.IGNORECASE,
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Secrets, the environment or sensitive files in the payload of a network call."""
    sinks: list[tuple[View, int, int]] = []
    sources: list[tuple[View, int, int, str]] = []
    for view in ctx.select("code", "prose", "hidden"):
        for start, line in lines(view.text):
            send = SEND.search(line)
            data = _sensitive(_AUTH_ARGS.sub(" ", line))
            if send is not None and data is not None:
                yield ctx.found(
                    META,
                    view,
                    start + send.start(),
                    start + len(line),
                    f"sends {data[2]} to the network",
                )
            elif send is not None and view.kind == "code":
                sinks.append((view, start + send.start(), start + send.end()))
            elif data is not None and view.kind == "code" and data[2] != "a secret variable":
                sources.append((view, start + data[0], start + data[1], data[2]))
        for match in _PIPED.finditer(view.text):
            found = _piped(match)
            if found is not None:
                yield ctx.found(META, view, match.start(), match.end(), found[0], channel=found[1])
        if view.kind != "code":
            for match in _INSTRUCTION.finditer(view.text):
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    "instructs the agent to send private data to a remote address",
                )
    yield from _across(ctx, sinks, sources)


def _piped(match: re.Match[str]) -> tuple[str, Channel] | None:
    """What a pipeline into a request body sends, and how bad that is: encoded or secret data
    is a malicious indicator, variable contents a risky construct, a plain file nothing."""
    producer, encoder = match.group(1), match.group(2)
    if encoder is not None or "base64" in producer:
        return "encodes local data and sends it to the network", Channel.MALICIOUS
    if _DATA_WORDS.search(producer) or _sensitive(producer) is not None:
        return "pipes secret data into a network request", Channel.MALICIOUS
    if "$" in producer:
        return "pipes variable contents into a network request", Channel.RISKY
    return None


def _sensitive(line: str) -> tuple[int, int, str] | None:
    """Where ``line`` uses private data, and what it is."""
    for pattern, what in (
        (ENV_DUMP, "the whole environment"),
        (STEALER_PATH, "a browser, keychain or wallet store"),
        (SENSITIVE_PATH, "a credential file"),
        (SECRET_VAR, "a secret variable"),
        (_COMMAND_DATA, "local command output"),
    ):
        match = pattern.search(line)
        if match is not None:
            return match.start(), match.end(), what
    return None


def _across(
    ctx: ScanContext,
    sinks: list[tuple[View, int, int]],
    sources: list[tuple[View, int, int, str]],
) -> Iterator[Finding]:
    """A file reads private data and a file of the same package sends data out: the flow may
    be split to hide it (read in one script, post in another), so it is a risky construct."""
    if not sinks or not sources:
        return
    view, start, end, what = sources[0]
    sink_view, sink_start, sink_end = sinks[0]
    where = ctx.span(sink_view, sink_start, sink_end)
    yield ctx.found(
        META,
        view,
        start,
        end,
        f"reads {what} and the package sends data to the network at {where.label()}",
        channel=Channel.RISKY,
        related=((where, "the network call"),),
    )
