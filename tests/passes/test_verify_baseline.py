"""verify-no-loss against a digest of what was read (`baseline_of`): the same findings as
against the module itself, and a build holds only the digest, so the module as read is not
kept alive beside the passes' output (issue 15: memory flat as the corpus grows)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from skillc.compiler.driver import BuildOptions, build
from skillc.ir import Code, ListBlock, LogicStep, Placement, Prose, Skill, SkillModule, Span, Table
from skillc.passes import manager
from skillc.passes.registry import PassContext
from skillc.passes.verify_baseline import Baseline, baseline_of
from skillc.passes.verify_no_loss import verify_no_loss

SPAN = Span(source="a.html", line=3, col=1, end_line=9, end_col=4, start=40, end=300)
STEP = Span(source="a.html", line=4, col=3, end_line=4, end_col=20, start=60, end=77)
HEADER = ("name", "value")
TABLE = Table(id="T", rows=(HEADER, ("a", "1"), ("b", "2"), ("c", "3")), prov=(SPAN,))
LIST = ListBlock(id="L", items=("one", "two", "three"), ordered=True, prov=(SPAN,))
READ = Skill(
    id="K",
    prov=(SPAN,),
    blocks=(
        Prose(id="B1", text="Install it:", prov=(SPAN,)),
        Code(id="B2", text="pip install click\nclick --help\n", prov=(SPAN,)),
        Prose(id="B3", text="Gone.", placement=Placement.REMOVED, reason="duplicate"),
        TABLE,
        LIST,
        Prose(id="B4", text="Done."),
    ),
    logic_steps=(
        LogicStep(id="S1", text="pip install click", prov=(STEP,)),
        LogicStep(id="S2", text="click --help"),
        LogicStep(id="S3", text="not in any code"),
    ),
)
MOVED = {"placement": Placement.REFERENCE, "reference": "references/r.md"}


def _without(skill: Skill, block_id: str, *added: Any) -> Skill:
    return replace(skill, blocks=(*(b for b in skill.blocks if b.id != block_id), *added))


def _outputs() -> dict[str, Skill]:
    """Skills the passes could emit from `READ`, each with a different finding or none."""
    blocks = {b.id: b for b in READ.blocks}
    code = blocks["B2"]
    assert isinstance(code, Code)
    return {
        "unchanged": READ,
        "moved": replace(READ, blocks=tuple(replace(b, **MOVED) for b in READ.blocks)),
        "dropped": _without(READ, "B4"),
        "removed silently": _without(
            READ, "B1", replace(blocks["B1"], placement=Placement.REMOVED)
        ),
        "code changed": _without(READ, "B2", replace(code, text="pip install flask\n")),
        "command lost": _without(READ, "B2", replace(code, text="click --help\n")),
        "command moved": _without(READ, "B2", Code(id="X", text="pip install click\n")),
        "table split": _without(
            READ,
            "T",
            replace(TABLE, id="T~1", rows=(HEADER, ("a", "1"))),
            replace(TABLE, id="T~2", rows=(HEADER, ("b", "2"), ("c", "3"))),
        ),
        "table split short": _without(
            READ, "T", replace(TABLE, id="T~1", rows=(HEADER, ("a", "1"))), replace(TABLE, id="T~2")
        ),
        "list split out of order": _without(
            READ,
            "L",
            replace(LIST, id="L~1", items=("one",)),
            replace(LIST, id="L~2", items=("three", "two"), start=2),
        ),
        "prose split": _without(
            READ, "B4", Prose(id="B4~1", text="Do"), Prose(id="B4~2", text="ne.")
        ),
    }


def _findings(baseline: SkillModule | Baseline, after: Skill) -> list[tuple[str, str, Any]]:
    ctx = PassContext(baseline=baseline)
    verify_no_loss(SkillModule(skills=(after,)), ctx)
    return [(d.code, d.message, d.span) for d in ctx.diagnostics]


@pytest.mark.parametrize("case", sorted(_outputs()))
def test_a_digest_finds_what_the_module_finds(case: str) -> None:
    after = _outputs()[case]
    module = SkillModule(skills=(READ,))
    assert _findings(baseline_of(module), after) == _findings(module, after)


def test_the_cases_cover_every_finding() -> None:
    module = SkillModule(skills=(READ,))
    found = {code for after in _outputs().values() for code, _, _ in _findings(module, after)}
    assert found == {"PV010", "PV011", "PV012", "PV013"}


PAGE = "# {title}\n\nInstall it:\n\n```console\n$ pip install {title}\n```\n\nThen run it.\n"


def test_a_build_holds_only_the_digest_while_the_passes_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No caller of the pass manager keeps the module as read (it is handed over), and
    verify-no-loss is given its digest: the passes' replaced parts can be freed."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for title in ("alpha", "beta", "gamma"):
        (docs / f"{title}.md").write_text(PAGE.format(title=title), encoding="utf-8")
    real = manager.run
    seen: dict[str, Any] = {}

    def watching(module: SkillModule, plan: Any, **kwargs: Any) -> Any:
        # this frame's ``module`` and getrefcount's argument: no caller holds the module
        seen["references"] = sys.getrefcount(module)
        seen["baseline"] = kwargs["baseline"]
        return real(module, plan, **kwargs)

    monkeypatch.setattr(manager, "run", watching)
    result = build([str(docs)], str(tmp_path / "out"), BuildOptions(index="never"))
    assert result.exit_code() == 0 and result.skills >= 1
    assert seen["references"] <= 2
    assert isinstance(seen["baseline"], Baseline)
