"""Redaction: personal data and secrets in ticket text become typed placeholders, first.

Why first: a ticket export is customer data. Every string a format reader takes out of an
export (title, body, comment, label, author name) passes through one `Redactor` before a
`Ticket` is built (`skillc.compiler.frontends.tickets.model`), so clustering, skill building,
diagnostics, the cache and the output only ever see placeholders. The values themselves are
kept nowhere but in the redactor's in-memory numbering, which lives for one build and is never
written: the build reports how many values of each type were replaced (`Redactor.counts`),
never which.

What is replaced, in this order (an earlier kind wins where two overlap):

- credentials with a known format and random literals assigned to secret names, found by the
  linter's own detector (`skillc.lint.detect.secrets.find_secrets`: AWS, GitHub, Slack,
  OpenAI, Google, Stripe, JWT, private keys): ``<TOKEN-n>``;
- the user-info part of a URL (``https://user:pass@host``) and secret query parameters
  (``?access_token=...``): ``<URL-CREDENTIALS-n>``;
- passwords written in prose (``password: hunter2``, ``pw is hunter2``): ``<PASSWORD-n>``;
- e-mail addresses: ``<EMAIL-n>``;
- IPv4 and IPv6 addresses, except loopback and unspecified ones (``127.0.0.1``, ``::1``,
  ``0.0.0.0``), which name no machine of anyone's: ``<IP-n>``;
- phone numbers (an international ``+`` prefix, or digit groups split by spaces, dots, dashes
  or a parenthesised area code; 9 to 15 digits; dates and version numbers are not phones):
  ``<PHONE-n>``;
- generic high-entropy strings of 24 or more characters (`looks_random`), except hexadecimal
  commit ids and hashes, which tickets cite on purpose: ``<SECRET-n>``;
- names in greetings (``Hi Jane,``, ``Dear Mr. Smith``) and in sign-offs (the line after
  ``Thanks,`` / ``Regards,`` / ``-- ``, or the last line of a text after a blank line, when
  it is one to three capitalised words): ``<NAME-n>``;
- ``@mentions`` of people (not a decorator at the start of a line): ``<USER-n>``.

The same value gets the same placeholder throughout a build (numbered in order of first
appearance, and sources are read in id order, so the numbering is deterministic), so a reader
can still tell that two comments came from the same address. Cost: a fixed set of regex scans
per string, linear in its length.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Callable

from skillc.lint.detect.secrets import find_secrets, looks_random

__all__ = ["PLACEHOLDER", "Redactor"]

#: A placeholder as it appears in redacted text.
PLACEHOLDER = re.compile(r"<(?:[A-Z]+-)+\d+>")

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
#: An address as mailing-list archives (Pipermail, Mailman 2) print it: ``<jgb at example.com>``;
#: only in brackets, so "have a look at docs.python.org" stays prose.
_ARCHIVE_EMAIL = re.compile(
    r"(?<=[<(])[A-Za-z0-9._%+-]+ at [A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?=[>)])"
)
_URL_USERINFO = re.compile(r"(?<=://)[^\s/:@'\"<>]+:[^\s/@'\"<>]*@(?=[\w.-])")
_URL_SECRET_PARAM = re.compile(
    r"(?i)(?<=[?&])(?:access_token|token|api_key|apikey|key|secret|client_secret|password"
    r"|passwd|sig|signature|auth)=(?P<value>[^&\s#'\"<>]+)"
)
_PASSWORD = re.compile(
    r"(?i)\b(?:password|passwd|passphrase)\b\s*(?:is|was|=|:|:=)\s*"
    r"(?P<value>\"[^\"\n]{1,64}\"|'[^'\n]{1,64}'|[^\s,;]{1,64})"
)
# Not after "version " or "v"/"==" (a four-part version number is not an address).
_IPV4 = re.compile(
    r"(?<![\w.=/-])(?<!version )(?<!release )(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)", re.IGNORECASE
)
_IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
_PHONE = re.compile(
    r"(?<![\w.+/-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}"
    r"(?![\w.-]*\d)"
)
_DATE_OR_VERSION = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}|^\d{1,4}\.\d{1,4}\.\d{1,4}$")
_LONG_TOKEN = re.compile(r"(?<![\w/+=-])[A-Za-z0-9_+/=-]{24,}(?![\w/+=-])")
_HEXISH = re.compile(r"^[0-9a-fA-F]{7,64}$")
_WORDY = re.compile(r"[a-z]{5,}")
_GREETING = re.compile(
    r"(?m)^[ \t>]*(?i:hi|hello|hey|dear|thanks|thank you|good (?:morning|afternoon|evening))"
    r"[ \t]+(?:(?i:mr|mrs|ms|dr)\.?[ \t]+)?(?P<value>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2})"
    r"(?=[ \t]*[,!:.]|[ \t]*$)"
)
_SIGN_OFF = re.compile(
    r"(?m)^[ \t>]*(?i:thanks|thank you|many thanks|cheers|regards|best regards|kind regards"
    r"|best|sincerely|br|--)[ \t]*,?[ \t]*\n[ \t>]*"
    r"(?P<value>[A-Z][a-z]+(?:[ \t][A-Z][a-z]*\.?){0,2})[ \t]*$"
)
# A name alone on the last line of a message, after a blank line (an e-mail's signature).
_LAST_LINE_NAME = re.compile(
    r"\n[ \t]*\n[ \t>]*(?P<value>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2})[ \t]*\n*\Z"
)
_MENTION = re.compile(r"(?<![\w@./`-])@(?P<value>[A-Za-z0-9][A-Za-z0-9-]{0,38})(?![\w.(-])")
#: Words that follow "Hi"/"Thanks" without being a name.
_NOT_NAMES = frozenset(
    {
        "all",
        "there",
        "team",
        "everyone",
        "folks",
        "guys",
        "again",
        "for",
        "in",
        "so",
        "much",
        "a",
        "the",
        "you",
        "both",
        "y'all",
        "and",
        "to",
        "again,",
        "sir",
        "madam",
        "i",
        "we",
        "this",
        "that",
        "it",
        "is",
        "everybody",
        "ok",
        "okay",
        "yes",
        "no",
    }
)


class Redactor:
    """Replaces personal data and secrets by typed placeholders, numbering values per build.

    >>> r = Redactor()
    >>> r.text("mail jane@corp.example or call +1 415 555 0100")
    'mail <EMAIL-1> or call <PHONE-1>'
    >>> r.text("again: jane@corp.example"), dict(r.counts)
    ('again: <EMAIL-1>', {'EMAIL': 2, 'PHONE': 1})
    """

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, str], int] = {}
        self._by_value: dict[str, str] = {}
        self._next: Counter[str] = Counter()
        #: How many values of each type were replaced (occurrences, not distinct values).
        self.counts: Counter[str] = Counter()

    def placeholder(self, kind: str, value: str) -> str:
        """The placeholder of ``value`` of type ``kind``, numbered on first sight."""
        key = (kind, value)
        if key not in self._numbers:
            self._next[kind] += 1
            self._numbers[key] = self._next[kind]
            self._by_value.setdefault(value, f"<{kind}-{self._next[kind]}>")
        self.counts[kind] += 1
        return f"<{kind}-{self._numbers[key]}>"

    def known(self, value: str) -> str:
        """The placeholder ``value`` was given anywhere so far (not counted again), else
        ``""``: for identifiers built before the text that showed them to be personal."""
        return self._by_value.get(value, "")

    def redacted_values(self) -> set[str]:
        """Every value replaced so far: for tests and audits that search an output for them.
        skillc itself never writes them anywhere."""
        return {value for _, value in self._numbers}

    def name(self, value: str) -> str:
        """A person's name given as a field (an author), always replaced."""
        return self.placeholder("NAME", value.strip()) if value.strip() else ""

    def text(self, text: str) -> str:
        """``text`` with every finding replaced (see the module docstring for the order)."""
        if not text:
            return text
        text = self._secrets(text)
        # Each scan runs only when the text holds what every match must (a cheap substring
        # test), so plain prose pays for few of them.
        if "://" in text:
            userinfo = self._kind("URL-CREDENTIALS")
            text = _sub(_URL_USERINFO, text, lambda v: userinfo(v) + "@")
        if "=" in text:
            text = _sub(_URL_SECRET_PARAM, text, self._kind("URL-CREDENTIALS"), "value")
        if "pass" in text.lower():
            text = _sub(_PASSWORD, text, self._kind("PASSWORD"), "value", keep=_not_password)
        if "@" in text:
            text = _sub(_EMAIL, text, self._kind("EMAIL"))
        if " at " in text:
            text = _sub(_ARCHIVE_EMAIL, text, self._kind("EMAIL"))
        if "." in text:
            text = _sub(_IPV4, text, self._kind("IP"), keep=_not_public_ipv4)
        if "::" in text or text.count(":") >= 3:
            text = _sub(_IPV6, text, self._kind("IP"), keep=_not_public_ipv6)
        text = _sub(_PHONE, text, self._kind("PHONE"), keep=_not_phone)
        text = _sub(_LONG_TOKEN, text, self._kind("SECRET"), keep=_not_random)
        text = _sub(_GREETING, text, self._kind("NAME"), "value", keep=_not_name)
        text = _sub(_SIGN_OFF, text, self._kind("NAME"), "value", keep=_not_name)
        text = _sub(_LAST_LINE_NAME, text, self._kind("NAME"), "value", keep=_not_name)
        if "@" not in text:
            return text
        return self._mentions(text)

    def _kind(self, kind: str) -> Callable[[str], str]:
        return lambda value: self.placeholder(kind, value)

    def _mentions(self, text: str) -> str:
        """``@name`` mentions replaced, except a decorator alone on its line (``@property``)."""
        out: list[str] = []
        last = 0
        for match in _MENTION.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            rest = text[match.end() : line_end if line_end >= 0 else len(text)]
            if not text[line_start : match.start()].strip() and not rest.strip():
                continue  # a decorator line, not a person
            out.append(text[last : match.start()])
            out.append(self.placeholder("USER", match.group("value")))
            last = match.end()
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)

    def _secrets(self, text: str) -> str:
        """Credentials the linter's detector finds, numbered in reading order."""
        out: list[str] = []
        last = 0
        for match in find_secrets(text):
            value = text[match.start : match.end]
            if match.start < last or _is_placeholder(value):
                continue
            out += [text[last : match.start], self.placeholder("TOKEN", value)]
            last = match.end
        return "".join([*out, text[last:]]) if out else text


