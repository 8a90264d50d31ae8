"""RK206: a payload hidden by encoding or string building, or decoded straight into execution."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.normalize import View

META = RuleMeta(
    code="RK206",
    channel=Channel.MALICIOUS,
    dimensions=((Dimension.COVERT, 5),),
    owasp="AST01",
    skillscan="supply chain",
)

#: What makes decoded text a payload rather than data: commands, URLs, code execution.
_DANGEROUS = re.compile(
    r"https?://|\b(?:curl|wget|bash|sh\s+-c|powershell|iex|nc\s|ncat|chmod|rm\s+-|sudo|eval|"
    r"exec|subprocess|os\.system|child_process|/dev/tcp|/bin/(?:ba)?sh|import\s+os|"
    r"Invoke-Expression|DownloadString)\b",
    re.IGNORECASE,
)
_DECODE_RUN = re.compile(
    r"\bbase64\s+(?:-d|--decode|-D)\b[^\n]{0,200}?\|\s*(?:sudo\s+)?(?:(?:ba|z)?sh|python[0-9.]*|"
    r"perl|xargs|node|iex)\b"
    r"|\b(?:exec|eval)\s*\(\s*(?:base64\.b64decode|b64decode|codecs\.decode|zlib\.decompress|"
    r"marshal\.loads|bytes\.fromhex|atob|Buffer\.from\([^)]{0,200}['\"](?:base64|hex)['\"]\))"
    r"|\b(?:exec|eval)\s*\([^\n]{0,120}?\.decode\(\s*['\"](?:base64|hex|rot13|rot_13)"
    r"|\bFromBase64String\b[^\n]{0,200}?(?:iex|Invoke-Expression)"
    r"|(?:iex|Invoke-Expression)\b[^\n]{0,200}?FromBase64String"
    r"|\bpowershell(?:\.exe)?\s+[^\n]{0,40}-e(?:nc|ncodedcommand)?\s+[A-Za-z0-9+/=]{20,}",
    re.IGNORECASE,
)


#: Words one of which every decode-then-run construct holds.
DECODE_WORDS = ("base64", "exec", "eval", "frombase64string", "powershell", "iex")


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Decoded or assembled text that holds commands or URLs; decode-then-run constructs."""
    for view in ctx.select():
        if view.decoded:
            match = _DANGEROUS.search(view.text)
            if match is not None and not _visible(ctx, view, match.group(0)):
                snippet = view.text[max(0, match.start() - 20) : match.end() + 40].strip()
                yield ctx.found(
                    META, view, 0, len(view.text), f"hides a payload: {_short(snippet)!r}"
                )
        elif view.kind == "code" or view.kind == "prose":
            for found in view.find(_DECODE_RUN, DECODE_WORDS):
                yield ctx.found(META, view, found.start(), found.end(), "decodes data and runs it")


def _visible(ctx: ScanContext, view: View, token: str) -> bool:
    """Whether ``token`` already shows in the file where the decoded text comes from: a string
    split over lines with ``+`` hides nothing when its pieces spell the URL in full."""
    start, end = view.file_span(0, len(view.text))
    source = (view.unit.file.text or "")[start:end]
    return token.lower() in source.lower()


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 80 else flat[:77] + "..."
