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
    for fmt in ("text", "json", "sarif", "markdown"):
        assert render(fmt, run)


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
