"""Codes of the pass manager and of the passes: planning, pages and links, what the output holds."""

from __future__ import annotations

from skillc.diagnostics import Severity
from skillc.diagnostics.table import register

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

register(
    "SK020",
    "pass-dependency-cycle",
    ERROR,
    "passes",
    """The passes of a plan require each other in a cycle.

    ## What it checks
    Planning sorts the requested passes and the ones they require; a cycle is named as
    `'a' requires 'b' requires 'a'`, starting from the least name.

    ## Why it matters
    No order runs every pass after the passes it needs.

    ## Example
    A new pass that requires `rewrite-links`, registered as a requirement of `rewrite-links`.

    ## Fix
    Break the cycle in the passes' `requires`: a bug in skillc or a plugin pass.
    """,
)
register(
    "SK021",
    "unknown-pass",
    ERROR,
    "passes",
    """A pass or pipeline name nobody registered.

    ## What it checks
    Names given to `--disable`, `--print-after`, `skillc passes plan`, a pass's `requires`, or
    an analysis asked for by a pass. Every unknown name of a plan is reported at once, with the
    valid names. (Unknown lint rules are SK018.)

    ## Why it matters
    A typo in `--disable` would otherwise leave the pass running.

    ## Example
    `skillc build docs -o out --disable rewrite-link`.

    ## Fix
    Use a name `skillc passes list` prints, or a pipeline (`O0`, `O1`, `Os`).
    """,
)
register(
    "SK022",
    "invalid-ir-between-passes",
    ERROR,
    "passes",
    """`--verify-each` found invalid IR before the first pass or after one.

    ## What it checks
    With `--verify-each`, `verify` runs on the frontends' module and after each transform; the
    first errors stop the build, naming the pass after which they appeared, followed by the
    verifier's own diagnostics.

    ## Why it matters
    It pins a broken module on the pass that broke it, instead of on whatever fails later.

    ## Example
    `invalid IR after pass 'merge-duplicates': 1 error(s), first ST003 ...`.

    ## Fix
    A bug in that pass (or frontend): report it with the input.
    """,
)
register(
    "SK023",
    "required-pass-disabled",
    ERROR,
    "passes",
    """`--disable` names a pass another planned pass requires.

    ## What it checks
    Each pass left in the plan is checked against the disabled ones it requires.

    ## Why it matters
    The requiring pass would run on input it does not expect.

    ## Example
    `--disable classify-content` with `progressive-disclosure` planned.

    ## Fix
    Disable the requiring pass too, or keep the required one.
    """,
)
register(
    "SK024",
    "listing-over-budget",
    WARNING,
    "passes",
    """The skills' listing (every name and description) is larger than the listing budget.

    ## What it checks
    After the build, the listing an agent is shown (`- name: description` per skill, cl100k
    tokens) against `--listing-budget` (default 8,000 tokens). The build summary reports the
    listing's tokens and the grain (`grain`, `listing_tokens`) either way.

    ## Why it matters
    Clients give the listing about 1% of the context window and drop or cut what is over:
    skills nobody can see are never used.

    ## Example
    A 1,200-page manual built with `--group page`: 480 skills, a 23,000-token listing.

    ## Fix
    Build at `--group auto` (the default: chapters, folded into parts while over budget) or
    `chapter`; split a library too large for any grain into several outputs; or set the
    budget the client really gives (`--listing-budget`, `listing-budget` in the project).
    """,
)
register(
    "SK040",
    "link-reduced-to-text",
    INFO,
    "passes",
    """A link that leaves the build was replaced by its text.

    ## What it checks
    rewrite-links: a relative link to a page that is not compiled (or an image, which is not
    bundled) becomes its text when the page's URL is unknown. Links to compiled pages name the
    skill instead; web links stay.

    ## Why it matters
    Each package stands alone: a relative link would be broken in it.

    ## Example
    `link to '../api/index.html' leaves the build; kept its text`.

    ## Fix
    Pass `--base-url` (the URL the inputs are published at), so such links become absolute.
    """,
)
register(
    "SK041",
    "page-skipped",
    INFO,
    "passes",
    """A page made no skill: release notes, a licence text, an empty page, or (with
    `--pages tasks`) a page without steps.

    ## What it checks
    select-skills emits every page an agent can use: a page with steps as a task skill, a
    reference or concept page as a reference skill. It skips, from a fixed list of reasons:
    release notes (title "Changelog", "What's new in 3.11"), licence texts (title "License",
    "Copyright"), empty pages (only headings, or only markup the frontend could not render,
    such as a Sphinx `automodule` whose text lives in the package's source) and, when the
    build asked for task skills only (`--pages tasks`), pages without steps. Each is listed
    under `skipped` in the build manifest, with its reason.

    ## Why it matters
    Every skill costs catalogue space in every agent session; a page with nothing an agent can
    use only crowds it. Skipping is reported, never silent, so a page skipped by mistake is
    found.

    ## Example
    `docs/license.md:1:1: SK041 skipped 'License': licence text`.

    ## Fix
    Nothing, if the page has nothing an agent can use. An empty page that documents an API
    through `automodule` needs the API's text in the page itself; a page skipped under
    `--pages tasks` is emitted by the default `--pages all`.
    """,
)
register(
    "SK042",
    "generated-page-skipped",
    INFO,
    "passes",
    """An HTML page that is generated navigation, not a guide, was not read.

    ## What it checks
    Sphinx's general and module indexes, search page, highlighted source listings and page
    sources, mdBook's print and not-found pages, any page of at least 100 links whose
    content is mostly link text (site maps), and, in source trees, Jinja templates (files
    under `_templates/` or `_themes/`, or in template syntax: `{% extends %}`, `{% block %}`).
    Listed under `skipped` in the manifest.

    ## Why it matters
    Such pages repeat the site's other pages or hold only links; compiled, they would be
    noise skills.

    ## Example
    `genindex.html: SK042 skipped 'genindex.html': sphinx general index`.

    ## Fix
    Nothing; leave such pages out of the inputs to silence it.
    """,
)
register(
    "SK043",
    "link-made-absolute",
    INFO,
    "passes",
    """A link that leaves the build was made an absolute URL; or a `--base-url` was ignored.

    ## What it checks
    rewrite-links: a relative link to a page that is not compiled becomes an absolute URL
    against the page's own URL (an HTML page's `<base href>` or canonical link, else
    `--base-url` joined with the source id). A base URL that is not an absolute http(s) URL is
    ignored with a WARNING of this code.

    ## Why it matters
    The link keeps working from inside the package; the note says it now points at the web.

    ## Example
    `link to 'api.html#foo' leaves the build; made absolute: https://example.org/api.html#foo`.

    ## Fix
    Nothing; for the warning, give an `http://` or `https://` base URL.
    """,
)
register(
    "SK044",
    "duplicate-page-merged",
    INFO,
    "passes",
    """A page whose content another kept page already holds was merged into it.

    ## What it checks
    merge-duplicates: a skill all of whose blocks (whitespace folded, link targets ignored) are
    blocks of another kept skill is folded into it; the kept skill gains its provenance. Pages
    under a minimum size never merge.

    ## Why it matters
    Sites publish the same page twice (versions, print copies); two identical skills would
    compete for the same requests.

    ## Example
    `docs/v2/install.md` merged into `docs/install.md`.

    ## Fix
    Nothing; links to the merged page name the kept skill.
    """,
)
register(
    "SK060",
    "secret-in-output",
    WARNING,
    "passes",
    """A secret-like value in a source passes into a skill.

    ## What it checks
    report-leaks lints each skill as it will be written with lint rule RK101 (credentials with
    a known format, random literals assigned to secret names, documented example keys) and
    reports each finding at the source line it came from.

    ## Why it matters
    `skillc lint` on the output would flag it; the author of the source hears it first. Nothing
    is redacted: example keys are often shown on purpose.

    ## Example
    Flask's docs show an example `SECRET_KEY = '192b…'`, copied into the skill as written.

    ## Fix
    Use a placeholder in the source, or suppress the RK101 finding with a reason.
    """,
)
register(
    "SK061",
    "host-path-in-output",
    WARNING,
    "passes",
    """A path of an author's machine in a source passes into a skill.

    ## What it checks
    report-leaks, with lint rule PK309: home folders with a real user name and generated
    temporary folders, reported at the source line.

    ## Why it matters
    Agents follow paths literally; `/home/alice/proj` does not exist on the user's machine.

    ## Example
    click's FAQ: `/home/ramrachum/...`.

    ## Fix
    Write a placeholder path (`~/project`) in the source.
    """,
)
register(
    "SK062",
    "oversized-block",
    WARNING,
    "passes",
    """A block moved to a reference file is larger than an agent reads at once.

    ## What it checks
    progressive-disclosure cuts large tables and lists into parts; a code block (never cut) or
    a table or list whose single row exceeds the ceiling is moved whole, and reported with its
    size in tokens.

    ## Why it matters
    An agent's file read returns a bounded amount; the rest of the block may never be seen.

    ## Example
    `code block B12 is 31,000 tokens, more than an agent reads at once (25,000) ...`.

    ## Fix
    Split the block in the source.
    """,
)
