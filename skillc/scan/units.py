"""Cut a package's files into the units an agent reads or runs, each with its place in the file.

A skill acts through more than its scripts: SKILL.md's code blocks are commands the agent runs,
its prose is instructions it follows, and HTML comments, image alt text and front matter are read
by the agent but not shown to the person reviewing the rendered page. Rules treat these kinds
differently (a command in a code block is an action; the same words in a sentence may only
describe an attack), so each unit says what it is:

- ``code``: a fenced code block, a bundled script, or any other text file (JSON, YAML...);
- ``prose``: Markdown text outside code blocks;
- ``hidden``: an HTML comment, image alt text or the front matter (read by agents, not shown);
- ``comment``: a comment inside a script (tree-sitter tells it apart from code).

Cutting is one pass over each line (fences) plus ``str.find`` loops (comments): linear in the
file, whatever it holds; nothing is read only up to some offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from skillc.package.model import Package, PackageFile

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")
_ALT = re.compile(r"!\[([^\]\n]{1,2000})\]")
_TITLE = re.compile(r"\]\([^)\s]*\s+\"([^\"\n]{1,2000})\"\)")

#: Script languages by file suffix; tree-sitter has a grammar for each.
SUFFIX_LANG: dict[str, str] = {
    ".py": "python",
    ".pyw": "python",
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".ksh": "shell",
    ".command": "shell",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "javascript",
    ".tsx": "javascript",
    ".mts": "javascript",
    ".cts": "javascript",
}
#: Code block info strings by language.
FENCE_LANG: dict[str, str] = {
    **{k: "shell" for k in ("bash", "sh", "shell", "zsh", "console", "shell-session", "ksh")},
    **{k: "python" for k in ("python", "py", "python3", "pycon")},
    **{k: "javascript" for k in ("js", "javascript", "node", "ts", "typescript", "jsx", "tsx")},
    **{k: "powershell" for k in ("powershell", "ps1", "pwsh", "ps")},
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """``text`` is ``file.text[offset:offset + len(text)]``; ``kind`` and ``lang`` as above."""

    file: PackageFile
    text: str
    offset: int
    kind: str
    lang: str = ""

    @property
    def display(self) -> str:
        return self.file.display

    @property
    def runnable(self) -> bool:
        """Code the agent runs as it is: a bundled file, or a shell block of a Markdown file.
        A Python or JavaScript block in Markdown is usually an example of code to write, so it
        shows what the skill teaches rather than what it can do (capabilities are not
        inferred from it; risk rules still read it)."""
        return self.kind == "code" and (
            not self.file.is_markdown or self.lang in ("shell", "powershell")
        )


def package_units(pkg: Package) -> Iterator[Unit]:
    """Every unit of every text file of ``pkg``, in file order."""
    for file in pkg.files:
        if file.text is None:
            continue
        if file.is_markdown:
            yield from markdown_units(file, is_skill=file is pkg.skill_file, pkg=pkg)
        else:
            yield Unit(file=file, text=file.text, offset=0, kind="code", lang=script_lang(file))


def script_lang(file: PackageFile) -> str:
    """The script language of ``file`` from its suffix, else its shebang line, else ``""``."""
    name = file.path.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    if dot > 0 and name[dot:] in SUFFIX_LANG:
        return SUFFIX_LANG[name[dot:]]
    text = file.text or ""
    if text.startswith("#!"):
        first = text[: text.find("\n")] if "\n" in text else text
        for word, lang in (("python", "python"), ("node", "javascript"), ("sh", "shell")):
            if word in first:
                return lang
    return ""


def markdown_units(file: PackageFile, *, is_skill: bool, pkg: Package) -> Iterator[Unit]:
    """Front matter, code blocks, prose runs, HTML comments and alt text of a Markdown file."""
    text = file.text or ""
    start = 0
    if is_skill and pkg.front_matter.present:
        fm = pkg.front_matter
        yield Unit(file=file, text=fm.text, offset=fm.offset, kind="hidden", lang="yaml")
        start = pkg.body_offset
    yield from _blocks(file, text, start)
    yield from _comments(file, text, start)
    for pattern in (_ALT, _TITLE):
        for match in pattern.finditer(text, start):
            yield Unit(file=file, text=match.group(1), offset=match.start(1), kind="hidden")


def _blocks(file: PackageFile, text: str, start: int) -> Iterator[Unit]:
    """Code blocks and the prose between them, by one pass over the lines."""
    fence, lang = "", ""
    run_start = start
    offset = start
    for line in text[start:].split("\n"):
        opening = _FENCE.match(line)
        end = offset + len(line) + 1
        if opening and not fence:
            if offset > run_start:
                yield Unit(file=file, text=text[run_start:offset], offset=run_start, kind="prose")
            info = opening.group(2).lower()
            fence, lang = opening.group(1)[:3], FENCE_LANG.get(info, info) or "shell"
            run_start = min(end, len(text))
        elif fence and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            block = text[run_start:offset]
            yield Unit(file=file, text=block, offset=run_start, kind="code", lang=lang)
            fence, run_start = "", min(end, len(text))
        offset = end
    last = min(offset, len(text))
    if last > run_start:
        kind = "code" if fence else "prose"
        yield Unit(file=file, text=text[run_start:last], offset=run_start, kind=kind, lang=lang)


def _comments(file: PackageFile, text: str, start: int) -> Iterator[Unit]:
    """HTML comments (an unclosed one runs to the end of the file, as browsers read it)."""
    at = text.find("<!--", start)
    while at >= 0:
        end = text.find("-->", at + 4)
        stop = len(text) if end < 0 else end
        yield Unit(file=file, text=text[at + 4 : stop], offset=at + 4, kind="hidden")
        if end < 0:
            return
        at = text.find("<!--", end + 3)
