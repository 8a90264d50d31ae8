"""skillc.urls: the one web-URL predicate the HTML frontend, rewrite-links and the CLI share."""

from __future__ import annotations

import doctest

import pytest

from skillc import urls
from skillc.urls import is_web_url


def test_doctests() -> None:
    assert doctest.testmod(urls).failed == 0


@pytest.mark.parametrize(
    ("text", "web"),
    [
        ("https://requests.readthedocs.io/en/latest/user/quickstart.html", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("file:///usr/share/doc/python3.11/html/index.html", False),
        ("../index.html", False),
        ("//cdn.example.org/x", False),
        ("https://example.org/a\n", False),
        ("ftp://example.org/", False),
    ],
)
def test_what_counts_as_a_web_url(text: str, web: bool) -> None:
    assert is_web_url(text) is web
