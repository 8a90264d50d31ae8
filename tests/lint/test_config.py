"""Lint configuration: prefix selection, per-file-ignores, fail-on, discovery and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from skillc.diagnostics import Diagnostic, Severity, SkillcError
from skillc.lint.config import LintConfig, Selection, glob_match, load_config


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository root (``.git`` stops the walk), as the current folder."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def config_of(select: list[str] | None = None, ignore: list[str] | None = None) -> LintConfig:
    layer = Selection(select=tuple(select) if select is not None else ("PK", "SC", "RK", "SK"))
    return LintConfig(layers=(Selection(select=layer.select, ignore=tuple(ignore or ())),))


# -- selection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("select", "ignore", "code", "on"),
    [
        (None, [], "PK101", True),
        (None, [], "SK101", True),
        (None, [], "ST101", False),  # a family outside the default selection
        (["RK", "RK103"], ["RK1"], "RK103", True),  # the longer select wins
        (["RK", "RK103"], ["RK1"], "RK101", False),  # the longer ignore wins
        (["RK", "RK103"], ["RK1"], "RK201", True),
        (["RK"], [], "PK101", False),  # not selected at all
        (["RK1"], ["RK1"], "RK101", False),  # a tie goes to ignore
        (["PK101"], ["PK"], "PK101", True),
        ([], [], "PK101", False),
    ],
)
def test_longest_prefix_wins(
    select: list[str] | None, ignore: list[str], code: str, on: bool
) -> None:
    assert config_of(select, ignore).enabled(code) is on


def test_command_line_ignore_overrides_a_more_specific_file_select(repo: Path) -> None:
    write(repo / "skillc.toml", '[lint]\nselect = ["RK103", "PK"]\n')
    assert load_config().enabled("RK103")
    config = load_config(ignore=["RK"])
    assert not config.enabled("RK103") and config.enabled("PK101")


def test_command_line_select_replaces_and_extend_select_adds(repo: Path) -> None:
    write(repo / "skillc.toml", '[lint]\nselect = ["PK"]\nignore = ["PK2"]\n')
    replaced = load_config(select=["RK"])
    assert replaced.enabled("RK101") and not replaced.enabled("PK101")
    extended = load_config(extend_select=["RK1"])
    assert extended.enabled("RK101") and extended.enabled("PK101")
    assert not extended.enabled("PK201"), "the file's ignore still holds"
    assert load_config(extend_select=["PK201"]).enabled("PK201"), "a longer CLI prefix wins"


def test_extend_select_in_the_file_adds_to_the_default(repo: Path) -> None:
    write(repo / "skillc.toml", '[lint]\nextend-select = ["ST"]\n')
    config = load_config()
    assert config.enabled("ST101") and config.enabled("PK101")


def test_prefixes_are_normalised_to_upper_case(repo: Path) -> None:
    write(repo / "skillc.toml", '[lint]\nignore = ["rk1"]\n')
    assert not load_config().enabled("RK101")


# -- per-file-ignores -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("skills/pdf/SKILL.md", "skills/pdf/SKILL.md", True),
        ("skills/*/SKILL.md", "skills/pdf/SKILL.md", True),
        ("skills/*", "skills/pdf/references/a.md", True),  # fnmatch: * crosses folders
        ("**/SKILL.md", "SKILL.md", True),  # **/ may match no folder
        ("**/SKILL.md", "a/b/SKILL.md", True),
        ("skills/**/a.md", "skills/a.md", True),
        ("skills/**/a.md", "skills/x/y/a.md", True),
        ("*.md", "skills/pdf/references/a.md", True),  # no slash: the file name alone
        ("SKILL.md", "skills/pdf/SKILL.md", True),
        ("skills/legacy/", "skills/legacy/old/SKILL.md", True),  # a folder: all below
        ("skills/legacy/", "skills/legacy-2/SKILL.md", False),
        ("references/?.md", "references/a.md", True),
        ("references/[ab].md", "references/c.md", False),
        ("references/[!ab].md", "references/c.md", True),
        ("skills/pdf/SKILL.md", "skills/pdf/skill.md", False),  # case-sensitive
        ("docs/*.md", "skills/docs/a.md", False),
    ],
)
def test_glob_match(pattern: str, path: str, matches: bool) -> None:
    assert glob_match(pattern, path) is matches


def test_per_file_ignores_match_paths_relative_to_the_config_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        repo / "pyproject.toml",
        '[tool.skillc.lint.per-file-ignores]\n"skills/legacy/**" = ["PK1", "RK101"]\n',
    )
    (repo / "skills").mkdir()
    monkeypatch.chdir(repo / "skills")  # display paths are relative to the current folder
    config = load_config()
    assert not config.enabled("PK101", "legacy/SKILL.md")
    assert not config.enabled("RK101", "legacy/references/a.md")
    assert config.enabled("RK102", "legacy/SKILL.md")
    assert config.enabled("PK101", "pdf/SKILL.md")
    assert config.enabled("PK101"), "without a path only the selection counts"
    assert not config.enabled("PK101", str(repo / "skills/legacy/SKILL.md")), "absolute paths"


# -- fail-on ------------------------------------------------------------------------------------


def _d(severity: Severity) -> Diagnostic:
    return Diagnostic(code="PK101", message="m", severity=severity)


@pytest.mark.parametrize(
    ("fail_on", "severities", "fails"),
    [
        (None, [Severity.WARNING, Severity.INFO], False),
        (None, [Severity.ERROR], True),
        ("warning", [Severity.WARNING], True),
        ("warning", [Severity.INFO], False),
        ("info", [Severity.INFO], True),
        ("error", [], False),
    ],
)
def test_fail_on(repo: Path, fail_on: str | None, severities: list[Severity], fails: bool) -> None:
    config = load_config(fail_on=fail_on)
    assert config.fails([_d(s) for s in severities]) is fails


def test_fail_on_from_the_file_and_the_command_line_wins(repo: Path) -> None:
    write(repo / "skillc.toml", '[lint]\nfail-on = "info"\n')
    assert load_config().fail_on is Severity.INFO
    assert load_config(fail_on="error").fail_on is Severity.ERROR


# -- discovery ----------------------------------------------------------------------------------


def test_defaults_without_a_config_file(repo: Path) -> None:
    config = load_config()
    assert config.source == "" and config.fail_on is Severity.ERROR
    assert config.enabled("PK101") and config.enabled("SC101")


def test_skillc_toml_wins_over_pyproject_in_the_same_folder(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.skillc.lint]\nignore = ["PK"]\n')
    write(repo / "skillc.toml", '[lint]\nignore = ["RK"]\n')
    config = load_config()
    assert config.source == str(repo / "skillc.toml")
    assert config.enabled("PK101") and not config.enabled("RK101")


def test_walks_up_from_the_start_folder(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.skillc.lint]\nignore = ["PK"]\n')
    nested = repo / "skills" / "pdf" / "references"
    nested.mkdir(parents=True)
    write(nested.parent / "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.skillc]: passed
    config = load_config(nested)
    assert config.source == str(repo / "pyproject.toml") and not config.enabled("PK101")


def test_a_start_file_walks_up_from_its_folder(repo: Path) -> None:
    write(repo / "skillc.toml", '[lint]\nignore = ["PK"]\n')
    skill = write(repo / "pdf" / "SKILL.md", "---\n")
    assert load_config(skill).source == str(repo / "skillc.toml")


def test_the_walk_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / "skillc.toml", '[lint]\nignore = ["PK"]\n')
    inner = tmp_path / "inner"
    (inner / ".git").mkdir(parents=True)
    assert load_config(inner).source == ""


def test_tool_skillc_without_a_lint_table_is_the_config(repo: Path) -> None:
    write(repo / "pyproject.toml", "[tool.skillc]\nother = 1\n")
    write(repo / "sub" / "x.md", "")
    config = load_config(repo / "sub")
    assert config.source == str(repo / "pyproject.toml") and config.enabled("PK101")


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[lint]\nselect = ["PK"]\nignroe = ["RK"]\n', 3, "unknown key 'ignroe'"),
        ('[lint]\n\nselect = "PK"\n', 3, "select: expected a list"),
        ('[lint]\nignore = ["RK-1"]\n', 2, "'RK-1' is not a code prefix"),
        ('[lint]\nfail-on = "fatal"\n', 2, "fail-on: expected error | warning | info"),
        ('[lint]\nper-file-ignores = ["x"]\n', 2, "per-file-ignores: expected a table"),
        ('[lint.per-file-ignores]\n"a/*" = ["PK"]\n"b/*" = "PK"\n', 3, "per-file-ignores 'b/*'"),
        ('lint = "on"\n', 1, "[lint] must be a table"),
        ("[lint]\nselect = [\n", 3, "invalid TOML"),
    ],
)
def test_bad_skillc_toml_is_a_usage_error_with_file_and_line(
    repo: Path, text: str, line: int, words: str
) -> None:
    path = write(repo / "skillc.toml", text)
    with pytest.raises(SkillcError) as caught:
        load_config()
    [problem] = caught.value.diagnostics
    assert problem.path == str(path) and words in problem.message
    assert problem.span is not None and problem.span.line == line


def test_bad_pyproject_key_names_the_table_and_line(repo: Path) -> None:
    text = '[project]\nname = "x"\n\n[tool.skillc.lint]\nselect = ["PK"]\nfail_on = "info"\n'
    path = write(repo / "pyproject.toml", text)
    with pytest.raises(SkillcError) as caught:
        load_config()
    [problem] = caught.value.diagnostics
    assert "unknown key 'fail_on' in [tool.skillc.lint]" in problem.message
    assert problem.span is not None and problem.span.label() == f"{path}:6:1"


@pytest.mark.parametrize(
    "kwargs",
    [{"select": ["R K"]}, {"ignore": ["PK1000"]}, {"extend_select": [""]}, {"fail_on": "x"}],
)
def test_bad_command_line_options_are_usage_errors(repo: Path, kwargs: dict[str, object]) -> None:
    with pytest.raises(SkillcError) as caught:
        load_config(**kwargs)  # type: ignore[arg-type]
    assert caught.value.diagnostics[0].path == "<args>"


def test_cli_exits_2_on_a_bad_config(repo: Path) -> None:
    from skillc.cli import main

    write(repo / "skillc.toml", '[lint]\nselect = "PK"\n')
    result = CliRunner().invoke(main, ["lint", "."])
    assert result.exit_code == 2
    assert "skillc.toml:2:1" in result.output
