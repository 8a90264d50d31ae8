"""The documented word lists that turn a sentence or a command into SSL vocabulary.

Why: the SSL grounding rule says a field is filled only when the source shows it. These lists
are the whole of what "shows" means for the deterministic frontends: an imperative verb at the
start of a sentence, a shell prompt, a keyword such as "never" or "password". Keeping them in
one module makes the policy reviewable and lets every frontend share it.

Guarantees: every function is pure and total (no exceptions on odd input) and returns the
coarsest value (``INFER``, ``OTHER``, ``ACT``, ``None``, ``""``) when no rule matches.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from typing import TypeVar

from skillc.ir.vocab import ActType, ConstraintKind, ResourceScope, SceneType

T = TypeVar("T")

# --- Imperative verbs and what they do ----------------------------------------------------------

# Verbs that start an instruction, with the SSL act they perform. Verbs not listed here never
# start a step; listed verbs without a specific act map to INFER (SSL's coarsest decision act).
VERB_ACTS: dict[str, ActType] = {
    **dict.fromkeys(
        ("run", "execute", "call", "invoke", "install", "uninstall"), ActType.CALL_TOOL
    ),
    **dict.fromkeys(("check", "verify", "ensure", "test", "validate", "confirm"), ActType.VALIDATE),
    **dict.fromkeys(("read", "open", "look", "inspect", "list", "show", "view"), ActType.READ),
    **dict.fromkeys(
        ("write", "create", "add", "edit", "set", "define", "register", "save", "remove",
         "delete", "copy", "move", "rename", "replace", "put", "place", "append", "insert"),
        ActType.WRITE,
    ),
    **dict.fromkeys(
        ("update", "upgrade", "configure", "change", "enable", "disable", "activate",
         "deactivate", "restart", "reload", "source"),
        ActType.UPDATE_STATE,
    ),
    **dict.fromkeys(("choose", "select", "pick", "decide"), ActType.SELECT),
    **dict.fromkeys(("compare", "diff"), ActType.COMPARE),
    **dict.fromkeys(("send", "upload", "push", "publish", "post", "deploy"), ActType.TRANSFER),
    **dict.fromkeys(("download", "fetch", "pull", "request", "clone"), ActType.REQUEST),
    **dict.fromkeys(("notify", "tell", "report", "inform"), ActType.NOTIFY),
    **dict.fromkeys(("stop", "exit", "abort", "quit", "cancel", "kill"), ActType.TERMINATE),
    **dict.fromkeys(
        ("use", "pass", "import", "return", "provide", "specify", "build", "apply", "follow",
         "make", "start", "wrap", "decorate", "attach", "implement", "try", "prefer", "keep",
         "compile", "generate", "repeat", "retry", "wait"),
        ActType.INFER,
    ),
}  # fmt: skip
# Two-word instructions that read as one verb.
PHRASE_ACTS: dict[str, ActType] = {
    "make sure": ActType.VALIDATE,
    "look at": ActType.READ,
    "look up": ActType.READ,
    "set up": ActType.WRITE,
    "roll back": ActType.UPDATE_STATE,
    "check out": ActType.UPDATE_STATE,
    "log in": ActType.REQUEST,
    "sign in": ActType.REQUEST,
}
# Verbs whose step deletes something: recorded as an effect.
DELETING = frozenset({"remove", "delete", "uninstall"})
# A listed verb followed by one of these is a noun ("Return values are...", "Set operations").
_NOT_IMPERATIVE_NEXT = frozenset(
    {"is", "are", "was", "were", "can", "will", "would", "should", "may", "might", "has", "have",
     "of", "values", "value", "types", "type", "command", "commands", "function", "method",
     "case", "cases", "code", "codes", "status", "statuses", "mode", "modes", "operation",
     "operations", "options", "option", "step", "steps", "time", "order"}
)  # fmt: skip
# Leading clauses after which an instruction may follow a comma ("If X, run Y").
BRANCH_LEADS = frozenset({"if", "when", "otherwise", "unless"})
_OTHER_LEADS = frozenset({"to", "for", "once", "after", "then", "next", "first", "finally", "now"})
_POLITE = re.compile(r"^(?:please|also|then|now|simply|just)\s+", re.IGNORECASE)


#: The first two words of a text as `_verb` reads them (runs of letters and apostrophes): the
#: two that ``re.findall(r"[A-Za-z']+", text)`` would list first, without listing the rest.
_TWO_WORDS = re.compile(r"[^A-Za-z']*([A-Za-z']+)(?:[^A-Za-z']+([A-Za-z']+))?")
#: Words that can open an instruction: a listed verb, or the first word of a listed phrase (or
#: a phrase itself, were one a single word). Most sentences open with none ("The", "This"), and
#: this set turns them down before the phrase and the second word are looked at.
_OPENERS = frozenset({*VERB_ACTS, *PHRASE_ACTS, *(p.split(" ", 1)[0] for p in PHRASE_ACTS)})


def imperative(sentence: str) -> tuple[str, ActType] | None:
    """The verb and act of a sentence that starts with an instruction, else ``None``.

    ``sentence`` is plain text; the verb must open it, capitalised, as instructions do.
    """
    stripped = sentence.strip()
    if not stripped[:1].isalpha() or not stripped[:1].isupper():
        return None
    return _verb(_POLITE.sub("", stripped)[:80])


def _verb(text: str) -> tuple[str, ActType] | None:
    """The verb and act of the first words of ``text`` (a phrase before a single verb)."""
    words = _TWO_WORDS.match(text)
    if words is None:
        return None
    head = words.group(1).lower()
    if head not in _OPENERS:
        return None
    second = words.group(2)
    pair = f"{head} {second.lower()}" if second else head
    if pair in PHRASE_ACTS:
        return pair, PHRASE_ACTS[pair]
    if head not in VERB_ACTS:
        return None
    if second and second.lower() in _NOT_IMPERATIVE_NEXT:
        return None
    return head, VERB_ACTS[head]


def leading_verb(text: str) -> tuple[str, ActType] | None:
    """The verb and act of the instruction opening ``text``, capitalised or not."""
    return _verb(_POLITE.sub("", text.strip())[:80])


def clause_instruction(sentence: str) -> tuple[str, str, str] | None:
    """``If X, run Y`` -> ``("if", "If X", "run Y")`` when the part after the comma instructs."""
    lead = sentence.split(None, 1)[0].lower().strip(",") if sentence.strip() else ""
    if lead not in BRANCH_LEADS and lead not in _OTHER_LEADS:
        return None
    head, sep, tail = sentence.partition(",")
    tail = _POLITE.sub("", tail.strip())
    if not sep or not tail:
        return None
    if not tail[:1].isalpha() or _verb(tail[:80]) is None:
        return None
    return lead, head.strip(), tail


def loops(text: str) -> bool:
    """A step that repeats: "for each", "for every", "repeat", "until"."""
    return re.search(r"\bfor (?:each|every)\b|\brepeat|\buntil\b", text, re.IGNORECASE) is not None


# --- Resource scope -------------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s)>\]`'\"]+")
# Sentence keywords per scope, checked in this order: the most sensitive boundary wins.
_SCOPE_WORDS: tuple[tuple[ResourceScope, re.Pattern[str]], ...] = (
    (
        ResourceScope.CREDENTIALS,
        re.compile(
            r"\b(?:passwords?|passphrases?|secrets?|credentials?|api[ _-]?keys?|tokens?|"
            r"private keys?|ssh keys?)\b"
        ),
    ),
    (
        ResourceScope.NETWORK,
        re.compile(
            r"https?://|\b(?:curl|wget|pypi|download\w*|upload\w*|fetch\w*|push\w*|pull\w*|"
            r"(?:pip|pip3|npm|yarn|gem) install|git clone)\b"
        ),
    ),
    (
        ResourceScope.PROCESS,
        re.compile(r"\b(?:process\w*|services?|servers?|daemons?|kill|restart\w*|systemctl)\b"),
    ),
    (
        ResourceScope.CODEBASE,
        re.compile(
            r"\b(?:git|source code|repository|repositories|repo|modules?|codebase)\b|\.py\b"
        ),
    ),
    (
        ResourceScope.LOCAL_FS,
        re.compile(r"\b(?:files?|director(?:y|ies)|folders?|paths?|filesystem)\b|~/|\./"),
    ),
)


def _first_match(table: Sequence[tuple[T, re.Pattern[str]]], text: str, default: T) -> T:
    """The value of the first ``(value, pattern)`` row whose pattern occurs in lower-cased text."""
    lowered = text.lower()
    return next((value for value, pattern in table if pattern.search(lowered)), default)


#: For each scope, the words its pattern cannot match without (each alternative holds one).
_SCOPE_NEEDLES: dict[ResourceScope, tuple[str, ...]] = {
    ResourceScope.CREDENTIALS: (
        "password", "passphrase", "secret", "credential", "api", "token", "private key", "ssh key",
    ),
    ResourceScope.NETWORK: (
        "http", "curl", "wget", "pypi", "download", "upload", "fetch", "push", "pull", " install",
        "git clone",
    ),
    ResourceScope.PROCESS: (
        "process", "service", "server", "daemon", "kill", "restart", "systemctl",
    ),
    ResourceScope.CODEBASE: ("git", "source code", "repo", "module", "codebase", ".py"),
    ResourceScope.LOCAL_FS: ("file", "director", "folder", "path", "~/", "./"),
}  # fmt: skip


def sentence_scope(text: str) -> ResourceScope:
    """The resource boundary a sentence names, else ``OTHER``: `_first_match` of
    `_SCOPE_WORDS`, each pattern searched only in a text that holds one of its words
    (`_SCOPE_NEEDLES`). Each search tries its alternation at every position (none opens with
    a literal to skip to), and this is asked for every step, a numbered list's long items
    too: the substring tests that turn most searches down halve the cost (sqlite's steps)."""
    lowered = text.lower()
    for scope, pattern in _SCOPE_WORDS:
        if _guarded_search(_SCOPE_NEEDLES[scope], pattern, lowered):
            return scope
    return ResourceScope.OTHER


def first_url(text: str) -> str:
    """The first http(s) URL in ``text``, else ``""``."""
    match = _URL.search(text)
    return match.group(0).rstrip(".,;:") if match else ""


# --- Commands -------------------------------------------------------------------------------------

# Fence languages whose lines are shell commands (output lines follow prompts in sessions).
SHELL_LANGUAGES = frozenset(
    {"console", "shell", "bash", "sh", "zsh", "fish", "shell-session", "sh-session",
     "shellsession", "terminal", "powershell", "ps1", "pwsh", "bat", "batch", "cmd", "doscon"}
)  # fmt: skip
# Languages that may hold a transcript when their first line is a prompt.
PROMPT_ONLY_LANGUAGES = frozenset({"", "text", "none", "txt"})
# Programs whose lines read as commands even in an unlabeled fence without prompts.
KNOWN_PROGRAMS = frozenset(
    {"pip", "pip3", "pipx", "python", "python3", "py", "npm", "npx", "yarn", "pnpm", "git",
     "curl", "wget", "docker", "make", "cargo", "go", "uv", "poetry", "conda", "brew", "apt",
     "apt-get", "tox", "nox", "pytest", "export", "cd", "mkdir", "source", "sudo"}
)  # fmt: skip
_PROMPT = re.compile(r"^\s*(?:\([\w.-]+\)\s*)?(?:\$|>|PS[^>\s]*>)\s+(\S.*)$")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_PROGRAM = re.compile(r"^(?:\.|[a-z0-9_.~/\\][\w.+/~\\:-]*)$")
# Programs by the boundary they cross; package managers cross the network when they install.
_NETWORK_PROGRAMS = frozenset({"curl", "wget", "scp", "ssh", "rsync", "ftp", "sftp", "http"})
_PACKAGE_MANAGERS = frozenset(
    {"pip", "pip3", "pipx", "npm", "yarn", "pnpm", "gem", "cargo", "uv", "poetry", "conda",
     "apt", "apt-get", "brew", "twine", "docker", "briefcase"}
)  # fmt: skip
_NETWORK_SUBCOMMANDS = frozenset(
    {"install", "add", "download", "upgrade", "update", "publish", "upload", "push", "pull",
     "clone", "fetch"}
)  # fmt: skip
_PROCESS_PROGRAMS = frozenset({"kill", "pkill", "killall", "systemctl", "service", "ps", "top"})
FS_PROGRAMS = frozenset(
    {"rm", "rmdir", "cp", "mv", "mkdir", "cat", "touch", "cd", "ls", "chmod", "chown", "ln",
     "find", ".", "source", "tar", "unzip", "zip", "del", "copy", "move"}
)  # fmt: skip
DELETING_PROGRAMS = frozenset({"rm", "rmdir", "del", "rd"})


def prompt_command(line: str) -> str | None:
    """The command after a ``$``/``>``/``PS>`` prompt, ``""`` for a bare prompt, else ``None``."""
    if match := _PROMPT.match(line):
        return match.group(1).rstrip()
    stripped = line.strip()
    if stripped in ("$", ">") or re.fullmatch(r"\([\w.-]+\)\s*[$>]", stripped):
        return ""
    return None


def split_command(line: str) -> tuple[str, tuple[str, ...]] | None:
    """``pip install click`` -> ``("pip", ("install", "click"))``; ``None`` if not a command."""
    joined = line.replace("\\\n", " ")
    try:  # Windows paths keep their backslashes only in non-POSIX mode
        tokens = shlex.split(joined, comments=True, posix="\\" not in joined)
    except ValueError:
        tokens = joined.split()
    while len(tokens) > 1 and _ASSIGNMENT.match(tokens[0]):
        tokens = tokens[1:]
    if not tokens or (_ASSIGNMENT.match(tokens[0]) and len(tokens) == 1):
        return None
    if not _PROGRAM.match(tokens[0]):
        return None
    return tokens[0], tuple(tokens[1:])


def command_scope(program: str, args: tuple[str, ...]) -> ResourceScope:
    """The boundary a command crosses, from its program and subcommand."""
    name = program.rsplit("/", 1)[-1]
    sub = next((a for a in args if not a.startswith("-")), "")
    if name in _NETWORK_PROGRAMS or any(_URL.match(a) for a in args):
        return ResourceScope.NETWORK
    if name in _PACKAGE_MANAGERS and sub in _NETWORK_SUBCOMMANDS:
        return ResourceScope.NETWORK
    if name == "git":
        return ResourceScope.NETWORK if sub in _NETWORK_SUBCOMMANDS else ResourceScope.CODEBASE
    if name in _PROCESS_PROGRAMS:
        return ResourceScope.PROCESS
    if name in FS_PROGRAMS or any(path_like(a) for a in args) or path_like(program):
        return ResourceScope.LOCAL_FS
    return ResourceScope.OTHER


def path_like(token: str) -> bool:
    """A token that names a file or directory: has a slash, starts with ``~`` or ``.``."""
    if token.startswith("-") or _URL.match(token) or "$" in token:
        return False
    return "/" in token or token.startswith(("~", "./", "../")) or token in (".", "..")


# --- Constraints ----------------------------------------------------------------------------------

# Each alternative of the two patterns with the words it cannot match without. Checked one by
# one, each pattern alternative runs only on a sentence that holds one of its words: a search
# for the whole alternation tries every alternative at every position (none opens with a
# literal to skip to), five times the cost on a sentence that holds "not" or "only".
_Alternatives = tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]
# Prohibitions open the sentence (or the clause after a comma) or follow a modal.
_PROHIBITIONS: _Alternatives = (
    (
        ("never", "do not", "don't", "avoid"),
        re.compile(r"(?:^|,\s*)(?:never|do not|don't|avoid)\b"),
    ),
    (("must ", "should ", "shall "), re.compile(r"\b(?:must|should|shall) (?:not|never)\b")),
    (("mustn't", "shouldn't"), re.compile(r"\b(?:mustn't|shouldn't)\b")),
    (("not allowed",), re.compile(r"\bnot allowed\b")),
)
# "need to"/"have to" count only when addressed to the reader: "Click has to reopen the
# stream" describes the library, "you need to export the values" instructs.
_REQUIREMENTS: _Alternatives = (
    (("always", "only"), re.compile(r"(?:^|,\s*)(?:always|only)\b")),
    (("must",), re.compile(r"\bmust\b")),
    (("should always", "must always"), re.compile(r"\b(?:should|must) always\b")),
    (
        ("need to", "have to"),
        re.compile(r"\b(?:you|we)(?:'ll| will| may| might| also| still)? (?:need|have) to\b"),
    ),
    (
        ("require",),
        re.compile(r"\b(?:is|are|be) required\b|\brequired to\b|(?<!not )(?<!n't )\brequires?\b"),
    ),
    (("should only", "must only", "can only"), re.compile(r"\b(?:should|must|can) only\b")),
)
#: The two alternations whole, as the policy reads (and as the tests check the rows against).
_PROHIBITION = re.compile("|".join(pattern.pattern for _, pattern in _PROHIBITIONS))
_REQUIREMENT = re.compile("|".join(pattern.pattern for _, pattern in _REQUIREMENTS))
# Words without which neither alternation can match (every alternative holds one): one search
# for any of them turns down a sentence that holds none (four in five) before the alternatives
# are looked at.
_CONSTRAINT_WORDS = re.compile("not|n't|never|avoid|always|only|must|need to|have to|requir")
_BEFORE = re.compile(r"^before\b")
# Headings whose section lists what must hold before starting.
PREREQUISITE_HEADINGS = re.compile(
    r"\b(?:prerequisites?|requirements|before you (?:begin|start)|what you need)\b", re.IGNORECASE
)


