"""Optimising passes over the SSL IR: the registry, the manager, the presets and the passes.

Each pass lives in its own module and registers itself when imported (`registry.transform`,
`registry.check`, `registry.analysis`). `load_all` imports them from one explicit tuple,
`PASS_MODULES`, rather than by scanning the directory, so the registry's contents never depend
on the file system. Importing this package stays cheap (no pass modules, no networkx) because
``skillc lint`` imports it too.

Typical use (the build driver does this)::

    load_all()
    result = run(module, plan("O1"), options=PassOptions(name_prefix="acme"), baseline=module)
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from skillc.passes.manager import RunResult, format_timings, plan, run
from skillc.passes.options import PassOptions
from skillc.passes.pipelines import DEFAULT_PIPELINE, PIPELINES
from skillc.passes.registry import (
    PASSES,
    Kind,
    PassContext,
    PassInfo,
    PassRecord,
    analysis,
    check,
    transform,
)

__all__ = [
    "DEFAULT_PIPELINE",
    "PASSES",
    "PASS_MODULES",
    "PIPELINES",
    "Kind",
    "PassContext",
    "PassInfo",
    "PassOptions",
    "PassRecord",
    "RunResult",
    "analysis",
    "check",
    "format_timings",
    "load_all",
    "plan",
    "run",
    "transform",
]

#: Every module that registers passes, in import order. Add a new pass module here.
PASS_MODULES: tuple[str, ...] = (
    "skillc.passes.normalize_names",
    "skillc.passes.classify_content",
    "skillc.passes.compress_description",
    "skillc.passes.select_skills",
    "skillc.passes.merge_duplicates",
    "skillc.passes.group_pages",
    "skillc.passes.library_index",
    "skillc.passes.rewrite_links",
    "skillc.passes.progressive_disclosure",
    "skillc.passes.verify_no_loss",
    "skillc.passes.report_leaks",
    "skillc.passes.compress_body",
    "skillc.passes.tighten_description",
    "skillc.passes.tighten_description_routing",
)


def load_all() -> Mapping[str, PassInfo]:
    """Import every module in `PASS_MODULES` and return the now complete registry.

    >>> "normalize-names" in load_all()
    True
    """
    for name in PASS_MODULES:
        importlib.import_module(name)
    return PASSES
