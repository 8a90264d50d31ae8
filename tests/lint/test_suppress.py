"""Markdown suppression comments: each form, the SK101-SK103 findings, and their fixes."""

from __future__ import annotations

import pytest

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.span import Span
from skillc.lint import suppress
from skillc.lint.codes import RULES, RuleInfo
from skillc.lint.suppress import apply_suppressions, parse_suppressions
from skillc.package.model import PackageFile

PATH = "demo/SKILL.md"


def _info(code: str, name: str) -> RuleInfo:
    return RuleInfo(code=code, name=name, severity=Severity.ERROR, check=lambda _: iter(()))


#: A stand-in rule table: the real rules are written elsewhere and may not exist yet.
TABLE = {
    "RK101": _info("RK101", "unconfirmed-destructive-effect"),
    "RK102": _info("RK102", "secret-in-instructions"),
    "PK101": _info("PK101", "invalid-skill-name"),
    **{code: RULES[code] for code in ("SK101", "SK102", "SK103")},
}


@pytest.fixture(autouse=True)
def rule_table(monkeypatch: pytest.MonkeyPatch) -> None:
    def lookup(key: str) -> RuleInfo | None:
        return TABLE.get(key.upper()) or next((r for r in TABLE.values() if r.name == key), None)

    monkeypatch.setattr(suppress, "by_name_or_code", lookup)


def md(text: str, display: str = PATH) -> PackageFile:
    return PackageFile(path=display.split("/", 1)[1], display=display, size=len(text), text=text)


def finding(line: int, code: str = "RK101", source: str = PATH) -> Diagnostic:
    span = Span(source=source, line=line, col=1, end_line=line, end_col=2, start=0, end=1)
    return Diagnostic(code=code, message=f"finding on line {line}", span=span, path=source)


def kept(text: str, *lines: int, code: str = "RK101") -> list[tuple[str, int]]:
    """(code, line) of what survives findings of ``code`` on ``lines`` of ``text``."""
    result = apply_suppressions([finding(n, code) for n in lines], [md(text)])
    return [(d.code, d.span.line if d.span else 0) for d in result]


def surviving(text: str, *lines: int, code: str = "RK101") -> list[int]:
    """The lines whose ``code`` finding is not suppressed (SK findings left out)."""
    return [line for c, line in kept(text, *lines, code=code) if c == code]


# -- ignore ---------------------------------------------------------------------------------------

NEXT_BLOCK = """\
# Rotate keys

<!-- skillc: ignore[RK101] reason: soft-deleted keys are kept for 90 days -->
4. Delete the old key with `keys.revoke`.
   Confirm first.

5. Delete the backup.
"""


def test_ignore_covers_the_next_block_up_to_a_blank_line() -> None:
    assert surviving(NEXT_BLOCK, 4, 5, 7) == [7]


def test_ignore_skips_blank_lines_before_its_block() -> None:
    text = "<!-- skillc: ignore[RK101] -->\n\n\nDelete it.\nNow.\n\nLater.\n"
    assert surviving(text, 4, 5, 7) == [7]


def test_ignore_before_a_fence_covers_the_whole_fence() -> None:
    text = "<!-- skillc: ignore[RK101] -->\n```bash\nrm -rf a\n\nrm -rf b\n```\n\nrm c\n"
    assert surviving(text, 3, 5, 8) == [8]


def test_end_of_line_ignore_covers_that_line_only() -> None:
    text = "1. Delete it. <!-- skillc: ignore[RK101] -->\n2. Delete that.\n"
    assert surviving(text, 1, 2) == [2]


def test_ignore_with_several_codes() -> None:
    text = "<!-- skillc: ignore[RK101, RK102] two at once -->\nDelete `sk-live-1234`.\n"
    findings = [finding(2, "RK101"), finding(2, "RK102"), finding(2, "PK101")]
    result = apply_suppressions(findings, [md(text)])
    assert [d.code for d in result] == ["PK101"]


def test_rule_names_work_in_place_of_codes() -> None:
    text = "<!-- skillc: ignore[unconfirmed-destructive-effect] -->\nDelete it.\n"
    assert kept(text, 2) == []


