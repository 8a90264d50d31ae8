"""The passes' per-skill memo: a second compile of the same module takes progressive
disclosure's results from it, and the output is the one computed without it."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from skillc.compiler.cache import Store
from skillc.compiler.cache.memo import StoreMemo
from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.ir.nodes import Skill
from tests.cli.conftest import CLICK_DOCS


class DictMemo:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.hits = 0

    def get(self, key: str) -> Any | None:
        found = self.values.get(key)
        self.hits += found is not None
        return found

    def put(self, key: str, value: Any) -> None:
        self.values[key] = value


def test_memo_hits_give_the_same_module() -> None:
    """At page grain: one memo entry per page (the default folds click into 3 chapters)."""
    module, _ = read_sources(collect([str(CLICK_DOCS)]))
    plain = compile_module(module, BuildOptions(group="page"))
    memo = DictMemo()
    first = compile_module(module, BuildOptions(group="page"), memo=memo)
    assert memo.hits == 0 and len(memo.values) > 30
    second = compile_module(module, BuildOptions(group="page"), memo=memo)
    assert memo.hits == len(memo.values)
    assert plain[0] == first[0] == second[0]
    assert plain[1] == first[1] == second[1]
    # disclosure keeps what it changed of each skill (`skillc.ir.edits`), not the skill
    assert not any(isinstance(v, tuple) and isinstance(v[0], Skill) for v in memo.values.values())
    stored = len(memo.values)
    other = compile_module(
        module, BuildOptions(max_body_lines=80, group="page"), memo=memo
    )  # other budget: disclosure's keys are new, classify-content's are not
    assert stored < len(memo.values) < 2 * stored
    assert other[0] == compile_module(module, BuildOptions(max_body_lines=80, group="page"))[0]


def test_store_memo_round_trip(tmp_path: Path) -> None:
    memo = StoreMemo(Store(tmp_path))
    assert memo.get("k") is None
    memo.put("k", ("value", (1, 2)))
    assert memo.get("k") == ("value", (1, 2))
    assert (memo.hits, memo.misses) == (1, 1)


def test_routing_the_listing_is_kept_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """compress-description's routing of every heading (`within_budget`) is asked once per
    question: again for the same module and options, afresh for other options."""
    from skillc.passes import listing_budget

    asked: list[int] = []
    real = listing_budget._within_budget

    def counted(*args: Any) -> list[str]:
        asked.append(1)
        return real(*args)

    monkeypatch.setattr(listing_budget, "_within_budget", counted)
    module, _ = read_sources(collect([str(CLICK_DOCS)]))
    memo = DictMemo()
    first = compile_module(module, BuildOptions(), memo=memo)
    second = compile_module(module, BuildOptions(), memo=memo)
    assert len(asked) == 1 and first[0] == second[0]
    compile_module(module, BuildOptions(listing_budget=500), memo=memo)
    assert len(asked) == 2
    assert compile_module(module, BuildOptions())[0] == first[0]


def test_a_one_page_edit_redoes_only_that_pages_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a one-page edit, classify-content, report-leaks and the source check take every
    other skill's answer from the memo: their per-skill work runs for the edited page (and,
    for report-leaks, the skills whose text the listing changed), and the module is the one
    compiled without a memo."""
    from skillc.passes import classify_content, report_leaks, verify_source

    done: Counter[str] = Counter()
    for where, name in [
        (classify_content, "skill_classes"),
        (report_leaks, "_leak_task"),
        (verify_source, "source_task"),
    ]:
        real = getattr(where, name)

        def counted(item: Any, real: Any = real, name: str = name) -> Any:
            done[name] += 1
            return real(item)

        monkeypatch.setattr(where, name, counted)
    docs = tmp_path / "docs"
    shutil.copytree(CLICK_DOCS, docs)
    memo = DictMemo()

    def compiled(with_memo: bool) -> Any:
        inventories: dict[str, Any] = {}
        module, _ = read_sources(collect([str(docs)]), None, 1, inventories)
        chosen = memo if with_memo else None
        options = BuildOptions(group="page")
        return compile_module(module, options, inventories=inventories, memo=chosen)

    compiled(True)
    skills = done["skill_classes"]
    assert skills > 30 and done["source_task"] > 30
    page = docs / "arguments.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more paragraph.\n", "utf-8")
    done.clear()
    again = compiled(True)
    assert done["skill_classes"] == 1 and done["source_task"] == 1
    assert 1 <= done["_leak_task"] < skills // 2
    assert again[0] == compiled(False)[0] and again[1] == compiled(False)[1]


