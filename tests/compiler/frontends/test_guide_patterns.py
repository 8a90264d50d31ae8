"""Patterns the guide frontends run on every sentence match as they were written before.

Why a test: `re` skips to a pattern's first character only when the pattern opens with a
literal or a set of characters; one opening with a group, a repeat or a lookbehind is tried at
every position of the text. The code spans, emphasis, stops and opaque regions below were
rewritten to open with their first character (``(`+)`` as ``` `(`*) ``` and a backreference one
backtick longer, ``(?<!\\w)_`` as ``_(?<!\\w_)``...), which must change no match: each is
compared, match by match, with the form it replaced, on texts made of the characters they
look at.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.compiler.frontends.guide import steps, textutil
from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.ir import inline

# Characters and runs the patterns look at, and a few words between them.
_PIECES = (
    "`", "``", "```", "\\", "\\`", "*", "**", "_", "__", "a", "b_", "x1", " ", "  ", "\n", ".",
    "!", "?", "...", ")", "]", '"', "'", "](", "(", "[", "<", ">", "<a>", "http://x.org/a.",
    "https://", "e.g.", "\u00e9", "\u00a0",
)  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)

#: Each rewritten pattern and the form it replaced.
_BEFORE = (
    (inline._CODE_SPAN, re.compile(r"(?<!\\)`(`*)(.+?)`\1", re.DOTALL)),
    (inline._EMPHASIS, re.compile(r"(\*\*|__|\*|(?<!\w)_)(?=\S)(.+?)(?<=\S)\1(?!\w)", re.DOTALL)),
    (inline._OPENING_UNDERSCORE, re.compile(r"(?<!\w)_")),
    (steps._CODE_SPAN, re.compile(r"(`+).+?\1", re.DOTALL)),
    (
        textutil._OPAQUE,
        re.compile(r"(`+).+?\1|\]\([^)]*\)|<[^>\s]+>|https?://\S+", re.DOTALL),
    ),
    (textutil._BOUNDARY, re.compile(r"[.!?]+[\"')\]]*(?=\s)")),
)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_rewritten_patterns_match_as_before(text: str) -> None:
    for now, before in _BEFORE:
        found = [match.span() for match in now.finditer(text)]
        assert found == [match.span() for match in before.finditer(text)], now.pattern
    # `inline.plain` reads the text of code spans and emphasis from group 2: the same groups
    for now, before in _BEFORE[:2]:
        assert [m.group(2) for m in now.finditer(text)] == [
            m.group(2) for m in before.finditer(text)
        ]


def test_known_matches() -> None:
    """The cases the lookbehinds and backreferences are there for."""
    spans = inline._CODE_SPAN.findall("\\`no and `yes` and ``a ` b``")
    assert spans == [("", "yes"), ("`", "a ` b")]
    assert inline._OPENING_UNDERSCORE.search("sqlite3_open a_b") is None
    assert inline._OPENING_UNDERSCORE.search("_x") is not None
    assert steps._CODE_SPAN.sub(" ", "a ``x`y`` b `c` d") == "a   b   d"
    assert [m.group() for m in textutil._BOUNDARY.finditer('Ends?!") Next. e')] == ['?!")', "."]


def test_sentences_with_roles_are_rewritten_and_others_read_as_written() -> None:
    """`steps._sentences` rewrites a paragraph's sentences only when it holds a role (or is
    RST): a step or constraint must still read as its block emits it, roles rewritten, in
    both dialects, and a paragraph without one as written."""
    page = (
        "# Title\n\nRun {command}`pip install x` first. You must not call {func}`os.exit`.\n\n"
        "Install the **package**. Never delete `data`.\n\n"
        "```{eval-rst}\nCall :func:`setup` once. You must always run ``make``.\n```\n"
    )
    skill = read_markdown(page, source_id="page.md").skills[0]
    assert [s.text for s in skill.logic_steps] == [
        "Run `pip install x` first.",
        "Install the **package**.",
        "Call `setup` once.",
    ]
    assert [k.text for k in skill.constraints] == [
        "You must not call os.exit.",
        "Never delete data.",
        "You must always run make.",
    ]
