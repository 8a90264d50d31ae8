"""When the garbage collector runs in a process that forks the reading pool's workers
(`skillc.compiler.parallel.read_files`): out of sight of what the workers inherit, and not at
all while the workers' results come in. Only when the collector runs changes, never what is
read or written.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def frozen(enabled: bool) -> Iterator[None]:
    """While the reading pool runs (``enabled``: its workers are forked), what the parent held
    before it (the modules, the inputs, the opened sources) is out of the collector's sight
    (`gc.freeze`), and back in it afterwards.

    Why: a full collection walks every object the process holds. The parent ran one while it
    combined the parts (docbook-xsl's reference.pdf: ~20 ms of its serial work, over objects
    that live to the end of the build anyway), and a forked worker's collections touch, and so
    copy, the pages of every object it inherited. Only when the collector runs changes: what is
    read and written is the same."""
    if not enabled:
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def unswept(enabled: bool) -> Iterator[None]:
    """While this process receives the reading workers' results (``enabled``: once they are
    forked, so that they collect as before), the garbage collector does not run in it.

    Why: the module read grows by every node unpickled, all of it alive to the end of the
    build, and the collections its allocations set off walk all of it again each time, to
    find nothing: python-doc at ``-j2``, ~0.2 s of the parent's CPU (three full collections
    among ~370), taken from the cores the workers read on. What the parent does meanwhile
    (the results, `preload`'s imports) makes next to no cyclic garbage; what it makes is
    collected later. Only when the collector runs changes: what is read is the same."""
    if not enabled or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


__all__ = ["frozen", "unswept"]
