"""The existing-skill frontend: SKILL.md -> SSL, with every span exact in SKILL.md.

On the whole corpus: each node's span points inside SKILL.md, its line and column agree with
its offsets, and the text there is the node's source (a heading's span holds its text, a code
block's span holds its lines). Small cases cover CRLF, BOM, missing parts and scripts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skillc.compiler.frontends.skills.reader import read_skill_package
from skillc.diagnostics import Severity
from skillc.ir.nodes import Code, Dependency, Heading, Node, Skill, SkillModule
from skillc.ir.span import Span
from skillc.ir.verify import verify
from skillc.package.reader import read_package
from tests.lint.conftest import VALID_SKILL_MD, make_skill
from tests.lint.test_spec_rules import CORPUS, corpus_skills, front


def nodes(skill: Skill) -> list[Node]:
    return [skill, *skill.blocks, *skill.scenes, *skill.logic_steps, *skill.constraints]


def assert_exact(span: Span, text: str, source: str) -> None:
    """``span`` lies inside ``text`` and its line/column agree with its offsets."""
    assert span.source == source
    assert 0 <= span.start <= span.end <= len(text)
    line = text.count("\n", 0, span.start) + 1
    col = span.start - (text.rfind("\n", 0, span.start) + 1) + 1
    end_line = text.count("\n", 0, span.end) + 1
    end_col = span.end - (text.rfind("\n", 0, span.end) + 1) + 1
    assert (span.line, span.col, span.end_line, span.end_col) == (line, col, end_line, end_col)


def assert_grounded(skill: Skill, text: str, source: str) -> None:
    for node in nodes(skill):
        assert node.prov, node.id
        for span in node.prov:
            assert_exact(span, text, source)
        at = text[node.prov[0].start : node.prov[0].end]
        if isinstance(node, Heading):
            assert node.text in at
        if isinstance(node, Code):
            for line in node.text.split("\n"):
                assert line.strip() in at


@pytest.mark.parametrize("root", corpus_skills(), ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_corpus_spans_are_exact(root: Path) -> None:
    pkg = read_package(root, str(root))
    skill = read_skill_package(pkg)
    assert pkg.skill_file is not None and pkg.skill_file.text is not None
    text = pkg.skill_file.text
    assert_grounded(skill, text, pkg.skill_file.display)
    body_nodes = nodes(skill)[1:]
    assert body_nodes and all(n.prov[0].start >= pkg.body_offset for n in body_nodes)
    name = pkg.front_matter.get("name")
    description = pkg.front_matter.get("description")
    assert name is not None and description is not None
    assert (skill.name, skill.description) == (name.value, description.value)
    errors = [d for d in verify(SkillModule(skills=(skill,))) if d.severity is Severity.ERROR]
    assert errors == []


def test_corpus_totals() -> None:
    skills = [read_skill_package(read_package(root)) for root in corpus_skills()]
    assert len(skills) == 48
    assert sum(len(s.blocks) for s in skills) > 1000
    assert sum(bool(s.scenes) for s in skills) >= 40
    scripts = {s.name: s.dependencies for s in skills if s.dependencies}
    assert scripts == {
        "diagnose": (Dependency(type="script", value="scripts/hitl-loop.template.sh"),)
    }


def test_positions_include_the_front_matter(tmp_path: Path) -> None:
    content = front("name: demo", "description: Does X. Use when Y.", body="\n# Title\n\nText.\n")
    root = make_skill(tmp_path, {"SKILL.md": content, "scripts/run.py": "print(1)\n"})
    skill = read_skill_package(read_package(root, "demo"))
    heading = next(b for b in skill.blocks if isinstance(b, Heading))
    span = heading.prov[0]
    assert (span.source, span.line, span.col) == ("demo/SKILL.md", 6, 1)
    assert content[span.start : span.end] == "# Title"
    assert (skill.id, skill.name, skill.skill_name) == ("SKILL_DEMO", "demo", "Title")
    assert skill.description == "Does X. Use when Y."
    assert skill.dependencies == (Dependency(type="script", value="scripts/run.py"),)


def test_crlf_and_bom(tmp_path: Path) -> None:
    content = VALID_SKILL_MD.replace("\n", "\r\n") + "```sh\r\nrun --all\r\n```\r\n"
    root = make_skill(tmp_path, {"SKILL.md": b"\xef\xbb\xbf" + content.encode()})
    pkg = read_package(root, "demo")
    skill = read_skill_package(pkg)
    assert pkg.skill_file is not None and pkg.skill_file.text == content
    assert_grounded(skill, content, "demo/SKILL.md")
    code = next(b for b in skill.blocks if isinstance(b, Code))
    assert content[code.prov[0].start : code.prov[0].end].startswith("```sh\r\nrun --all")
    assert (code.prov[0].line, code.prov[0].col) == (9, 1)


def test_skill_name_falls_back_to_the_name(tmp_path: Path) -> None:
    content = front("name: demo", "description: d", body="\n## Usage\n\nRun it.\n")
    skill = read_skill_package(read_package(make_skill(tmp_path, {"SKILL.md": content})))
    assert skill.skill_name == "demo"


@pytest.mark.parametrize(
    ("files", "name", "blocks"),
    [
        ({}, "demo", 0),  # no SKILL.md
        ({"SKILL.md": b"\xff\xfe"}, "demo", 0),  # not UTF-8
        ({"SKILL.md": "---\nname: other\n"}, "demo", 0),  # unclosed: no fields, no body
        ({"SKILL.md": "# Only a body\n\nText.\n"}, "demo", 2),  # no front matter
        ({"SKILL.md": front("name: 123", "description: 42")}, "demo", 2),  # no strings
        ({"SKILL.md": front("name: demo", "description: d", body="")}, "demo", 0),  # no body
    ],
    ids=["missing", "not-utf8", "unclosed", "no-front-matter", "non-strings", "empty-body"],
)
def test_never_raises(
    tmp_path: Path, files: dict[str, str | bytes], name: str, blocks: int
) -> None:
    root = make_skill(tmp_path, files)
    pkg = read_package(root, "demo")
    skill = read_skill_package(pkg)
    assert skill.name == name and len(skill.blocks) == blocks
    if pkg.skill_file is not None and pkg.skill_file.text is not None:
        assert_grounded(skill, pkg.skill_file.text, "demo/SKILL.md")
