"""Optimising passes over the SSL IR: the registry, the manager, the presets and the passes.

Each pass lives in its own module and registers itself when imported (`registry.transform`,
`registry.check`, `registry.analysis`). `load` and `load_all` import them from one explicit
table, `PASS_MODULE_OF`, rather than by scanning the directory, so the registry's contents
never depend on the file system. Importing this package stays cheap (no pass modules, no
networkx) because ``skillc lint`` imports it too.

Typical use (the build driver does this)::

    load_all()
    result = run(module, plan("O1"), options=PassOptions(name_prefix="acme"), baseline=module)
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence

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
    "PASS_MODULE_OF",
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
    "load",
    "load_all",
    "plan",
    "run",
    "transform",
]

#: The module that registers each transform and check, for `load`: a build imports only the
#: passes its pipeline plans (analyses are imported by the passes that ask for them).
PASS_MODULE_OF: dict[str, str] = {
    "normalize-names": "skillc.passes.normalize_names",
    "classify-content": "skillc.passes.classify_content",
    "compress-description": "skillc.passes.compress_description",
    "select-skills": "skillc.passes.select_skills",
    "merge-duplicates": "skillc.passes.merge_duplicates",
    "group-pages": "skillc.passes.group_pages",
    "library-index": "skillc.passes.library_index",
    "rewrite-links": "skillc.passes.rewrite_links",
    "progressive-disclosure": "skillc.passes.progressive_disclosure",
    "verify-no-loss": "skillc.passes.verify_no_loss",
    "report-leaks": "skillc.passes.report_leaks",
    "compress-body": "skillc.passes.compress_body",
    "tighten-description": "skillc.passes.tighten_description",
    "tighten-description-routing": "skillc.passes.tighten_description_routing",
}

#: Every module that registers passes, in import order (`load_all`): those of
#: `PASS_MODULE_OF`. Add a new pass there.
PASS_MODULES: tuple[str, ...] = tuple(dict.fromkeys(PASS_MODULE_OF.values()))


def load(pipeline: str | Sequence[str]) -> Mapping[str, PassInfo]:
    """Import the modules of the passes ``pipeline`` (a preset's name, or pass names) asks for
    and of everything they require, transitively; return the registry. A name it does not know
    loads every pass (`load_all`), so that `plan` can list them all when it reports it.

    Why: the optimising passes (``skillc optimize``, ``-Os``) and their phrase tables took a
    build ~16 ms to import for nothing, while its reading workers wanted both cores.

    >>> "compress-description" in load("O0")
    True
    """
    names = list(PIPELINES.get(pipeline, ()) if isinstance(pipeline, str) else pipeline)
    if isinstance(pipeline, str) and pipeline not in PIPELINES:
        return load_all()
    seen: set[str] = set()
    while names:
        name = names.pop()
        if name in seen:
            continue
        seen.add(name)
        module = PASS_MODULE_OF.get(name)
        if module is None:
            return load_all()
        importlib.import_module(module)
        names.extend(PASSES[name].requires)
    return PASSES


def load_all() -> Mapping[str, PassInfo]:
    """Import every module in `PASS_MODULES` and return the now complete registry.

    >>> "normalize-names" in load_all()
    True
    """
    for name in PASS_MODULES:
        importlib.import_module(name)
    return PASSES
