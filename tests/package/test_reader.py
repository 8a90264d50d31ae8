"""The package reader on hostile input: nothing raises, everything becomes data a rule reports.

Each test reads a broken skill folder with `read_package`, checks the data (problem, line,
spans, fields) and then that the rules turn it into the expected diagnostic.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from skillc.package.reader import read_package
from tests.lint.conftest import VALID_SKILL_MD, make_skill
from tests.lint.test_spec_rules import DESCRIPTION, diagnostics, front, located

DESC = DESCRIPTION.rstrip()


def codes(root: Path) -> list[str]:
    """The spec and client codes (this module's families) reported on ``root``."""
    return [code for family in ("PK1", "PK2") for code, _, _ in located(root, family)]


def test_broken_yaml_has_line_and_column(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: demo", "description: [unclosed")})
    fm = read_package(root).front_matter
    assert fm.closed and fm.fields == ()
    assert fm.error.startswith("while parsing a flow sequence")
    assert fm.error_span is not None and (fm.error_span.line, fm.error_span.col) == (4, 1)
    assert ("PK103", 4, 1) in located(root)


def test_non_utf8_reports_the_line(tmp_path: Path) -> None:
    data = b"---\nname: demo\n" + DESCRIPTION.encode() + b"---\n\nCaf\xe9\n"
    root = make_skill(tmp_path, {"SKILL.md": data})
    file = read_package(root).skill_file
    assert file is not None and file.text is None
    assert (file.problem, file.problem_line) == ("not valid UTF-8 (byte 0xe9)", 6)
    assert located(root) == [("PK101", 6, 1)]


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": b"---\nname: demo\x00\n---\n"})
    file = read_package(root).skill_file
    assert file is not None and file.text is None
    assert (file.problem, file.problem_line) == ("binary (NUL bytes)", 2)
    assert located(root) == [("PK101", 2, 1)]


def test_huge_skill_md_is_not_read(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {})
    path = root / "SKILL.md"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no disk, and reading it would take a while
    started = time.perf_counter()
    pkg = read_package(root)
    assert time.perf_counter() - started < 0.5
    assert pkg.skill_file is not None and pkg.skill_file.text is None
    assert (pkg.skill_file.problem, pkg.skill_file.size) == ("too large", 50 * 1024 * 1024)
    assert located(root) == [("PK101", 0, 0)]


def test_symlink_loop_inside_the_folder(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": VALID_SKILL_MD, "references/a.md": "# A\n"})
    os.symlink(".", root / "loop")
    os.symlink("..", root / "references" / "up")
    pkg = read_package(root)
    assert [f.path for f in pkg.files] == ["SKILL.md", "references/a.md"]
    assert codes(root) == []


def test_file_symlink_loop_is_named_as_a_loop(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": VALID_SKILL_MD})
    os.symlink("b.md", root / "a.md")
    os.symlink("a.md", root / "b.md")
    pkg = read_package(root)
    assert [f.path for f in pkg.files] == ["SKILL.md"]
    messages = sorted((Path(d.path).name, d.message) for d in pkg.diagnostics)
    loop = "symlink loop: the link never reaches a file"
    assert messages == [("a.md", loop), ("b.md", loop)]


def test_symlink_to_a_file_outside(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("token\n")
    root = make_skill(tmp_path, {"SKILL.md": VALID_SKILL_MD})
    os.symlink(tmp_path / "secret.txt", root / "notes.txt")
    pkg = read_package(root)
    assert [f.path for f in pkg.files] == ["SKILL.md"]
    (problem,) = pkg.diagnostics
    assert problem.message == "symlink points outside the skill folder"
    assert problem.path.endswith("demo/notes.txt")


def test_directory_named_skill_md(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md/inner.md": "# not a skill file\n"})
    pkg = read_package(root)
    assert pkg.skill_file is None
    assert [f.path for f in pkg.files] == ["SKILL.md/inner.md"]
    assert located(root) == [("PK101", 0, 0)]


def test_bom_and_crlf(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + VALID_SKILL_MD.replace("\n", "\r\n").encode()
    root = make_skill(tmp_path, {"SKILL.md": data})
    pkg = read_package(root)
    assert pkg.skill_file is not None and pkg.skill_file.has_bom
    text = pkg.skill_file.text
    assert text is not None and text.startswith("---\r\n")
    name = pkg.front_matter.get("name")
    assert name is not None and name.value == "demo"
    assert text[name.value_span.start : name.value_span.end] == "demo"
    assert (name.value_span.line, name.value_span.col) == (2, 7)
    assert pkg.body_line == 5 and pkg.body.startswith("\r\n# Demo")
    assert located(root) == []
    assert located(root, "PK2") == [("PK208", 1, 1), ("PK209", 1, 1)]


def test_flow_mapping(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: demo", DESC, "metadata: {a: b}")})
    metadata = read_package(root).front_matter.get("metadata")
    assert metadata is not None and (metadata.style, metadata.value) == ("flow", {"a": "b"})
    assert located(root) == [] and located(root, "PK2") == [("PK211", 4, 11)]


def test_duplicate_keys_are_all_kept(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: demo", "name: other", DESC)})
    fields = read_package(root).front_matter.fields
    assert [(f.key, f.value) for f in fields][:2] == [("name", "demo"), ("name", "other")]
    assert located(root) == [("PK116", 3, 1)]


def test_unknown_keys_are_fields(tmp_path: Path) -> None:
    root = make_skill(tmp_path, {"SKILL.md": front("name: demo", DESC, "model: opus")})
    fields = read_package(root).front_matter.fields
    assert [f.key for f in fields] == ["name", "description", "model"]
    assert located(root) == [("PK105", 4, 1)]


def test_folder_name_is_the_link_name(tmp_path: Path) -> None:
    """A skill installed as a symlink is known by the link's name (as the validator does)."""
    target = make_skill(tmp_path, {"SKILL.md": VALID_SKILL_MD}, name="demo-src")
    (tmp_path / "skills").mkdir()
    os.symlink(target, tmp_path / "skills" / "demo")
    assert read_package(tmp_path / "skills" / "demo").dir_name == "demo"
    assert read_package(target).dir_name == "demo-src"


def test_empty_folder_missing_folder_and_a_file(tmp_path: Path) -> None:
    (tmp_path / "file.md").write_text("# x\n")
    messages = [
        [d.message for d in diagnostics(path)]
        for path in (make_skill(tmp_path, {}), tmp_path / "absent", tmp_path / "file.md")
    ]
    assert messages == [
        [f"no SKILL.md in {tmp_path / 'demo'}"],
        [f"skill folder {tmp_path / 'absent'} does not exist"],
        [f"skill folder {tmp_path / 'file.md'} is not a directory"],
    ]


def test_control_characters_in_front_matter_are_a_yaml_error(tmp_path: Path) -> None:
    from skillc.package.reader import read_package

    folder = tmp_path / "ctl"
    folder.mkdir()
    (folder / "SKILL.md").write_text("---\nname: ctl\ndescription: a\x1fb\n---\n", encoding="utf-8")
    front = read_package(folder).front_matter
    assert front.error and front.error_span is not None and front.error_span.line == 3
