"""A fence wrapped in lone tag lines (``<Good>`` ... ``</Good>``) reads as one opaque block.

CommonMark's type-7 HTML block would run from ``<Good>`` to the first blank line inside the code
(test-driven-development, kaizen in claude-code-skills 0.5.0); the agent reads the fence as code.
"""

from __future__ import annotations

from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.compiler.optimize.reflow import reflow
from skillc.ir.nodes import Code, ContentBlock, Prose

WRAPPED = """# Kaizen

<Good>
```typescript
// Iteration 1: Make it work
const calculateTotal = (items: Item[]) => {
  let total = 0;

  return total;
};
```
Each step is complete, tested, and working
</Good>

After the example.
"""


def _blocks(text: str) -> list[ContentBlock]:
    [skill] = read_markdown(text, source_id="SKILL.md").skills
    return [b for b in skill.blocks if not (isinstance(b, Prose) and b.reason)]


def test_the_wrapper_and_its_code_are_one_block() -> None:
    blocks = _blocks(WRAPPED)
    wrapped = [b for b in blocks if isinstance(b, Prose) and b.text.startswith("<Good>")]
    whole = WRAPPED[WRAPPED.index("<Good>") : WRAPPED.index("</Good>") + len("</Good>")]
    assert [b.text for b in wrapped] == [whole]
    assert not any(isinstance(b, Code) for b in blocks), "no piece of the code read apart"
    assert any(isinstance(b, Prose) and b.text == "After the example." for b in blocks)


def test_without_a_closing_tag_or_a_fence_commonmark_stands() -> None:
    unclosed = WRAPPED.replace("</Good>\n", "")
    assert not any(
        isinstance(b, Prose) and b.text.startswith("<Good>") and "Each step" in b.text
        for b in _blocks(unclosed)
    )
    plain = "<Good>\nJust text\n</Good>\n\nAfter.\n"
    texts = [b.text for b in _blocks(plain) if isinstance(b, Prose)]
    assert texts == ["<Good>\nJust text\n</Good>", "After."]


def test_reflow_leaves_the_wrapped_code_as_written() -> None:
    assert reflow(WRAPPED) == WRAPPED
