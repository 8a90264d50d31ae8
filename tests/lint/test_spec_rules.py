"""The spec rules (PK1xx): one failing and one passing case each, codes and positions exact.

Every case runs all PK1xx rules, so a case also proves that no other spec rule fires on it.
The last tests run the rules over the real corpus (corpora/skills) and pin the findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillc.compiler.frontends.skills.reader import read_skill_package
from skillc.diagnostics import Applicability, Diagnostic
from skillc.lint.codes import load_rules
from skillc.package.frontmatter import read_front_matter
from skillc.package.model import Package
from skillc.package.reader import decode_file, read_package
from tests.lint.conftest import VALID_SKILL_MD, make_skill

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpora" / "skills"
DESCRIPTION = "description: Does a demo thing. Use when the user asks for a demo.\n"


def front(*lines: str, body: str = "\n# Demo\n\nRun the demo.\n") -> str:
    """A SKILL.md with the given front-matter lines."""
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


def diagnostics(root: Path, family: str = "PK1") -> list[Diagnostic]:
    """The diagnostics of every package rule of ``family``, in code order."""
    pkg = read_package(root, str(root))
    found: list[Diagnostic] = []
    for code, info in sorted(load_rules().items()):
        if code.startswith(family) and info.scope == "package":
            found.extend(info.check(pkg))
    return found


def located(root: Path, family: str = "PK1") -> list[tuple[str, int, int]]:
    """``(code, line, column)`` of each diagnostic; 0, 0 when it has no span."""
    return [
        (d.code, d.span.line if d.span else 0, d.span.col if d.span else 0)
        for d in diagnostics(root, family)
    ]


VALID = VALID_SKILL_MD
LONG_NAME = "a" * 65

# (case id, SKILL.md content, folder name, expected (code, line, col) list)
CASES: list[tuple[str, str | bytes | None, str, list[tuple[str, int, int]]]] = [
    ("valid", VALID, "demo", []),
    ("valid-all-fields", front(
        "name: demo", DESCRIPTION.rstrip("\n"), "license: Apache-2.0",
        "compatibility: Requires Python 3.11+", "metadata:", '  version: "1.0"',
        "allowed-tools: Bash(git:*) Read",
    ), "demo", []),
    # PK101
    ("PK101-missing", None, "demo", [("PK101", 0, 0)]),
    ("PK101-not-utf8", b"---\nname: demo\n\xff\n---\n", "demo", [("PK101", 3, 1)]),
    ("PK101-nul", b"---\nname: demo\n---\nbody\x00\n", "demo", [("PK101", 4, 1)]),
    # PK102
    ("PK102-no-front-matter", "# Demo\n\nRun it.\n", "demo", [("PK102", 1, 1)]),
    ("PK102-not-on-line-1", "\n" + VALID, "demo", [("PK102", 1, 1)]),
    ("PK102-unclosed", "---\nname: demo\n" + DESCRIPTION, "demo", [("PK102", 1, 1)]),
    # PK103
    ("PK103-colon", front("name: demo", "description: Use when: the user asks"), "demo",
     [("PK103", 3, 22)]),
    ("PK103-tab-indent", front("name: demo", "metadata:", "\ta: b"), "demo", [("PK103", 4, 1)]),
    # PK104
    ("PK104-list", front("- name: demo"), "demo", [("PK104", 1, 1)]),
    ("PK104-empty", front(), "demo", [("PK104", 1, 1)]),
    ("PK104-scalar", front("just text"), "demo", [("PK104", 1, 1)]),
    # PK105
    ("PK105-version", front("name: demo", DESCRIPTION.rstrip(), "version: 1.0"), "demo",
     [("PK105", 4, 1)]),
    ("PK105-claude-code-keys", front(
        "name: demo", DESCRIPTION.rstrip(), "user-invocable: true", "when_to_use: often",
        "allowed_tools: Read",
    ), "demo", [("PK105", 4, 1), ("PK105", 5, 1), ("PK105", 6, 1)]),
    # PK106
    ("PK106-missing", front(DESCRIPTION.rstrip()), "demo", [("PK106", 1, 1)]),
    ("PK106-null", front("name:", DESCRIPTION.rstrip()), "demo", [("PK106", 2, 1)]),
    ("PK106-blank", front('name: "  "', DESCRIPTION.rstrip()), "demo", [("PK106", 2, 7)]),
    # PK107
    ("PK107-uppercase", front("name: Demo", DESCRIPTION.rstrip()), "Demo", [("PK107", 2, 7)]),
    ("PK107-non-ascii", front("name: 技能", DESCRIPTION.rstrip()), "技能", [("PK107", 2, 7)]),
    ("PK107-hyphens", front("name: -demo--x-", DESCRIPTION.rstrip()), "-demo--x-",
     [("PK107", 2, 7)]),
    ("PK107-underscore", front("name: demo_x", DESCRIPTION.rstrip()), "demo_x",
     [("PK107", 2, 7)]),
    ("PK107-integer", front("name: 123", DESCRIPTION.rstrip()), "123", [("PK107", 2, 7)]),
    ("PK107-padded", front('name: " demo"', DESCRIPTION.rstrip()), "demo", [("PK107", 2, 7)]),
    ("PK107-list", front("name: [demo]", DESCRIPTION.rstrip()), "demo", [("PK107", 2, 7)]),
    # PK108
    ("PK108-65", front(f"name: {LONG_NAME}", DESCRIPTION.rstrip()), LONG_NAME,
     [("PK108", 2, 7)]),
    ("PK108-64", front(f"name: {'a' * 64}", DESCRIPTION.rstrip()), "a" * 64, []),
    # PK109
    ("PK109-mismatch", VALID, "other", [("PK109", 2, 7)]),
    ("PK109-case", VALID, "Demo", [("PK109", 2, 7)]),
    ("PK109-nfkc-only", VALID, "ｄｅｍｏ", []),  # PK207 warns instead
    # PK110
    ("PK110-missing", front("name: demo"), "demo", [("PK110", 1, 1)]),
    ("PK110-empty", front("name: demo", 'description: ""'), "demo", [("PK110", 3, 14)]),
    ("PK110-null", front("name: demo", "description:"), "demo", [("PK110", 3, 1)]),
    ("PK110-integer", front("name: demo", "description: 42"), "demo", [("PK110", 3, 14)]),
    ("PK110-list", front("name: demo", "description:", "  - a"), "demo", [("PK110", 4, 3)]),
    ("PK110-yes-is-a-string", front("name: demo", "description: yes"), "demo", []),
    # PK111
    ("PK111-1025", front("name: demo", "description: " + "x" * 1025), "demo",
     [("PK111", 3, 14)]),
    ("PK111-1024", front("name: demo", "description: " + "x" * 1024), "demo", []),
    # PK112
    ("PK112-list", front("name: demo", DESCRIPTION.rstrip(), "compatibility: [python]"), "demo",
     [("PK112", 4, 16)]),
    ("PK112-empty", front("name: demo", DESCRIPTION.rstrip(), 'compatibility: ""'), "demo",
     [("PK112", 4, 16)]),
    ("PK112-501", front("name: demo", DESCRIPTION.rstrip(), "compatibility: " + "x" * 501),
     "demo", [("PK112", 4, 16)]),
    # PK113
    ("PK113-string", front("name: demo", DESCRIPTION.rstrip(), "metadata: hello"), "demo",
     [("PK113", 4, 11)]),
    ("PK113-float", front("name: demo", DESCRIPTION.rstrip(), "metadata:", "  version: 1.0"),
     "demo", [("PK113", 5, 12)]),
    ("PK113-nested", front(
        "name: demo", DESCRIPTION.rstrip(), "metadata:", "  a:", "    b: c", "  ok: fine",
        "  flag: true", "  none:",
    ), "demo", [("PK113", 6, 5), ("PK113", 8, 9), ("PK113", 9, 3)]),
    ("PK113-null", front("name: demo", DESCRIPTION.rstrip(), "metadata:"), "demo",
     [("PK113", 4, 1)]),
    # PK114
    ("PK114-list", front("name: demo", DESCRIPTION.rstrip(), "allowed-tools:", "  - Read",
                         "  - Grep"), "demo", [("PK114", 5, 3)]),
    ("PK114-string", front("name: demo", DESCRIPTION.rstrip(), "allowed-tools: Read Grep"),
     "demo", []),
    # PK115
    ("PK115-list", front("name: demo", DESCRIPTION.rstrip(), "license: [MIT, Apache-2.0]"),
     "demo", [("PK115", 4, 10)]),
    ("PK115-string", front("name: demo", DESCRIPTION.rstrip(), "license: MIT"), "demo", []),
    # PK116
    ("PK116-duplicate", front("name: demo", DESCRIPTION.rstrip(), DESCRIPTION.rstrip()), "demo",
     [("PK116", 4, 1)]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "folder", "expected"),
    [pytest.param(c, f, e, id=i) for i, c, f, e in CASES],
)
def test_spec_rule_cases(
    tmp_path: Path, content: str | bytes | None, folder: str, expected: list[tuple[str, int, int]]
) -> None:
    files = {"README.md": "x\n"} if content is None else {"SKILL.md": content}
    root = make_skill(tmp_path, files, name=folder)
    assert sorted(located(root)) == sorted(expected)


# --- Messages -----------------------------------------------------------------------------------


def test_messages_name_the_offending_value(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: -demo--x-", DESCRIPTION)}, "-demo--x-")
    (found,) = diagnostics(root)
    assert found.message == (
        "skill name `-demo--x-` has a leading hyphen, a trailing hyphen and consecutive hyphens"
    )
    assert not found.message.endswith(".")


def test_unexpected_key_names_the_clients(tmp_path: Path) -> None:
    content = front("name: demo", DESCRIPTION.rstrip(), "disable-model-invocation: true")
    (found,) = diagnostics(make_skill(tmp_path, {"SKILL.md": content}))
    assert found.message == (
        "unexpected front-matter key `disable-model-invocation` (used by Claude Code, GitHub"
        " Copilot and Cursor; the spec and other clients reject it)"
    )


def test_yaml_error_message_and_position(tmp_path: Path) -> None:
    content = front("name: demo", "description: Use when: the user asks")
    (found,) = diagnostics(make_skill(tmp_path, {"SKILL.md": content}))
    assert found.message == "front matter is not valid YAML: mapping values are not allowed here"
    assert found.span is not None and found.span.label().endswith("SKILL.md:3:22")


def test_non_utf8_names_the_byte_and_line(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": b"---\nname: demo\n\xff\n---\n"})
    (found,) = diagnostics(root)
    assert found.message == "SKILL.md is not readable text: not valid UTF-8 (byte 0xff) at line 3"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: (root / "SKILL.md").mkdir(), "SKILL.md is a directory, not a file"),
        (
            lambda root: (root / "SKILL.md").symlink_to(root.parent / "outside.md"),
            "SKILL.md is a symlink that points outside the skill folder",
        ),
    ],
    ids=["directory", "symlink-outside"],
)
def test_skill_md_that_is_not_a_file(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    (tmp_path / "outside.md").write_text(VALID)
    root = make_skill(tmp_path, {"README.md": "x\n"})
    make(root)
    assert [d.message for d in diagnostics(root)] == [message]


# --- Fixes --------------------------------------------------------------------------------------


def apply_fix(root: Path, found: Diagnostic) -> Path:
    """Apply ``found``'s fix to the files under ``root``; the (possibly renamed) folder."""
    assert found.fix is not None
    for path in {e.path for e in found.fix.edits}:
        data = Path(path).read_bytes()
        bom = data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8-sig")
        edits = sorted((e for e in found.fix.edits if e.path == path), key=lambda e: -e.start)
        for edit in edits:
            text = text[: edit.start] + edit.replacement + text[edit.end :]
        Path(path).write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    if found.fix.rename is not None:
        old, new = found.fix.rename
        Path(old).rename(new)
        return Path(new)
    return root


