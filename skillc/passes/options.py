"""What a build tells its passes: one frozen, typed set of options.

Every field shapes the output, so `PassOptions.fingerprint` (a hash of `PassOptions.to_dict`) is
what a lock file or a drift check records to know whether two builds were asked the same thing.
What a pass reads that is not an option (the frontends' module before the passes, what each
source holds) travels as fields of the `skillc.passes.registry.PassContext`, not here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: The spec's recommended SKILL.md body budget (lines, then cl100k tokens).
MAX_BODY_LINES = 500
MAX_BODY_TOKENS = 5000
#: A block this large is more than one agent file read returns; code this large is reported.
MAX_BLOCK_TOKENS = 25_000

#: The values of ``index``.
INDEX_MODES: tuple[str, ...] = ("auto", "always", "never")
#: With ``index="auto"``, builds with fewer skills get no index: a handful of descriptions route
#: well enough on their own, and an index would only add one more to the catalogue.
AUTO_MIN_SKILLS = 5
#: The values of ``pages``: every page an agent can use, or only pages with steps.
PAGE_MODES: tuple[str, ...] = ("all", "tasks")
#: The reference part budget (tokens) of grouped skills, unless one is given: issue 11 asks
#: that reaching a section cost under 3,000 tokens at the median, table of contents included.
GROUPED_PART_TOKENS = 2000
#: The values of ``group``: one skill per page, per chapter (folder, PDF outline) or manual.
#: (The build's ``auto`` is resolved to one of these before the passes run: `group_level`.)
GROUP_MODES: tuple[str, ...] = ("page", "chapter", "manual")
#: The sections a chapter holds at most, unless a build asks for larger ones (group-pages'
#: `manual_tree.MAX_CHAPTER_SECTIONS`, where the figure is measured).
CHAPTER_SECTIONS = 100
#: The default listing budget of one library (tokens): what its skills' names and
#: descriptions may take (the build's ``auto`` grain; `skillc.passes.group_level`).
#: Clients list skills in about 1% of the context window: 10,000 tokens of a 1,000,000-token
#: context (Claude Code on a 1M model); one manual leaves a fifth of that to other skills.
#: (1% of a 200,000-token context is 2,000: a dozen skills for a manual, each then a few
#: hundred pages, too coarse to route; a team sets ``--listing-budget`` for such clients.)
LISTING_BUDGET = 8000


def index_wanted(count: int, mode: str) -> bool:
    """Whether library-index adds an index skill to ``count`` skills with option ``index``
    ``mode`` (compress-description counts it in the listing before it exists)."""
    if mode == "never":
        return False
    if mode == "always":
        return count > 0
    return count >= AUTO_MIN_SKILLS


@dataclass(frozen=True, slots=True, kw_only=True)
class PassOptions:
    """The build settings passes read (``ctx.options``); defaults are ``skillc build``'s.

    - ``name_prefix``: starts every package name (normalize-names, library-index) and names the
      project in generated descriptions (compress-description);
    - ``library_name``: what the documentation is of, named by the index skill;
      ``library_inferred``: it is only the input folder's name, which the leading name words
      every page shares replace (`skillc.passes.library_index.library_of`);
    - ``index``: add the index skill ``auto`` (from 5 skills), ``always`` or ``never``;
    - ``pages``: which pages become skills (select-skills): ``all`` (pages with steps as task
      skills, reference and concept pages as reference skills) or ``tasks`` (pages with steps
      only; the rest are listed as skipped);
    - ``group``: the grain of the skills (group-pages): ``page``, ``chapter`` (a folder's
      pages, a PDF's outline chapters) or ``manual`` (one skill, each page a reference);
    - ``chapter_sections``: the sections a chapter holds at most before it is cut into runs
      (group-pages; larger when the build's ``auto`` grain folds chapters into parts);
    - ``base_url``: the URL of the input root; links leaving the build are made absolute
      against it (rewrite-links);
    - ``max_body_lines`` / ``max_body_tokens``: the SKILL.md body budget
      (progressive-disclosure);
    - ``max_reference_lines`` / ``max_reference_tokens``: the budget of one reference file or
      part (None: the body's);
    - ``max_block_tokens``: a block larger than this is cut into parts, or reported when it
      cannot be (code);
    - ``listing_budget``: the cl100k tokens every skill's name and description may take
      together, which a build whose ``auto`` grain folded chapters into parts holds its
      generated descriptions to (compress-description, `skillc.passes.listing_budget`).
    """

    name_prefix: str = ""
    library_name: str = ""
    library_inferred: bool = False
    index: str = "auto"
    pages: str = "all"
    group: str = "page"
    chapter_sections: int = CHAPTER_SECTIONS
    base_url: str = ""
    #: (source id prefix, name prefix): the skills of sources whose id starts with the first
    #: (or is it, without its ``/``) are named with the second instead of ``name_prefix``.
    name_prefixes: tuple[tuple[str, str], ...] = ()
    max_body_lines: int = MAX_BODY_LINES
    max_body_tokens: int = MAX_BODY_TOKENS
    max_reference_lines: int | None = None
    max_reference_tokens: int | None = None
    max_block_tokens: int = MAX_BLOCK_TOKENS
    listing_budget: int = LISTING_BUDGET

    def __post_init__(self) -> None:
        if self.index not in INDEX_MODES:
            raise ValueError(f"index must be one of {', '.join(INDEX_MODES)}, not {self.index!r}")
        if self.pages not in PAGE_MODES:
            raise ValueError(f"pages must be one of {', '.join(PAGE_MODES)}, not {self.pages!r}")
        if self.group not in GROUP_MODES:
            raise ValueError(f"group must be one of {', '.join(GROUP_MODES)}, not {self.group!r}")

    @property
    def reference_lines(self) -> int:
        """The line budget of one reference file or part."""
        return self.max_body_lines if self.max_reference_lines is None else self.max_reference_lines

    @property
    def reference_tokens(self) -> int:
        """The token budget of one reference file or part: the body's, or at most
        `GROUPED_PART_TOKENS` when pages are grouped (an agent reaches a section through the
        table of contents, and reads the part that holds it: smaller parts, less to read)."""
        if self.max_reference_tokens is not None:
            return self.max_reference_tokens
        if self.group != "page":
            return min(self.max_body_tokens, GROUPED_PART_TOKENS)
        return self.max_body_tokens

    def to_dict(self) -> dict[str, Any]:
        """Every option by name, as JSON values (a lock file records this); ``name_prefixes``
        only when a project sets one and ``chapter_sections`` and ``listing_budget`` only when
        not the default, so locks of builds without them stay what they were."""
        values = asdict(self)
        if not self.name_prefixes:
            del values["name_prefixes"]
        if self.chapter_sections == CHAPTER_SECTIONS:
            del values["chapter_sections"]
        if self.listing_budget == LISTING_BUDGET:
            del values["listing_budget"]
        return values

    def fingerprint(self) -> str:
        """A stable hash of `to_dict`: equal exactly when every option is equal, whatever the
        process, platform or hash seed.

        >>> PassOptions().fingerprint() == PassOptions().fingerprint()
        True
        """
        import hashlib  # imported here: OpenSSL costs ``skillc lint`` start-up 5 ms
        import json

        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
