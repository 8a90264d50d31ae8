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
        # ... but `open(os.devnull, "ab")` silences a child's output: it writes no file.
        "file-write",
        re.compile(
            r"\bopen\((?!\s*(?:os\.devnull|['\"]/dev/null['\"]))[^\n)]{0,200},\s*['\"][wax]b?\+?['\"]"
            r"|\bwrite_text\(|"
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
                (m for m in view.find(pattern, words) if not _no_secret(name, view.text, m)),
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


def _no_secret(name: str, text: str, match: re.Match[str]) -> bool:
    """Whether an environment match uses no secret of it: it hands the environment to a child
    process as its ``env`` option (the child inherits it anyway), or reads one variable whose
    name says it holds none (abvx-agent-skills' happy-handoff reads ``CODEX_THREAD_ID``, a
    shell script ``SHELL``): the purpose need not declare credentials for that."""
    if name != "environment":
        return False
    if child_env(text, match.start()):
        return True
    named = _NAMED.match(text, match.start())
    return named is not None and not _SECRET_NAME.search(named.group("name") or named.group("js"))


#: One variable read by its name.
_NAMED = re.compile(
    r"(?:os\.environ\s*(?:\[|\.get\(|\.setdefault\()|os\.getenv\(|process\.env\s*\[)\s*"
    r"['\"](?P<name>[A-Za-z_][A-Za-z0-9_]*)['\"]|process\.env\.(?P<js>[A-Za-z_]\w*)"
)
#: A variable name that says it holds a secret (as `SECRET_VAR`'s).
_SECRET_NAME = re.compile(
    r"TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|ACCESS_KEY|PRIVATE_KEY|_KEY\b|KEY$"
    r"|CREDENTIAL|AUTH|SESSION|COOKIE",
    re.IGNORECASE,
)