def test_name_fix_renames_value_and_folder(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: PDF_Tools", DESCRIPTION)}, "PDF_Tools")
    (found,) = diagnostics(root)
    assert found.code == "PK107" and found.fix is not None
    assert found.fix.applicability is Applicability.UNSAFE
    assert found.fix.rename == (str(root), str(tmp_path / "pdf-tools"))
    fixed = apply_fix(root, found)
    assert fixed.name == "pdf-tools"
    assert (fixed / "SKILL.md").read_text().startswith("---\nname: pdf-tools\n")
    assert diagnostics(fixed) == []


def test_name_fix_keeps_a_folder_that_already_matches(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: Demo", DESCRIPTION)}, "demo")
    found, mismatch = diagnostics(root)
    assert (found.code, mismatch.code) == ("PK107", "PK109")  # as the reference validator
    assert found.fix is not None and found.fix.rename is None and mismatch.fix is None
    assert diagnostics(apply_fix(root, found)) == []


def test_name_fix_needs_something_to_keep(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: 技能", DESCRIPTION)}, "技能")
    (found,) = diagnostics(root)
    assert found.code == "PK107" and found.fix is None


def test_folder_fix_renames_folder_to_the_name(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": VALID}, "pdf")
    (found,) = diagnostics(root)
    assert found.code == "PK109" and found.fix is not None
    assert found.fix.applicability is Applicability.UNSAFE and found.fix.edits == ()
    fixed = apply_fix(root, found)
    assert fixed == tmp_path / "demo" and diagnostics(fixed) == []


def test_folder_fix_with_relative_display(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_skill(tmp_path, {"SKILL.md": VALID}, "pdf")
    monkeypatch.chdir(tmp_path / "pdf")
    pkg = read_package(Path("."), ".")
    (found,) = load_rules()["PK109"].check(pkg)
    assert found.fix is not None
    assert found.fix.rename == (str(tmp_path / "pdf"), str(tmp_path / "demo"))


def test_metadata_fix_quotes_scalars(tmp_path: Path) -> None:
    content = front("name: demo", DESCRIPTION.rstrip(), "metadata:", "  version: 1.10")
    root = make_skill(tmp_path, {"SKILL.md": content})
    (found,) = diagnostics(root)
    assert found.fix is not None and found.fix.applicability is Applicability.UNSAFE
    apply_fix(root, found)
    assert '  version: "1.10"\n' in (root / "SKILL.md").read_text()
    assert diagnostics(root) == []


def test_allowed_tools_fix_joins_a_list(tmp_path: Path) -> None:
    content = front("name: demo", DESCRIPTION.rstrip(), "allowed-tools:", "  - Read", "  - Grep")
    root = make_skill(tmp_path, {"SKILL.md": content})
    (found,) = diagnostics(root)
    apply_fix(root, found)
    assert 'allowed-tools: "Read Grep"\n---\n' in (root / "SKILL.md").read_text()
    assert diagnostics(root) == []


# --- Robustness and the real corpus --------------------------------------------------------------

# Characters that matter to YAML, front-matter splitting and the rules' own parsing.
_YAMLISH = st.text(alphabet="abc-_:#'\"[]{}|>&*!%@`,?~ \t\r\n\ufeff\u00e9ｄ1.", max_size=80)
_LINES = st.lists(
    st.one_of(
        st.sampled_from(["name: demo", "description: d", "metadata:", "  a: 1.0", "---", ""]),
        st.builds(lambda k, v: f"{k}:{v}", st.sampled_from(["name", "description", "x"]), _YAMLISH),
        _YAMLISH,
    ),
    max_size=8,
)


def package_of(data: bytes) -> Package:
    """The package a folder `demo` holding SKILL.md = ``data`` reads as, without a disk."""
    file = decode_file(data, "SKILL.md", "demo/SKILL.md")
    if file.text is None:
        return Package(root=Path("/nonexistent/demo"), display="demo", dir_name="demo",
                       skill_file=file, files=(file,))  # fmt: skip
    front_matter, body_offset = read_front_matter(file.display, file.text)
    return Package(
        root=Path("/nonexistent/demo"),
        display="demo",
        dir_name="demo",
        skill_file=file,
        front_matter=front_matter,
        body=file.text[body_offset:],
        body_offset=body_offset,
        body_line=file.text.count("\n", 0, body_offset) + 1,
        files=(file,),
    )


@given(lines=_LINES, opened=st.booleans(), closed=st.booleans(), raw=st.binary(max_size=8))
def test_rules_never_raise(lines: list[str], opened: bool, closed: bool, raw: bytes) -> None:
    text = ("---\n" if opened else "") + "\n".join(lines) + ("\n---\n# T\n" if closed else "")
    for data in (text.encode("utf-8"), text.encode("utf-8") + raw):
        pkg = package_of(data)
        source = pkg.skill_file.text if pkg.skill_file and pkg.skill_file.text else ""
        for code, info in load_rules().items():
            if code.startswith(("PK1", "PK2")):
                for found in info.check(pkg):
                    assert found.code == code and not found.message.endswith(".")
                    if found.span is not None and source:
                        assert 0 <= found.span.start <= found.span.end <= len(source)
                    for edit in found.fix.edits if found.fix else ():
                        assert 0 <= edit.start <= edit.end <= len(source)
        read_skill_package(pkg)


def corpus_skills() -> list[Path]:
    """Every skill folder of the committed corpus."""
    return sorted(p.parent for p in CORPUS.rglob("SKILL.md"))


def test_corpus_is_there() -> None:
    skills = corpus_skills()
    assert len(skills) == 48
    by_package = Counter(p.relative_to(CORPUS).parts[0] for p in skills)
    assert by_package == {"ant-design-x-skill": 12, "agent-skills-bundle": 22, "abstractskill": 14}


def test_spec_rules_on_the_corpus() -> None:
    """Real findings: the bundle's Claude Code keys, Ant Design's top-level `version`, and a
    list inside abstractskill's `metadata`."""
    found = [d for root in corpus_skills() for d in diagnostics(root)]
    assert Counter(d.code for d in found) == {"PK105": 21, "PK113": 1}
    keys = Counter(d.message.split("`")[1] for d in found if d.code == "PK105")
    assert keys == {"version": 12, "user-invocable": 7, "disable-model-invocation": 2}
    (metadata,) = [d for d in found if d.code == "PK113"]
    assert metadata.location().endswith("meshvault-live-editing/SKILL.md:12:5")


def test_rules_are_documented() -> None:
    table = load_rules()
    for code in [c for c in table if c.startswith(("PK1", "PK2"))]:
        info = table[code]
        for heading in ("## What it checks", "## Why it matters", "## Example", "## Fix"):
            assert heading in info.doc, (code, heading)
        assert info.summary and not info.summary.startswith("#"), code
    spec = sorted(c for c in table if c.startswith("PK1"))
    assert spec == [f"PK1{n:02d}" for n in range(1, 17)]
    assert all(table[c].severity.value == "error" for c in spec)
