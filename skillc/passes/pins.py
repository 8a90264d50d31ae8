"""Which actionable items hold a block in a SKILL.md body: compress-body's pinning rule.

The no-loss check (`skillc.passes.actionable`, `skillc.passes.verify_package`) counts every
number and every slash-joined word as an item, which is right for it: an item moved verbatim
to a reference file is still in the package, so counting broadly costs nothing there. Pinning
is different: a pinned block can never leave the body, so a false item keeps a whole paragraph
or list on every activation. Two kinds of false item did most of that on real skills:

- **ordinals**: the markers of an ordered list ("1. Ask the user", "2. ...") and step labels
  ("Step 3:", "Phase 2"), read as the numbers 1, 2, 3. They number the text; the numbers a
  skill must keep in the body are limits, sizes, ports, timeouts, versions ("at most 50 rows",
  "port 8080").
- **alternations**: words joined by a slash ("CI/CD", "before/after", "HTML/CSS", "Do's/Don'ts"),
  read as paths. A path names a file or a folder: it has a file extension, starts with ``/``,
  ``./``, ``../`` or ``~``, ends with ``/``, holds a character words do not (``_``, ``-``,
  ``@``, a digit) or a folder name a project has (``src/``, ``scripts/``, ``references/``).

Everything else pins as the no-loss check counts it. Linear in the text; deterministic.
"""

from __future__ import annotations

import re

from skillc.ir.markdown import render_block
from skillc.ir.nodes import ContentBlock
from skillc.passes.actionable import Item, markdown_items

#: Items whose blocks stay in the body (inline code and code may move with their block).
PINNED_KINDS = frozenset({"command", "constraint", "url", "path", "number"})

#: An ordered list's marker at the start of a line, also opening a heading or a bold label
#: ("### 2. Pipeline Configuration", "**1. Brand Identity**"), an inline enumeration's "(1)",
#: and a step label ("Step 3:", "Phase 2 -", "Rule 1 —"): their numbers order the text.
#: Outside fenced code only (code is never rewritten here: these lines are read to find
#: items, not written).
_ORDINAL = re.compile(
    r"^(\s*(?:[-+*]\s+|#{1,6}\s+)?(?:\*\*|__)?)\d{1,3}[.)](?=\s)"
    r"|(?<![\w)])\([1-9]\d?\)(?=\s)"
    r"|\b(?:step|phase|stage|part|round|pass|tier|level|option|scenario|example|rule)"
    r"\s+\d{1,2}[a-z]?(?=\s*[:.)\-—–]|\*|\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: Folder names that make a slash-joined pair of plain words a path ("src/components").
_FOLDERS = frozenset(
    """
    src lib libs bin etc usr var tmp home opt dist build out docs doc test tests spec specs
    scripts script references reference assets templates template examples config configs
    public static app apps pages components packages node_modules vendor include internal
    cmd pkg data fixtures migrations styles images img hooks utils helpers api skills
    """.split()  # noqa: SIM905 - a word list, read as prose
)
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?\**")


def pinned(block: ContentBlock) -> bool:
    """Whether ``block`` must stay in the body whatever its class: it holds a command,
    constraint, URL, path or number that is not an ordinal or a slash-joined pair of words.

    >>> from skillc.ir.nodes import ListBlock, Prose
    >>> pinned(ListBlock(id="l", items=("Ask the user", "Draft the plan"), ordered=True))
    False
    >>> pinned(Prose(id="p", text="Covers CI/CD and before/after comparisons."))
    False
    >>> pinned(Prose(id="p", text="Keep at most 50 rows in `src/app.py`."))
    True
    """
    return any(item.kind in PINNED_KINDS for item in pinning_items(block))


def pinning_items(block: ContentBlock) -> set[Item]:
    """The items of one block that hold it in the body (see the module's docstring)."""
    items = markdown_items(without_ordinals(render_block(block)))
    return {i for i in items if i.kind != "path" or is_path(i.text)}


def without_ordinals(text: str) -> str:
    """``text`` with its list markers' and step labels' numbers replaced by ``#`` outside
    fenced code, so that they read as no number.

    >>> without_ordinals("1. Ask\\n2) Draft at most 3 options\\n\\n### Step 4: Ship")
    '#. Ask\\n#) Draft at most 3 options\\n\\n### Step #: Ship'
    >>> without_ordinals("### 2. Setup\\n**1. Brand**\\nDoes (1) this and (2) that in f(3) s")
    '### #. Setup\\n**#. Brand**\\nDoes (#) this and (#) that in f(3) s'
    """
    lines, fence = [], ""
    for line in text.split("\n"):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)[:3]
        elif not fence:
            line = _ORDINAL.sub(_hash_digits, line)
        lines.append(line)
    return "\n".join(lines)


def _hash_digits(match: re.Match[str]) -> str:
    return re.sub(r"\d+", "#", match.group(0))


def is_path(text: str) -> bool:
    """Whether a path item names a file or folder rather than joining words with a slash.

    >>> [is_path(t) for t in ("CI/CD", "before/after", "Do's/Don'ts", "src/components")]
    [False, False, False, True]
    >>> [is_path(t) for t in ("references/api.md", "./run", "~/.claude", "@scope/pkg", "a/b/")]
    [True, True, True, True, True]
    """
    if "/" not in text or text.startswith(("/", "./", "../", "~")) or text.endswith("/"):
        return True
    parts = text.split("/")
    if any(p.strip("*").casefold() in _FOLDERS for p in parts):
        return True
    return not all(_PLAIN_WORD.fullmatch(p) for p in parts)