def _sub(
    regex: re.Pattern[str],
    text: str,
    replace: Callable[[str], str],
    group: int | str = 0,
    keep: Callable[[str], bool] | None = None,
) -> str:
    """``text`` with ``group`` of each match of ``regex`` replaced by ``replace(value)``,
    unless ``keep(value)`` says the value is not one (or it is already a placeholder)."""
    out: list[str] = []
    last = 0
    for match in regex.finditer(text):
        start, end = match.span(group)
        value = match.group(group)
        if start < last or _is_placeholder(value) or (keep is not None and keep(value)):
            continue
        out.append(text[last:start])
        out.append(replace(value))
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _is_placeholder(value: str) -> bool:
    return bool(PLACEHOLDER.fullmatch(value.strip("\"'"))) or "<" in value


def _not_password(value: str) -> bool:
    """A value read from code or a template (``os.environ["X"]``, ``$PASS``, ``{pw}``), a
    placeholder, or a word of prose, not a password."""
    return _is_placeholder(value) or any(c in value for c in "()[]{}$%") or value.istitle()


def _not_public_ipv4(value: str) -> bool:
    try:
        address = ipaddress.IPv4Address(value)
    except ValueError:
        return True  # 999.1.2.3: not an address
    # x.y.0.0 and other network addresses name no host (and are what version strings
    # such as .NET's 4.0.0.0 look like).
    return address.is_loopback or address.is_unspecified or value.endswith(".0")


