"""The plain front matter reader answers exactly as PyYAML does, or not at all.

Every answer `read_plain` gives is compared with PyYAML's ``SafeLoader`` composing and
constructing the same text: keys, values, styles and node positions. Inputs: every front matter
in the skills corpus, hand-picked edge cases, and documents generated line by line from the
pieces real front matter is made of (and from the pieces that must make it step aside).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.package.frontmatter import split_front_matter
from skillc.package.plain_yaml import PlainEntry, read_plain

ROOT = Path(__file__).resolve().parents[2]
_STYLES = {None: "plain", "'": "single", '"': "double", "|": "literal", ">": "folded"}


def pyyaml_entries(text: str) -> tuple[Any, ...] | None:
    """What PyYAML makes of ``text``, in `PlainEntry`'s terms; None when it is no mapping."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            return None
        return tuple(_entry(loader, key, value) for key, value in node.value)
    finally:
        loader.dispose()


def _entry(loader: Any, key: Any, value: Any) -> tuple[Any, ...]:
    start, end = value.start_mark.index, value.end_mark.index
    if isinstance(value, yaml.ScalarNode):
        style = _STYLES[value.style] if end > start else ""
        children: tuple[Any, ...] = ()
    else:
        style = "block"
        children = tuple(_entry(loader, k, v) for k, v in value.value)
    return (
        loader.construct_object(key, deep=True),
        key.start_mark.index,
        key.end_mark.index,
        loader.construct_object(value, deep=True),
        start,
        end,
        style,
        children,
    )


def plain_entries(entries: tuple[PlainEntry, ...]) -> tuple[Any, ...]:
    return tuple(
        (
            e.key,
            e.key_start,
            e.key_end,
            e.value,
            e.value_start,
            e.value_end,
            e.style,
            plain_entries(e.children),
        )
        for e in entries
    )


def assert_same_as_pyyaml(text: str) -> bool:
    """Assert that any answer of the reader is PyYAML's; True when it answered."""
    mine = read_plain(text)
    if mine is None:
        return False
    assert plain_entries(mine) == pyyaml_entries(text), text
    return True


def corpus_front_matters() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpora" / "skills").rglob("SKILL.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        bounds = split_front_matter(text)
        if bounds is not None and bounds[1] >= 0:
            texts.append(text[bounds[0] : bounds[1]])
    return texts


def test_corpus_front_matters_read_as_pyyaml_reads_them() -> None:
    texts = corpus_front_matters()
    answered = sum(assert_same_as_pyyaml(text) for text in texts)
    assert len(texts) >= 40
    assert answered >= 0.75 * len(texts), f"only {answered} of {len(texts)} read without PyYAML"


ANSWERED = [
    "name: pdf\ndescription: Fill PDF forms. Use when a form is given.\n",
    "name: 'it''s'\ndescription: \"quoted: yes\"\n",
    "name: x\nuser-invocable: true\ndisable-model-invocation: Off\nlicense: ~\n",
    "name: x\nmetadata:\n  version: 2.9.0\n  author: ada\n\n\nlicense: MIT\n",
    "name: x\nmetadata:\n    a: b\n    c:\n",
    "description: >-\n  one two\n  three\nname: x\n",
    "description: >\n  one\n  two  \n\n\nname: x",
    "description: |\n  one\n  two\n",
    "description: |-\n  one\n  two",
    "name: x\nmetadata:\n  derived: >-\n    a\n    b\n  k: v\n",
    "name:\ndescription:   \n",
    "name: a#b [c] {d} e,f 'g' \"h\"\n",
    "version: 1.0.0\ndate: 2024-1-5x\n",
]

STEPS_ASIDE = [
    "name: x # a comment\n",
    "# comment\nname: x\n",
    "name: x\n\tdescription: y\n",
    "name: x\r\ndescription: y\r\n",
    "name: 1.5\n",
    "name: 2024-01-05\n",
    "name: 0x1F\n",
    "description: >-\n  one\n\n  two\n",
    "description: >-\n  one\n    two\n",
    "description: >+\n  one\n",
    "description: >2\n  one\n",
    "description: one\n  continued\n",
    "metadata:\n  a:\n    b: c\n",
    "allowed-tools:\n  - Read\n",
    "allowed-tools: [Read, Grep]\n",
    "name: &a x\ndescription: *a\n",
    "name: !!str x\n",
    'name: "a\\"b"\n',
    "name: 'a\n  b'\n",
    "On: x\n",
    "name: a: b\n",
    "---\nname: x\n",
    "name: x\u00a0y\n",
    "",
    "\n\n",
    "- a\n- b\n",
]