def constraint_kind(text: str, in_prerequisites: bool) -> ConstraintKind | None:
    """The kind of constraint a plain sentence states (code spans removed), else ``None``."""
    lowered = text.lower().strip()
    if in_prerequisites or (lowered.startswith("before") and _BEFORE.match(lowered)):
        return ConstraintKind.PREREQUISITE
    if _CONSTRAINT_WORDS.search(lowered) is None:
        return None
    if _occurs(_PROHIBITIONS, lowered):
        return ConstraintKind.PROHIBITION
    if _occurs(_REQUIREMENTS, lowered):
        return ConstraintKind.REQUIREMENT
    return None


def _occurs(alternatives: _Alternatives, lowered: str) -> bool:
    """Whether one of ``alternatives`` occurs in ``lowered`` (as their alternation would)."""
    return any(_guarded_search(words, pattern, lowered) for words, pattern in alternatives)


def _guarded_search(words: Sequence[str], pattern: re.Pattern[str], lowered: str) -> bool:
    """Whether ``pattern`` matches in ``lowered``, searched only when one of ``words`` (which
    every match holds) occurs in it: a substring test turns most texts down for less than
    the search (`constraint_kind`, `sentence_scope`)."""
    return any(word in lowered for word in words) and pattern.search(lowered) is not None