def _not_public_ipv6(value: str) -> bool:
    try:
        address = ipaddress.IPv6Address(value)
    except ValueError:
        return True  # 12:30:45 and other colon-separated numbers
    if value.count(":") < 3 or sum(c.isdigit() for c in value) < 2:
        return True  # a time of day, a ratio, ``a::b``: not an address
    return address.is_loopback or address.is_unspecified


def _not_phone(value: str) -> bool:
    digits = sum(c.isdigit() for c in value)
    if not 9 <= digits <= 15:
        return True
    if _DATE_OR_VERSION.match(value):
        return True
    separators = set(re.sub(r"[\d+()]", "", value))
    # "1.2.3.4.5" version-like runs of dots only, without a + or parentheses, are not phones.
    return separators == {"."} and not value.startswith("+") and value.count(".") > 3


def _not_random(value: str) -> bool:
    """Commit ids and hashes, paths (``venv/lib/python2``), dunder names, placeholders and
    anything `looks_random` does not flag."""
    if _HEXISH.match(value) or value.startswith("<") or "__" in value:
        return True
    if "=" in value.rstrip("="):
        return True  # key=value (a query or a .NET assembly name), not one token
    if "/" in value and _WORDY.search(value):
        return True  # a path: site-packages/requests-2
    if ("-" in value or "_" in value) and _WORDY.search(value):
        return True  # an identifier: ipython-input-19-918cdef9114f
    return not looks_random(value)


def _not_name(value: str) -> bool:
    return value.split()[0].lower() in _NOT_NAMES
