"""What a description says past its first 250 characters moves into the body when no request
needs it there (tighten-description, both modes): shorter catalogues, nothing the author wrote
lost, every request still routed home."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.compiler.optimize import optimize
from skillc.compiler.optimize.splice import splice
from skillc.ir.nodes import Heading, Prose, Skill, SkillModule
from skillc.passes import load_all, plan, run
from skillc.passes.description_overflow import FROM_DESCRIPTION, OVERFLOW, movable
from skillc.passes.router import Router
from skillc.passes.trigger_evals import should_trigger
from tests.passes.test_tighten_description import LIBRARY, skill

TRIGGERS = (
    'Triggers include requests like "balance my ledger", "reconcile the books", '
    '"close the quarter", or any bookkeeping task.'
)
LEDGER = (
    "Keeps double-entry ledgers for small businesses: journal entries, trial balances, "
    "accruals and quarterly closing statements from bank exports. Use when asked to record "
    "journal entries, reconcile bank statements against the ledger, or prepare a trial "
    f"balance for the accountant. {TRIGGERS}"
)


def ledger(*body: str) -> Skill:
    base = skill("ledger", LEDGER, "Journal entries", "Trial balance", "Bank reconciliation")
    extra = tuple(Prose(id=f"P{n}", text=text) for n, text in enumerate(body))
    return Skill(
        id=base.id,
        name=base.name,
        description=base.description,
        blocks=(*base.blocks[:1], *extra, *base.blocks[1:]),
    )


def tightened(*skills: Skill, routing: bool = False) -> tuple[SkillModule, list[str]]:
    load_all()
    name = "tighten-description-routing" if routing else "tighten-description"
    result = run(SkillModule(skills=skills), plan([name]))
    return result.module, [f"{d.code} {d.message}" for d in result.diagnostics]


def test_a_trigger_list_past_250_characters_moves_into_the_body_in_safe_mode() -> None:
    assert LEDGER.index("Triggers") >= OVERFLOW
    module, notes = tightened(ledger(), *LIBRARY)
    after = module.skills[0]
    # the quoted phrases are said nowhere else: safe mode kept them before, now they move
    assert "balance my ledger" not in after.description
    assert after.description.startswith("Keeps double-entry ledgers")
    assert "Use to record journal entries" in after.description
    added = after.blocks[1]
    assert isinstance(added, Prose) and added.reason == FROM_DESCRIPTION
    assert added.text == f"**When to use:** {TRIGGERS}"
    assert isinstance(after.blocks[0], Heading) and after.blocks[0].level == 1
    assert any("1 sentence(s) moved to the body" in n for n in notes if n.startswith("PV033"))
    # every request the original description won is still won, by every skill of the library
    old = Router({s.name: s.description for s in (ledger(), *LIBRARY)})
    new = Router({s.name: s.description for s in module.skills})
    for s in (ledger(), *LIBRARY):
        for query in should_trigger(s):
            if old.route(query) == s.name:
                assert new.route(query) == s.name, (s.name, query)


def test_a_sentence_the_body_already_says_moves_without_a_new_paragraph() -> None:
    said = ledger(f"Requests this skill answers: {TRIGGERS.lower()}")
    module, _ = tightened(said, *LIBRARY)
    after = module.skills[0]
    assert "balance my ledger" not in after.description
    assert not [b for b in after.blocks if b.reason == FROM_DESCRIPTION]


def test_a_short_description_and_an_exclusion_never_move() -> None:
    short = skill("short", "Balances ledgers. Use to reconcile the books.", "Ledgers")
    excluded = skill(
        "excluded",
        f"{LEDGER[: LEDGER.index('Triggers')]}Do not use for payroll, tax filings or invoices "
        "sent to customers of the business.",
        "Journal entries",
    )
    module, _ = tightened(short, excluded, *LIBRARY)
    assert module.skills[0].description == short.description
    assert module.skills[1].description.endswith("invoices sent to customers of the business.")
    assert all(b.reason != FROM_DESCRIPTION for s in module.skills for b in s.blocks)


def test_optimize_writes_the_moved_sentence_under_the_title(tmp_path: Path) -> None:
    package = tmp_path / "ledger"
    package.mkdir()
    text = (
        f'---\nname: ledger\ndescription: "{LEDGER.replace(chr(34), chr(92) + chr(34))}"\n---\n\n'
        "# Ledger\n\nRecords the books.\n\n## Journal entries\n\nPost each entry twice.\n\n"
        "## Trial balance\n\nSum debits and credits.\n"
    )
    (package / "SKILL.md").write_text(text, encoding="utf-8")
    result = optimize([str(package)])
    assert not result.skills[0].rolled_back
    written = result.files["ledger/SKILL.md"].decode()
    assert f"# Ledger\n\n**When to use:** {TRIGGERS}\n\nRecords the books.\n" in written
    assert "balance my ledger" not in result.skills[0].description


def test_splice_puts_an_added_paragraph_after_the_front_matter_without_a_title() -> None:
    text = "---\nname: x\ndescription: d\n---\n\nFirst paragraph.\n"
    body = Prose(id="P", text="First paragraph.", prov=())
    added = Prose(id="X.DESC", text="**When to use:** now.", reason=FROM_DESCRIPTION)
    from skillc.ir.span import Span

    span = Span(source="x/SKILL.md", line=6, col=1, end_line=6, end_col=17, start=0, end=16)
    done = splice(
        Skill(id="X", name="x", blocks=(added, Prose(id=body.id, text=body.text, prov=(span,)))),
        "SKILL.md",
        text,
        "d",
    )
    assert done.texts["SKILL.md"] == (
        "---\nname: x\ndescription: d\n---\n\n**When to use:** now.\n\nFirst paragraph.\n"
    )


CLAUSES = st.lists(st.text(alphabet="ab .", min_size=1, max_size=90), min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(CLAUSES, st.sets(st.integers(0, 11)))
def test_only_clauses_starting_past_the_key_use_case_move(
    texts: list[str], refused: set[int]
) -> None:
    clauses = [(n, "head", t) for n, t in enumerate(texts)]
    everything = list(range(len(clauses)))
    live, moved = movable(
        clauses,
        everything,
        droppable=lambda i, _c, _live: i > 0,
        accepted=lambda rest: not refused & (set(everything) - set(rest)),
    )
    assert sorted([*live, *moved]) == everything and not set(live) & set(moved)
    for index in moved:
        assert len("".join(texts[:index])) >= OVERFLOW and index not in refused and index > 0


def test_a_directive_scope_or_skip_sentence_past_250_characters_stays() -> None:
    head = LEDGER[: LEDGER.index("Triggers")]
    for tail in (
        "If the user mentions a .ldg file or asks to open one, use this skill.",
        "SKIP: payroll exports (gusto, adp, quickbooks payroll).",
        "Activate only for supported ledgers (beancount, hledger, gnucash).",
        "The output must be a balanced ledger file.",
    ):
        module, _ = tightened(skill("ledger", head + tail, "Journal entries"), *LIBRARY)
        assert module.skills[0].description.endswith(tail), tail
    # the same place, an example list: it moves
    module, _ = tightened(skill("ledger", head + TRIGGERS, "Journal entries"), *LIBRARY)
    assert not module.skills[0].description.endswith(TRIGGERS)


def test_a_move_that_costs_any_request_of_the_library_is_undone() -> None:
    from skillc.passes.description_overflow import _settled

    texts = {"pdf": "Merges PDF files. Use to split pages.", "ops": "Deploys servers."}
    held = [("pdf", "merge PDF files"), ("ops", "deploy servers")]
    kept, moved = _settled(
        {**texts, "pdf": "Merges PDF files."}, texts, {"pdf": ("Use to split pages.",)}, held
    )
    assert kept["pdf"] == "Merges PDF files." and moved == {"pdf": ("Use to split pages.",)}
    # the same move, but a request of the skill needed the moved words: given back
    held.append(("pdf", "split pages"))
    kept, moved = _settled(
        {**texts, "pdf": "Merges PDF files."}, texts, {"pdf": ("Use to split pages.",)}, held
    )
    assert kept == texts and moved == {}
