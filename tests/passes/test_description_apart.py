"""Two descriptions a router confuses lose the "Also:" words they share (description_apart)."""

from __future__ import annotations

from skillc.lint.rules.routing.similar_descriptions import THRESHOLD, similarities, terms
from skillc.passes.description_apart import apart

#: python's email chapters at chapter grain, as compress-description wrote them before: 0.52
#: alike in the demo build (lint's SC105), their "Also:" lists full of both Message classes'
#: method names.
NAMES = (
    "python-email-charset-representing-character",
    "python-email-header-internationalized-headers",
)
BEFORE = (
    (
        "Covers email (charset: Representing character sets, message.Message: Representing an email"
        " message using the compat32 API and contentmanager: Managing MIME Content) in the python "
        "documentation (7 pages). Use when the task involves encoders: Encoders, generator: "
        "Generating MIME documents or errors: Exception and Defect classes. Also: failobj body name"
        " header unixfrom policy params encode payload get handler default clone epilogue multipart"
        " eq ne preamble contains kw walk instances items str len codec output input type boundary "
        "delitem flatten setitem keys getitem fp encoding."
    ),
    (
        "Covers email (header: Internationalized headers, headerregistry: Custom Header Objects and"
        " message: Representing an email message) in the python documentation (5 pages). Use when "
        "the task involves iterators: Iterators. Also: boundary name failobj content get kw "
        "attachment params type unixfrom policy cte linesep maintype parts plain subtype username "
        "addresses cls defects epilogue fold minor multipart addr ctype domain eq major ne preamble"
        " contains walk items call str clear len charset append none disposition delitem setitem "
        "getitem value display spec."
    ),
)


#: The rest of a library, in which the pair's words are rare (the rule weighs words by how
#: few skills say them): 160 skills, as many as python has at this grain, on other topics. The
#: demo build's own check is tests/tools/test_routing_demo.py (python at chapter grain).
OTHERS = tuple(f"library-topic-{n}" for n in range(160))
OTHER_TEXTS = tuple(f"Covers topic {n} of the documentation." for n in range(160))


def _score(names: tuple[str, ...], texts: list[str]) -> float:
    pairs = zip((*names, *OTHERS), (*texts, *OTHER_TEXTS), strict=True)
    words = [terms(n.replace("-", " ") + " " + t) for n, t in pairs]
    return similarities(words).get((0, 1), 0.0)


def test_look_alike_chapters_drop_the_also_words_they_share() -> None:
    assert _score(NAMES, list(BEFORE)) >= THRESHOLD
    after = apart((*NAMES, *OTHERS), (*BEFORE, *OTHER_TEXTS))[:2]
    assert _score(NAMES, after) < THRESHOLD
    for old, new in zip(BEFORE, after, strict=True):
        head = old.split(" Also: ")[0]
        assert new.startswith(head + " Also: ")  # what it covers and when: kept whole
    assert ("walk" in after[0]) != ("walk" in after[1])  # one of them keeps it for routing


def test_a_written_description_is_left_as_it_is() -> None:
    assert apart(NAMES, BEFORE, [False, True]) == list(BEFORE)
