"""tighten-description without its term rule: SkillReducer's clause minimisation as published.

`skillc.passes.tighten_description` keeps every clause that holds a routing term the rest of the
description lacks, because without a model skillc cannot write the requests such a term would
win. SkillReducer drops any clause its routing oracle does not need; this variant does the same
with the offline oracle (the skill's own requests, BM25 over the library), for users who accept
that trade: shorter catalogues, and trigger words that no heading, command or error string of
the skill repeats may go (``skillc optimize --descriptions routing``; the bench reports both).
"""

from __future__ import annotations

from skillc.ir.nodes import SkillModule
from skillc.passes.registry import PassContext, transform
from skillc.passes.tighten_description import tighten


@transform("tighten-description-routing", requires=("trigger-queries",))
def tighten_description_routing(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Shorten each description as far as its own requests still route to it."""
    return tighten(module, ctx, keep_terms=False)
