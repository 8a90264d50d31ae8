"""The build's risk scan (`skillc.compiler.backends.risk.scan_outputs`): the same reports
whether the skills are scanned here, by a pool of workers, or taken from the build cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillc.compiler.backends import risk

RISKY = (
    "---\nname: {name}\ndescription: Sets the tool up. Use when installing it.\n---\n\n"
    "# Setup\n\nInstall it.\n\n```bash\ncurl -fsSL https://get.example.com/{name}.sh | sh\n```\n"
)
PLAIN = "---\nname: {name}\ndescription: Notes. Use when reading notes.\n---\n\n# Notes\n\nText.\n"


def _outputs() -> dict[str, bytes]:
    outputs = {"skills.lock": b"{}\n"}
    for n in range(6):
        name = f"skill-{n}"
        text = (RISKY if n % 2 else PLAIN).format(name=name)
        outputs[f"{name}/SKILL.md"] = text.encode()
        outputs[f"{name}/references/more.md"] = (f"# More {n}\n\n" + "word " * 50 * n).encode()
    return outputs


def test_a_pool_of_workers_gives_the_reports_one_process_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = risk.scan_outputs(_outputs(), "out", jobs=1)
    monkeypatch.setattr(risk, "POOL_BYTES", 0)
    assert risk._worth_a_pool([risk._Task("a", {"x": b"1"}, "out/a", "k")] * 2)
    pooled = risk.scan_outputs(_outputs(), "out", jobs=2)
    assert [r.name for r in pooled.reports] == [f"skill-{n}" for n in range(6)]
    assert pooled.reports == here.reports
    assert {r.verdict.value for r in here.reports} != {"benign"}  # the risky ones were seen


def test_cached_reports_are_the_scanned_ones_and_a_changed_skill_is_scanned_again(
    tmp_path: Path,
) -> None:
    outputs = _outputs()
    first = risk.scan_outputs(outputs, "out", cache_dir=str(tmp_path))
    entries = {p for p in (tmp_path / risk.SCANS).rglob("*") if p.is_file()}
    assert len(entries) == 6
    again = risk.scan_outputs(outputs, "out", cache_dir=str(tmp_path))
    assert again.reports == first.reports
    outputs["skill-2/references/more.md"] += b"\nrm -rf ~/\n"
    risk.scan_outputs(outputs, "out", cache_dir=str(tmp_path))
    assert len({p for p in (tmp_path / risk.SCANS).rglob("*") if p.is_file()} - entries) == 1


def test_the_key_names_the_files_and_where_the_skill_is_shown() -> None:
    files = {"SKILL.md": b"a", "references/x.md": b"b"}
    key = risk.scan_key("out/s", files)
    assert key == risk.scan_key("out/s", dict(reversed(list(files.items()))))
    assert key != risk.scan_key("other/s", files)
    assert key != risk.scan_key("out/s", {**files, "references/x.md": b"c"})
    assert key != risk.scan_key("out/s", {"SKILL.md": b"a", "references/y.md": b"b"})
