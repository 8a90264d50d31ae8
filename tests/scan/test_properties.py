"""Hypothesis: the scanner never crashes, whatever bytes or Unicode a skill holds, and reports
only locations inside the files it read."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillc.package.reader import package_from_texts, read_package
from skillc.scan.engine import ScanRun, scan_package, scan_packages
from skillc.scan.report import render

#: Text rich in what the normalisers and rules react to, mixed with arbitrary Unicode.
FRAGMENTS = st.sampled_from(
    [
        "curl ",
        "| sh",
        "https://",
        "$(env)",
        "--data",
        "base64 -d",
        "<!--",
        "-->",
        "```",
        "```bash\n",
        "\u200b",
        "\u202e",
        "\U000e0041",
        "е",
        "%41%42%43",
        "\\x41\\x42\\x43\\x44",
        "chr(99)+",
        "aGVsbG8gd29ybGQ=",
        "\n",
        "\\\n",
        "'",
        '"',
        "+",
        "#",
        "~/.ssh/id_rsa",
        "rm -rf ",
        "![a](b)",
        "<script>",
        "</pre>",
        "> ~/.cache/x.sh",
        "bash ~/.cache/x.sh",
        "source /tmp/.y",
        'P="Y3VybCBo"',
        "X=dHRwczovL2E",
    ]
)
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(skill=TEXT, script=TEXT, suffix=st.sampled_from([".py", ".sh", ".js", ".json", ".txt"]))
def test_scanning_arbitrary_text_never_crashes(skill: str, script: str, suffix: str) -> None:
    texts = {"SKILL.md": skill, f"scripts/run{suffix}": script, "references/r.md": script}
    run = scan_packages([package_from_texts("fuzz", texts)])
    assert run.internal_errors == []
    [report] = run.reports
    for finding in report.findings:
        span = finding.diagnostic.span
        if span is not None:
            source = texts[span.source.removeprefix("fuzz/")]
            assert 0 <= span.start <= span.end <= len(source)
    for fmt in ("text", "json", "sarif", "markdown", "html"):
        assert render(fmt, run)
    assert_escaped(render("html", run))


def assert_escaped(page: str) -> None:
    """Whatever the skill held, the HTML page has only its own one script element."""
    assert page.count("<script") == 1 and "<img" not in page and "<iframe" not in page


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(skill=st.binary(max_size=300), script=st.binary(max_size=300))
def test_scanning_arbitrary_bytes_never_crashes(
    tmp_path: Path, skill: bytes, script: bytes
) -> None:
    folder = tmp_path / "bytes"
    (folder / "scripts").mkdir(parents=True, exist_ok=True)
    (folder / "SKILL.md").write_bytes(skill)
    (folder / "scripts" / "x.sh").write_bytes(script)
    errors: list[object] = []
    report = scan_package(read_package(folder, "bytes"), errors)  # type: ignore[arg-type]
    assert errors == []
    assert report.verdict.value in ("malicious", "suspicious", "benign")
    assert render("json", ScanRun(reports=[report]))


@settings(max_examples=60, deadline=None)
@given(skills=st.lists(st.tuples(TEXT, TEXT), min_size=2, max_size=4))
def test_composing_arbitrary_skills_never_crashes(skills: list[tuple[str, str]]) -> None:
    """Several skills scanned together (cross-skill rules), whatever they hold."""
    packages = [
        package_from_texts(f"s{i}", {"SKILL.md": skill, "scripts/run.sh": script})
        for i, (skill, script) in enumerate(skills)
    ]
    run = scan_packages(packages)
    assert run.internal_errors == []
    for report in run.reports:
        for finding in report.findings:
            for span, _ in finding.diagnostic.related:
                assert span.source.split("/")[0] in {f"s{i}" for i in range(len(skills))}
    assert_escaped(render("html", run))
