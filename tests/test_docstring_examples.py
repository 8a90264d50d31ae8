"""The package's docstring examples hold: each module's ``>>>`` examples run as a test.

Why: a docstring example is documentation a reader trusts; one that no longer holds misleads.
They run here, module by module, rather than through pytest's ``--doctest-modules``, which
would also import the test fixtures (among them the risk scanner's malicious scripts, which
must never run).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import skillc


def _modules() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages(skillc.__path__, prefix="skillc."))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples fail in {name}"
