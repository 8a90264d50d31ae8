"""RK230: what the skill can do (network, shell commands, file writes, environment), as a
capability: never evidence of intent by itself, but what the verdict weighs against the
declared purpose, and what the least `allowed-tools` is computed from."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.rules._patterns import NET, NET_WORDS, child_env

META = RuleMeta(
    code="RK230",
    channel=Channel.CAPABILITY,
    dimensions=((Dimension.EXFILTRATION, 2),),
    owasp="AST03",
    skillscan="data exfiltration",
)

CAPABILITIES: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("network", NET, NET_WORDS),
    (
        "shell",
        re.compile(
            r"\bsubprocess\.\w+\(|\bos\.(?:system|popen|exec\w*)\(|child_process|"
            r"\bexecSync\(|\bspawn\(|\bRuntime\.getRuntime\(\)\.exec"
        ),
        (
            "subprocess",
            "os.system",
            "os.popen",
            "os.exec",
            "child_process",
            "execsync",
            "spawn(",
            "runtime.getruntime",
        ),
    ),
    (
        "file-write",
        re.compile(
            r"\bopen\([^\n)]{0,200},\s*['\"][wax]b?\+?['\"]|\bwrite_text\(|"
            r"\bwriteFile(?:Sync)?\(|\bshutil\.(?:copy|move|rmtree)|"
            r"\bos\.(?:remove|unlink|rename)\("
        ),
        ("open(", "write_text", "writefile", "shutil.", "os.remove", "os.unlink", "os.rename"),
    ),
    (
        "environment",
        re.compile(r"\bos\.environ\b|\bos\.getenv\(|\bprocess\.env\b"),
        ("os.environ", "os.getenv", "process.env"),
    ),
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """The first place in each file that uses each capability (scripts and code blocks)."""
    seen: set[tuple[str, str]] = set()
    for view in ctx.select("code", decoded=False):
        if view.how != "raw" or not view.unit.runnable:
            continue
        for name, pattern, words in CAPABILITIES:
            if (view.unit.display, name) in seen:
                continue
            match = next(
                (m for m in view.find(pattern, words) if not _passed_on(name, view.text, m)),
                None,
            )
            if match is not None:
                seen.add((view.unit.display, name))
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    f"uses {name}: `{match.group(0).strip()[:60]}`",
                )


def _passed_on(name: str, text: str, match: re.Match[str]) -> bool:
    """Whether an environment match only hands the environment to a child process as its
    ``env`` option (the child inherits it anyway): the script uses no variable of it."""
    return name == "environment" and child_env(text, match.start())
