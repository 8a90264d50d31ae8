"""RK211: the skill rewrites its own files or other skills' for later runs (self-mutating
poisoning: a benign first run plants what a later run executes)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta

META = RuleMeta(
    code="RK211",
    channel=Channel.RISKY,
    dimensions=((Dimension.COVERT, 4), (Dimension.DESTRUCTIVE, 2)),
    owasp="AST07",
    skillscan="prompt injection",
)

_SKILL_FILES = (
    r"(?:SKILL\.md|\$\{?(?:SKILL_DIR|CLAUDE_SKILL_DIR|SKILL_ROOT)\}?|\.claude/skills/|"
    r"\.openclaw/skills/|\.agents/skills/|\.codex/skills/|\.cursor/skills/|__file__)"
)
#: A redirection writes the one word after its ``>``: a skill file further on is not its target
#: (``Write the <skill-name> skill file SKILL.md``: the ``>`` closes a placeholder). A ``>``
#: right before the name is a placeholder's too (``skills/<name>/SKILL.md``).
_WRITE = re.compile(
    r"(?:(?<!>)>>?(?!>)\s[^\s;&|<>]{0,160}?"
    r"|(?:\btee\b(?:\s+-a)?|\bsed\s+-i\S*|\bcp\b|\bmv\b|\bperl\s+-pi)\s[^\n;&|]{0,160}?)"
    + _SKILL_FILES
    + r"|\bopen\(\s*[^,\n]{0,120}?"
    + _SKILL_FILES
    + r"[^,\n]{0,40},\s*['\"][wa]"
    r"|\b(?:write_text|writeFileSync|writeFile|appendFile(?:Sync)?)\s*\([^\n]{0,120}?"
    + _SKILL_FILES,
)
#: A loop over skill files that writes into the loop variable.
_LOOP = re.compile(
    r"\bfor\s+(\w+)\s+in\s+[^;\n]{0,200}?(?:skills/|SKILL\.md)[^\n]{0,300}?"
    r"(?:>>?|\btee\b(?:\s+-a)?|\bsed\s+-i\S*[^\n]{0,80}?)\s*[\"']?\$\{?\1\b"
)
_PROSE = re.compile(
    r"\b(?:modify|rewrite|append\s+to|overwrite)\s+(?:this|your\s+own)\s+"
    r"(?:skill(?:'s)?(?:\s+(?:file|instructions))?|SKILL\.md|skill\s+file)\b"
    r"|\b(?:modify|rewrite|append\s+to|overwrite|patch|inject\s+into)\s+(?:all\s+|every\s+|the\s+)?"
    r"(?:other|installed|remaining)\s+skills\b",
    re.IGNORECASE,
)


#: Words one of which every match holds (checked before the regular expressions).
WORDS = (
    "skill.md",
    "skill_dir",
    "skill_root",
    "/skills/",
    "__file__",
    "this skill",
    "your own",
    "other skills",
    "installed skills",
    "remaining skills",
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Writes to SKILL.md, the skill folder or other installed skills, and instructions to."""
    for view in ctx.select("code", "prose", "hidden"):
        if not view.mentions(WORDS):
            continue
        for match in view.find(_WRITE, WORDS):
            other = re.search(r"skills/(?:\*|\$)|other|all", match.group(0))
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                "writes to skill files that later runs load",
                channel=Channel.MALICIOUS if other else Channel.RISKY,
            )
        for match in view.find(_LOOP, WORDS):
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                "rewrites every installed skill's files in a loop",
                channel=Channel.MALICIOUS,
            )
        if view.kind != "code":
            for match in view.find(_PROSE, WORDS):
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    "tells the agent to rewrite skill instructions for later runs",
                )