def test_codes_are_case_insensitive() -> None:
    assert kept("<!-- skillc: ignore[rk101] -->\nDelete it.\n", 2) == []


def test_a_finding_in_another_file_is_not_suppressed() -> None:
    text = "<!-- skillc: file-ignore[RK101] -->\n"
    other = finding(1, source="demo/references/a.md")
    result = apply_suppressions([other], [md(text)])
    assert other in result


# -- disable / enable / file-ignore ------------------------------------------------------------

DISABLED = """\
Keep this.
<!-- skillc: disable[RK101] -->
Delete a.

Delete b.
<!-- skillc: enable[RK101] -->
Delete c.
"""


def test_disable_enable_covers_the_lines_between() -> None:
    assert surviving(DISABLED, 1, 3, 5, 7) == [1, 7]


def test_unterminated_disable_runs_to_the_end_of_the_file() -> None:
    text = "Keep.\n<!-- skillc: disable[RK101] -->\nA.\n\nB.\n\nC."
    assert surviving(text, 1, 3, 5, 7) == [1]


def test_enable_closes_only_the_codes_it_names() -> None:
    text = "<!-- skillc: disable[RK101, RK102] -->\nA.\n<!-- skillc: enable[RK101] -->\nB.\n"
    findings = [finding(4, "RK101"), finding(4, "RK102")]
    result = apply_suppressions(findings, [md(text)])
    assert [d.code for d in result] == ["SK101", "RK101"], "RK101's disable covered nothing"


def test_file_ignore_covers_the_whole_file_and_findings_without_a_line() -> None:
    text = "# T\n\nA.\n\n<!-- skillc: file-ignore[RK101] -->\n\nB.\n"
    whole_file = Diagnostic(code="RK101", message="about the file", path=PATH)
    result = apply_suppressions([finding(1), finding(7), whole_file], [md(text)])
    assert result == []


def test_a_line_suppression_does_not_reach_findings_without_a_line() -> None:
    text = "<!-- skillc: disable[RK101] -->\n"
    whole_file = Diagnostic(code="RK101", message="about the file", path=PATH)
    result = apply_suppressions([whole_file], [md(text)])
    assert whole_file in result


def test_stray_enable_is_an_unused_suppression_with_a_removal_fix() -> None:
    text = "A.\n<!-- skillc: enable[RK101] -->\nB.\n"
    [problem] = apply_suppressions([], [md(text)])
    assert problem.code == "SK101" and "closes no `disable`" in problem.message
    assert problem.fix is not None
    assert _applied(text, problem) == "A.\nB.\n"


# -- SK102, SK103, examples --------------------------------------------------------------------


@pytest.mark.parametrize(
    "comment",
    ["<!-- skillc: ignore -->", "<!-- skillc: ignore[] -->", "<!-- skillc: file-ignore -->"],
)
def test_blanket_suppression_is_reported_and_suppresses_nothing(comment: str) -> None:
    text = f"{comment}\nDelete it.\n"
    assert kept(text, 2) == [("SK102", 1), ("RK101", 2)]


def test_unknown_code_is_reported_at_the_code_and_the_known_ones_still_work() -> None:
    text = "<!-- skillc: ignore[RK1O1, RK101] -->\nDelete it.\n"
    [problem] = apply_suppressions([finding(2)], [md(text)])
    assert problem.code == "SK103" and "`RK1O1`" in problem.message
    assert problem.span is not None and (problem.span.line, problem.span.col) == (1, 21)
    assert problem.severity is Severity.WARNING


def test_comments_in_code_fences_and_inline_code_are_examples() -> None:
    text = (
        "Write `<!-- skillc: ignore[RK101] -->` above the step.\n"
        "~~~markdown\n"
        "<!-- skillc: ignore -->\n"
        "<!-- skillc: file-ignore[RK101] -->\n"
        "~~~\n"
        "Delete it.\n"
    )
    assert parse_suppressions(md(text)).suppressions == ()
    assert kept(text, 1, 6) == [("RK101", 1), ("RK101", 6)]


