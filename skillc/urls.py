"""What counts as a web URL, for the URLs skillc writes into packages.

A page's URL (``<base href>``, a canonical link, ``--base-url``) is joined with relative links
and the result goes into a SKILL.md, so it must be a place on the web: an absolute ``http`` or
``https`` URL with a host and no whitespace. A relative URL or a ``file:`` URL (Debian builds
point canonical links at ``file:///usr/share/doc/...``) is a path of some machine; joined with a
link it would put that machine's paths into the output. The HTML frontend, the rewrite-links
pass and the CLI all ask this one question.
"""

from __future__ import annotations

import re

_WEB_URL = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an absolute http(s) URL with a host and no whitespace.

    >>> is_web_url("https://docs.python.org/3/"), is_web_url("file:///usr/share/doc/")
    (True, False)
    >>> is_web_url("https://"), is_web_url("http://host/a b")
    (False, False)
    """
    return _WEB_URL.fullmatch(text) is not None
