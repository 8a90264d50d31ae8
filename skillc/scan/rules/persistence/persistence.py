"""RK209: the skill installs something that runs again later: cron, services, rc files, hooks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext, closes_placeholder, line_of
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.normalize import View
from skillc.scan.rules._transcript import literals, printed

META = RuleMeta(
    code="RK209",
    channel=Channel.RISKY,
    dimensions=((Dimension.COVERT, 4), (Dimension.PRIVILEGE, 2)),
    owasp="AST06",
    skillscan="privilege escalation",
)

_WRITE = (
    r"(?:(?<!>)>>?(?!>)|\btee\b(?:\s+-a)?|\bcp\b|\bmv\b|\bln\s+-s\b|write_text|writeFile|\bopen\()"
)
#: A write, then the text up to the file it writes. A redirection writes the one word after its
#: ``>``, so the file must be in that word: a ``>`` further from the name closes a placeholder
#: (claude-scrum-skill's report template ``⚠️ <N> violations / ⏭️ skipped (no principles in
#: CLAUDE.md)`` read as a write to CLAUDE.md and made the skill malicious). The other writes
#: (tee, cp, mv, ln, calls) take the file among their later arguments.
_WRITE_TO = (
    r"(?:(?<!>)>>?(?!>)\s*[^\s;&|<>]{0,120}?|(?:\btee\b(?:\s+-a)?|\bcp\b|\bmv\b|\bln\s+-s\b"
    r"|write_text|writeFile|\bopen\()[^\n;&|]{0,120}?)"
)
#: What a shell startup file's write is, and what it is when it only sets a variable.
_STARTUP = "changes a shell startup file"
_STARTUP_VARIABLE = "adds an environment variable to a shell startup file"
_PATTERNS: tuple[tuple[re.Pattern[str], str, Channel], ...] = (
    (
        re.compile(r"(?:>>|\btee\s+-a)\s*[\"']?(?:~|\$HOME|\$\{HOME\})?/?\.ssh/authorized_keys"),
        "adds a key to authorized_keys (a login backdoor)",
        Channel.MALICIOUS,
    ),
    (
        re.compile(
            r"\|\s*crontab\b|\bcrontab\s+(?:-e\b|-\s|[\w./-]+\.(?:cron|txt)\b)|/etc/cron\.|"
            r"/var/spool/cron|@reboot\b|\bschtasks\s+/create\b|\b(?:New|Register)-"
            r"ScheduledTask\b"
        ),
        "schedules a job (cron, scheduled task)",
        Channel.RISKY,
    ),
    (
        re.compile(
            r"\bsystemctl\s+(?:--user\s+)?enable\b|/etc/systemd/system/|\.config/systemd/user/"
            r"|/etc/init\.d/|/etc/rc\.local\b|Library/Launch(?:Agents|Daemons)|\blaunchctl\s+"
            r"(?:load|bootstrap|submit)\b|CurrentVersion\\\\?Run\b|\\Startup\\"
        ),
        "installs a service or login item that starts by itself",
        Channel.RISKY,
    ),
    (
        re.compile(
            _WRITE_TO + r"(?:(?<![\w.-])\.(?:bashrc|zshrc|profile|bash_profile|"
            r"zprofile|zshenv|bash_login|zlogin)\b|/etc/profile(?:\.d)?\b|/etc/environment\b|"
            r"PowerShell_profile\.ps1|\$PROFILE\b)"
        ),
        _STARTUP,
        Channel.RISKY,
    ),
    (
        re.compile(_WRITE_TO + r"\.git/hooks/|\bcore\.hooksPath\b"),
        "installs a git hook",
        Channel.RISKY,
    ),
    (
        re.compile(
            _WRITE_TO + r"(?:CLAUDE\.md|AGENTS\.md|\.cursorrules|"
            r"\.claude/settings(?:\.local)?\.json|\.mcp\.json|\.codex/config\.toml|"
            r"\.openclaw/(?:config|settings))"
        ),
        "changes the agent's own configuration or memory (it persists into later sessions)",
        Channel.RISKY,
    ),
)
# A startup file is a file name of its own (``~/.bashrc``, ``>> .profile``): the lookbehind keeps
# dotted names that merely end in one (DocBook's ``refentry.date.profile`` parameter after a
# ``</xsl:param>`` closing tag, ``cp build.profile out/``) from reading as a write to it.
_NETWORK = re.compile(r"\b(?:curl|wget|nc|ncat|python\s+-c|base64)\b|https?://")


#: Words one of which every match holds (checked before the regular expressions).
WORDS = (
    "authorized_keys",
    "crontab",
    "/etc/cron",
    "/var/spool/cron",
    "@reboot",
    "schtasks",
    "scheduledtask",
    "systemctl",
    "/systemd/",
    "/etc/init.d",
    "rc.local",
    "launchagents",
    "launchdaemons",
    "launchctl",
    "currentversion",
    "\\startup\\",
    "bashrc",
    "zshrc",
    "profile",
    "zshenv",
    "bash_login",
    "zlogin",
    "/etc/environment",
    ".git/hooks",
    "hookspath",
    "claude.md",
    "agents.md",
    ".cursorrules",
    ".claude/settings",
    ".mcp.json",
    ".codex/config",
    ".openclaw/",
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Cron and scheduled tasks, services and launch agents, shell rc files, git hooks,
    authorized_keys and agent configuration written by the skill."""
    for view in ctx.select("code", "prose", "hidden"):
        if not view.mentions(WORDS):
            continue
        for pattern, what, channel in _PATTERNS:
            for match in view.find(pattern, WORDS):
                left, right = line_of(view.text, match.start())
                line = view.text[left:right]
                if _PLACE.match(match.group(0)) and _unwritten(view, match.start(), left, line):
                    continue  # `PosixPath('/etc/init.d/reboot')`: a path named, not written
                if _path_placeholder(view.text, match.start()):
                    continue  # `domains/<domain>/AGENTS.md`: a folder the reader names
                chosen, said = channel, what
                if channel is Channel.RISKY and _NETWORK.search(line):
                    chosen = Channel.MALICIOUS
                    said += ", running a network command"
                elif what == _STARTUP and _exports_a_variable(line):
                    chosen, said = Channel.CAPABILITY, _STARTUP_VARIABLE
                yield ctx.found(META, view, match.start(), match.end(), said, channel=chosen)


