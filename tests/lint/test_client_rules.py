"""The client-compatibility rules (PK2xx): failing and passing cases, positions and fixes.

Each case runs every PK2xx rule. Fix tests apply the fix, then check that the warning is gone
and that the reference validator (skills-ref) reads the value the author wrote.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from skills_ref.parser import read_properties
from skills_ref.validator import validate

from skillc.diagnostics import Applicability
from tests.lint.conftest import VALID_SKILL_MD, make_skill
from tests.lint.test_spec_rules import (
    DESCRIPTION,
    apply_fix,
    corpus_skills,
    diagnostics,
    front,
    located,
)

DESC = DESCRIPTION.rstrip("\n")
BOM = b"\xef\xbb\xbf"

CASES: list[tuple[str, str | bytes, str, list[tuple[str, int, int]]]] = [
    ("valid", VALID_SKILL_MD, "demo", []),
    # PK201
    ("PK201-claude", front("name: claude-helper", DESC), "claude-helper", [("PK201", 2, 7)]),
    ("PK201-anthropic", front("name: my-anthropic-x", DESC), "my-anthropic-x",
     [("PK201", 2, 7)]),
    ("PK201-clear", front("name: clade", DESC), "clade", []),
    # PK202
    ("PK202-tag", front("name: demo", "description: Converts <table> elements to CSV."), "demo",
     [("PK202", 3, 23)]),
    ("PK202-arrow", front("name: demo", "description: Maps a -> b. Use when asked."), "demo",
     [("PK202", 3, 22)]),
    ("PK202-folded-indicator", front("name: demo", "description: >-", "  Converts tables."),
     "demo", [("PK206", 3, 14)]),
    # PK203
    ("PK203-colon", front("name: demo", "description: Use when: the user asks"), "demo",
     [("PK203", 3, 14)]),
    ("PK203-comment", front("name: demo", "description: Fixes issue #12 for users"), "demo",
     [("PK203", 3, 14)]),
    ("PK203-comment-start", front("name: demo", "description: #1 PDF tool"), "demo",
     [("PK203", 3, 14)]),
    ("PK203-at", front("name: demo", "description: @mentions users"), "demo",
     [("PK203", 3, 14)]),
    ("PK203-star", front("name: demo", "description: *bold* claims"), "demo",
     [("PK203", 3, 14)]),
    ("PK203-bracket", front("name: demo", "description: [Beta] Does X"), "demo",
     [("PK203", 3, 14)]),
    ("PK203-quote-then-text", front("name: demo", "description: 'PDF' tools"), "demo",
     [("PK203", 3, 14)]),
    ("PK203-dash-space", front("name: demo", "description: - a list item?"), "demo",
     [("PK203", 3, 14)]),
    ("PK203-continued-colon", front("name: demo", "description: Use this skill", "  when: asked"),
     "demo", [("PK203", 3, 14)]),
    ("PK203-license-colon", front("name: demo", DESC, "license: see: LICENSE"), "demo",
     [("PK203", 4, 10)]),
    ("PK203-fine-values", front(
        "name: demo", 'description: "Use when: quoted"', "license: C# and a:b -x",
        "compatibility: 'it''s: fine'", "metadata:", "  a: b",
    ), "demo", []),
    ("PK203-block-scalar", front("name: demo", "description: >-", "  Use when: the user asks"),
     "demo", [("PK206", 3, 14)]),
    ("PK203-quoted-comment", front("name: demo", 'description: "Does X" # trailing note'),
     "demo", []),
    # PK204
    ("PK204-value", front("name: demo", "description: before --- after"), "demo",
     [("PK204", 3, 21)]),
    ("PK204-comment", front("name: demo", DESC, "# --- old ---"), "demo", [("PK204", 4, 3)]),
    ("PK204-body-rule", front("name: demo", DESC, body="\n# Demo\n\n---\n\nMore.\n"), "demo", []),
    # PK205 (separate test: the file name differs)
    # PK206
    ("PK206-folded", front("name: demo", "description: >", "  Does X.", "  Use when Y."), "demo",
     [("PK206", 3, 14)]),
    ("PK206-folded-strip", front("name: demo", "description: >-", "  Does X. Use when Y."),
     "demo", [("PK206", 3, 14)]),
    ("PK206-literal", front("name: demo", "description: |", "  Does X.", "  Use when Y."), "demo",
     [("PK206", 3, 14)]),
    ("PK206-wrapped-plain", front("name: demo", "description: Does X.", "  Use when Y."), "demo",
     [("PK206", 3, 14)]),
    ("PK206-escaped-newline", front("name: demo", r'description: "Does X.\nUse when Y."'), "demo",
     [("PK206", 3, 14)]),
    # PK207
    ("PK207-fullwidth-folder", VALID_SKILL_MD, "ｄｅｍｏ", [("PK207", 2, 7)]),
    ("PK207-plain-mismatch", VALID_SKILL_MD, "other", []),  # PK109's error
    # PK208
    ("PK208-bom", BOM + VALID_SKILL_MD.encode(), "demo", [("PK208", 1, 1)]),
    # PK209
    ("PK209-crlf", VALID_SKILL_MD.replace("\n", "\r\n"), "demo", [("PK209", 1, 1)]),
    ("PK209-crlf-body-only", front("name: demo", DESC, body="\r\n# Demo\r\n"), "demo", []),
    # PK210
    ("PK210-yes", front("name: demo", "description: yes"), "demo", [("PK210", 3, 14)]),
    ("PK210-date", front("name: demo", DESC, "metadata:", "  released: 2024-05-01"), "demo",
     [("PK210", 5, 13)]),
    ("PK210-quoted", front("name: demo", DESC, "metadata:", '  released: "2024-05-01"'), "demo",
     []),
    # PK211
    ("PK211-flow-mapping", front("name: demo", DESC, "metadata: {author: ada, tags: [a]}"),
     "demo", [("PK211", 4, 11)]),
    ("PK211-anchor-alias", front("name: &n demo", "description: *n"), "demo",
     [("PK211", 2, 7), ("PK211", 3, 14)]),
    ("PK211-tag", front("name: demo", DESC, "license: !!str MIT"), "demo", [("PK211", 4, 10)]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "folder", "expected"),
    [pytest.param(c, f, e, id=i) for i, c, f, e in CASES],
)
def test_client_rule_cases(
    tmp_path: Path, content: str | bytes, folder: str, expected: list[tuple[str, int, int]]
) -> None:
    root = make_skill(tmp_path, {"SKILL.md": content}, name=folder)
    assert sorted(located(root, "PK2")) == sorted(expected)


def test_lowercase_skill_md(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"skill.md": VALID_SKILL_MD})
    assert located(root, "PK2") == [("PK205", 1, 1)]
    assert located(root, "PK1") == []  # the reference validator accepts it too


def test_bom_is_invisible_to_the_spec_rules(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": BOM + VALID_SKILL_MD.encode()})
    assert located(root, "PK1") == []


# --- Messages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "description: Use when: the user asks",
            "unquoted value of `description` contains `: `, which strict YAML parsers reject"
            " (Claude Code's lenient parser accepts it)",
        ),
        (
            "description: Fixes issue #12 for users",
            "unquoted value of `description` contains ` #`, so YAML drops `#12 for users`",
        ),
        (
            "description: #1 PDF tool",
            "unquoted value of `description` starts with `#`, so YAML reads it as a comment",
        ),
    ],
    ids=["colon", "comment", "comment-start"],
)
def test_unquoted_value_messages(tmp_path: Path, line: str, message: str) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: demo", line)})
    assert [d.message for d in diagnostics(root, "PK2")] == [message]


# --- Fixes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "applicability", "description"),
    [
        (["description: Use when: the user asks"], "safe", "Use when: the user asks"),
        (["description: @mentions users"], "safe", "@mentions users"),
        (["description: Fixes issue #12 for users"], "unsafe", "Fixes issue #12 for users"),
        (["description: #1 PDF tool"], "unsafe", "#1 PDF tool"),
        (["description: Use this skill", "  when: asked"], "unsafe", "Use this skill when: asked"),
    ],
    ids=["colon", "indicator", "comment", "comment-start", "continued"],
)
def test_unquoted_value_fix(
    tmp_path: Path, lines: list[str], applicability: str, description: str
) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: demo", *lines)})
    (found,) = diagnostics(root, "PK2")
    assert found.fix is not None and found.fix.applicability.value == applicability
    apply_fix(root, found)
    assert diagnostics(root) == [] and diagnostics(root, "PK2") == []
    assert validate(root) == []
    assert read_properties(root).description == description


def test_triple_dash_fix_keeps_the_value_for_the_reference_validator(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: demo", "description: before --- after")})
    assert read_properties(root).description == "before"  # the silent truncation
    (found,) = diagnostics(root, "PK2")
    assert found.fix is not None and found.fix.applicability is Applicability.SAFE
    apply_fix(root, found)
    assert diagnostics(root, "PK2") == []
    assert read_properties(root).description == "before --- after"


def test_triple_dash_in_a_comment_has_no_fix(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: demo", DESCRIPTION, "# ---")})
    (found,) = diagnostics(root, "PK2")
    assert found.fix is None


@pytest.mark.parametrize(
    ("lines", "applicability", "description"),
    [
        (["description: >-", "  Does X.", "  Use when Y."], "safe", "Does X. Use when Y."),
        (["description: Does X.", "  Use when Y."], "safe", "Does X. Use when Y."),
        (["description: >", "  Does X.", "  Use when Y."], "unsafe", "Does X. Use when Y."),
        (["description: |", "  Does X.", "  Use when Y."], "unsafe", "Does X. Use when Y."),
    ],
    ids=["folded-strip", "wrapped-plain", "folded-clip", "literal"],
)
def test_multiline_description_fix(
    tmp_path: Path, lines: list[str], applicability: str, description: str
) -> None:
    content = front("name: demo", *lines, "license: MIT")
    root = make_skill(tmp_path, {"SKILL.md": content})
    (found,) = diagnostics(root, "PK2")
    assert found.fix is not None and found.fix.applicability.value == applicability
    apply_fix(root, found)
    text = (root / "SKILL.md").read_text()
    assert f'description: "{description}"\nlicense: MIT\n' in text
    assert diagnostics(root) == [] and diagnostics(root, "PK2") == []
    assert read_properties(root).description == description


def test_yaml11_fix_quotes(tmp_path: Path) -> None:
    content = front("name: demo", DESC, "metadata:", "  released: 2024-05-01", "  beta: yes")
    root = make_skill(tmp_path, {"SKILL.md": content})
    found = diagnostics(root, "PK2")
    assert [d.message for d in found] == [
        "`metadata` value `released` `2024-05-01` is a date to YAML 1.1 parsers such as PyYAML",
        "`metadata` value `beta` `yes` is a boolean to YAML 1.1 parsers such as PyYAML",
    ]
    for diagnostic in reversed(found):  # later edits first: offsets stay valid
        assert diagnostic.fix is not None
        assert diagnostic.fix.applicability is Applicability.SAFE
        apply_fix(root, diagnostic)
    assert diagnostics(root, "PK2") == []
    assert '  released: "2024-05-01"\n  beta: "yes"\n' in (root / "SKILL.md").read_text()


def test_nfkc_folder_fix(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": VALID_SKILL_MD}, "ｄｅｍｏ")
    (found,) = diagnostics(root, "PK2")
    assert found.fix is not None and found.fix.rename is not None
    assert diagnostics(apply_fix(root, found), "PK2") == []


# --- The real corpus ------------------------------------------------------------------------------


def test_client_rules_on_the_corpus() -> None:
    """Real findings: three folded `>` descriptions and one `<name>` in a description."""
    found = [d for root in corpus_skills() for d in diagnostics(root, "PK2")]
    assert Counter(d.code for d in found) == {"PK206": 3, "PK202": 1}
    assert sorted(d.location().split("skills/")[-1] for d in found) == [
        "caveman/SKILL.md:3:14",
        "context-audit/SKILL.md:3:14",
        "coredoc/SKILL.md:3:360",
        "meshvault-live-editing/SKILL.md:3:14",
    ]


def test_client_rules_are_warnings() -> None:
    from skillc.lint.codes import load_rules

    table = load_rules()
    client = sorted(c for c in table if c.startswith("PK2"))
    assert client == [f"PK2{n:02d}" for n in range(1, 12)]
    assert all(table[c].severity.value == "warning" for c in client)
