"""route-terms: a generated description gains the words its own failing headings need."""

from __future__ import annotations

from skillc.passes.route_terms import LIMIT, TOP, _words, sharpen
from skillc.passes.router import Router

NAMES = ["pdf-quickstart", "pdf-advanced", "pdf-fonts", "pdf-api", "pdf-faq"]
DESCRIPTIONS = [
    "Draws pages and saves documents. Use when the task involves pages or documents.",
    "Tables and pages in depth. Use when the task involves tables or pages.",
    "Fonts of documents. Use when the task involves fonts or documents.",
    "Every class and function of the PDF API. Use when the task involves the API.",
    "Common questions about documents. Use when the task involves questions.",
]
SECTIONS = [
    ["Draw a Page", "Document Content"],
    ["Table Styles", "Prepared Tables", "Custom Fonts", "Streaming Pages"],
    ["Standard Fonts", "TrueType Fonts"],
    ["Canvas Lookup", "Lower-Level Classes"],
    ["Python 3 Compatibility", "Encoded Data?"],
]
#: Skills whose descriptions share the words of the others' headings (fonts, tables).
for topic in ("CID", "Type 1", "embedded", "bitmap", "table", "outline"):
    NAMES.append(f"pdf-{topic.lower().replace(' ', '-')}-fonts")
    DESCRIPTIONS.append(f"Covers {topic} fonts and font tables. Use when the task involves fonts.")
    SECTIONS.append([f"{topic} Fonts"])


def rank(router: Router, query: str, name: str) -> int:
    scores = router.scores(query)
    own = scores.get(name, 0.0)
    return 1 + sum(1 for n, s in scores.items() if s > own or (s == own and n < name))


def test_failing_headings_route_to_their_skill_after_sharpening() -> None:
    before = Router(dict(zip(NAMES, DESCRIPTIONS, strict=True)))
    assert rank(before, "Custom Fonts", "pdf-advanced") > TOP
    out = sharpen(NAMES, DESCRIPTIONS, SECTIONS, [True] * len(NAMES))
    after = Router(dict(zip(NAMES, out, strict=True)))
    for name, headings in zip(NAMES, SECTIONS, strict=True):
        for heading in headings:
            assert rank(after, heading, name) <= TOP, (heading, name, out)
    assert all(len(d) <= LIMIT for d in out)
    assert "Also:" in out[1] and out[1].startswith(DESCRIPTIONS[1][:-1])
    assert "custom" in out[1].lower()


def test_hand_written_descriptions_and_winning_ones_stay() -> None:
    editable = [i != 1 for i in range(len(NAMES))]
    out = sharpen(NAMES, DESCRIPTIONS, SECTIONS, editable)
    assert out[1] == DESCRIPTIONS[1]
    alone = sharpen(NAMES[:1], DESCRIPTIONS[:1], SECTIONS[:1], [True])
    assert alone == DESCRIPTIONS[:1]  # one skill: every heading routes to it already


def test_the_limit_holds_for_a_page_of_many_shared_headings() -> None:
    shared = [f"Font option number {i} w{i}x" for i in range(300)]
    sections = [shared, *SECTIONS[1:]]
    out = sharpen(NAMES, DESCRIPTIONS, sections, [True] * len(NAMES))
    assert len(out[0]) <= LIMIT and out[0].count("Also:") == 1
    assert out == sharpen(NAMES, DESCRIPTIONS, sections, [True] * len(NAMES))


def test_signature_defaults_and_literals_are_never_offered() -> None:
    """A signature heading's default values and literals routed it once added ("Also: ...
    none false buffer_size=16384" in Werkzeug's and python-doc's listings): noise to an
    agent reading the listing, and nothing a request asks about."""
    heading = "Map.bind(server_name, script_name=None, mode='r', buffer_size=16384, self)"
    offered = dict(_words(heading))
    assert {"none", "r", "16384", "self"}.isdisjoint(offered)
    assert not any("=" in surface for surface in offered.values())
    assert {"bind", "server", "script", "mode", "buffer", "size"} <= set(offered)
    texts = sharpen(
        ["maps", "other"],
        ["Covers maps.", "Covers other things."],
        [[heading, "True"], []],
        [True, False],
    )
    assert "none" not in texts[0].lower().split() and "true" not in texts[0].lower()


def test_signature_kinds_and_parameter_types_are_never_offered() -> None:
    """pygit2's, MkDocs' and Pint's "Also:" lists read "class str bool property", "str
    template bool dict", "str property int value kwargs": the kind Sphinx writes before a
    signature and its parameters' types, which no request says. A type that is the name's own
    (``int.to_bytes``) or a kind word outside a signature ("Class Hierarchy") stays."""
    heading = "`classmethod int.from_number(value: str, *args: dict, **kwargs) -> bool`"
    offered = set(dict(_words(heading)).values())
    assert {"classmethod", "args", "str", "dict", "kwargs", "bool"}.isdisjoint(offered)
    assert {"int", "number", "value"} <= offered
    assert set(dict(_words("property Quantity.magnitude")).values()) == {"quantity", "magnitude"}
    assert set(dict(_words("int PyLong_Check(PyObject *p)")).values()) == {
        "PyLong",
        "check",
        "PyObject",
    }
    assert "class" in dict(_words("Class Hierarchy")).values()
    assert "str" in dict(_words("str.split(sep=None)")).values()


def test_function_words_and_contractions_route_nothing() -> None:
    """Celery's FAQ headings ("Why aren't my tasks processed?", "Does it work with...?") put
    "does", "aren" and "won" in a description's "Also:" words: "does" was folded to the
    singular "doe" before the function-word list was asked, and a contraction cut at its
    apostrophe left "aren", "won", "re" behind."""
    from skillc.passes.router import terms

    assert terms("Why does this happen? Why aren't my tasks run, won't they? We're done") == [
        "happen",
        "run",
        "done",
    ]
    words = [
        written
        for heading in ("Does it scale?", "Why aren't messages acked?")
        for _, written in _words(heading)
    ]
    assert words == ["scale", "messages", "acked"]
