"""The substring pre-checks of `classify.sentence_scope` never change its answer.

Why: `sentence_scope` runs on every step a guide frontend reads, and each of its five patterns
is searched only in a text holding one of its words (``_SCOPE_NEEDLES``). A pattern alternative
added without its word would silently stop matching; these tests compare the guarded function
with the bare table (`_first_match` of ``_SCOPE_WORDS``) on texts built from the patterns' own
pieces, and pin a text per alternative.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.compiler.frontends.guide import classify
from skillc.ir.vocab import ResourceScope

# The pieces the patterns spell, cut so that joined they also form near misses.
_PIECES = (
    "password", "passphrase", "secret", "credential", "api", "key", "token", "private", "ssh",
    "http", "s", "://", "curl", "wget", "pypi", "download", "upload", "fetch", "push", "pull",
    "ing", "pip", "pip3", "npm", "yarn", "gem", "install", "git", "clone", "process", "service",
    "server", "daemon", "kill", "restart", "systemctl", "source", "code", "repositor", "ies", "y",
    "repo", "module", "codebase", ".py", "file", "director", "folder", "path", "filesystem", "~",
    "/", ".", "_", "-", " ", "  ", "x", "PASSWORD", "Git", "é", "\n",
)  # fmt: skip


def _unguarded(text: str) -> ResourceScope:
    """`sentence_scope` as it was before the pre-checks: every pattern searched."""
    return classify._first_match(classify._SCOPE_WORDS, text, ResourceScope.OTHER)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join))
def test_guarded_patterns_answer_as_the_bare_ones(text: str) -> None:
    assert classify.sentence_scope(text) is _unguarded(text)


def test_every_scope_has_its_words() -> None:
    assert {scope for scope, _ in classify._SCOPE_WORDS} == set(classify._SCOPE_NEEDLES)


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Set the passwords.", ResourceScope.CREDENTIALS),
        ("Type the passphrase.", ResourceScope.CREDENTIALS),
        ("Keep secrets out.", ResourceScope.CREDENTIALS),
        ("Load the credentials.", ResourceScope.CREDENTIALS),
        ("Pass the api_key.", ResourceScope.CREDENTIALS),
        ("Pass the API-keys.", ResourceScope.CREDENTIALS),
        ("Rotate tokens.", ResourceScope.CREDENTIALS),
        ("Add a private key.", ResourceScope.CREDENTIALS),
        ("Add your SSH keys.", ResourceScope.CREDENTIALS),
        ("See https://example.org.", ResourceScope.NETWORK),
        ("Use curl.", ResourceScope.NETWORK),
        ("Use wget.", ResourceScope.NETWORK),
        ("Publish to PyPI.", ResourceScope.NETWORK),
        ("Downloading it.", ResourceScope.NETWORK),
        ("Uploads go there.", ResourceScope.NETWORK),
        ("Fetch it.", ResourceScope.NETWORK),
        ("Pushed it.", ResourceScope.NETWORK),
        ("Pull it.", ResourceScope.NETWORK),
        ("Run pip3 install x.", ResourceScope.NETWORK),
        ("Run yarn install.", ResourceScope.NETWORK),
        ("Run gem install x.", ResourceScope.NETWORK),
        ("Run git clone x.", ResourceScope.NETWORK),
        ("Processing ends.", ResourceScope.PROCESS),
        ("Start the services.", ResourceScope.PROCESS),
        ("Start the server.", ResourceScope.PROCESS),
        ("Stop the daemons.", ResourceScope.PROCESS),
        ("Kill it.", ResourceScope.PROCESS),
        ("Restarting it.", ResourceScope.PROCESS),
        ("Use systemctl.", ResourceScope.PROCESS),
        ("Use git.", ResourceScope.CODEBASE),
        ("Read the source code.", ResourceScope.CODEBASE),
        ("Open the repositories.", ResourceScope.CODEBASE),
        ("Open the repo.", ResourceScope.CODEBASE),
        ("Import the modules.", ResourceScope.CODEBASE),
        ("Walk the codebase.", ResourceScope.CODEBASE),
        ("Edit setup.py now.", ResourceScope.CODEBASE),
        ("Open the files.", ResourceScope.LOCAL_FS),
        ("List the directories.", ResourceScope.LOCAL_FS),
        ("Open the folder.", ResourceScope.LOCAL_FS),
        ("Set the paths.", ResourceScope.LOCAL_FS),
        ("Mount the filesystem.", ResourceScope.LOCAL_FS),
        ("Look in ~/x.", ResourceScope.LOCAL_FS),
        ("Run ./x.", ResourceScope.LOCAL_FS),
        ("The parser reads it.", ResourceScope.OTHER),
    ],
)
def test_each_alternative_still_matches(text: str, scope: ResourceScope) -> None:
    assert classify.sentence_scope(text) is scope
    assert _unguarded(text) is scope