def test_only_markdown_files_hold_suppressions() -> None:
    script = PackageFile(
        path="scripts/run.sh",
        display="demo/scripts/run.sh",
        size=10,
        text="# <!-- skillc: file-ignore[RK101] -->\n",
    )
    assert parse_suppressions(script).suppressions == ()


def test_suppressions_know_their_comment_span() -> None:
    [item] = parse_suppressions(md(NEXT_BLOCK)).suppressions
    assert (item.kind, item.span.line, item.span.col) == ("ignore", 3, 1)
    assert item.codes == (("RK101", 3, 5),)


# -- SK101 unused --------------------------------------------------------------------------------


def test_unused_suppression_is_reported_with_a_fix_that_removes_its_line() -> None:
    text = "A.\n<!-- skillc: ignore[RK101] -->\nB.\n"
    [problem] = apply_suppressions([], [md(text)])
    assert problem.code == "SK101" and problem.message == "unused suppression `ignore[RK101]`"
    assert problem.span is not None and problem.span.line == 2
    assert _applied(text, problem) == "A.\nB.\n"


def test_unused_end_of_line_suppression_fix_keeps_the_line() -> None:
    text = "Delete it.  <!-- skillc: ignore[RK101] -->\r\nB.\r\n"
    [problem] = apply_suppressions([], [md(text)])
    assert _applied(text, problem) == "Delete it.\r\nB.\r\n"


def test_unused_suppression_that_starts_a_line_fix_keeps_the_rest() -> None:
    text = "<!-- skillc: ignore[RK101] -->  Delete it.\n"
    [problem] = apply_suppressions([], [md(text)])
    assert _applied(text, problem) == "Delete it.\n"


def test_partly_unused_suppression_fix_drops_only_the_unused_codes() -> None:
    text = "<!-- skillc: ignore[RK101, secret-in-instructions] why -->\nDelete it.\n"
    [problem] = apply_suppressions([finding(2, "RK101")], [md(text)])
    assert problem.message == "unused code RK102 in suppression `ignore`"
    assert _applied(text, problem) == "<!-- skillc: ignore[RK101] why -->\nDelete it.\n"


def test_suppressions_of_codes_the_configuration_turned_off_are_not_unused() -> None:
    text = "<!-- skillc: ignore[RK101, RK102] -->\nDelete it.\n"
    result = apply_suppressions([], [md(text)], enabled=lambda code, path: code != "RK102")
    assert [d.message for d in result] == ["unused code RK101 in suppression `ignore`"]


def test_engine_findings_can_be_suppressed_too() -> None:
    text = "<!-- skillc: file-ignore[SK102] -->\n<!-- skillc: ignore -->\nDelete it.\n"
    assert kept(text, 3) == [("RK101", 3)]


def test_result_is_sorted_by_path_line_column_code() -> None:
    text = "<!-- skillc: ignore[XX999] -->\n<!-- skillc: ignore -->\nA.\n"
    other = finding(1, source="a/first.md")
    result = apply_suppressions([finding(3, "PK101"), other, finding(3, "RK101")], [md(text)])
    keys = [(d.span.source, d.span.line, d.code) for d in result if d.span]
    assert keys == sorted(keys) and keys[0][0] == "a/first.md"


# -- the rule table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("SK101", "unused-suppression"),
        ("SK102", "blanket-suppression"),
        ("SK103", "unknown-suppression-code"),
    ],
)
def test_suppression_rules_are_documented_in_the_table(code: str, name: str) -> None:
    info = RULES[code]
    assert (info.name, info.scope, info.severity) == (name, "engine", Severity.WARNING)
    for heading in ("## What it checks", "## Why it matters", "## Example", "## Fix"):
        assert heading in info.doc
    assert list(info.check(None)) == []


def _applied(text: str, problem: Diagnostic) -> str:
    assert problem.fix is not None
    out = text
    for edit in sorted(problem.fix.edits, key=lambda e: e.start, reverse=True):
        assert edit.path == PATH
        out = out[: edit.start] + edit.replacement + out[edit.end :]
    return out
