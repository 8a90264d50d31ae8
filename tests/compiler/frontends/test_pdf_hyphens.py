"""The word before a line-end hyphen, found from the line's end (`clean._hyphenated`).

Why a test: the search was rewritten to run on the reversed line (a forward search tried the
pattern at every letter of every line ending in a hyphen); it must find what the forward
pattern found, on lines that end in a broken word and on those that do not.
"""

from __future__ import annotations

import re

import pytest

from skillc.compiler.frontends.pdf.clean import _hyphenated

_FORWARD = re.compile(r"([A-Za-z]*[a-z])-$")  # the pattern as it was searched before


@pytest.mark.parametrize(
    "text",
    [
        "the shell expands vari-",
        "see DocBook's Vari-",
        "a line with no hyphen",
        "ALL CAPS-",
        "a number 42-",
        "x-",
        "-",
        "",
        "two--",
        "mixed caseWord-",
        "foo2bar-",
        "naïve-",
        "a – dash -",
        "ends in a space- ",
    ],
)
def test_the_word_before_a_line_end_hyphen_is_what_the_forward_pattern_found(text: str) -> None:
    found = _FORWARD.search(text)
    assert _hyphenated(text) == (found.group(1) if found else None)
