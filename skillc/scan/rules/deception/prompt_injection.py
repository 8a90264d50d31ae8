"""RK208: text that overrides the agent's instructions, hides actions from the user, or talks
to the reviewer or scanner instead of the task."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.normalize import View

META = RuleMeta(
    code="RK208",
    channel=Channel.MALICIOUS,
    dimensions=((Dimension.COVERT, 4), (Dimension.PRIVILEGE, 3)),
    owasp="AST05",
    skillscan="prompt injection",
)

_OVERRIDE = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+|of\s+)*"
    r"(?:previous|prior|above|earlier|preceding|system|original|safety|other)\s+"
    r"(?:instructions?|prompts?|rules|directions|guidelines|context|messages|policies)",
    re.IGNORECASE,
)
_CONCEAL = re.compile(
    r"\b(?:do\s+not|don'?t|never)\s+(?:tell|inform|mention|reveal|disclose|show|notify|alert|"
    r"warn)\b[^.\n]{0,40}?\b(?:the\s+)?(?:user|human|operator|owner)\b"
    # "without telling" hides something only from someone: an idiom with no object ("may
    # change without warning") says nothing of the user.
    r"|\bwithout\s+(?:(?:telling|informing|notifying|alerting|warning)\s+(?:the\s+|"
    r"your\s+|any\s+)?(?:user|human|operator|owner|team|admin\w*|them|him|her|anyone|anybody|people"
    r"|you)\b"
    r"|the\s+user'?s?\s+(?:knowledge|consent)\b)"
    r"|\b(?:hide|conceal|keep)\s+(?:this|it|these|the\s+\w+)\s+(?:hidden\s+)?from\s+(?:the\s+)?"
    r"(?:user|human)"
    r"|\b(?:silently|secretly|covertly|quietly|stealthily)\s+(?:run|send|upload|execute|install|"
    r"download|forward|copy|delete|modify|add|append|exfiltrate|post)",
    re.IGNORECASE,
)
_JUDGE = re.compile(
    r"\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:the\s+|any\s+)?(?:ai|llm|model|"
    r"assistant|reviewer|scanner|security\s+(?:scanner|reviewer|tool|team)|auditor|judge|"
    r"classifier|analy[sz]er)\b"
    r"|\b(?:classify|mark|rate|report|treat|consider)\s+(?:this|the)\s+(?:skill|file|package|"
    r"plugin|code|script)\s+as\s+"
    r"(?:safe|benign|clean|harmless|trusted|legitimate)"
    r"|\b(?:this|the)\s+(?:skill|file|code|package|script)\s+(?:is|has\s+been)\s+(?:verified\s+|"
    r"certified\s+|already\s+)?(?:safe|benign|harmless|approved|audited)\b",
    re.IGNORECASE,
)
#: A sentence that speaks to the scanner or judge reading it ("if you are a security scanner,
#: ..."), which names a scanner without describing one.
_ADDRESS = re.compile(
    r"\b(?:if\s+you\s+are|you\s+are|dear|hey|attention|note\s+to|message\s+to|to)\s+"
    r"(?:an?\s+|the\s+|any\s+|all\s+)?(?:ai\s+|llm\s+|automated\s+|security\s+)?"
    r"(?:scanners?|reviewers?|judges?|classifiers?|auditors?|analy[sz]ers?|models?)\b",
    re.IGNORECASE,
)
_MARKUP = re.compile(
    r"</?(?:IMPORTANT|SYSTEM|SYSTEM-PROMPT|INSTRUCTIONS?)>|\byou\s+are\s+now\s+(?:a|an|in)\b"
    r"|\bnew\s+(?:system\s+)?instructions\s*:|\b(?:reveal|print|output)\s+(?:your\s+)?system\s+"
    r"prompt|\bdo\s+NOT\s+skip\b",
)

#: What concealment hides when it is cover for an action rather than a style rule.
_ACTION = re.compile(
    r"\b(?:send|sent|upload|post|run|ran|execute|install|download|delete|remove|copy|forward|"
    r"exfiltrat\w*|collect|read|access|modif\w*|this\s+(?:step|command|action|file|request)|"
    r"what\s+you\s+(?:did|do|are\s+doing)|curl|wget|https?://)\b",
    re.IGNORECASE,
)

#: The start of a line that defines code terms, a program's keys or options (``- **`s`**:``,
#: ``- ‘s’:`` once decoded, ``-q, --quiet:``): what follows says what the term does, not what
#: the agent is told to do.
_TERM = r"(?:`[^`\n]+`|‘[^’\n]{1,40}’|“[^”\n]{1,40}”|'[^'\n]{1,40}'|\"[^\"\n]{1,40}\"|--?\w[\w-]*)"
_DEFINED_TERMS = re.compile(
    rf"[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:[*_, \t]*{_TERM})+[*_ \t]*(?::|[ \t][-–—][ \t])"
)
#: What makes a term's "silently ..." cover all the same: data sent away, or destroyed.
_AWAY = re.compile(
    r"https?://|\b(?:curl|wget|upload\w*|send\w*|sent|post\w*|exfiltrat\w*|forward\w*|"
    r"credentials?|tokens?|passwords?|secrets?|ssh|delet\w*|eras\w*|wip\w*)\b",
    re.IGNORECASE,
)


def _describes_a_term(text: str, start: int, end: int) -> bool:
    """Whether the match at ``start:end`` is in the description of a code term at its line's
    start (diffutils' sdiff keys: ``- **‘`s`’**: Silently copy common lines.``), with no
    sign of data sent away in its sentence: a manual saying what a key does, not an order."""
    line_start = text.rfind("\n", 0, start) + 1
    term = _DEFINED_TERMS.match(text, line_start)
    if term is None or term.end() > start:
        return False
    return not _AWAY.search(_sentence(text, start, end))


def _sentence(text: str, start: int, end: int) -> str:
    low = max(0, start - 300)
    left = max(text.rfind("\n", low, start), text.rfind(". ", low, start), low - 1) + 1
    right = text.find("\n", end, end + 300)
    return text[left : min(end + 300, len(text) if right < 0 else right)]


#: An installer's unattended switch (Windows installers, MSI, Inno Setup, NSIS): "silently"
#: then names the installer's mode without a user interface, which the user chose.
_UNATTENDED = re.compile(
    r"(?<![\w/-])(?:/quiet|/passive|/q[nb]|/(?:VERY)?SILENT|/(?:very)?silent|/S|--silent"
    r"|--unattended|-silent)(?![\w-])"
)
_SILENT_INSTALL = re.compile(r"(?:silently|quietly)\s+install", re.IGNORECASE)
_FENCE = re.compile(r"[ \t]*\n(?:[ \t]*\n)*[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n")


def _unattended_install(view: View, start: int, end: int) -> bool:
    """Whether "silently install" at ``start:end`` names an installer's unattended mode: its
    sentence, or the code block that directly follows the sentence, passes the installer its
    no-UI switch (the Python docs' "to silently install a default, system-wide Python
    installation ... use the following command" before ``python-3.9.0.exe /quiet ...``)."""
    if not _SILENT_INSTALL.fullmatch(view.text, start, end):
        return False
    if _UNATTENDED.search(_sentence(view.text, start, end)):
        return True
    text = view.unit.file.text or ""
    file_end = view.file_span(start, end)[1]
    line_end = text.find("\n", file_end, file_end + 400)
    fence = _FENCE.match(text, line_end) if line_end >= 0 else None
    if fence is None:
        return False
    close = text.find(fence.group(1), fence.end(), fence.end() + 2000)
    block = text[fence.end() : fence.end() + 2000 if close < 0 else close]
    return bool(_UNATTENDED.search(block))


#: Words one of which every match holds (checked before the regular expressions).
_OVERRIDE_WORDS = ("ignore", "disregard", "forget", "override", "bypass")
_CONCEAL_WORDS = (
    "do not",
    "don't",
    "dont",
    "never",
    "without",
    "hide",
    "conceal",
    "keep",
    "silently",
    "secretly",
    "covertly",
    "quietly",
    "stealthily",
)
_JUDGE_WORDS = (
    "note",
    "message",
    "instruction",
    "safe",
    "benign",
    "clean",
    "harmless",
    "trusted",
    "legitimate",
    "approved",
    "audited",
)
_MARKUP_WORDS = (
    "<important",
    "</important",
    "<system",
    "</system",
    "<instruction",
    "</instruction",
    "you are now",
    "new instructions",
    "new system instructions",
    "system prompt",
    "not skip",
)
WORDS = _OVERRIDE_WORDS + _CONCEAL_WORDS + _JUDGE_WORDS + _MARKUP_WORDS
_CHECKS = (
    (_OVERRIDE, _OVERRIDE_WORDS, "tells the agent to ignore its instructions", Channel.MALICIOUS),
    (
        _CONCEAL,
        _CONCEAL_WORDS,
        "tells the agent to hide what it does from the user",
        Channel.MALICIOUS,
    ),
    (
        _JUDGE,
        _JUDGE_WORDS,
        "addresses a reviewer or scanner to vouch for itself",
        Channel.MALICIOUS,
    ),
    (_MARKUP, _MARKUP_WORDS, "uses prompt-override markup", Channel.RISKY),
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Instruction overrides, concealment from the user, and talk to a reviewer or scanner;
    anything of the kind in an HTML comment, alt text or front matter is concealed on top."""
    for view in ctx.select("prose", "hidden", "comment", "code"):
        if not view.mentions(WORDS):
            continue
        hidden = view.kind in ("hidden", "comment")
        for pattern, words, what, channel in _CHECKS:
            for match in view.find(pattern, words):
                chosen = Channel.MALICIOUS if hidden and view.kind == "hidden" else channel
                if view.kind in ("code", "comment") and chosen is Channel.RISKY:
                    continue  # markup-like tokens in code are ordinary code
                if (
                    pattern is _CONCEAL
                    and not hidden
                    and _describes_a_term(view.text, match.start(), match.end())
                ):
                    continue  # a manual's "s: silently copy common lines"
                if (
                    pattern is _CONCEAL
                    and not hidden
                    and _unattended_install(view, match.start(), match.end())
                ):
                    continue  # an installer's /quiet mode, which the user runs
                if (
                    pattern is _CONCEAL
                    and not hidden
                    and not _ACTION.search(_sentence(view.text, match.start(), match.end()))
                ):
                    chosen = Channel.RISKY  # "do not mention X to the user": style, not cover
                where = " (in text the reviewer does not see)" if view.kind == "hidden" else ""
                sentence = _sentence(view.text, match.start(), match.end())
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    what + where,
                    channel=chosen,
                    addressed=pattern is _JUDGE and bool(_ADDRESS.search(sentence)),
                )