@pytest.mark.parametrize("text", ANSWERED)
def test_answers_as_pyyaml_does(text: str) -> None:
    assert assert_same_as_pyyaml(text)


@pytest.mark.parametrize("text", STEPS_ASIDE)
def test_steps_aside_for_what_it_does_not_know(text: str) -> None:
    assert read_plain(text) is None


KEYS = st.sampled_from(["name", "description", "license", "metadata", "x_y", "on", "a-b"])
SCALARS = st.sampled_from(
    [
        "pdf",
        "Fill forms. Use when asked",
        "'single'",
        "'it''s'",
        '"double"',
        '"a\\nb"',
        "true",
        "True",
        "tRUE",
        "null",
        "~",
        "1",
        "1.0",
        "1.0.0",
        "1_000",
        "0o7",
        "07",
        "1:20",
        "2024-01-05",
        ".5",
        ".inf",
        "+x",
        "-x",
        "a: b",
        "a #b",
        "a#b",
        "x:",
        "[a]",
        "{a: b}",
        ">-",
        ">",
        "|",
        "|-",
        "&a x",
        "*a",
        "'unclosed",
        '"unclosed',
        "",
        "   ",
        "<<",
        "=",
    ]
)
INDENTS = st.sampled_from(["", " ", "  ", "    "])
LINE = st.one_of(
    st.tuples(INDENTS, KEYS, SCALARS).map(lambda t: f"{t[0]}{t[1]}: {t[2]}"),
    st.tuples(INDENTS, KEYS).map(lambda t: f"{t[0]}{t[1]}:"),
    st.tuples(INDENTS, SCALARS).map(lambda t: f"{t[0]}{t[1]}"),
    st.sampled_from(["", " ", "  ", "# note", "- item", "..."]),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=8), st.booleans())
def test_generated_front_matter_reads_as_pyyaml_reads_it(lines: list[str], newline: bool) -> None:
    check_against_pyyaml("\n".join(lines) + ("\n" if newline else ""))


def check_against_pyyaml(text: str) -> None:
    """The reader steps aside where PyYAML fails, and answers as PyYAML does where it answers."""
    try:
        expected = pyyaml_entries(text)
    except (yaml.YAMLError, ValueError, TypeError):
        assert read_plain(text) is None, text
        return
    mine = read_plain(text)
    if mine is not None:
        assert plain_entries(mine) == expected, text


WORDS = st.sampled_from(["one", "two  ", "a: b", "#x", "- y", "'q'", "true", "", "  deeper"])
BLANKS = st.sampled_from(["", "\n", "\n\n", "\n  \n"])


@st.composite
def entries(draw: st.DrawFn) -> str:
    """One top-level entry: a scalar, a nested mapping, or a block scalar, then blank lines."""
    key = draw(KEYS)
    shape = draw(st.sampled_from(["scalar", "nested", "block"]))
    if shape == "scalar":
        text = f"{key}: {draw(SCALARS)}"
    elif shape == "nested":
        indent = draw(st.sampled_from([" ", "  ", "    "]))
        children = draw(st.lists(st.tuples(KEYS, SCALARS), min_size=1, max_size=3))
        text = f"{key}:" + "".join(f"\n{indent}{k}: {v}" for k, v in children)
    else:
        header = draw(st.sampled_from([">", ">-", "|", "|-", ">+"]))
        body = draw(st.lists(WORDS, min_size=1, max_size=4))
        text = f"{key}: {header}" + "".join(f"\n  {w}" if w else "\n" for w in body)
    return text + draw(BLANKS)


@settings(max_examples=600, deadline=None)
@given(st.lists(entries(), min_size=1, max_size=5), st.booleans())
def test_generated_entries_read_as_pyyaml_reads_them(parts: list[str], newline: bool) -> None:
    check_against_pyyaml("\n".join(parts) + ("\n" if newline else ""))
