"""`Source.url` (a page's own URL, the base of its relative links) survives every IR form.

Why a module of its own: the shared strategies (`tests.strategies`) build sources from their
required fields only, so these properties generate sources with a URL themselves, with the
rest of the module drawn from the shared strategy.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from skillc.ir import SkillModule, Source
from skillc.ir.printer import dump
from skillc.ir.reader import parse
from skillc.ir.record import module_from_json, module_to_json
from skillc.ir.verify import verify
from tests.strategies import TEXT, modules, sources

_WITH_URL = st.builds(
    lambda source, url: replace(source, url=url),
    sources(),
    st.one_of(TEXT, st.just("https://docs.python.org/3.11/library/os.html")),
)
_MODULES = st.builds(
    lambda module, found: replace(module, sources=tuple(found)),
    modules(valid=True),
    st.lists(_WITH_URL, max_size=3),
)


@given(_MODULES)
def test_text_form_round_trips_source_urls(module: SkillModule) -> None:
    text = dump(module)
    assert parse(text) == module
    assert dump(parse(text)) == text


@given(_MODULES)
def test_json_round_trips_source_urls(module: SkillModule) -> None:
    assert module_from_json(module_to_json(module)) == module


@given(_MODULES)
def test_verify_reads_modules_with_source_urls(module: SkillModule) -> None:
    assert verify(module) == verify(replace(module, sources=()))


def test_url_is_printed_after_the_digest_and_left_out_when_empty() -> None:
    page = Source(id="a.html", media_type="text/html", sha256="00", url="https://e.org/a.html")
    assert dump(SkillModule(sources=(page,))) == (
        'ssl 0.1\nsource "a.html" {\n  media_type "text/html"\n  sha256 "00"\n'
        '  url "https://e.org/a.html"\n}\n'
    )
    assert "url" not in dump(SkillModule(sources=(replace(page, url=""),)))
    assert '"url": "https://e.org/a.html"' in module_to_json(SkillModule(sources=(page,)))