#: ``echo 'export NAME=value' >> ~/.bashrc``: the value without a command substitution,
#: backtick, separator or pipe, which the shell would run at every start.
_EXPORT_LINE = re.compile(r"""^\s*echo\s+(["'])export\s+(\w+)=((?:(?!\$\(|[`;|&]).)*)\1\s*>>""")
#: Variables the shell, the loader or an interpreter runs or loads code from.
_RUNS_CODE = frozenset(
    {"PROMPT_COMMAND", "BASH_ENV", "ENV", "PS0", "PS1", "PS2", "PS4", "PYTHONSTARTUP"}
    | {"LD_PRELOAD", "LD_AUDIT", "NODE_OPTIONS", "PERL5OPT", "RUBYOPT", "JAVA_TOOL_OPTIONS"}
)


def _exports_a_variable(line: str) -> bool:
    """Whether a line appends only ``export NAME=value`` to a startup file, NAME not one that
    runs or loads code (`_RUNS_CODE`, ``DYLD_*``): what guides tell a user to do with an API
    key or a tool's folder on ``PATH``. npm's claude-code-skills: 14 skills said to do so
    (``echo 'export OPENROUTER_API_KEY="..."' >> ~/.bashrc``), each a risky construct, and
    "malicious" when the description did not mention persistence."""
    found = _EXPORT_LINE.match(line)
    if found is None:
        return False
    name = found.group(2)
    return name not in _RUNS_CODE and not name.startswith("DYLD_")


#: A path from the root that a startup or service file lives under: written to even so.
_SYSTEM_ROOT = re.compile(r">/(?:etc|var|usr|Library|System)/")


def _path_placeholder(text: str, start: int) -> bool:
    """Whether the match at ``start`` opens with the ``>`` of a ``<name>`` placeholder that a
    path goes on from: abvx-agent-skills' personal-workspace-router says "Create
    `domains/<domain>/AGENTS.md`", which read as a redirection to ``/AGENTS.md``. The shell
    would write that file at the root, where no agent, shell or git looks for it; a system
    path there (``<x>/etc/profile``) still counts."""
    return (
        text.startswith(">/", start)
        and _SYSTEM_ROOT.match(text, start) is None
        and closes_placeholder(text, start)
    )


#: A match that is a place (a service, cron or login-item path) rather than a command.
_PLACE = re.compile(r"/|\.config/|Library/|CurrentVersion|\\Startup")
#: Writes in a script's own calls (Python, JavaScript, PowerShell) besides `_WRITE`'s.
_WRITE_CALL = re.compile(
    _WRITE + r"|\.write(?:_text|_bytes|lines)?\s*\(|\bshutil\.(?:copy\w*|move)\b"
    r"|\.(?:rename|replace|symlink_to|hardlink_to|touch|mkdir)\s*\("
    r"|\bos\.(?:rename|replace|symlink|link|makedirs|mkdir)\b|\bcopyFile|\bfs\.\w*(?:write|copy)"
    r"|\b(?:Set|Add|Out)-(?:Content|File)\b|\b(?:New|Copy)-Item\b"
)


def _unwritten(view: View, start: int, left: int, line: str) -> bool:
    """Whether the place at ``start`` is only named: a line a session printed, or a string
    literal in code whose line writes nothing and whose block or script has no write call
    (pathlib's ``PurePosixPath('/etc/init.d/apache2')`` joins names; it installs nothing)."""
    if view.kind != "code":
        return False
    if printed(view, start):
        return True
    at = start - left
    if not any(low < at <= high for low, high in literals(line)):
        return False
    return _WRITE_CALL.search(line) is None and _WRITE_CALL.search(view.unit.text) is None