# --- Scenes ---------------------------------------------------------------------------------------

# Heading words per scene type, checked in this order (first match wins): the brief's order.
_SCENE_WORDS: tuple[tuple[SceneType, re.Pattern[str]], ...] = (
    (
        SceneType.PREPARE,
        re.compile(
            r"\b(?:install\w*|setup|set up|setting up|prerequisites?|before you begin|"
            r"requirements|configur\w*|getting started|virtualenv|virtual environments?)\b"
        ),
    ),
    (SceneType.ACQUIRE, re.compile(r"\b(?:gather\w*|collect\w*|find\w*|fetch\w*|load\w*)\b")),
    (SceneType.REASON, re.compile(r"\b(?:choos\w*|decid\w*|design\w*|plan\w*|why)\b")),
    (SceneType.VERIFY, re.compile(r"\b(?:test\w*|verify\w*|check\w*|validat\w*|debug\w*)\b")),
    (
        SceneType.RECOVER,
        re.compile(r"\b(?:troubleshoot\w*|errors?|recover\w*|fix\w*|problems?|failures?)\b"),
    ),
    (
        SceneType.FINALIZE,
        re.compile(r"\b(?:deploy\w*|release\w*|publish\w*|clean\w*|finish\w*|uninstall\w*)\b"),
    ),
)


def scene_type(heading: str) -> SceneType:
    """The phase a section's heading names, else ``ACT``."""
    return _first_match(_SCENE_WORDS, heading, SceneType.ACT)
