"""RK201: code fetched from the network is executed (`curl | sh`, eval of a download, hooks)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.rules._patterns import KNOWN_INSTALLERS, PASTE_HOSTS, RAW_IP, hosts

META = RuleMeta(
    code="RK201",
    channel=Channel.RISKY,
    dimensions=((Dimension.COVERT, 4), (Dimension.PRIVILEGE, 2)),
    owasp="AST02",
    skillscan="supply chain",
)

_FETCH = r"(?:curl|wget|iwr|Invoke-WebRequest|irm|Invoke-RestMethod)"
_PIPE = re.compile(
    _FETCH + r"\b[^\n|]{0,500}\|\s*(?:sudo\s+(?:-\S+\s+){0,4})?"
    r"(?:(?:ba|z|da|k|fi)?sh|python[0-9.]*|perl|ruby|node|iex|Invoke-Expression|pwsh|powershell)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_SUBST = re.compile(
    r"(?:(?:ba|z)?sh\s+(?:-c\s+)?[\"']?(?:<\(|\$\()|eval\s+[\"']?\$\(|(?:source|\.)\s+<\()\s*"
    + _FETCH
    + r"\b",
    re.IGNORECASE,
)
_SAVE_RUN = re.compile(
    _FETCH + r"\b[^\n]{0,400}?(?:-o|-O|--output|>)\s*[\"']?([^\s\"';&|]+)"
    r"[^\n]{0,200}?(?:&&|;|\n)\s*(?:(?:sudo\s+)?chmod\s+[+0-7a-z]*x\s+[\"']?\1|"
    r"(?:ba|z)?sh\s+[\"']?\1|python[0-9.]*\s+[\"']?\1|\.?/?\1\b)",
    re.IGNORECASE,
)
_LANG = re.compile(
    r"\b(?:exec|eval)\s*\([^\n]{0,200}?(?:urlopen|requests\.get|httpx\.get|urllib|fetch\(|"
    r"axios|\.text\(\))"
    r"|\bnew\s+Function\s*\([^\n]{0,200}?(?:fetch|axios|http)"
    r"|IEX\s*\(?\s*\(?New-Object\s+Net\.WebClient\)?\.DownloadString"
    r"|\bimport\s*\(\s*['\"]https?://",
    re.IGNORECASE,
)
_HOOK = re.compile(
    r"\"(?:pre|post)?install\"\s*:\s*\"[^\"\n]{0,300}?(?:curl|wget|node\s+-e|bash|\bsh\s|"
    r"powershell|python\s+-c)",
    re.IGNORECASE,
)
_HIDDEN_TARGET = re.compile(r"(?:/tmp|/var/tmp|/dev/shm)/\.[\w.-]+|/dev/shm/")


#: Words one of which every match holds (checked before the regular expressions).
WORDS = (
    "curl",
    "wget",
    "iwr",
    "invoke-",
    "irm",
    "exec",
    "eval",
    "new function",
    "downloadstring",
    "import(",
    'install"',
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Downloads piped to an interpreter, saved then run, evaluated, or run by install hooks."""
    for view in ctx.select("code", "prose", "hidden"):
        if not view.mentions(WORDS):
            continue
        for pattern, what in (
            (_PIPE, "pipes a download into an interpreter"),
            (_SUBST, "runs a download through command substitution"),
            (_SAVE_RUN, "downloads a file and runs it"),
            (_LANG, "evaluates code fetched from the network"),
        ):
            for match in view.find(pattern, WORDS):
                text = match.group(0)
                channel = _channel(text, view.decoded)
                where = ", ".join(hosts(text)) or "a computed address"
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    f"{what} (from {where})",
                    channel=channel,
                )
        if view.kind == "code":
            for match in view.find(_HOOK, WORDS):
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    "an install hook downloads or runs code when the package is installed",
                )


def _channel(text: str, decoded: bool) -> Channel:
    """Malicious when the source or the way it runs hides something; a capability for the
    documented installers of well-known publishers; risky otherwise."""
    found = hosts(text)
    if decoded or any(RAW_IP.match(h) or PASTE_HOSTS.search(h) for h in found):
        return Channel.MALICIOUS
    if re.search(r"\s(?:-k|--insecure)\b|>\s*/dev/null\s+2>&1\s*&|\bnohup\b", text):
        return Channel.MALICIOUS
    if _HIDDEN_TARGET.search(text):
        return Channel.MALICIOUS
    if found and all(KNOWN_INSTALLERS.search(h) for h in found):
        return Channel.CAPABILITY
    return Channel.RISKY
