"""PK309: an absolute path of the author's machine in a file of the skill."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.package.model import Package, span_at

_SEP = r"(?:\\\\|\\|/)+"
#: Home folders, with the user name in ``user``; generated temporary folders. The lookbehind
#: keeps ``/opt/home/x`` and ``docs/Users/x`` out while letting ``file:///home/x`` in.
_HOST_PATH = re.compile(
    r"(?<![\w.~-])(?:"
    r"/home/(?P<user>[A-Za-z0-9._-]+)"
    r"|(?:/mnt/[a-z])?/Users/(?P<mac>[A-Za-z0-9._-]+)"
    r"|/root(?=/[\w.-])"
    rf"|(?<![A-Za-z])[A-Za-z]:{_SEP}Users{_SEP}(?P<win>[^\\/\s\"'<>:*?|]+)"
    r"|/tmp/tmp[a-z0-9_]{8}(?![a-z0-9_])"
    r"|/tmp/pytest-of-[\w.-]+"
    r"|(?:/private)?/var/folders/\w{2}/\w+/[A-Z](?=/)"
    r")"
    r"(?P<rest>[^\s\"'`<>()\[\]{},;|*]*)"
)
#: User names that stand for "any user" in documentation, and the shared folders every system has.
PLACEHOLDER_USERS = frozenset(
    {
        "user",
        "username",
        "user1",
        "you",
        "me",
        "name",
        "myname",
        "myuser",
        "someone",
        "someuser",
        "example",
        "foo",
        "bar",
        "alice",
        "bob",
        "john",
        "jane",
        "jdoe",
        "johndoe",
        "janedoe",
        "test",
        "testuser",
        "demo",
        "ubuntu",
        "ec2-user",
        "shared",
        "public",
        "default",
        "default user",
        "all users",
    }
)
MAX_SHOWN = 60
#: Substrings every match contains; a file holding none of them is not scanned.
_ANCHORS = ("/home/", "/Users/", "/root/", ":\\", ":/Users", "/tmp/", "/var/folders/")


@rule("PK309", "host-path", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """A text file contains an absolute path from the author's machine.

    ## What it checks
    Every text file of the package (Markdown, scripts, data; inside code too) for paths that
    name one person's machine:
    - home folders with a user name: `/home/<user>/`, `/Users/<user>/` (also `/mnt/c/Users/`
      under WSL), `C:\\Users\\<user>\\` with any drive and either slash, and `/root/...`;
    - generated temporary folders: `/tmp/tmpXXXXXXXX` (Python's `mkdtemp`), `/tmp/pytest-of-*`,
      and macOS's per-user `/var/folders/xx/.../T/`.

    User names that stand for anyone (`user`, `username`, `you`, `me`, `alice`, `ubuntu`,
    `ec2-user`...; see `PLACEHOLDER_USERS`) and names written as `<user>`, `$USER`, `{user}` or
    starting with `your` are documentation, not leaks. System paths (`/usr/bin/python`, `/etc`,
    `/opt`, `/var/log`) and plain `/tmp/<name>` are instructions, not leaks: a skill may tell the
    agent to write `/tmp/out.json`.

    ## Why it matters
    The path only exists on the author's machine, so an agent that follows it fails, and it
    discloses a user name and folder layout. Generators leak them routinely: one peer wrote
    6,421 host paths into the links of a single skill and `*Source: /tmp/...*` lines into its
    references.

    ## Example
    `python /Users/ana/src/pdf-skill/scripts/fill.py form.pdf`

    ## Fix
    Use a path relative to the skill folder (`python scripts/fill.py form.pdf`; commands run from
    the skill root) or a placeholder such as `~/` or `<project>/`.
    """
    for file in pkg.files:
        text = file.text
        if text is None or not any(anchor in text for anchor in _ANCHORS):
            continue
        for match in _HOST_PATH.finditer(text):
            user = match.group("user") or match.group("mac") or match.group("win") or ""
            if user and _placeholder(user):
                continue
            path = match.group().rstrip(".:")
            shown = path if len(path) <= MAX_SHOWN else path[: MAX_SHOWN - 1] + "…"
            message = f"host path {shown} only exists on the author's machine"
            span = span_at(file.display, text, match.start(), match.start() + len(path))
            yield diagnostic("PK309", message, span=span)


def _placeholder(user: str) -> bool:
    lowered = user.lower()
    return lowered in PLACEHOLDER_USERS or lowered.startswith("your")