def test_memo_keys_name_the_skills_and_blocks_by_the_work_that_made_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """report-leaks' keys hold progressive disclosure's skills as `Derived` stand-ins, and
    disclosure's keys the blocks classify-content made as digests (not pickled again); a
    second compile finds every key the first stored, and the module is the one compiled
    without a memo."""
    from skillc.passes import memo as memo_module
    from skillc.passes.memo_keys import Derived

    keys: list[Any] = []
    real = memo_module.memo_key

    def noted(value: object) -> str:
        keys.append(value)
        return real(value)

    monkeypatch.setattr(memo_module, "memo_key", noted)
    module, _ = read_sources(collect([str(CLICK_DOCS)]))
    memo = DictMemo()
    first = compile_module(module, BuildOptions(group="page"), memo=memo)
    leaks = [k for k in keys if isinstance(k, tuple) and k[0] == "report-leaks/1"]
    assert len(leaks) > 30
    assert all(isinstance(k[1], Derived) for k in leaks)
    # disclosure's keys: rewrite-links' skills, their blocks classify-content made as digests
    disclosed = [k for k in keys if isinstance(k, tuple) and k[0] == "progressive-disclosure/4"]
    assert len(disclosed) == len(leaks)
    named = [k[1] for k in disclosed if isinstance(k[1], tuple) and k[1][0] is Skill]
    assert len(named) > len(disclosed) // 2
    blocks = [b for _, state in named for part in state if isinstance(part, tuple) for b in part]
    assert sum(_is_named(b) for b in blocks) > len(blocks) // 2
    stored = len(memo.values)
    second = compile_module(module, BuildOptions(group="page"), memo=memo)
    assert memo.hits == stored == len(memo.values)
    assert first[0] == second[0] == compile_module(module, BuildOptions(group="page"))[0]


def test_a_stand_in_is_only_for_the_very_skill_made() -> None:
    from dataclasses import replace

    from skillc.passes.memo_keys import Derived, Made

    made = Made()
    skill = Skill(id="a")
    made.note((skill, ()), "k")
    (_, stand_in) = made.stand_ins(("work/1", skill))  # type: ignore[misc]
    assert isinstance(stand_in, Derived)
    copy = replace(skill)  # equal, but not the object made: pickled as before
    assert made.stand_ins(("work/1", copy)) == ("work/1", copy)
    other = Made()
    other.note(skill, "k2")  # another work's result: another name
    assert other.stand_ins(("w", skill)) != made.stand_ins(("w", skill))


def test_a_skills_blocks_are_named_only_where_they_are_the_blocks_noted() -> None:
    from dataclasses import replace

    from skillc.ir.nodes import Prose
    from skillc.passes.memo_keys import Made

    first, second = Prose(id="p1", text="one"), Prose(id="p2", text="two")
    made = Made()
    made.note_blocks((first, second), "k")
    skill = Skill(id="a", name="a", blocks=(first, second))
    (_, (cls, state)) = made.stand_ins(("w", skill))  # type: ignore[misc]
    digests = next(part for part in state if isinstance(part, tuple) and part)
    assert cls is Skill and digests == (("k", 0), ("k", 1))
    edited = replace(skill, blocks=(first, replace(second, text="changed")))
    (_, (_, state)) = made.stand_ins(("w", edited))  # type: ignore[misc]
    mixed = next(part for part in state if isinstance(part, tuple) and part)
    assert mixed[0] == digests[0] and mixed[1] == edited.blocks[1]  # the new block: itself
    renamed = replace(skill, name="b")  # the other fields are in the key as they are
    assert made.stand_ins(("w", renamed)) != made.stand_ins(("w", skill))
    assert made.stand_ins(("w", Skill(id="c"))) == ("w", Skill(id="c"))


def _is_named(part: object) -> bool:
    """A block named by classify-content's key and its index (`memo_keys.Made.note_blocks`)."""
    return (
        isinstance(part, tuple)
        and len(part) == 2
        and isinstance(part[0], str)
        and len(part[0]) == 64
        and isinstance(part[1], int)
    )
