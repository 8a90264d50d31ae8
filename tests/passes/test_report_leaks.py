"""report-leaks: secrets (SK060) and authors' host paths (SK061) carried from sources to output.

The corpus tests build real documentation with the CLI, as a user would, and check each warning
against the source line it names and against what `skillc lint` reports on the output.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from skillc.compiler.frontends import table
from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.diagnostics import Severity
from skillc.ir import Code, Heading, Placement, Prose, Skill, SkillModule, Span
from skillc.passes import PASS_MODULES, PIPELINES
from skillc.passes.registry import PASSES, Kind, PassContext
from skillc.passes.report_leaks import leaks, report_leaks
from tests.cli.conftest import CLICK_DOCS, ROOT, run_skillc

FLASK_DOCS = ROOT / "corpora" / "guides" / "flask-rst" / "src"
WARNING = re.compile(
    r"^warning: (?P<file>[^:\n]+):(?P<line>\d+):\d+: (?P<code>SK06[01]) (?P<msg>.*)$"
)
#: A GitHub token built at run time, so this file holds no secret-shaped literal itself.
TOKEN = "ghp_" + "Q7vN2xKp9LmR4tYw8ZcB3dFh6JsG1aE5uT0i"


def build_warnings(source: Path, out: Path) -> list[re.Match[str]]:
    # Page grain: the warnings name each page's own SKILL.md (faqs/SKILL.md, config/...).
    result = run_skillc("build", str(source), "-o", str(out), "--group", "page")
    assert result.returncode == 0, result.stderr
    return [m for m in map(WARNING.match, result.stderr.splitlines()) if m]


def lint_count(out: Path, code: str) -> int:
    result = run_skillc("lint", str(out), "--select", code, "--fail-on", "error")
    return sum(f" {code} " in line for line in result.stdout.splitlines())


def source_line(root: Path, found: re.Match[str]) -> str:
    lines = (root / found["file"]).read_text(encoding="utf-8").splitlines()
    return lines[int(found["line"]) - 1]


@pytest.fixture(scope="module")
def flask(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[re.Match[str]]]:
    if not FLASK_DOCS.is_dir():
        pytest.fail(f"{FLASK_DOCS} is missing: run `make corpora` (make test does)")
    out = tmp_path_factory.mktemp("flask") / "out"
    return out, build_warnings(FLASK_DOCS, out)


def test_flask_secret_key_examples_are_reported_at_their_source_line(
    flask: tuple[Path, list[re.Match[str]]],
) -> None:
    _, warnings = flask
    secrets = [w for w in warnings if w["code"] == "SK060"]
    where = {(w["file"], int(w["line"])) for w in secrets}
    assert {("config.rst", 41), ("config.rst", 513), ("tutorial/deploy.rst", 73)} <= where
    for found in secrets:  # the named line is the one holding the value
        assert "SECRET_KEY" in source_line(FLASK_DOCS, found), found.group()
        assert "(`skillc lint` reports RK101)" in found["msg"]
        assert "192b9bdd" not in found["msg"] and "5f352379" not in found["msg"]


def test_the_build_reports_what_lint_reports_on_the_output(
    flask: tuple[Path, list[re.Match[str]]],
) -> None:
    out, warnings = flask
    assert sum(w["code"] == "SK060" for w in warnings) == lint_count(out, "RK101") > 0
    assert sum(w["code"] == "SK061" for w in warnings) == lint_count(out, "PK309") > 0


def test_nothing_is_redacted(flask: tuple[Path, list[re.Match[str]]]) -> None:
    """Docs show example keys on purpose: the output keeps them; the warning is the report."""
    out, _ = flask
    texts = (p.read_text(encoding="utf-8") for p in (out / "config").rglob("*.md"))
    assert any(
        "192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf" in t for t in texts
    )


def test_host_paths_in_click_faq_are_reported_and_placeholders_are_not(tmp_path: Path) -> None:
    warnings = build_warnings(CLICK_DOCS, tmp_path / "out")
    paths = [w for w in warnings if w["code"] == "SK061"]
    assert [(w["file"], int(w["line"])) for w in paths] == [("faqs.md", 74)]
    [found] = paths
    assert "/home/ramrachum/.viola/" in found["msg"] and "PK309" in found["msg"]
    assert "/home/ramrachum/" in source_line(CLICK_DOCS, found)
    assert "faqs/SKILL.md" in found["msg"], "names the output file lint will flag"
    assert "/home/user" in (CLICK_DOCS / "faqs.md").read_text(encoding="utf-8")
    assert not [w for w in warnings if "/home/user" in w["msg"]], "a placeholder user"
    assert lint_count(tmp_path / "out", "PK309") == len(paths)


def test_no_path_of_the_build_machine_is_ever_reported(tmp_path: Path) -> None:
    """The sources and the output live under pytest's temporary folder, itself a path PK309
    recognises (``/tmp/pytest-of-<user>/``): had the build's own paths reached the IR, they
    would be reported here."""
    source = tmp_path / "docs"
    shutil.copytree(CLICK_DOCS, source)
    result = run_skillc("build", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    leaked = [line for line in result.stderr.splitlines() if " SK06" in line]
    assert leaked
    needles = [str(tmp_path), str(ROOT), str(Path.home()) + "/"]
    for line in leaked:
        assert not any(needle in line for needle in needles), line
        found = WARNING.match(line)
        assert found is not None and not found["file"].startswith("/"), line
    # ...while the same folder written into a page's text is reported, as the author's.
    text = f"# Notes\n\nThe cache lives in `{tmp_path}/cache`.\n"
    page = read_markdown(text, source_id="notes.md").skills[0]
    [found_in_text] = leaks(page)
    assert found_in_text.code == "SK061" and found_in_text.span is not None
    assert found_in_text.span.source == "notes.md"


def markdown_skill(text: str, source_id: str = "deploy.md") -> Skill:
    return read_markdown(text, source_id=source_id).skills[0]


def test_a_secret_in_a_markdown_fence_is_reported_at_its_line() -> None:
    text = (
        "# Deploy\n\nExport the token, then run the release:\n\n"
        f"```console\n$ export GITHUB_TOKEN={TOKEN}\n$ make release\n```\n"
    )
    skill = markdown_skill(text)
    [found] = leaks(skill, closing_lines=table.closing_lines())
    assert found.code == "SK060" and found.severity is Severity.WARNING
    assert found.span is not None and found.span.label() == "deploy.md:6:1"
    [unplaced] = leaks(skill)  # without the table's closing lines: the fence's first line
    assert unplaced.span is not None and unplaced.span.label() == "deploy.md:5:1"
    assert "GitHub token ghp_…" in found.message and TOKEN not in found.message
    assert f"carried into {skill.name or skill.id}/SKILL.md: " in found.message


def test_the_output_file_is_named() -> None:
    moved = Code(
        id="C",
        text=f"token = '{TOKEN}'\n",
        placement=Placement.REFERENCE,
        reference="references/setup.md",
        prov=(Span(source="setup.md", line=3, col=1, end_line=5, end_col=4, start=9, end=60),),
    )
    skill = Skill(id="K", name="setup", blocks=(Prose(id="P", text="Set up."), moved))
    [found] = leaks(skill, closing_lines=table.closing_lines())
    assert "carried into setup/references/setup.md" in found.message
    assert found.span is not None and found.span.line == 4, "between the fences"


def test_removed_blocks_do_not_reach_the_output_and_are_not_reported() -> None:
    removed = Prose(id="P", text=f"token = '{TOKEN}'", placement=Placement.REMOVED, reason="dup")
    assert leaks(Skill(id="K", blocks=(removed,))) == []


def test_the_pass_reports_and_changes_nothing() -> None:
    module = SkillModule(skills=(markdown_skill(f"# T\n\n```\ntoken = '{TOKEN}'\n```\n"),))
    ctx = PassContext()
    assert report_leaks(module, ctx) is None
    assert [d.code for d in ctx.diagnostics] == ["SK060"]
    assert PASSES["report-leaks"].kind is Kind.CHECK


def test_it_runs_in_the_default_and_size_pipelines() -> None:
    assert "skillc.passes.report_leaks" in PASS_MODULES
    for name in ("O1", "Os"):
        assert "report-leaks" in PIPELINES[name]


def test_text_skillc_adds_around_blocks_is_not_reported_twice() -> None:
    """A moved section's heading is repeated in SKILL.md's pointer and as the reference file's
    title: the leak is the heading's, reported once, in the file the heading went to."""
    span = Span(source="notes.md", line=7, col=1, end_line=7, end_col=40, start=60, end=99)
    moved = {"placement": Placement.REFERENCE, "reference": "references/cache.md", "prov": (span,)}
    heading = Heading(id="H", level=2, text="Cache in /home/ramrachum/cache", **moved)  # type: ignore[arg-type]
    skill = Skill(
        id="K",
        name="notes",
        blocks=(Prose(id="P", text="Intro."), heading, Prose(id="Q", text="Details.", **moved)),  # type: ignore[arg-type]
    )
    [found] = leaks(skill)
    assert found.code == "SK061" and "carried into notes/references/cache.md" in found.message
    assert found.span is not None and found.span.line == 7


def test_lint_suppressions_in_the_output_apply() -> None:
    """Findings come from `lint_packages` on the emitted package, so a suppression comment
    that `skillc lint` honours on the output is honoured by the build too."""
    line = f"Set token = '{TOKEN}' first."
    comment = " <!-- skillc: ignore[RK101] a documented sample -->"
    plain = Skill(id="K", name="k", blocks=(Prose(id="P", text=line, prov=(SPAN,)),))
    quiet = Skill(id="K", name="k", blocks=(Prose(id="P", text=line + comment, prov=(SPAN,)),))
    assert [d.code for d in leaks(plain)] == ["SK060"]
    assert leaks(quiet) == []


SPAN = Span(source="k.md", line=3, col=1, end_line=3, end_col=9, start=10, end=19)
