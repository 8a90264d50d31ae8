"""RK202: local data or secrets flow to a network call, in one command or across files."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext, line_of
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.normalize import View
from skillc.scan.rules._patterns import (
    ENV_DUMP,
    ENV_WORDS,
    PATH_WORDS,
    SECRET_VAR,
    SEND,
    SENSITIVE_PATH,
    STEALER_PATH,
    child_env,
)

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
    r"\|\s*(?:(base64|xxd|gzip|openssl|od)\b[^\n|]{0,60}\|\s*)?"
    r"curl\b[^\n]{0,300}?(?:-d|--data\S*|-F|--form|--json|-T|--upload-file)\s*[\"']?\S*@-"
)
_DATA_WORDS = re.compile(r"credential|token|secret|passw|api[_-]?key|cookie|session", re.I)
#: An instruction to send private data away. Its destination is a URL, a webhook or a host
#: name; a dotted name the sentence calls a file (sqlite's "copy of the complete development
#: history of SQLite into the "sqlite.fossil" file") is a local file, not a host.
_INSTRUCTION = re.compile(
    r"\b(?:send|upload|post|forward|transmit|exfiltrat\w*|report|copy|sync)\b[^.\n]{0,120}?"
    r"\b(?:credentials?|tokens?|api[ _-]?keys?|secrets?|passwords?|session(?:\s+data)?|cookies|"
    r"env(?:ironment)?(?:\s+variables)?|ssh\s+keys?|private\s+keys?|history|\.env\b|~/\.ssh)"
    r"[^.\n]{0,120}?\b(?:to|at|into)\b[^.\n]{0,60}?(?:https?://|(?<!\bfile )(?<!\bfile [\"'“])"
    r"\b[\w-]+\.[a-z]{2,}\b(?![\"'”`]?\s+(?:file|archive|database|repository)\b)|webhook)"
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
        if view.kind == "code" and not sources:
            sources.extend(_sources(view))
        text, reported = view.text, set()
        for send in view.find(SEND, SINK_WORDS):
            left, right = line_of(text, send.start())
            data = _sensitive(_without_auth(text[left:right]))
            if data is not None and left not in reported:
                reported.add(left)
                yield ctx.found(META, view, send.start(), right, f"sends {data[2]} to the network")
            elif data is None and view.kind == "code":
                sinks.append((view, send.start(), send.end()))
        for match in view.find(_PIPED, ("@-",)):
            found = _piped(match)
            if found is not None:
                yield ctx.found(META, view, match.start(), match.end(), found[0], channel=found[1])
        if view.kind != "code":
            for match in view.find(_INSTRUCTION, _DATA_NAMES):
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    "instructs the agent to send private data to a remote address",
                )
    yield from _across(ctx, sinks, sources)


#: A credential passed as a query parameter (``?key=$TRELLO_API_KEY``), as some APIs ask.
_QUERY_AUTH = re.compile(r"[?&][\w-]{1,40}=\$\{?([A-Za-z][A-Za-z0-9]*)_\w*\}?")
_HOSTS = re.compile(r"https?://([A-Za-z0-9.-]{1,253})")


def _without_auth(line: str) -> str:
    """``line`` with its authentication arguments blanked (same length, offsets kept): headers,
    user options, and query-parameter credentials whose variable is named after the host the
    line calls (``$TRELLO_TOKEN`` to ``api.trello.com``: the service's own key, sent to it)."""
    line = _AUTH_ARGS.sub(lambda m: " " * len(m.group(0)), line)
    labels = {label.lower() for host in _HOSTS.findall(line) for label in host.split(".")}
    return _QUERY_AUTH.sub(
        lambda m: " " * len(m.group(0)) if m.group(1).lower() in labels else m.group(0), line
    )


def _sources(view: View) -> Iterator[tuple[View, int, int, str]]:
    """The first place ``view`` reads private data on a line that sends nothing."""
    for pattern, words, what in _SOURCES:
        for match in view.find(pattern, words):
            if pattern is ENV_DUMP and child_env(view.text, match.start()):
                continue  # the environment handed to a child process is not read out
            left, right = line_of(view.text, match.start())
            if SEND.search(view.text, left, right) is None:
                yield view, match.start(), match.end(), what
                return


def _piped(match: re.Match[str]) -> tuple[str, Channel] | None:
    """What a pipeline into a request body sends, and how bad that is: encoded or secret data
    is a malicious indicator, variable contents a risky construct, a plain file nothing."""
    text = match.string
    start = match.start()
    low = max(0, start - 300)
    left = max(max(text.rfind(c, low, start) for c in "\n;&|"), low - 1) + 1
    producer, encoder = text[left:start], match.group(1)
    if encoder is not None or "base64" in producer:
        return "encodes local data and sends it to the network", Channel.MALICIOUS
    if _DATA_WORDS.search(producer) or _sensitive(producer) is not None:
        return "pipes secret data into a network request", Channel.MALICIOUS
    if "$" in producer:
        return "pipes variable contents into a network request", Channel.RISKY
    return None


#: Words one of which every network call the rule knows holds.
SINK_WORDS = (
    "curl",
    "wget",
    "invoke-",
    "nc ",
    "ncat",
    "netcat",
    "socat",
    "dig ",
    "nslookup",
    "host ",
    "scp ",
    "rsync",
    "sftp",
    ".post",
    ".put",
    ".patch",
    "urlopen",
    ".send",
    "fetch",
)
#: Words one of which every instruction to send private data holds (what it sends).
_DATA_NAMES = (
    "credential",
    "token",
    "api key",
    "api_key",
    "api-key",
    "apikey",
    "secret",
    "password",
    "session",
    "cookie",
    "env",
    "ssh",
    "private key",
    "history",
)


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


#: What the cross-file check counts as reading private data (a lone secret variable is not:
#: using one credential for its own service is normal).
_SOURCES = (
    (ENV_DUMP, ENV_WORDS, "the whole environment"),
    (STEALER_PATH, PATH_WORDS, "a browser, keychain or wallet store"),
    (SENSITIVE_PATH, PATH_WORDS, "a credential file"),
    (_COMMAND_DATA, ("$(",), "local command output"),
)


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
