"""Key terms (`skillc.passes.key_terms`): the headings a description names do not depend on the
hash seed. Two headings of equal weight (asyncio's ``exception asyncio.QueueEmpty`` and
``exception asyncio.QueueFull``) once came out in either order, because a float sum over a set
of words depended on the set's order; python-doc's build then differed between ``-j 1`` and
``-j 0`` (the demo golden test caught it).
"""

from __future__ import annotations

import subprocess
import sys

from skillc.passes.key_terms import KeyTerms, terms

PROGRAM = """
from skillc.passes.key_terms import KeyTerms
from skillc.passes.key_terms import terms
headings = [
    "Queue", "Priority Queue", "LIFO Queue", "Exceptions", "exception asyncio.QueueEmpty",
    "exception asyncio.QueueFull", "class asyncio.Queue", "Examples", "asyncio.Queue.get",
    "raise the queue shut down error", "wait for the queue to be empty",
]
pages = [terms(" ".join(headings)), terms("queue asyncio task event loop"), terms("socket")]
page = terms(" ".join(headings))
library = KeyTerms.of(pages)
print(library.rank(headings, page), library.words(headings, page, ""))
"""


def _ranked(seed: int) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        capture_output=True,
        text=True,
        env={"PYTHONHASHSEED": str(seed), "PATH": ""},
        check=True,
    )
    return result.stdout


def test_key_terms_are_the_same_under_every_hash_seed() -> None:
    outputs = {_ranked(seed) for seed in range(12)}
    assert len(outputs) == 1, outputs


def test_headings_are_picked_for_the_words_they_add() -> None:
    """A chapter's word every heading repeats ("callout") is said once; the next heading named
    is the one of other words, so two sibling skills' descriptions do not read alike (SC105)."""
    from skillc.passes.key_terms import KeyTerms, terms

    headings = ["callouts", "callout.unicode", "callout.graphics", "admonitions", "indexterm"]
    page = terms(" ".join(headings * 3))
    library = KeyTerms.of([page, terms("callout graphics"), terms("table frame")])
    ranked = library.rank(headings, page)
    assert ranked == ["callouts", "admonitions", "indexterm", "callout.unicode", "callout.graphics"]
    # a heading the description says already adds nothing: left out
    assert "callouts" not in library.rank(headings, page, said="Covers callouts.")


def test_more_words_are_shown_as_the_headings_write_them() -> None:
    """The "Also:" words are weighed as terms ("classe", the crude singular of "classes") but
    shown as a heading wrote them: python-doc listed "classe" and "pipe" (for the pipes
    module); a router splits the written word into the same term."""
    items = ["Nested Classes", "The pipes module", "Utilities"]
    page = [word for item in items for word in terms(item)]
    shown = KeyTerms.of([page, ["other"]]).words(items, page, skip="")
    assert sorted(shown) == ["classes", "module", "nested", "pipes", "utilities"]
    assert all(terms(word) for word in shown)
