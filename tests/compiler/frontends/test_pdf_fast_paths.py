"""Fast paths of the PDF structure step find what the patterns they replace found.

Why a test: `clean._hyphenated` searches a reversed line (a forward search tried the pattern
at every letter of every line ending in a hyphen) and `sections._norm` deletes by a byte
table what a regex deleted; both run on thousands of lines a manual, and each must give what
the pattern gave, on lines that match and on those that do not, ASCII or not.
"""

from __future__ import annotations

import re

import pytest

from skillc.compiler.frontends.pdf.clean import _hyphenated
from skillc.compiler.frontends.pdf.sections import _norm

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
        "a newline after the hyphen vari-\n",
        "two newlines vari-\n\n",
        "\n",
    ],
)
def test_the_word_before_a_line_end_hyphen_is_what_the_forward_pattern_found(text: str) -> None:
    found = _FORWARD.search(text)
    assert _hyphenated(text) == (found.group(1) if found else None)


@pytest.mark.parametrize(
    "text",
    [
        "3.1.2 Shell Parameter Expansion",
        "Bash’s ‘set’ Builtin — Ünïcode",
        "İstanbul K (Kelvin sign)",
        "",
        "  ",
        "TAB\tand\nnewline_underscore-dash",
    ],
)
def test_a_normalised_title_is_what_the_regex_left(text: str) -> None:
    assert _norm(text) == re.sub(r"[^0-9a-z]+", "", text.lower())
