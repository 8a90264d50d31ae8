"""-j N runs progressive disclosure's per-skill work in a process pool; the module, the
diagnostics and their order are those of one process."""

from __future__ import annotations

from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.compiler.parallel import pass_map
from tests.cli.conftest import CLICK_DOCS


def test_pass_map_keeps_order() -> None:
    assert pass_map(1) is None
    parallel = pass_map(2)
    assert parallel is not None
    assert parallel(abs, [-3, 2, -1, 0, -7]) == [3, 2, 1, 0, 7]


def test_two_jobs_compile_the_same_module() -> None:
    module, _ = read_sources(collect([str(CLICK_DOCS)]))
    one = compile_module(module, BuildOptions(jobs=1))
    two = compile_module(module, BuildOptions(jobs=2))
    assert one[0] == two[0]
    assert one[1] == two[1]
    # smaller budgets: many skills disclosed, SK062 warnings possible, still the same
    small = BuildOptions(jobs=1, max_body_lines=40, max_body_tokens=400, max_block_tokens=300)
    assert (
        compile_module(module, small)[:2]
        == compile_module(
            module,
            BuildOptions(jobs=2, max_body_lines=40, max_body_tokens=400, max_block_tokens=300),
        )[:2]
    )
