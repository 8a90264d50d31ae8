"""RK205: a "prerequisite" that makes the user install malware by hand.

The 2026 skill malware campaigns kept the payload out of the skill: SKILL.md asked the user to
download a password-protected archive (the password keeps antivirus from opening it), to paste
a script from a paste site into a terminal, or to run a binary from a release page and clear its
quarantine flag. Nothing executable is in the package, so scanners that look for code miss it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.normalize import View
from skillc.scan.rules._patterns import PASTE_HOSTS, hosts

META = RuleMeta(
    code="RK205",
    channel=Channel.MALICIOUS,
    dimensions=((Dimension.COVERT, 5), (Dimension.PRIVILEGE, 3)),
    owasp="AST01",
    skillscan="supply chain",
)

_ARCHIVE = r"(?:archive|zip|rar|7z|7-zip|\.zip|\.rar|\.7z)"
_PASSWORD_ARCHIVE = re.compile(
    r"password[- ]protected\s+[^.\n]{0,40}?"
    + _ARCHIVE
    + r"|"
    + _ARCHIVE
    + r"[^.\n]{0,100}?\b(?:password|passphrase)\s*(?:is\s*)?[:=]\s*\S+"
    r"|\b(?:password|passphrase)\s*(?:is\s*)?[:=]\s*[`\"']?\w+[^.\n]{0,100}?"
    r"\b(?:extract|unzip|unpack)\b"
    r"|\bunzip\s+-P\s*\S+|\b7z\s+x\b[^\n]{0,100}\s-p\S+|\bunrar\s+x\s+-p\S+",
    re.IGNORECASE,
)
_PASTE_ACTION = re.compile(
    r"\b(?:paste|copy|run|execute|open|curl|wget|iex|terminal|shell|powershell|download)\b",
    re.IGNORECASE,
)
_CLICKFIX = re.compile(
    r"\b(?:paste|copy)\b[^.\n]{0,80}?\b(?:into|in)\s+(?:your\s+|a\s+|the\s+)?"
    r"(?:terminal|shell|command\s+prompt|powershell|run\s+dialog|console)"
    r"|\b(?:Win(?:dows)?\s*\+\s*R|⊞\s*\+\s*R)\b",
    re.IGNORECASE,
)
_RELEASE_BINARY = re.compile(
    r"https?://github\.com/[\w.-]+/[\w.-]+/releases/(?:download|latest)[^\s)\"'`]*?"
    r"\.(?:exe|msi|dmg|pkg|zip|appimage|bin|scr|bat|cmd|ps1|jar)\b",
    re.IGNORECASE,
)
_QUARANTINE = re.compile(
    r"\bxattr\s+-[a-z]*[dc][a-z]*\b[^\n]{0,80}(?:com\.apple\.quarantine)?"
    r"|\b(?:disable|turn\s+off|deactivate)\b[^.\n]{0,40}\b(?:gatekeeper|antivirus|anti-virus|"
    r"defender|smartscreen|edr|endpoint\s+protection|firewall)\b"
    r"|\bspctl\s+--master-disable\b|\ballow\s+anyway\b",
    re.IGNORECASE,
)


#: Words one of which every match holds (checked before the regular expressions).
WORDS = (
    "password",
    "passphrase",
    "unzip -p",
    "7z x",
    "unrar",
    "paste",
    "copy",
    "win+r",
    "win + r",
    "windows+r",
    "⊞",
    "/releases/",
    "xattr",
    "gatekeeper",
    "antivirus",
    "anti-virus",
    "defender",
    "smartscreen",
    "edr",
    "endpoint protection",
    "firewall",
    "spctl",
    "allow anyway",
    "pastebin",
    "hastebin",
    "ghostbin",
    "rentry",
    "controlc",
    "justpaste",
    "glot.io",
    "dpaste",
    "termbin",
    "0x0.st",
    "transfer.sh",
    "privatebin",
    "pastes.io",
    "ix.io",
    "sprunge",
    "bashupload",
    "file.io",
    "temp.sh",
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Password-protected archives, paste-site scripts, terminal-paste lures and release-page
    binaries presented as setup steps."""
    for view in ctx.select("prose", "hidden", "code"):
        if not view.mentions(WORDS):
            continue
        for match in view.find(_PASSWORD_ARCHIVE, WORDS):
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                "asks for a password-protected archive (hides its content from scanners)",
            )
        for match in _paste_links(view):
            yield match_finding(ctx, view, match)
        for match in view.find(_CLICKFIX, WORDS):
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                "asks the user to paste a command into a terminal",
                channel=Channel.RISKY,
            )
        quarantine = next(view.find(_QUARANTINE, WORDS), None)
        lure = False
        for match in view.find(_RELEASE_BINARY, WORDS):
            lure = True
            channel = Channel.MALICIOUS if quarantine else Channel.RISKY
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                "asks the user to run a binary downloaded from a release page",
                channel=channel,
            )
        if quarantine is not None:
            # Alone, "disable anti-virus before benchmarking" is advice; beside a download to
            # run, it is how the 2026 campaigns got their binaries past the OS.
            lure = lure or _DOWNLOAD_RUN.search(view.text) is not None
            yield ctx.found(
                META,
                view,
                quarantine.start(),
                quarantine.end(),
                "asks to switch off a malware protection (quarantine, antivirus)",
                channel=Channel.MALICIOUS if lure else Channel.RISKY,
            )


_PASTE_WORDS = WORDS[WORDS.index("pastebin") :]


#: Something downloaded and run, near which switching protections off is a lure.
_DOWNLOAD_RUN = re.compile(
    r"\b(?:download|install|run|open|execute|launch)\b[^.\n]{0,120}?(?:https?://|\.(?:exe|msi|"
    r"dmg|pkg|app|zip|appimage|bin|sh)\b)",
    re.IGNORECASE,
)


def _paste_links(view: View) -> Iterator[re.Match[str]]:
    from skillc.scan.rules._patterns import URL

    for match in view.find(URL, _PASTE_WORDS):
        if PASTE_HOSTS.search(match.group(2)):
            yield match


def match_finding(ctx: ScanContext, view: object, match: re.Match[str]) -> Finding:
    """A paste-site link: malicious when the text around it asks to run or paste it."""
    from skillc.scan.normalize import View

    assert isinstance(view, View)
    text = view.text
    around = text[max(0, match.start() - 160) : match.end() + 160]
    acted = _PASTE_ACTION.search(around.replace(match.group(0), " "))
    channel = Channel.MALICIOUS if acted else Channel.RISKY
    host = hosts(match.group(0))[0]
    return ctx.found(
        META,
        view,
        match.start(),
        match.end(),
        f"points to a script on a paste site ({host})",
        channel=channel,
    )
